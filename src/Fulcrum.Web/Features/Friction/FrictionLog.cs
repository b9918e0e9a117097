using Fulcrum.Core;
using Fulcrum.Core.Friction;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.TeamDesign;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Friction;

/// <param name="Team">The team it is about, by name or id.</param>
/// <param name="HoursPerWeek">A rough estimate of the hours the team loses to it a week, 0 to 168.</param>
public sealed record FrictionRequest(string? Team, string? Title, string? Detail, string? Where = null, double? HoursPerWeek = null);

/// <param name="Status">accepted, declined or removed (open puts it back in the queue).</param>
public sealed record TriageRequest(string? Status, string? Note = null);

/// <summary>A friction item as lists show it: the team, never who added it; how many it hits, never who.</summary>
/// <param name="MeToos">How many people besides its author said it hits them too.</param>
/// <param name="DaysWaiting">Days since it was added, while it is open; null once triaged.</param>
public sealed record FrictionSummary(int Id, TeamRef Team, string Title, string? Where, double? HoursPerWeek, string Status, int MeToos,
    DateTime CreatedAt, int? DaysWaiting, bool TriageOverdue, DateTime? TriagedAt);

/// <summary>A leader's triage: the decision, the note, who and when (a leader's decision is theirs to stand by, so it is named).</summary>
public sealed record TriageView(string Status, string? Note, DateTime At, PersonRef? By);

/// <summary>
/// One friction item for the person reading it. Who added it is not shown, to them <paramref name="AddedByYou"/>
/// says it was them; who said "me too" is not shown either, only how many and whether the reader did.
/// </summary>
public sealed record FrictionView(int Id, TeamRef Team, string Title, string Detail, string? Where, double? HoursPerWeek, string Status,
    int MeToos, bool MeTooByYou, bool AddedByYou, bool MayEdit, bool MayMeToo, bool MayTriage, DateTime CreatedAt, DateTime UpdatedAt,
    int? DaysWaiting, bool TriageOverdue, TriageView? Triage);

/// <summary>
/// The friction log (docs/friction.md): anyone on a team adds what gets in its way, others on the
/// team say "me too", leaders triage. Items are team-level things (ADR 0006): the team scope reads
/// and adds them; a team or item outside it does not exist for the reader (404).
/// </summary>
public sealed class FrictionLog(FulcrumDbContext db, TimeProvider clock)
{
    /// <summary>A triage's choices as the forms word them, the usual first; <c>open</c> last (it puts an item back in the queue).</summary>
    public static readonly IReadOnlyList<(string Status, string Label)> TriageChoices =
    [
        ("accepted", "Accepted: worth removing, someone will work on it"),
        ("declined", "Declined: not acting on it, the note says why"),
        ("removed", "Removed: the friction is gone"),
        ("open", "Open: back in the queue"),
    ];

    /// <summary>
    /// Items of the teams in the scope, <paramref name="team"/>'s and its sub-teams' when given, with the status
    /// asked (default open; <c>all</c> for every status). Open items oldest first, as a queue is
    /// triaged; triaged ones most recently triaged first.
    /// </summary>
    public async Task<IReadOnlyList<FrictionSummary>> ListAsync(TeamScope scope, string? team = null, string? status = null,
        CancellationToken cancellationToken = default)
    {
        var query = db.FrictionItems.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(team))
        {
            var teamIds = await WithSubTeamsAsync((await TeamAsync(team, scope, cancellationToken)).Id, cancellationToken);
            query = query.Where(i => teamIds.Contains(i.TeamId));
        }
        var wanted = string.IsNullOrWhiteSpace(status) ? "open" : status.Trim().ToLowerInvariant();
        if (wanted != "all")
        {
            if (!FrictionRules.TryParse(wanted, out var parsed))
            {
                throw ProblemException.InvalidField("status", $"A status is {FrictionRules.Statuses}, or all.", "Unknown status");
            }
            var text = FrictionRules.Text(parsed);
            query = query.Where(i => i.Status == text);
        }
        var rows = await query.Select(i => new
        {
            i.Id, i.TeamId, i.Title, i.Where, i.HoursPerWeek, i.Status, i.CreatedAt, i.TriagedAt, MeToos = i.MeToos.Count,
        }).ToListAsync(cancellationToken);
        var teams = await TeamNamesAsync(cancellationToken);
        var now = Now();
        return [.. rows.Where(r => scope.Includes(r.TeamId))
            .OrderBy(r => r.Status == "open" ? 0 : 1).ThenBy(r => r.Status == "open" ? r.CreatedAt.Ticks : -(r.TriagedAt ?? r.CreatedAt).Ticks).ThenBy(r => r.Id)
            .Select(r =>
            {
                var open = r.Status == "open";
                return new FrictionSummary(r.Id, new TeamRef(r.TeamId, teams[r.TeamId]), r.Title, r.Where, r.HoursPerWeek, r.Status, r.MeToos, r.CreatedAt,
                    open ? FrictionRules.DaysWaiting(r.CreatedAt, now) : null, open && FrictionRules.TriageOverdue(FrictionStatus.Open, r.CreatedAt, now), r.TriagedAt);
            })];
    }

    public async Task<FrictionView> GetAsync(int id, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default) =>
        await ViewAsync(await RequireVisibleAsync(id, scope, cancellationToken), scope, mayManage, cancellationToken);

    /// <summary>Adds an item for a team in the scope; the person adding it (none from the command line without --as) is kept as its author.</summary>
    public async Task<FrictionView> AddAsync(FrictionRequest request, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.Team))
        {
            throw ProblemException.InvalidField("team", "Say which team it gets in the way of.", "The friction item was not added");
        }
        var team = await TeamAsync(request.Team, scope, cancellationToken);
        var text = Checked(request, "The friction item was not added");
        var now = Now();
        var item = new FrictionItem
        {
            TeamId = team.Id, Title = text.Title!, Detail = text.Detail!, Where = text.Where, HoursPerWeek = text.HoursPerWeek,
            Status = FrictionRules.Text(FrictionStatus.Open), AuthorPersonId = scope.PersonId == 0 ? null : scope.PersonId, CreatedAt = now, UpdatedAt = now,
        };
        db.FrictionItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(item, scope, mayManage, cancellationToken);
    }

    /// <summary>Changes an open item's text, by its author; the team stays (add a new item for another team).</summary>
    public async Task<FrictionView> UpdateAsync(int id, FrictionRequest request, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var item = await RequireVisibleAsync(id, scope, cancellationToken);
        if (FrictionRules.EditRefusal(StatusOf(item), item.AuthorPersonId, scope.PersonId) is { } refusal)
        {
            throw item.AuthorPersonId == scope.PersonId && scope.PersonId != 0
                ? ProblemException.Conflict("Already triaged", refusal)
                : ProblemException.Forbidden("Not your friction item", refusal);
        }
        if (!string.IsNullOrWhiteSpace(request.Team) && (await TeamAsync(request.Team, scope, cancellationToken)).Id != item.TeamId)
        {
            throw ProblemException.InvalidField("team", "An item stays with its team; add a new one for another team.", "The friction item was not saved");
        }
        var text = Checked(request, "The friction item was not saved");
        (item.Title, item.Detail, item.Where, item.HoursPerWeek, item.UpdatedAt) = (text.Title!, text.Detail!, text.Where, text.HoursPerWeek, Now());
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(item, scope, mayManage, cancellationToken);
    }

    /// <summary>A leader's decision on an item, with an optional note; triaging again replaces it, and <c>open</c> puts it back in the queue.</summary>
    public async Task<FrictionView> TriageAsync(int id, TriageRequest request, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var item = await RequireVisibleAsync(id, scope, cancellationToken);
        if (!mayManage)
        {
            throw ProblemException.Forbidden("Leaders triage", "Leaders and admins triage the friction log; add a \"me too\" to say it matters to you.");
        }
        var errors = new Dictionary<string, string[]>();
        if (!FrictionRules.TryParse(request.Status, out var status))
        {
            errors["status"] = [$"A triage says {FrictionRules.Statuses}."];
        }
        if (FrictionRules.NoteProblem(request.Note) is { } problem)
        {
            errors["note"] = [problem];
        }
        if (errors.Count > 0)
        {
            throw ProblemException.InvalidFields("The triage was not saved", errors);
        }
        var reopened = status == FrictionStatus.Open;
        item.Status = FrictionRules.Text(status);
        item.TriageNote = reopened || string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        item.TriagedAt = reopened ? null : Now();
        item.TriagedByPersonId = reopened || scope.PersonId == 0 ? null : scope.PersonId;
        item.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(item, scope, mayManage, cancellationToken);
    }

    /// <summary>The reader says the item hits them too: once, not for their own item, not for friction that is removed.</summary>
    public async Task<FrictionView> MeTooAsync(int id, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var item = await RequireVisibleAsync(id, scope, cancellationToken);
        var already = await db.FrictionMeToos.AnyAsync(m => m.ItemId == id && m.PersonId == scope.PersonId, cancellationToken);
        if (FrictionRules.MeTooRefusal(StatusOf(item), item.AuthorPersonId == scope.PersonId, already) is { } refusal)
        {
            throw ProblemException.Conflict("Not counted again", refusal);
        }
        db.FrictionMeToos.Add(new FrictionMeToo { ItemId = id, PersonId = scope.PersonId, CreatedAt = Now() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two clicks at once: the key keeps one; the second is the same answer as above.
            throw ProblemException.Conflict("Not counted again", FrictionRules.MeTooRefusal(FrictionStatus.Open, false, true)!);
        }
        return await ViewAsync(item, scope, mayManage, cancellationToken);
    }

    /// <summary>Takes the reader's "me too" back (nothing to take back is not an error).</summary>
    public async Task<FrictionView> WithdrawMeTooAsync(int id, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var item = await RequireVisibleAsync(id, scope, cancellationToken);
        await db.FrictionMeToos.Where(m => m.ItemId == id && m.PersonId == scope.PersonId).ExecuteDeleteAsync(cancellationToken);
        return await ViewAsync(item, scope, mayManage, cancellationToken);
    }

    /// <summary>The team by name or id, when it is in the scope; otherwise there is no such team for the reader.</summary>
    public async Task<TeamRef> TeamAsync(string team, TeamScope scope, CancellationToken cancellationToken = default)
    {
        var name = team.Trim();
        var found = !TextRules.Fits(name, new TextField(200)) ? null
            : int.TryParse(name, out var id)
                ? await db.Teams.Where(t => t.Id == id).Select(t => new TeamRef(t.Id, t.Name)).SingleOrDefaultAsync(cancellationToken)
                : await db.Teams.Where(t => t.Name.ToLower() == name.ToLower()).Select(t => new TeamRef(t.Id, t.Name)).FirstOrDefaultAsync(cancellationToken);
        return found is not null && scope.Includes(found.Id)
            ? found
            : throw ProblemException.NotFound($"There is no team '{(name.Length > 40 ? name[..40] + "…" : name)}' for you.");
    }

    /// <summary>The team and every team under it, however deep: a department's log is its teams' logs.</summary>
    private async Task<List<int>> WithSubTeamsAsync(int teamId, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.ParentTeamId }).ToListAsync(cancellationToken);
        var included = new HashSet<int> { teamId };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var child in teams.Where(t => t.ParentTeamId is int parent && included.Contains(parent)))
            {
                grew |= included.Add(child.Id);
            }
        }
        return [.. included];
    }

    private static FrictionText Checked(FrictionRequest request, string title)
    {
        var text = new FrictionText(request.Title, request.Detail, request.Where, request.HoursPerWeek);
        var problems = FrictionRules.Problems(text);
        if (problems.Count > 0)
        {
            throw ProblemException.InvalidFields(title, problems);
        }
        return new FrictionText(text.Title!.Trim(), text.Detail!.Trim(), string.IsNullOrWhiteSpace(text.Where) ? null : text.Where.Trim(), text.HoursPerWeek);
    }

    private async Task<FrictionView> ViewAsync(FrictionItem item, TeamScope scope, bool mayManage, CancellationToken cancellationToken)
    {
        var team = await db.Teams.Where(t => t.Id == item.TeamId).Select(t => new TeamRef(t.Id, t.Name)).SingleAsync(cancellationToken);
        var meToos = await db.FrictionMeToos.Where(m => m.ItemId == item.Id).Select(m => m.PersonId).ToListAsync(cancellationToken);
        var triagedBy = item.TriagedByPersonId is int by
            ? await db.People.Where(p => p.Id == by).Select(p => new PersonRef(p.Id, p.Name)).SingleOrDefaultAsync(cancellationToken)
            : null;
        var status = StatusOf(item);
        var now = Now();
        var mine = item.AuthorPersonId is int author && author == scope.PersonId && scope.PersonId != 0;
        return new FrictionView(item.Id, team, item.Title, item.Detail, item.Where, item.HoursPerWeek, item.Status, meToos.Count,
            meToos.Contains(scope.PersonId), mine, FrictionRules.EditRefusal(status, item.AuthorPersonId, scope.PersonId) is null,
            scope.PersonId != 0 && FrictionRules.MeTooRefusal(status, mine, meToos.Contains(scope.PersonId)) is null, mayManage,
            item.CreatedAt, item.UpdatedAt, status == FrictionStatus.Open ? FrictionRules.DaysWaiting(item.CreatedAt, now) : null,
            FrictionRules.TriageOverdue(status, item.CreatedAt, now),
            item.TriagedAt is DateTime at ? new TriageView(item.Status, item.TriageNote, at, triagedBy) : null);
    }

    private async Task<FrictionItem> RequireVisibleAsync(int id, TeamScope scope, CancellationToken cancellationToken)
    {
        var item = await db.FrictionItems.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        return item is not null && scope.Includes(item.TeamId) ? item : throw ProblemException.NotFound($"There is no friction item {id} for you.");
    }

    private static FrictionStatus StatusOf(FrictionItem item) => FrictionRules.TryParse(item.Status, out var status) ? status : FrictionStatus.Open;

    private async Task<Dictionary<int, string>> TeamNamesAsync(CancellationToken cancellationToken) =>
        await db.Teams.ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
