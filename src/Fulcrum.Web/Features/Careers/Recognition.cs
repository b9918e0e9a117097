using Fulcrum.Core;
using Fulcrum.Core.Access;
using Fulcrum.Core.Careers;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Careers;

/// <param name="To">The receiver's email.</param>
/// <param name="Competencies">Competency ids of the organisation's ladder (at most <see cref="RecordCompetencies.Max"/>).</param>
public sealed record GiveKudosRequest(string To, string Message, string? Link = null, string? WorkItem = null,
    IReadOnlyList<string>? Competencies = null, bool Private = false);

public sealed record KudosView(long Id, string From, int FromPersonId, string To, int ToPersonId, int? TeamId, string? Team, string Message,
    string? Link, string? WorkItem, IReadOnlyList<string> Competencies, bool Private, DateTime CreatedAt);

public sealed record AddAchievementRequest(string Title, DateOnly Date, string? Detail = null, string? Link = null, IReadOnlyList<string>? Competencies = null);

public sealed record AchievementView(long Id, string Title, DateOnly Date, string? Detail, string? Link, IReadOnlyList<string> Competencies);

/// <summary>
/// Kudos, achievements and brag documents: what they need is checked by <see cref="RecognitionRules"/>
/// (Fulcrum.Core); who sees what is decided here, in the database:
/// <list type="bullet">
/// <item>Team kudos: the giver, the receiver, the receiver's manager chain, and everyone whose
/// <see cref="TeamScope"/> includes the receiver's team (its people, the teams above, leaders).</item>
/// <item>Private kudos: the giver and the receiver, nobody else — not their managers either.</item>
/// <item>Achievements and brag documents: private records (<see cref="PrivateRecordPolicy"/>): the
/// person and their manager chain. A brag document read by a manager leaves out private kudos.</item>
/// <item>Who has not been recognised lately: a manager for the people in their reporting line,
/// leaders and admins for everyone; only team kudos count, and nothing is ranked.</item>
/// </list>
/// </summary>
public sealed class Recognition(FulcrumDbContext db, PersonAccess access, LadderStore ladders, TimeProvider clock)
{
    public async Task<KudosView> GiveAsync(TeamScope giver, GiveKudosRequest request, CancellationToken cancellationToken = default)
    {
        var email = RecognitionRules.Receiver(request.To);
        var receiver = await db.People.Where(p => p.Email == email).Select(p => new { p.Id, p.TeamId }).SingleOrDefaultAsync(cancellationToken)
            ?? throw RecognitionRules.NoSuchReceiver(email);
        var workItem = string.IsNullOrWhiteSpace(request.WorkItem) ? null : request.WorkItem.Trim();
        var workItemExists = workItem is not null && TextRules.Fits(workItem, RecognitionRules.WorkItemField) && await db.WorkItems.AnyAsync(i => i.ExternalId == workItem, cancellationToken);
        var given = RecognitionRules.Kudos(giver.PersonId, receiver.Id, request.Message, request.Link, workItem, workItemExists,
            request.Competencies, await ladders.ActiveAsync(cancellationToken));
        var kudos = new Kudos
        {
            FromPersonId = giver.PersonId, ToPersonId = receiver.Id, TeamId = receiver.TeamId, Message = given.Message, Link = given.Link,
            WorkItem = given.WorkItem, Competencies = Join(given.Competencies), IsPrivate = request.Private, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Kudos.Add(kudos);
        await db.SaveChangesAsync(cancellationToken);
        return (await QueryViews(db.Kudos.Where(k => k.Id == kudos.Id)).ToListAsync(cancellationToken)).Single();
    }

    /// <summary>The kudos <paramref name="viewer"/> may see, newest first; optionally only those to one person or to one team.</summary>
    public async Task<IReadOnlyList<KudosView>> VisibleAsync(
        TeamScope viewer, int? toPersonId = null, int? teamId = null, int take = 100, CancellationToken cancellationToken = default)
    {
        var query = db.Kudos.AsQueryable();
        if (toPersonId is int to)
        {
            query = query.Where(k => k.ToPersonId == to);
        }
        if (teamId is int team)
        {
            query = query.Where(k => k.TeamId == team);
        }
        // The team tree and the reporting lines are resolved to id lists first, so the whole rule
        // runs in the database and "newest N" means the newest N the viewer may see. Private kudos
        // never leave the database for anyone but the two people.
        var me = viewer.PersonId;
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var teams = (await db.Teams.Select(t => t.Id).ToListAsync(cancellationToken)).Where(viewer.Includes).ToList();
        var reports = (await db.People.Select(p => p.Id).ToListAsync(cancellationToken)).Where(id => lines.IsInManagerChain(me, id)).ToList();
        query = query.Where(k => k.FromPersonId == me || k.ToPersonId == me
            || (!k.IsPrivate && ((k.TeamId != null && teams.Contains(k.TeamId.Value)) || reports.Contains(k.ToPersonId))));
        return await QueryViews(query.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).Take(Math.Clamp(take, 1, 500)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The people <paramref name="viewer"/> looks after (their reporting line; everyone for leaders)
    /// whom no team kudos reached in the last <paramref name="days"/> days. Null when the viewer
    /// looks after nobody.
    /// </summary>
    public async Task<IReadOnlyList<UnrecognisedPerson>?> UnrecognisedAsync(TeamScope viewer, bool everyone, int days, CancellationToken cancellationToken = default)
    {
        RecognitionGap.EnsureDays(days);
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var people = await db.People.Select(p => new { p.Id, p.Name, Team = p.Team != null ? p.Team.Name : null }).ToListAsync(cancellationToken);
        var cared = people.Where(p => p.Id != viewer.PersonId && (everyone || lines.IsInManagerChain(viewer.PersonId, p.Id))).ToList();
        if (cared.Count == 0)
        {
            return null;
        }
        var last = await db.Kudos.Where(k => !k.IsPrivate).GroupBy(k => k.ToPersonId)
            .Select(g => new { PersonId = g.Key, Last = g.Max(k => k.CreatedAt) })
            .ToDictionaryAsync(g => g.PersonId, g => g.Last, cancellationToken);
        return RecognitionGap.Find(cared.Select(p => (p.Id, p.Name, p.Team)), last, clock.GetUtcNow().UtcDateTime, days);
    }

    public async Task<AchievementView> AddAchievementAsync(int personId, AddAchievementRequest request, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var recorded = RecognitionRules.Achievement(request.Title, request.Date, request.Detail, request.Link, request.Competencies,
            await ladders.ActiveAsync(cancellationToken), today);
        var achievement = new Achievement
        {
            PersonId = personId, Title = recorded.Title, Detail = recorded.Detail, Link = recorded.Link, Date = request.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            Competencies = Join(recorded.Competencies), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Achievements.Add(achievement);
        await db.SaveChangesAsync(cancellationToken);
        return View(achievement);
    }

    public async Task<IReadOnlyList<AchievementView>> AchievementsAsync(int personId, CancellationToken cancellationToken = default) =>
        (await db.Achievements.Where(a => a.PersonId == personId).OrderByDescending(a => a.Date).ThenByDescending(a => a.Id).ToListAsync(cancellationToken))
            .Select(View).ToList();

    /// <summary>Removes one of the person's own achievements; false when they have no such achievement.</summary>
    public async Task<bool> RemoveAchievementAsync(int personId, long id, CancellationToken cancellationToken = default) =>
        await db.Achievements.Where(a => a.Id == id && a.PersonId == personId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// The entries of <paramref name="personId"/>'s brag document between two days (inclusive),
    /// as <paramref name="viewerPersonId"/> may see them: private kudos only for the person.
    /// </summary>
    public async Task<IReadOnlyList<BragEntry>> BragEntriesAsync(int personId, int viewerPersonId, DateOnly from, DateOnly until, CancellationToken cancellationToken = default)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = until.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var own = viewerPersonId == personId;
        var kudos = await db.Kudos.Where(k => k.ToPersonId == personId && k.CreatedAt >= start && k.CreatedAt < end && (own || !k.IsPrivate))
            .Select(k => new { k.CreatedAt, k.Message, k.Link, k.WorkItem, From = k.From!.Name, k.Competencies })
            .ToListAsync(cancellationToken);
        var achievements = await db.Achievements.Where(a => a.PersonId == personId && a.Date >= start && a.Date < end).ToListAsync(cancellationToken);
        return kudos.Select(k => new BragEntry(k.CreatedAt, BragEntryKind.Kudos, k.WorkItem is null ? k.Message : $"{k.Message} ({k.WorkItem})", k.Link, k.From, Split(k.Competencies)))
            .Concat(achievements.Select(a => new BragEntry(a.Date, BragEntryKind.Achievement, a.Detail is null ? a.Title : $"{a.Title}. {a.Detail}", a.Link, null, Split(a.Competencies))))
            .OrderBy(e => e.Date)
            .ToList();
    }

    public static IReadOnlyList<string> Split(string? competencies) =>
        competencies is null ? [] : competencies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static AchievementView View(Achievement a) =>
        new(a.Id, a.Title, DateOnly.FromDateTime(a.Date), a.Detail, a.Link, Split(a.Competencies));

    private IQueryable<KudosView> QueryViews(IQueryable<Kudos> query) => query.Select(k => new KudosView(
        k.Id, k.From!.Name, k.FromPersonId, k.To!.Name, k.ToPersonId, k.TeamId,
        k.TeamId == null ? null : db.Teams.Where(t => t.Id == k.TeamId).Select(t => t.Name).FirstOrDefault(),
        k.Message, k.Link, k.WorkItem, Split(k.Competencies), k.IsPrivate, k.CreatedAt));

    private static string? Join(IReadOnlyList<string> competencies) => competencies.Count == 0 ? null : string.Join(',', competencies);
}
