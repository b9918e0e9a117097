using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Delivery;

public sealed class DeliveryMetricsTests
{
    // Monday 2026-03-02 to Monday 2026-03-16: two whole weeks.
    private static readonly MetricsWindow Window = new(new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 16, 0, 0, 0, DateTimeKind.Utc));

    private static DateTime Day(int day, int hour = 12) => new(2026, 3, day, hour, 0, 0, DateTimeKind.Utc);

    private static DeploymentFact Deploy(long id, DateTime finished, string environment = "production", bool ok = true) =>
        new(id, "payments", environment, null, finished.AddMinutes(-10), finished, ok);

    private static MetricValue Metric(IReadOnlyList<MetricValue> metrics, string name) => metrics.Single(m => m.Metric == name);

    [Fact]
    public void Frequency_counts_successful_production_deployments_and_deployment_days_per_week()
    {
        DeploymentFact[] deployments =
        [
            Deploy(1, Day(2, 9)), Deploy(2, Day(2, 15)), Deploy(3, Day(4)),          // week 1: 2 days
            Deploy(4, Day(10)),                                                        // week 2: 1 day
            Deploy(5, Day(11), environment: "staging"), Deploy(6, Day(12), ok: false), // not counted
            Deploy(7, Day(20)),                                                        // outside
        ];

        var frequency = Metric(DeliveryMetrics.Compute(Window, deployments, [], []), DeliveryMetrics.DeploymentFrequency);

        Assert.Equal(4, frequency.SampleSize);
        Assert.Equal(4.0 / 14, frequency.Value);
        Assert.Equal(1.5, frequency.Details!["median_deployment_days_per_week"]);
        Assert.Equal(2, frequency.Details["per_week"]);
        Assert.Equal(DoraBand.High, frequency.Band!.Band);
    }

    [Fact]
    public void Lead_time_is_the_median_of_commits_shipped_in_the_window_with_percentiles()
    {
        ChangeFact[] changes = [new(1, Day(3), 1), new(1, Day(3), 2), new(2, Day(9), 3), new(2, Day(9), 10), new(3, Day(25), 1000)];

        var lead = Metric(DeliveryMetrics.Compute(Window, [Deploy(1, Day(3)), Deploy(2, Day(9))], [], changes), DeliveryMetrics.ChangeLeadTime);

        Assert.Equal(4, lead.SampleSize);
        Assert.Equal(2.5, lead.Value);
        Assert.Equal(4.75, lead.Details!["p75"]);
        Assert.Equal(DoraBand.Elite, lead.Band!.Band);
    }

    [Fact]
    public void Failure_rate_counts_deployments_with_a_linked_incident_and_says_how_many_links_are_suspected()
    {
        DeploymentFact[] deployments = [Deploy(1, Day(3)), Deploy(2, Day(4)), Deploy(3, Day(5)), Deploy(4, Day(6))];
        IncidentFact[] incidents =
        [
            new(10, "payments", Day(3, 14), Day(3, 16), 1, IncidentLink.Confirmed),
            new(11, "payments", Day(3, 18), Day(3, 19), 1, IncidentLink.Suspected), // same deployment again
            new(12, "payments", Day(5, 13), null, 3, IncidentLink.Suspected),
            new(13, "payments", Day(6, 13), Day(6, 14), null, IncidentLink.None),
        ];

        var metrics = DeliveryMetrics.Compute(Window, deployments, incidents, []);
        var rate = Metric(metrics, DeliveryMetrics.ChangeFailureRate);
        var recovery = Metric(metrics, DeliveryMetrics.RecoveryTime);

        Assert.Equal(0.5, rate.Value);
        Assert.Equal(4, rate.SampleSize);
        Assert.Equal(1, rate.Details!["confirmed_links"]);
        Assert.Equal(2, rate.Details["suspected_links"]);
        Assert.Equal(0.25, rate.Details["rate_confirmed_only"]);
        Assert.Equal(1.5, recovery.Value);        // linked and resolved: 2 h and 1 h
        Assert.Equal(2, recovery.SampleSize);
        Assert.Equal(1, recovery.Details!["open"]);
    }

    [Fact]
    public void A_deployment_during_an_open_incident_is_rework()
    {
        DeploymentFact[] deployments = [Deploy(1, Day(3, 10)), Deploy(2, Day(3, 13)), Deploy(3, Day(4))];
        IncidentFact[] incidents = [new(10, "payments", Day(3, 12), Day(3, 13), 1, IncidentLink.Confirmed)];

        var rework = Metric(DeliveryMetrics.Compute(Window, deployments, incidents, []), DeliveryMetrics.ReworkRate);

        Assert.Equal(1.0 / 3, rework.Value);
        Assert.Equal(1, rework.Details!["rework_deployments"]);
    }

    [Fact]
    public void Without_deployments_every_figure_says_why_instead_of_showing_zero()
    {
        var metrics = DeliveryMetrics.Compute(Window, [Deploy(1, Day(20))], [new(1, "payments", Day(3), Day(4), null, IncidentLink.None)], []);

        Assert.All(metrics, m => Assert.Null(m.Value));
        Assert.All(metrics, m => Assert.Equal(0, m.SampleSize));
        Assert.Equal("No successful production deployments finished in this window.", Metric(metrics, DeliveryMetrics.DeploymentFrequency).Reason);
        Assert.StartsWith("Incidents started in this window, but none is linked", Metric(metrics, DeliveryMetrics.RecoveryTime).Reason);
    }

    [Fact]
    public void Deployments_that_shipped_no_known_commit_explain_the_missing_lead_time()
    {
        var lead = Metric(DeliveryMetrics.Compute(Window, [Deploy(1, Day(3))], [], []), DeliveryMetrics.ChangeLeadTime);

        Assert.Null(lead.Value);
        Assert.Contains("ingest the service's repository", lead.Reason);
    }

    [Fact]
    public void A_launch_is_boring_when_no_linked_incident_or_rollback_follows_within_a_week()
    {
        DeploymentFact[] deployments =
        [
            Deploy(1, Day(2)),                                            // quiet: boring
            Deploy(2, Day(3)),                                            // incident on day 6: not boring
            Deploy(3, Day(4)),                                            // rolled back on day 5: not boring
            new(4, "payments", "production", null, null, Day(5), true, IsRollback: true), // the rollback itself: quiet
            Deploy(5, Day(12)),                                           // too recent to judge in a window ending on the 16th
        ];
        IncidentFact[] incidents =
        [
            new(10, "payments", Day(6), Day(6, 14), 2, IncidentLink.Suspected),
            new(11, "payments", Day(20), Day(21), 1, IncidentLink.Confirmed), // linked, but long after the quiet week
        ];

        var boring = Metric(DeliveryMetrics.Compute(Window, deployments, incidents, []), DeliveryMetrics.BoringLaunchRate);

        Assert.Equal(4, boring.SampleSize);
        Assert.Equal(0.5, boring.Value);
        Assert.Equal(1, boring.Details!["with_incident"]);
        Assert.Equal(1, boring.Details["rolled_back"]);
        Assert.Equal(1, boring.Details["too_recent"]);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0.5, 2.5)]
    [InlineData(new double[] { 5 }, 0.9, 5)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.9, 9.1)]
    public void Percentiles_interpolate_like_a_spreadsheet(double[] values, double p, double expected)
    {
        Assert.Equal(expected, DeliveryMetrics.Percentile(values, p), 6);
    }
}
