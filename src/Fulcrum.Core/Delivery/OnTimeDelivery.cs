namespace Fulcrum.Core.Delivery;

/// <summary>A finished (or committed) piece of work, as on-time delivery needs it.</summary>
public sealed record WorkItemFact(
    string Id, string Kind, DateTime? CommittedDate, DateTime? StartedAt, DateTime? DoneAt, int Commitments,
    double? EstimateDays);

/// <summary>
/// "Was it on time?" For work done in the window that had a committed date: done on or before the
/// committed day is on time. Beside the share: how late the late ones were (median and p90 days),
/// how often commitments moved (slips), and estimate against actual for items estimated in time units.
/// </summary>
public static class OnTimeDelivery
{
    public const string Metric = "on_time_delivery";

    public static MetricValue Compute(MetricsWindow window, IReadOnlyCollection<WorkItemFact> items, string? scopeReason = null)
    {
        const string title = "On-time delivery";
        if (scopeReason is not null)
        {
            return new(Metric, title, null, "ratio", 0, null, scopeReason);
        }
        var done = items.Where(i => i.DoneAt is DateTime at && window.Contains(at)).ToList();
        var committed = done.Where(i => i.CommittedDate is not null).ToList();
        if (committed.Count == 0)
        {
            return new(Metric, title, null, "ratio", 0, null, done.Count == 0
                ? "No work items were done in this window."
                : $"{done.Count} work item(s) were done in this window, none with a committed date.");
        }
        var lateDays = committed
            .Select(i => (i.DoneAt!.Value.Date - i.CommittedDate!.Value.Date).TotalDays)
            .Where(days => days > 0)
            .ToList();
        var onTime = committed.Count - lateDays.Count;
        var slipped = committed.Count(i => i.Commitments > 1);
        var details = new Dictionary<string, double>
        {
            ["done_with_commitment"] = committed.Count,
            ["on_time"] = onTime,
            ["late"] = lateDays.Count,
            ["late_days_median"] = lateDays.Count == 0 ? 0 : DeliveryMetrics.Percentile(lateDays, 0.5),
            ["late_days_p90"] = lateDays.Count == 0 ? 0 : DeliveryMetrics.Percentile(lateDays, 0.9),
            ["items_whose_commitment_moved"] = slipped,
            ["done_without_commitment"] = done.Count - committed.Count,
        };
        var ratios = done
            .Where(i => i.EstimateDays is > 0 && i.StartedAt is not null)
            .Select(i => (i.DoneAt!.Value - i.StartedAt!.Value).TotalDays / i.EstimateDays!.Value)
            .ToList();
        if (ratios.Count > 0)
        {
            details["actual_over_estimate_median"] = DeliveryMetrics.Percentile(ratios, 0.5);
            details["estimated_items"] = ratios.Count;
        }
        return new(Metric, title, (double)onTime / committed.Count, "ratio", committed.Count, null, null, details);
    }

    /// <summary>An estimate in days where its unit is time (points are not time).</summary>
    public static double? EstimateDays(double? estimate, string? unit) => (estimate, unit) switch
    {
        (double e, "days") => e,
        (double e, "weeks") => e * 7,
        (double e, "hours") => e / 24,
        _ => null,
    };
}
