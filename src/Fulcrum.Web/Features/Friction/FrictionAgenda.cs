using Fulcrum.Web.Features.Home;
using Microsoft.Extensions.Options;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Friction;

/// <summary>The friction log's share of "Waiting for you": for leaders, items of their scope that have waited for triage longer than the setting.</summary>
public sealed class FrictionAgenda(FrictionLog log, IOptions<FrictionOptions> options) : IAgendaSource
{
    public const int Named = 3;

    public async Task<IReadOnlyList<AgendaItem>> ForAsync(AgendaViewer viewer, CancellationToken cancellationToken)
    {
        if (!viewer.Leads || viewer.Scope is not { } scope)
        {
            return [];
        }
        var days = options.Value.AgendaAfterDays;
        var waiting = (await log.ListAsync(scope, cancellationToken: cancellationToken)).Where(i => i.DaysWaiting > days).ToList();
        var items = waiting.Take(Named).Select(i => new AgendaItem("Friction log",
            $"{i.Team.Name}: “{i.Title}” has waited {Count(i.DaysWaiting ?? 0, "day")} for triage{(i.MeToos > 0 ? $"; {Count(i.MeToos, "more person", "more people")} hit by it" : "")}.",
            $"{FrictionModule.Path}/{i.Id}")).ToList();
        if (waiting.Count > Named)
        {
            items.Add(new("Friction log", $"{Count(waiting.Count - Named, "more friction item")} waiting over {Count(days, "day")} for triage.", FrictionModule.Path));
        }
        return items;
    }
}
