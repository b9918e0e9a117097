using System.Globalization;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Features.Review;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>
/// Delivery's first part of the weekly review: for each team the review is about, the five DORA
/// metrics over the four weeks ending the review day against the four weeks before, from the same
/// report the Delivery page shows, with each value's band and which way it moved.
/// </summary>
public sealed class DeliveryTrendReview(DeliveryReport reports) : IReviewSource
{
    /// <summary>A week is too few deployments to say anything about a trend: four weeks against four.</summary>
    public const int WindowDays = 28;

    private static readonly string[] Dora =
        [DeliveryMetrics.DeploymentFrequency, DeliveryMetrics.ChangeLeadTime, DeliveryMetrics.ChangeFailureRate, DeliveryMetrics.RecoveryTime, DeliveryMetrics.ReworkRate];

    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        if (reader.Teams.Count == 0)
        {
            return null;
        }
        var since = reader.Until.AddDays(-WindowDays);
        var before = since.AddDays(-WindowDays);
        var items = new List<ReviewItem>();
        foreach (var team in reader.Teams)
        {
            var scope = await reports.TeamScopeAsync(team.Name, cancellationToken);
            var now = await reports.ForScopeAsync(scope, since, reader.Until, DoraBands.DefaultYear, cancellationToken);
            var then = await reports.ForScopeAsync(scope, before, since, DoraBands.DefaultYear, cancellationToken);
            var moves = Dora.Select(metric => Move(now.Metrics.Single(m => m.Metric == metric), then.Metrics.Single(m => m.Metric == metric))).ToList();
            int Sample(DeliveryReportResult report, string metric) => report.Metrics.Single(m => m.Metric == metric).SampleSize;
            var services = now.Services.Count == 0 ? "no services" : string.Join(", ", now.Services);
            items.Add(new ReviewItem(
                $"{team.Name}: {string.Join("; ", moves.Select(m => m.Text))}.",
                $"Delivery report of {team.Name} ({services}), {ReviewText.Days(since, reader.Until)} against {ReviewText.Days(before, since)}: "
                    + $"{Sample(now, DeliveryMetrics.DeploymentFrequency)} and {Count(Sample(then, DeliveryMetrics.DeploymentFrequency), "deployment")}, "
                    + $"{Sample(now, DeliveryMetrics.ChangeLeadTime)} and {Count(Sample(then, DeliveryMetrics.ChangeLeadTime), "commit")} with a lead time; DORA {DoraBands.DefaultYear} bands.",
                Link(team.Name, since, reader.Until),
                Attention: moves.Any(m => m.Fell)));
        }
        return new ReviewSection("Delivery", "Delivery trend and bands", "/delivery", items, "No team to report on.");
    }

    /// <summary>The Delivery page on a team and a window [since, until): its "through" day is the last one included.</summary>
    public static string Link(string team, DateTime since, DateTime until, string? anchor = null) =>
        $"/delivery?scope={Uri.EscapeDataString("team:" + team)}&since={since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
        + $"&until={until.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{(anchor is null ? "" : "#" + anchor)}";

    /// <summary>
    /// One metric as a phrase: "lead time 31 h (High), down from 40 h: better". It asks for attention
    /// (<c>Fell</c>) when the value got worse and its band with it, so noise inside a band does not.
    /// </summary>
    private static (string Text, bool Fell) Move(MetricValue now, MetricValue then)
    {
        var name = now.Title.ToLowerInvariant();
        if (now.Value is not double value)
        {
            return ($"{name}: none in the window", false);
        }
        var band = now.Band is { } b ? $" ({b.Band})" : "";
        var text = $"{name} {DeliveryFormat.Value(now)}{band}";
        if (then.Value is not double earlier)
        {
            return ($"{text}, none before", false);
        }
        if (DeliveryFormat.Value(now) == DeliveryFormat.Value(then))
        {
            return ($"{text}, as before", false);
        }
        var higherIsBetter = now.Metric == DeliveryMetrics.DeploymentFrequency;
        var better = value > earlier == higherIsBetter;
        var fell = !better && now.Band is { } newBand && then.Band is { } oldBand && newBand.Band > oldBand.Band;
        return ($"{text}, {(value > earlier ? "up" : "down")} from {DeliveryFormat.Value(then)}: {(better ? "better" : "worse")}", fell);
    }
}

/// <summary>
/// Delivery's second part, for leaders and admins (who confirm causes): per team the review is about,
/// the incidents whose suspected cause waits for their word, over the Delivery page's default window,
/// counted by the same queue the page shows.
/// </summary>
public sealed class AttributionReview(IncidentReview reviews, DeliveryReport reports) : IReviewSource
{
    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        if (!reader.Leads || reader.Teams.Count == 0)
        {
            return null;
        }
        var since = reader.Until.AddDays(-ReportWindow.DefaultDays);
        var items = new List<ReviewItem>();
        foreach (var team in reader.Teams)
        {
            var scope = await reports.TeamScopeAsync(team.Name, cancellationToken);
            var queue = await reviews.QueueAsync(scope.ServiceIds, new MetricsWindow(since, reader.Until), cancellationToken);
            if (queue.Count == 0)
            {
                continue;
            }
            var oldest = queue.MinBy(i => i.StartedAt)!;
            items.Add(new ReviewItem(
                $"{team.Name}: {Count(queue.Count, "incident")} with a suspected cause to confirm or reject; the oldest, {oldest.ExternalId} on {oldest.Service}, began {oldest.StartedAt.ToString("d MMM", CultureInfo.InvariantCulture)}.",
                $"Incident review queue of the services of {team.Name} ({string.Join(", ", queue.Select(i => i.Service).Distinct().Order())}), incidents begun {ReviewText.Days(since, reader.Until)}: {Count(queue.Count, "suspected link")} nobody has reviewed.",
                DeliveryTrendReview.Link(team.Name, since, reader.Until, "review-heading"),
                Attention: true));
        }
        return new ReviewSection("Delivery", "Attribution waiting for review", "/delivery#review-heading", items,
            $"No suspected incident cause waits for review in {string.Join(", ", reader.Teams.Select(t => t.Name))} over the last {ReportWindow.DefaultDays} days.");
    }
}
