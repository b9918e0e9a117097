using Fulcrum.Web.Features.Home;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Experiments;

/// <summary>Experiments' share of "Waiting for you": open experiments past their end day that the person may conclude (their own, or any for leaders).</summary>
public sealed class ExperimentsAgenda(Experiments experiments) : IAgendaSource
{
    public const int Named = 3;

    public async Task<IReadOnlyList<AgendaItem>> ForAsync(AgendaViewer viewer, CancellationToken cancellationToken)
    {
        if (viewer.Scope is not { } scope)
        {
            return [];
        }
        var overdue = await experiments.OverdueForAsync(scope, viewer.Leads, cancellationToken);
        var items = overdue.Take(Named).Select(e => new AgendaItem("Experiments",
            $"Experiment \"{e.Title}\" ({e.Team.Name}) ended {e.EndsOn:d MMM}: see how {e.Metric} moved and conclude it.", $"{ExperimentsModule.Path}/{e.Id}")).ToList();
        if (overdue.Count > Named)
        {
            items.Add(new("Experiments", $"{Count(overdue.Count - Named, "more experiment")} to conclude.", ExperimentsModule.Path));
        }
        return items;
    }
}
