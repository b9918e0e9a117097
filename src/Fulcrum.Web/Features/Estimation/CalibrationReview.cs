using Fulcrum.Core.Delivery;
using Fulcrum.Web.Features.Review;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>
/// Estimation's part of the weekly review: for each team the review is about, per deck, what a point
/// has been worth, the bias and PRED(25), the headline the calibration page shows, with its sample.
/// Calibration is over all of a team's finished work, as of the review day, not over the week.
/// </summary>
public sealed class CalibrationReview(CalibrationQueries queries) : IReviewSource
{
    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        if (reader.Teams.Count == 0)
        {
            return null;
        }
        var items = new List<ReviewItem>();
        foreach (var team in reader.Teams)
        {
            var result = await queries.ForTeamAsync(team.Name, cancellationToken: cancellationToken);
            var href = $"/estimation/calibration?team={Uri.EscapeDataString(result.Team)}";
            var covers = $"Estimation calibration of {CalibrationFormat.Scope(result)}, all finished work as of {CalibrationFormat.Date(result.AsOf)}";
            if (result.Decks.Count == 0)
            {
                items.Add(new ReviewItem($"{result.Team}: none of its {CalibrationFormat.Count(result.Coverage.Finished, "finished work item")} has a story-point estimate yet, so there is nothing to calibrate.",
                    $"{covers}: {CalibrationFormat.Count(result.Coverage.Finished, "finished work item")}, none estimated with a deck.", href));
                continue;
            }
            foreach (var deck in result.Decks)
            {
                string Figure(MetricValue metric, string name, string? meaning = null) => metric.Value is null
                    ? $"{name}: {metric.Reason?.TrimEnd('.')}"
                    : $"{name} {CalibrationFormat.Value(metric)}{meaning}";
                var figures = new[]
                {
                    deck.DaysPerPoint.Value is null ? Figure(deck.DaysPerPoint, "days per point") : CalibrationFormat.Value(deck.DaysPerPoint),
                    Figure(deck.Bias, "estimate bias"),
                    Figure(deck.Pred25, "PRED(25)", " of items within ±25 % of their prediction"),
                };
                items.Add(new ReviewItem(
                    $"{result.Team}, deck “{deck.DeckId}”: {string.Join("; ", figures)}.",
                    $"{covers}, deck “{deck.DeckId}”: {CalibrationFormat.Count(deck.Items, "finished item")}, "
                        + $"days per point {CalibrationFormat.Sample(deck.DaysPerPoint)}, bias and PRED(25) {CalibrationFormat.Sample(deck.Pred25)}.",
                    href));
            }
        }
        return new ReviewSection("Estimation", "Estimation calibration", "/estimation/calibration", items, "No team to calibrate.");
    }
}
