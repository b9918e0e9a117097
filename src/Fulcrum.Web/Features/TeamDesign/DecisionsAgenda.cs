using Fulcrum.Web.Features.Home;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.TeamDesign;

/// <summary>Decisions' share of "Waiting for you": decisions due for review that the person may review (their own, or any for leaders).</summary>
public sealed class DecisionsAgenda(Decisions decisions) : IAgendaSource
{
    public const int Named = 3;

    public async Task<IReadOnlyList<AgendaItem>> ForAsync(AgendaViewer viewer, CancellationToken cancellationToken)
    {
        if (viewer.Scope is not { } scope)
        {
            return [];
        }
        var mine = await decisions.DueForReviewByAsync(scope, viewer.Leads, cancellationToken);
        var items = mine.Take(Named).Select(d => new AgendaItem("Decisions",
            $"Decision {d.Number}, {d.Title}: review due since {d.ReviewOn:d MMM}{(d.Metric is null ? "" : $"; see how {d.Metric} moved")}.", $"/decisions/{d.Number}")).ToList();
        if (mine.Count > Named)
        {
            items.Add(new("Decisions", $"{Count(mine.Count - Named, "more decision")} due for review.", "/decisions"));
        }
        return items;
    }
}
