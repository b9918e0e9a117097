using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Delivery;

public sealed class DoraBandsTests
{
    [Theory]
    [InlineData(2024, 0.08, DoraBand.Medium)]   // 2024: 10% is medium, 20% high: not monotonic
    [InlineData(2024, 0.16, DoraBand.High)]
    [InlineData(2024, 0.03, DoraBand.Elite)]
    [InlineData(2024, 0.35, DoraBand.Low)]
    [InlineData(2023, 0.08, DoraBand.High)]     // 2023: 5/10/15/64 in order
    [InlineData(2023, 0.50, DoraBand.Low)]
    public void Change_failure_rate_takes_the_cluster_with_the_nearest_typical_value(int year, double rate, DoraBand expected)
    {
        Assert.Equal(expected, DoraBands.Classify(year, DoraMetric.ChangeFailureRate, rate).Band);
    }

    [Theory]
    [InlineData(2024, 5.0, DoraBand.Elite)]        // five a day
    [InlineData(2024, 0.5, DoraBand.High)]         // every other day
    [InlineData(2024, 0.05, DoraBand.Medium)]      // about one in three weeks
    [InlineData(2024, 0.01, DoraBand.Low)]         // about one in three months
    [InlineData(2023, 0.05, DoraBand.Medium)]      // 2023 low and medium share a range: the better one is named
    [InlineData(2024, 0.001, DoraBand.Low)]        // rarer than twice a year: nearest range
    public void Deployment_frequency_uses_the_published_ranges(int year, double perDay, DoraBand expected)
    {
        Assert.Equal(expected, DoraBands.Classify(year, DoraMetric.DeploymentFrequency, perDay).Band);
    }

    [Theory]
    [InlineData(2024, 2, DoraBand.Elite)]
    [InlineData(2024, 30, DoraBand.High)]
    [InlineData(2024, 400, DoraBand.Medium)]
    [InlineData(2024, 2000, DoraBand.Low)]
    [InlineData(2024, 9000, DoraBand.Low)]
    public void Lead_time_in_hours_uses_the_published_ranges(int year, double hours, DoraBand expected)
    {
        Assert.Equal(expected, DoraBands.Classify(year, DoraMetric.ChangeLeadTime, hours).Band);
    }

    [Fact]
    public void A_recovery_time_in_a_gap_between_2023_ranges_takes_the_nearest_and_says_so()
    {
        // 2023 publishes nothing between one week and one month: ten days is nearest "one day to one week".
        var result = DoraBands.Classify(2023, DoraMetric.FailedDeploymentRecoveryTime, 240);

        Assert.Equal(DoraBand.Medium, result.Band);
        Assert.Equal("Between one day and one week", result.Published);
        Assert.StartsWith("nearest published range", result.Rule);
    }

    [Fact]
    public void Unknown_years_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => DoraBands.Classify(2019, DoraMetric.ChangeLeadTime, 1));
        Assert.Contains("known years: 2023, 2024", error.Message);
    }
}
