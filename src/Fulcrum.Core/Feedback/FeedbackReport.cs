namespace Fulcrum.Core.Feedback;

/// <summary>A stored review comment as the report reads it: its pull request, when it was left, and how it was classified.</summary>
public sealed record ClassifiedComment(string PullRequest, DateTime CreatedAt, CommentLabel Label, Blocking Blocking, bool Explicit);

/// <summary>How many comments carry a label, and their share of all comments in the period.</summary>
public sealed record LabelCount(CommentLabel Label, int Count, double Share)
{
    public string Name => CommentClass.NameOf(Label);
}

/// <summary>Hours from a pull request being opened to its first review comment: median and 90th percentile over <see cref="Samples"/> pull requests.</summary>
public sealed record FirstReviewWait(double MedianHours, double P90Hours, int Samples);

/// <summary>
/// A team's review feedback over a period (docs/feedback.md): how much of it blocks, how much is
/// praise, how much was written with a label, and how long pull requests waited for a first review.
/// Team level only: nothing here is per reviewer, and a period with comments on fewer than
/// <see cref="FeedbackReport.MinimumPullRequests"/> pull requests shows counts but no shares
/// (<see cref="Hidden"/>): so few would describe one person's work, not the team's.
/// </summary>
public sealed record FeedbackFigures(
    DateTime Since,
    DateTime Until,
    int Comments,
    int PullRequests,
    string? Hidden,
    IReadOnlyList<LabelCount> Labels,
    int BlockingComments,
    int NonBlockingComments,
    int UnspecifiedComments,
    double? BlockingShare,
    double? PraiseShare,
    double? ExplicitShare,
    FirstReviewWait? FirstReview,
    string? FirstReviewHidden);

public static class FeedbackReport
{
    /// <summary>The smallest group a share is shown for, as for the pull-request stages of lead time (docs/delivery.md).</summary>
    public const int MinimumPullRequests = 3;

    /// <param name="openedAt">When each pull request was opened, where known (a delivery import, or the comments file).</param>
    public static FeedbackFigures Compute(IEnumerable<ClassifiedComment> comments, DateTime since, DateTime until,
        IReadOnlyDictionary<string, DateTime>? openedAt = null)
    {
        var all = comments as IReadOnlyCollection<ClassifiedComment> ?? comments.ToList();
        var inPeriod = all.Where(c => c.CreatedAt >= since && c.CreatedAt < until).ToList();
        var pullRequests = inPeriod.Select(c => c.PullRequest).Distinct(StringComparer.Ordinal).Count();
        var blocking = inPeriod.Count(c => c.Blocking == Blocking.Blocking);
        var nonBlocking = inPeriod.Count(c => c.Blocking == Blocking.NonBlocking);
        var unspecified = inPeriod.Count - blocking - nonBlocking;
        var (firstReview, firstReviewHidden) = FirstReviews(all, since, until, openedAt);
        if (inPeriod.Count == 0 || pullRequests < MinimumPullRequests)
        {
            var hidden = inPeriod.Count == 0
                ? "No review comments in this period: import some (docs/feedback.md)."
                : $"Comments on {Plural(pullRequests, "pull request")} only: shares are shown from {MinimumPullRequests} pull requests, so that they describe the team, not one person.";
            return new FeedbackFigures(since, until, inPeriod.Count, pullRequests, hidden, [], blocking, nonBlocking, unspecified,
                null, null, null, null, firstReviewHidden ?? hidden);
        }
        var counts = inPeriod.CountBy(c => c.Label).ToDictionary();
        var labels = Enum.GetValues<CommentLabel>()
            .Select(label => new LabelCount(label, counts.GetValueOrDefault(label), Share(counts.GetValueOrDefault(label), inPeriod.Count)))
            .ToList();
        return new FeedbackFigures(since, until, inPeriod.Count, pullRequests, null, labels, blocking, nonBlocking, unspecified,
            blocking + nonBlocking == 0 ? null : Share(blocking, blocking + nonBlocking),
            Share(inPeriod.Count(c => c.Label == CommentLabel.Praise), inPeriod.Count),
            Share(inPeriod.Count(c => c.Explicit), inPeriod.Count),
            firstReview, firstReviewHidden);
    }

    /// <summary>
    /// The wait from opening to the first comment, for pull requests whose first comment falls in
    /// the period and whose opening time is known; a first comment before the opening (clocks of
    /// two systems) counts as no wait.
    /// </summary>
    private static (FirstReviewWait?, string?) FirstReviews(IEnumerable<ClassifiedComment> all, DateTime since, DateTime until,
        IReadOnlyDictionary<string, DateTime>? openedAt)
    {
        var waits = new List<double>();
        foreach (var pullRequest in all.GroupBy(c => c.PullRequest, StringComparer.Ordinal))
        {
            var first = pullRequest.Min(c => c.CreatedAt);
            if (first >= since && first < until && openedAt is not null && openedAt.TryGetValue(pullRequest.Key, out var opened))
            {
                waits.Add(Math.Max(0, (first - opened).TotalHours));
            }
        }
        if (waits.Count < MinimumPullRequests)
        {
            return (null, waits.Count == 0
                ? "No opening times for these pull requests: import pull requests (docs/delivery.md) or give pull_request_opened_at."
                : $"Opening times for {Plural(waits.Count, "pull request")} only: the wait is shown from {MinimumPullRequests}.");
        }
        waits.Sort();
        return (new FirstReviewWait(Percentile(waits, 0.5), Percentile(waits, 0.9), waits.Count), null);
    }

    /// <summary>Linear interpolation between the closest ranks.</summary>
    private static double Percentile(List<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
