namespace Fulcrum.Core.Delivery;

public enum DoraBand
{
    Elite,
    High,
    Medium,
    Low,
}

public enum DoraMetric
{
    DeploymentFrequency,
    ChangeLeadTime,
    ChangeFailureRate,
    FailedDeploymentRecoveryTime,
}

/// <summary>How one published cluster describes one metric: a range of values (lower inclusive,
/// upper exclusive; null is open) or, for change failure rate, a typical value.</summary>
public sealed record BandDefinition(DoraBand Band, string Published, double? Lower, double? Upper, double? Typical = null);

public sealed record BandResult(DoraBand Band, string Published, int Year, string Rule);

/// <summary>
/// The performance clusters of the DORA State of DevOps reports, 2023 and 2024, as published. They
/// are not monotonic: in 2024 the medium cluster's change failure rate (10%) is lower than the high
/// cluster's (20%), and in 2023 the low and medium clusters share deployment frequency and lead
/// time. So a value is never compared against ordered thresholds. The rule (docs/delivery.md):
/// ranges are tried best cluster first and the first that contains the value wins; a value no range
/// contains takes the range nearest on a log scale; change failure rate, published as one typical
/// value per cluster, takes the cluster with the nearest typical value.
/// Units: deployment frequency in deployments per day; times in hours; failure rate as a fraction.
/// </summary>
public static class DoraBands
{
    public static readonly int[] Years = [2023, 2024];
    public const int DefaultYear = 2024;

    private const double Hour = 1, Day = 24, Week = 168, Month = 730, SixMonths = 4380;
    private const double PerDay = 1, PerWeek = 1.0 / 7, PerMonth = 1.0 / 30.4, PerSixMonths = 1.0 / 182.5;

    private static readonly Dictionary<(int, DoraMetric), BandDefinition[]> Table = new()
    {
        [(2023, DoraMetric.DeploymentFrequency)] =
        [
            new(DoraBand.Elite, "On demand (multiple deploys per day)", PerDay, null),
            new(DoraBand.High, "Between once per day and once per week", PerWeek, PerDay),
            new(DoraBand.Medium, "Between once per week and once per month", PerMonth, PerWeek),
            new(DoraBand.Low, "Between once per week and once per month", PerMonth, PerWeek),
        ],
        [(2024, DoraMetric.DeploymentFrequency)] =
        [
            new(DoraBand.Elite, "On demand (multiple deploys per day)", PerDay, null),
            new(DoraBand.High, "Between once per day and once per week", PerWeek, PerDay),
            new(DoraBand.Medium, "Between once per week and once per month", PerMonth, PerWeek),
            new(DoraBand.Low, "Between once per month and once every six months", PerSixMonths, PerMonth),
        ],
        [(2023, DoraMetric.ChangeLeadTime)] =
        [
            new(DoraBand.Elite, "Less than one day", null, Day),
            new(DoraBand.High, "Between one day and one week", Day, Week),
            new(DoraBand.Medium, "Between one week and one month", Week, Month),
            new(DoraBand.Low, "Between one week and one month", Week, Month),
        ],
        [(2024, DoraMetric.ChangeLeadTime)] =
        [
            new(DoraBand.Elite, "Less than one day", null, Day),
            new(DoraBand.High, "Between one day and one week", Day, Week),
            new(DoraBand.Medium, "Between one week and one month", Week, Month),
            new(DoraBand.Low, "Between one month and six months", Month, SixMonths),
        ],
        [(2023, DoraMetric.ChangeFailureRate)] =
        [
            new(DoraBand.Elite, "5%", null, null, 0.05),
            new(DoraBand.High, "10%", null, null, 0.10),
            new(DoraBand.Medium, "15%", null, null, 0.15),
            new(DoraBand.Low, "64%", null, null, 0.64),
        ],
        [(2024, DoraMetric.ChangeFailureRate)] =
        [
            new(DoraBand.Elite, "5%", null, null, 0.05),
            new(DoraBand.High, "20%", null, null, 0.20),
            new(DoraBand.Medium, "10%", null, null, 0.10),
            new(DoraBand.Low, "40%", null, null, 0.40),
        ],
        [(2023, DoraMetric.FailedDeploymentRecoveryTime)] =
        [
            new(DoraBand.Elite, "Less than one hour", null, Hour),
            new(DoraBand.High, "Less than one day", Hour, Day),
            new(DoraBand.Medium, "Between one day and one week", Day, Week),
            new(DoraBand.Low, "Between one month and six months", Month, SixMonths),
        ],
        [(2024, DoraMetric.FailedDeploymentRecoveryTime)] =
        [
            new(DoraBand.Elite, "Less than one hour", null, Hour),
            new(DoraBand.High, "Less than one day", Hour, Day),
            new(DoraBand.Medium, "Less than one day", Hour, Day),
            new(DoraBand.Low, "Between one week and one month", Week, Month),
        ],
    };

    public static IReadOnlyList<BandDefinition> Definitions(int year, DoraMetric metric) =>
        Table.TryGetValue((year, metric), out var definitions)
            ? definitions
            : throw new ArgumentException($"No DORA bands for {year}; known years: {string.Join(", ", Years)}.", nameof(year));

    public static BandResult Classify(int year, DoraMetric metric, double value)
    {
        var definitions = Definitions(year, metric);
        if (definitions[0].Typical is not null)
        {
            var nearest = definitions.MinBy(d => Math.Abs(d.Typical!.Value - value))!;
            return new BandResult(nearest.Band, nearest.Published, year, $"nearest typical value ({nearest.Published})");
        }
        foreach (var definition in definitions)
        {
            if ((definition.Lower is null || value >= definition.Lower) && (definition.Upper is null || value < definition.Upper))
            {
                return new BandResult(definition.Band, definition.Published, year, "within the published range");
            }
        }
        var closest = definitions.MinBy(d => LogDistance(value, d))!;
        return new BandResult(closest.Band, closest.Published, year, "nearest published range (no range contains the value)");
    }

    private static double LogDistance(double value, BandDefinition range)
    {
        var v = Math.Log(Math.Max(value, 1e-9));
        var below = range.Lower is double lower ? Math.Log(lower) - v : double.NegativeInfinity;
        var above = range.Upper is double upper ? v - Math.Log(upper) : double.NegativeInfinity;
        return Math.Max(0, Math.Max(below, above));
    }
}
