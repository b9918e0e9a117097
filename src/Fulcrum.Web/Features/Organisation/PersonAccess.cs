using System.Security.Claims;
using Fulcrum.Core.Access;
using Fulcrum.Core.Organisation;
using Fulcrum.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>
/// A signed-in person and the teams whose shared, team-level things (poker rooms, team kudos) they
/// take part in: see <see cref="PersonAccess.TeamScopeAsync"/>.
/// </summary>
public sealed record TeamScope(int PersonId, string Name, int? TeamId, Func<int, bool> Includes);

/// <summary>
/// Answers "may this signed-in user read that person's private records?" from the stored
/// reporting lines, through <see cref="PrivateRecordPolicy"/>. Every module with people-level
/// private data (assessments, growth plans, brag documents) asks here and nowhere else.
/// </summary>
public sealed class PersonAccess(FulcrumDbContext db, UserManager<ApplicationUser> users)
{
    /// <summary>
    /// The teams a signed-in person belongs with: their own team and the teams under it, the teams
    /// of their direct reports and the teams under those, and every team for leaders and admins.
    /// Seen from the team's side: its own people, the people of the teams above it, and the
    /// managers of its people. Null when the account is not linked to a person.
    /// </summary>
    public async Task<TeamScope?> TeamScopeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (await PersonIdOfAsync(user, cancellationToken) is not int personId)
        {
            return null;
        }
        var person = await db.People.Where(p => p.Id == personId).Select(p => new { p.Name, p.TeamId }).SingleAsync(cancellationToken);
        var everyTeam = user.IsInRole(Accounts.Roles.Admin) || user.IsInRole(Accounts.Roles.Leader);
        var own = (await db.People.Where(p => p.ManagerId == personId && p.TeamId != null).Select(p => p.TeamId!.Value).Distinct().ToListAsync(cancellationToken))
            .ToHashSet();
        if (person.TeamId is int team)
        {
            own.Add(team);
        }
        // The teams included, worked out now from the team tree and kept as a set of ids: the scope
        // lives as long as its request, and a poker socket is a request that lasts hours. Keeping
        // the tree itself (every team of the organisation) cost each of 10,000 open sockets ~30 KB
        // in an organisation of 1,000 teams. Projected, not tracked, for the same reason.
        var included = new HashSet<int>();
        if (!everyTeam && own.Count > 0)
        {
            var parentOf = (await db.Teams.Select(t => new { t.Id, t.ParentTeamId }).ToListAsync(cancellationToken)).ToDictionary(t => t.Id, t => t.ParentTeamId);
            foreach (var id in parentOf.Keys)
            {
                for (int? cursor = id, depth = 0; cursor is int ancestor && depth < 64; cursor = parentOf.GetValueOrDefault(ancestor), depth++)
                {
                    if (own.Contains(ancestor))
                    {
                        included.Add(id);
                        break;
                    }
                }
            }
            included.TrimExcess();
        }
        bool Includes(int teamId) => everyTeam || included.Contains(teamId);
        return new TeamScope(personId, person.Name, person.TeamId, Includes);
    }

    public async Task<int?> PersonIdOfAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var userId = users.GetUserId(principal);
        return userId is null
            ? null
            : await db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<ReportingLines> ReportingLinesAsync(CancellationToken cancellationToken = default) =>
        new(await db.People.Select(p => new { p.Id, p.ManagerId }).ToDictionaryAsync(p => p.Id, p => p.ManagerId, cancellationToken));

    public async Task<bool> CanReadPrivateRecordsAsync(
        ClaimsPrincipal principal, int ownerPersonId, IReadOnlyCollection<int>? namedReaders = null, CancellationToken cancellationToken = default)
    {
        var viewer = await PersonIdOfAsync(principal, cancellationToken);
        return PrivateRecordPolicy.CanRead(viewer, ownerPersonId, await ReportingLinesAsync(cancellationToken), namedReaders);
    }
}
