using Fulcrum.Core;
using System.Globalization;
using Fulcrum.Core.Delivery;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>Metric values as people read them: "3.2 per week", "5.5 h", "2.1 days", "12.5 %".</summary>
public static class DeliveryFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Value(MetricValue metric) => metric.Value is not double value ? "" : metric.Unit switch
    {
        "deployments/day" => Frequency(value),
        "hours" => Duration(value),
        "ratio" => Percent(value),
        _ => value.ToString("0.##", Invariant),
    };

    /// <summary>In the largest unit that gives at least one: per day, per week, else per month.</summary>
    public static string Frequency(double perDay) =>
        perDay >= 1 ? string.Create(Invariant, $"{perDay:0.#} per day")
        : perDay * 7 >= 1 ? string.Create(Invariant, $"{perDay * 7:0.#} per week")
        : string.Create(Invariant, $"{perDay * 30.4:0.#} per month");

    public static string Duration(double hours) =>
        hours < 1 ? string.Create(Invariant, $"{hours * 60:0} min")
        : hours < 48 ? string.Create(Invariant, $"{hours:0.#} h")
        : string.Create(Invariant, $"{hours / 24:0.#} days");

    public static string Percent(double ratio) => string.Create(Invariant, $"{ratio * 100:0.#} %");

    public static string Count(int count, string noun, string? plural = null) => Wording.Count(count, noun, plural);

    public static string Sample(MetricValue metric) => "from " + metric.Metric switch
    {
        DeliveryMetrics.ChangeLeadTime => Count(metric.SampleSize, "commit"),
        DeliveryMetrics.RecoveryTime => Count(metric.SampleSize, "resolved incident"),
        _ => Count(metric.SampleSize, "deployment"),
    };

    public static string Band(BandResult band) => band.Published.EndsWith('%')
        ? $"{band.Band}: typically {band.Published} (DORA {band.Year})"
        : $"{band.Band}: {band.Published} (DORA {band.Year})";

    /// <summary>The figures behind a value, one sentence each.</summary>
    public static IReadOnlyList<string> Details(MetricValue metric)
    {
        if (metric.Details is not { } d)
        {
            return [];
        }
        double Get(string key) => d.TryGetValue(key, out var value) ? value : 0;
        return metric.Metric switch
        {
            DeliveryMetrics.DeploymentFrequency =>
            [
                string.Create(Invariant, $"{Get("per_week"):0.#} deployments a week on average"),
                string.Create(Invariant, $"Median of {Get("median_deployment_days_per_week"):0.#} days a week with a deployment"),
            ],
            DeliveryMetrics.ChangeLeadTime =>
            [
                $"Median {Duration(Get("median"))}",
                $"75th percentile {Duration(Get("p75"))}",
                $"90th percentile {Duration(Get("p90"))}",
            ],
            DeliveryMetrics.ChangeFailureRate =>
            [
                $"{Count((int)Get("failed_deployments"), "deployment")} linked to an incident",
                $"{Count((int)Get("confirmed_links"), "confirmed link")}, {Count((int)Get("suspected_links"), "suspected link")}",
                $"Counting confirmed links only: {Percent(Get("rate_confirmed_only"))}",
            ],
            DeliveryMetrics.RecoveryTime =>
            [
                $"Median {Duration(Get("median"))}",
                $"90th percentile {Duration(Get("p90"))}",
                $"{Count((int)Get("open"), "incident")} still open",
            ],
            DeliveryMetrics.ReworkRate =>
            [
                $"{Count((int)Get("rework_deployments"), "deployment")} made while an incident was open",
            ],
            DeliveryMetrics.BoringLaunchRate =>
            [
                string.Create(Invariant, $"{Count((int)Get("boring"), "launch", "launches")} with no linked incident or rollback within {Get("quiet_days"):0} days"),
                $"{Count((int)Get("with_incident"), "launch", "launches")} followed by an incident, {Count((int)Get("rolled_back"), "launch", "launches")} rolled back",
                $"{Count((int)Get("too_recent"), "launch", "launches")} too recent to judge",
            ],
            OnTimeDelivery.Metric =>
            [
                $"{Count((int)Get("on_time"), "item")} of {(int)Get("done_with_commitment")} done by the committed date",
                string.Create(Invariant, $"Late ones: median {Get("late_days_median"):0.#} days, 90th percentile {Get("late_days_p90"):0.#} days"),
                $"{Count((int)Get("items_whose_commitment_moved"), "item")} whose committed date moved",
                .. d.ContainsKey("actual_over_estimate_median")
                    ? [string.Create(Invariant, $"Actual over estimate, median: {Get("actual_over_estimate_median"):0.0}× ({(int)Get("estimated_items")} items estimated in time)")]
                    : Array.Empty<string>(),
            ],
            _ => d.Select(pair => string.Create(Invariant, $"{pair.Key}: {pair.Value:0.##}")).ToList(),
        };
    }

    /// <summary>Coverage as sentences, so a reader knows how far to trust the figures.</summary>
    public static IReadOnlyList<string> Coverage(Coverage coverage)
    {
        var sentences = new List<string>();
        if (coverage.KnownShaShare is double known)
        {
            sentences.Add($"{Share(known)} of production deployments name a commit Fulcrum has read ({coverage.DeploymentsWithKnownSha} of {coverage.Deployments}); lead time counts only those.");
        }
        else
        {
            sentences.Add("No successful production deployments finished in this window.");
        }
        if (coverage.LinkedShare is double linked)
        {
            var suspected = coverage.IncidentsLinked - coverage.IncidentsConfirmed;
            sentences.Add($"{Share(linked)} of incidents are linked to a deployment ({coverage.IncidentsConfirmed} confirmed, {suspected} suspected) — {Count(coverage.Incidents, "incident")} in this window.");
        }
        else
        {
            sentences.Add("No incidents started in this window.");
        }
        if (coverage.ShippedShare is double shipped)
        {
            sentences.Add($"{Share(shipped)} of the commits made in this window were shipped by a deployment in it ({coverage.CommitsShipped} of {coverage.CommitsInWindow}); the rest were cut off before the service's first deployment, are on branches not yet deployed, or shipped after the window.");
        }
        if (coverage.CommitsCutOff > 0)
        {
            sentences.Add($"{Count(coverage.CommitsCutOff, "commit")} brought in by this window's deployments {(coverage.CommitsCutOff == 1 ? "is" : "are")} older than the service's first production deployment: cut off, with no lead time (old history merged in counts nowhere).");
        }
        return sentences;
    }

    private static string Share(double fraction) => string.Create(Invariant, $"{Math.Round(fraction * 100):0}%");
}
