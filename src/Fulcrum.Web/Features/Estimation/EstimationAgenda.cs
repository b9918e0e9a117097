using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Home;
using Microsoft.EntityFrameworkCore;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>Estimation's share of "Waiting for you": rooms of the person's own team with stories left to estimate.</summary>
public sealed class EstimationAgenda(PokerStore poker, FulcrumDbContext db) : IAgendaSource
{
    /// <summary>How many rooms of the person's team are named before the rest are counted.</summary>
    public const int RoomsNamed = 3;

    public async Task<IReadOnlyList<AgendaItem>> ForAsync(AgendaViewer viewer, CancellationToken cancellationToken)
    {
        if (viewer.Scope is not { TeamId: int teamId } scope)
        {
            return [];
        }
        var team = await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleAsync(cancellationToken);
        var identity = new PokerIdentity(scope.PersonId, scope.Name, scope.Includes);
        var rooms = (await poker.ListAsync(identity, cancellationToken)).Where(r => r.Team == team && r.Estimated < r.Stories).ToList();
        var items = rooms.Take(RoomsNamed)
            .Select(room => new AgendaItem("Estimation", $"{room.Name}: {room.Stories - room.Estimated} of {Count(room.Stories, "story", "stories")} still to estimate.", $"/estimation/rooms/{room.Id}"))
            .ToList();
        if (rooms.Count > RoomsNamed)
        {
            items.Add(new("Estimation", $"{Count(rooms.Count - RoomsNamed, "more room")} of {team} with stories to estimate.", "/estimation"));
        }
        return items;
    }
}
