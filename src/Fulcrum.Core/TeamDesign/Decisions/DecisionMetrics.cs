using System.Globalization;
using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.TeamDesign;

/// <summary>How much a decision expects its metric to move: an amount, in the metric's unit or in percent.</summary>
public sealed record Expectation(double Amount, bool Percent)
{
    /// <summary>"-20%", "+2", "20 %", "down 20%", "up 1.5": the sign or word gives the direction; none means up.</summary>
    public static Expectation? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var t = text.Trim().ToLowerInvariant();
        var sign = 1.0;
        foreach (var (word, s) in new[] { ("down", -1.0), ("up", 1.0), ("fall", -1.0), ("rise", 1.0) })
        {
            if (t.StartsWith(word, StringComparison.Ordinal))
            {
                sign = s;
                t = t[word.Length..].Trim().TrimStart("by".ToCharArray()).Trim();
            }
        }
        var percent = t.EndsWith('%');
        t = t.TrimEnd('%').Trim();
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && double.IsFinite(amount) && amount != 0
            ? new Expectation(sign * amount, percent)
            : null;
    }

    public const string Expected = "an amount with its direction, like -20% or +2 (\"down 20%\" works too)";

    public override string ToString() =>
        (Amount > 0 ? "+" : "") + Amount.ToString("0.##", CultureInfo.InvariantCulture) + (Percent ? "%" : "");
}

/// <summary>A metric before and after a decision, each over the same length of time, and whether it moved as expected.</summary>
/// <param name="BeforeSamples">What each figure rests on (deployments, lead times, recoveries, or points of a series).</param>
public sealed record MetricComparison(
    string Metric, string Title, string Unit, string Source,
    DateOnly BeforeFrom, DateOnly Pivot, DateOnly AfterTo,
    double? Before, int BeforeSamples, double? After, int AfterSamples,
    Expectation? Expected, bool LowerIsBetter)
{
    public double? Change => Before is double b && After is double a ? a - b : null;

    public double? ChangePercent => Before is double b && After is double a && b != 0 ? (a - b) / Math.Abs(b) * 100 : null;

    /// <summary>Whether the metric moved in the expected direction by at least the expected amount; null when either figure or the expectation is missing.</summary>
    public bool? MetExpectation
    {
        get
        {
            var moved = Expected is { Percent: true } ? ChangePercent : Change;
            if (Expected is not { } e || moved is not double m)
            {
                return null;
            }
            return Math.Sign(m) == Math.Sign(e.Amount) && Math.Abs(m) >= Math.Abs(e.Amount);
        }
    }

    /// <summary>Whether the metric moved the better way (down when lower is better); null when either figure is missing or it did not move.</summary>
    public bool? Better => Before is double b && After is double a && a != b ? (a < b) == LowerIsBetter : null;

    /// <summary>One sentence a person can read aloud at the review.</summary>
    public string Sentence
    {
        get
        {
            var days = Pivot.DayNumber - BeforeFrom.DayNumber;
            if (Before is not double b || After is not double a)
            {
                var missing = Before is null ? "before" : "after";
                return $"{Title}: no figure {missing} the decision ({Source}, {days} days each side), so it cannot be compared yet.";
            }
            var direction = a > b ? "rose" : a < b ? "fell" : "did not move";
            var change = ChangePercent is double p ? $" ({(p > 0 ? "+" : "")}{p.ToString("0.#", CultureInfo.InvariantCulture)}%)" : "";
            var verdict = MetExpectation switch
            {
                true => $"; the decision expected {Expected}, and it moved that much",
                false => $"; the decision expected {Expected}, and it did not move that much",
                null => "",
            };
            var better = Better switch { true => ", better", false => ", worse", null => "" };
            return $"{Title} {direction} from {Format(b)} to {Format(a)} {Unit}{change}{better}, {days} days before and after {Pivot:yyyy-MM-dd} "
                + $"({BeforeSamples} and {AfterSamples} samples; {Source}){verdict}.";
        }
    }

    public static string Format(double value) => value.ToString(Math.Abs(value) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}

/// <summary>The metrics a decision can name: the delivery module's, by the names people write, or a series entered by hand.</summary>
public static class DecisionMetrics
{
    private static readonly Dictionary<string, string> DeliveryNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["deployment-frequency"] = DeliveryMetrics.DeploymentFrequency,
        ["lead-time"] = DeliveryMetrics.ChangeLeadTime,
        ["change-lead-time"] = DeliveryMetrics.ChangeLeadTime,
        ["change-failure-rate"] = DeliveryMetrics.ChangeFailureRate,
        ["time-to-restore"] = DeliveryMetrics.RecoveryTime,
        ["recovery-time"] = DeliveryMetrics.RecoveryTime,
        ["failed-deployment-recovery-time"] = DeliveryMetrics.RecoveryTime,
        ["rework-rate"] = DeliveryMetrics.ReworkRate,
        ["deployment-rework-rate"] = DeliveryMetrics.ReworkRate,
        ["boring-launch-rate"] = DeliveryMetrics.BoringLaunchRate,
    };

    /// <summary>The delivery metrics' names as people write them (one name each), for lists of what is known.</summary>
    public static IReadOnlyList<string> DeliveryMetricNames { get; } =
        ["deployment-frequency", "lead-time", "change-failure-rate", "time-to-restore", "rework-rate", "boring-launch-rate"];

    /// <summary>The names the delivery metrics go by in a decision, as a list for help texts.</summary>
    public const string Known = "deployment-frequency, lead-time, change-failure-rate, time-to-restore, rework-rate, boring-launch-rate, or the name of a metric series";

    /// <summary>The delivery module's key for <paramref name="metric"/> (dashes or underscores, any case), or null for a series name.</summary>
    public static string? DeliveryKey(string metric)
    {
        var name = metric.Trim().Replace('_', '-');
        return DeliveryNames.TryGetValue(name, out var key) ? key : null;
    }

    /// <summary>Lower is better for lead time, failure and rework rates and recovery time; higher for the rest.</summary>
    public static bool LowerIsBetter(string deliveryKey) => deliveryKey is DeliveryMetrics.ChangeLeadTime or DeliveryMetrics.ChangeFailureRate
        or DeliveryMetrics.RecoveryTime or DeliveryMetrics.ReworkRate;

    /// <summary>
    /// The windows compared at a review: as many days before the decision as have passed since it (up
    /// to <paramref name="mostDays"/>), ending on the review day or today, whichever is first.
    /// </summary>
    public static (DateOnly From, DateOnly Pivot, DateOnly To) Windows(DateOnly decided, DateOnly? reviewOn, DateOnly today, int mostDays = 90)
    {
        var end = reviewOn is DateOnly r && r < today ? r : today;
        var days = Math.Clamp(end.DayNumber - decided.DayNumber, 0, mostDays);
        return (decided.AddDays(-days), decided, decided.AddDays(days));
    }
}
