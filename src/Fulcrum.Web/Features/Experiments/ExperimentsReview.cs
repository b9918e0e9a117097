using Fulcrum.Web.Features.Review;

namespace Fulcrum.Web.Features.Experiments;

/// <summary>
/// Experiments' section of the weekly review: the open experiments of the teams the review is about,
/// each with its metric before and after and whether the difference is distinguishable from noise.
/// </summary>
public sealed class ExperimentsReview(Experiments experiments) : IReviewSource
{
    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        var teams = reader.Teams.Select(t => t.Id).ToHashSet();
        var open = (await experiments.ListAsync(reader.Scope, reader.Leads, cancellationToken: cancellationToken))
            .Where(e => e.Open && teams.Contains(e.Team.Id)).ToList();
        var items = new List<ReviewItem>();
        foreach (var e in open)
        {
            var result = await experiments.ResultAsync(e.Id, reader.Scope, cancellationToken);
            var ended = e.Overdue ? $" It ended {e.EndsOn:d MMM} and waits to be concluded." : "";
            items.Add(new ReviewItem($"{e.Team.Name}, \"{e.Title}\": {result.Sentence}{ended}", result.Source,
                $"{ExperimentsModule.Path}/{e.Id}", Attention: e.Overdue && e.MayEdit));
        }
        return new ReviewSection("Experiments", "Improvement experiments", ExperimentsModule.Path, items,
            "No open experiments on your teams. Try one: a hypothesis, a change, and the metric that should show it.");
    }
}
