using Fulcrum.Core.Feedback;
using Fulcrum.Web.Features.Review;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Feedback;

/// <summary>
/// Review feedback's part of the weekly review: per team the review is about, the week's code-review
/// comments, the share that block, the share of praise and the wait for a first review. A week with
/// comments on too few pull requests for shares (they would describe one person) gives way to the
/// four weeks ending with it, and the source says which.
/// </summary>
public sealed class FeedbackReview(ReviewFeedback feedback) : IReviewSource
{
    public const int FallbackDays = 28;

    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        if (reader.Teams.Count == 0)
        {
            return null;
        }
        var items = new List<ReviewItem>();
        foreach (var team in reader.Teams)
        {
            var result = await feedback.ForTeamAsync(team.Name, reader.Since, reader.Until, cancellationToken, reader.Scope);
            var (window, days) = ("the week", 7);
            if (result.Figures.Hidden is not null)
            {
                result = await feedback.ForTeamAsync(team.Name, reader.Until.AddDays(-FallbackDays), reader.Until, cancellationToken, reader.Scope);
                (window, days) = ($"the {FallbackDays} days ending with the week (the week alone had too few pull requests)", FallbackDays);
            }
            var f = result.Figures;
            var wait = f.FirstReview is { } w
                ? $"first review after {Hours(w.MedianHours)} on median"
                : "no first-review wait to show";
            var text = f.Hidden is not null
                ? $"{team.Name}: {Count(f.Comments, "review comment")} on {Count(f.PullRequests, "pull request")} in {ReviewText.Days(f.Since, f.Until)}; {f.Hidden}"
                : $"{team.Name}: {Count(f.Comments, "review comment")} on {Count(f.PullRequests, "pull request")} in {ReviewText.Days(f.Since, f.Until)}; "
                    + (f.BlockingShare is double blocking
                        ? $"{Percent(blocking)} blocking of the {f.BlockingComments + f.NonBlockingComments} that say whether they block"
                        : "no comment says whether it blocks")
                    + $", {Percent(f.PraiseShare ?? 0)} praise; {wait}.";
            items.Add(new ReviewItem(text,
                $"Review feedback of {team.Name} ({(result.Services.Count == 0 ? "no services" : string.Join(", ", result.Services))}) over {window}, {ReviewText.Days(f.Since, f.Until)}: "
                    + $"{f.BlockingComments} blocking, {f.NonBlockingComments} non-blocking, {f.UnspecifiedComments} not saying; "
                    + (f.FirstReview is { } sample ? $"first-review wait over {Count(sample.Samples, "pull request")}." : $"first-review wait: {f.FirstReviewHidden}"),
                // The feedback page's own periods (7 and 28 days are among them), ending where the review's week ends.
                $"/feedback?team={Uri.EscapeDataString(team.Name)}&days={days}&until={reader.Until:yyyy-MM-dd}"));
        }
        return new ReviewSection("Feedback", "Review feedback", "/feedback", items, "No team to report on.");
    }
}
