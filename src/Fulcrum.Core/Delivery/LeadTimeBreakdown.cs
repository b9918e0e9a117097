namespace Fulcrum.Core.Delivery;

/// <summary>
/// A pull request as the breakdown needs it. <paramref name="MergeCommitKnown"/>: its merge sha is in
/// the service's ingested history; <paramref name="ShippedAt"/>: the finish of the first successful
/// production deployment that contains the merge commit, when one has.
/// </summary>
public sealed record PullRequestFact(
    string Id, DateTime? FirstCommitAt, DateTime OpenedAt, DateTime? FirstReviewAt, DateTime? MergedAt,
    string? MergeSha, bool MergeCommitKnown, DateTime? ShippedAt);

/// <summary>One stage of lead time: the median and p75 in hours over the pull requests that have
/// both ends of it, or the reason there is no figure.</summary>
public sealed record StageTime(
    string Stage, string Title, string From, string To, double? MedianHours, double? P75Hours, int SampleSize, string? Reason);

/// <param name="PullRequestsMerged">Pull requests merged in the window: every stage's sample is drawn from them.</param>
/// <param name="Reason">Set when no stage can have a figure (no pull-request data, none merged in the window).</param>
public sealed record LeadTimeBreakdownResult(int PullRequestsMerged, IReadOnlyList<StageTime> Stages, string? Reason)
{
    public bool HasFigures => Stages.Any(s => s.MedianHours is not null);
}

/// <summary>
/// Where change lead time goes, from pull requests merged in the window (docs/delivery.md defines
/// each stage): coding (first commit → opened), pickup (opened → first review), review (first review →
/// merged) and deploy (merged → the first production deployment containing the merge commit).
/// Stage times describe how a team's work flows; they are never split by person, and a stage drawn
/// from fewer than <see cref="MinimumSample"/> pull requests is not shown, since so few would
/// describe one or two people's work rather than the team's.
/// </summary>
public static class LeadTimeBreakdown
{
    public const string Coding = "coding";
    public const string Pickup = "pickup";
    public const string Review = "review";
    public const string Deploy = "deploy";

    /// <summary>PRODUCT.md: figures derived from people's activity are hidden below a group of 3.</summary>
    public const int MinimumSample = 3;

    public const string NoData = "No pull-request data: import pull requests (docs/delivery.md) to see where lead time goes.";
    public const string NoneMerged = "No pull requests were merged in this window.";

    /// <param name="pullRequestsStored">Pull requests of the scope's services stored at all, whenever
    /// merged: none means the data is missing, not that nothing happened.</param>
    public static LeadTimeBreakdownResult Compute(MetricsWindow window, IReadOnlyCollection<PullRequestFact> pullRequests, int pullRequestsStored)
    {
        var merged = pullRequests.Where(p => p.MergedAt is DateTime at && window.Contains(at)).ToList();
        var reason = pullRequestsStored == 0 && pullRequests.Count == 0 ? NoData : merged.Count == 0 ? NoneMerged : null;
        if (reason is not null)
        {
            return new(0, Definitions.Select(d => new StageTime(d.Stage, d.Title, d.From, d.To, null, null, 0, reason)).ToList(), reason);
        }
        var n = merged.Count;
        return new(n,
        [
            Stage(Definitions[0], merged.Where(p => p.FirstCommitAt is not null).Select(p => p.OpenedAt - p.FirstCommitAt!.Value),
                $"None of the {Prs(n)} merged in this window has a first_commit_at."),
            Stage(Definitions[1], merged.Where(p => p.FirstReviewAt is not null).Select(p => p.FirstReviewAt!.Value - p.OpenedAt),
                $"None of the {Prs(n)} merged in this window records a first review (first_review_at)."),
            Stage(Definitions[2], merged.Where(p => p.FirstReviewAt is not null).Select(p => p.MergedAt!.Value - p.FirstReviewAt!.Value),
                $"None of the {Prs(n)} merged in this window records a first review (first_review_at)."),
            // A merge dated after the deployment that shipped it (clock skew) counts as zero, as lead time does.
            Stage(Definitions[3], merged.Where(p => p.ShippedAt is not null).Select(p => p.ShippedAt!.Value - p.MergedAt!.Value),
                NotShipped(merged)),
        ], null);
    }

    private sealed record Definition(string Stage, string Title, string From, string To);

    private static readonly Definition[] Definitions =
    [
        new(Coding, "Coding", "first_commit_at", "opened_at"),
        new(Pickup, "Pickup", "opened_at", "first_review_at"),
        new(Review, "Review", "first_review_at", "merged_at"),
        new(Deploy, "Deploy", "merged_at", "deployed"),
    ];

    private static StageTime Stage(Definition definition, IEnumerable<TimeSpan> durations, string noneReason)
    {
        var hours = durations.Select(d => Math.Max(0, d.TotalHours)).ToList();
        if (hours.Count == 0)
        {
            return new(definition.Stage, definition.Title, definition.From, definition.To, null, null, 0, noneReason);
        }
        if (hours.Count < MinimumSample)
        {
            return new(definition.Stage, definition.Title, definition.From, definition.To, null, null, hours.Count,
                $"Only {Prs(hours.Count)} merged in this window {(hours.Count == 1 ? "has" : "have")} this stage: fewer than {MinimumSample} would describe individual people's work, not the team's.");
        }
        return new(definition.Stage, definition.Title, definition.From, definition.To,
            DeliveryMetrics.Percentile(hours, 0.5), DeliveryMetrics.Percentile(hours, 0.75), hours.Count, null);
    }

    /// <summary>Why no merged pull request has a deploy time, naming each cause that applies.</summary>
    private static string NotShipped(List<PullRequestFact> merged)
    {
        var noSha = merged.Count(p => p.MergeSha is null);
        var unknown = merged.Count(p => p.MergeSha is not null && !p.MergeCommitKnown);
        var waiting = merged.Count - noSha - unknown;
        var causes = new List<string>();
        if (noSha > 0)
        {
            causes.Add($"{Prs(noSha)} {(noSha == 1 ? "names" : "name")} no merge_sha");
        }
        if (unknown > 0)
        {
            causes.Add($"{Merges(unknown)} {(unknown == 1 ? "is" : "are")} not in the history Fulcrum has read (run `fulcrum delivery ingest`)");
        }
        if (waiting > 0)
        {
            causes.Add($"{Merges(waiting)} {(waiting == 1 ? "is" : "are")} not yet in a successful production deployment");
        }
        return $"No merge commit of these {Prs(merged.Count)} has been deployed: {string.Join("; ", causes)}.";
    }

    private static string Prs(int count) => count == 1 ? "1 pull request" : $"{count} pull requests";

    private static string Merges(int count) => count == 1 ? "1 merge commit" : $"{count} merge commits";
}
