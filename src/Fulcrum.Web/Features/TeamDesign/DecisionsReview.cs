using System.Globalization;
using Fulcrum.Web.Features.Review;

namespace Fulcrum.Web.Features.TeamDesign;

/// <summary>
/// Decisions' part of the weekly review: the decisions past their review date that the reader may
/// review (their own, or any for leaders), as the home agenda and the decisions page list them.
/// </summary>
public sealed class DecisionsReview(Decisions decisions) : IReviewSource
{
    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        var due = await decisions.DueForReviewByAsync(reader.Scope, reader.Leads, cancellationToken);
        var items = due.Select(d =>
        {
            var since = d.ReviewOn?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "no date";
            return new ReviewItem(
                $"Decision {d.Number}, {d.Title}{(d.Team is null ? "" : $" ({d.Team.Name})")}: review due since {since}{(d.Metric is null ? "" : $"; see how {d.Metric} moved")}.",
                $"Decision record {d.Number} in Team design: review date {since}, not reviewed yet"
                    + (d.DecidedOn is DateOnly decided ? $"; decided {decided.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}" : "")
                    + (d.Expected is null ? "." : $"; expected: {d.Expected}."),
                $"/decisions/{d.Number}", Attention: true);
        }).ToList();
        return new ReviewSection("Decisions", "Decisions due for review", "/decisions", items, "No decision you may review is past its review date.");
    }
}
