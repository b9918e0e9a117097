using Fulcrum.Core;
using Fulcrum.Core.Careers;
using Fulcrum.Core.Organisation;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// Assessment cycles (docs/careers.md, "Assessment cycles"). Each method loads what a rule needs,
/// asks <see cref="AssessmentRules"/> or <see cref="CycleResults"/> (Fulcrum.Core), and saves what
/// the rule allowed. Methods take the acting person's id, so pages, the API and the demo seeder share
/// every rule. Who sees a cycle: the person, their manager chain and its raters; anyone else is told
/// there is no such cycle. While it is open each rater sees only their own ratings.
/// </summary>
public sealed class Assessments(FulcrumDbContext db, PersonAccess access, LadderStore ladders, TimeProvider clock)
{
    public async Task<CycleView> OpenAsync(int actorId, OpenCycleRequest request, CancellationToken cancellationToken = default)
    {
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var email = request.Person?.Trim() is { Length: > 0 } given ? AssessmentRules.PersonEmail(given) : null;
        var person = string.IsNullOrEmpty(email)
            ? await Assessed(db.People.Where(p => p.Id == actorId)).SingleAsync(cancellationToken)
            : await Assessed(db.People.Where(p => p.Email.ToLower() == email.ToLower())).SingleOrDefaultAsync(cancellationToken)
                ?? throw ProblemException.NotFound($"There is no person with the email '{email}'.");
        var open = await db.AssessmentCycles.Where(c => c.PersonId == person.Id && c.Status == CycleStatus.Open)
            .Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
        AssessmentRules.EnsureMayOpen(actorId, person, lines, open);

        var ladder = await ladders.ActiveAsync(cancellationToken);
        var choices = Choices(request.Raters) ?? [];
        var opening = AssessmentRules.Open(ladder, person, request.Track, request.Level, request.ClosesOn, Today(), choices,
            await ColleaguesAsync(choices, cancellationToken));

        var now = Now();
        var cycle = new AssessmentCycle
        {
            PersonId = person.Id, LadderId = ladder.Id, TrackId = opening.Track.Id, Level = opening.Level, OpenedByPersonId = actorId, OpenedAt = now,
            ClosesAt = request.ClosesOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Status = CycleStatus.Open,
        };
        AddRaters(cycle, [new(person.Id, person.Name, RaterRole.Self)], actorId, now);
        if (person.ManagerId is int managerId)
        {
            var manager = await db.People.Where(p => p.Id == managerId).Select(p => p.Name).SingleAsync(cancellationToken);
            AddRaters(cycle, [new(managerId, manager, RaterRole.Manager)], actorId, now);
        }
        AddRaters(cycle, opening.Raters, actorId, now);
        db.AssessmentCycles.Add(cycle);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(cycle, actorId, lines, ladder, cancellationToken);
    }

    public async Task<CycleView> AddRatersAsync(int actorId, long cycleId, AddRatersRequest request, CancellationToken cancellationToken = default)
    {
        var (cycle, lines) = await LoadVisibleAsync(actorId, cycleId, withRatings: false, cancellationToken);
        AssessmentRules.EnsureMayChangeRaters(actorId, State(cycle), lines, "add raters to");
        var person = await Assessed(db.People.Where(p => p.Id == cycle.PersonId)).SingleAsync(cancellationToken);
        var choices = Choices(request.Raters);
        var existing = cycle.Raters.Where(r => r.PersonId is not null).Select(r => r.PersonId!.Value).ToList();
        var chosen = AssessmentRules.AddRaters(person, choices, await ColleaguesAsync(choices, cancellationToken), existing, cycle.Raters.Count);
        AddRaters(cycle, chosen, actorId, Now());
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(cycle, actorId, lines, await LadderOfAsync(cycle, cancellationToken), cancellationToken);
    }

    /// <summary>Takes a rater (and whatever they rated) off an open cycle, e.g. someone who left; never the person themselves.</summary>
    public async Task<CycleView> RemoveRaterAsync(int actorId, long cycleId, long raterId, CancellationToken cancellationToken = default)
    {
        var (cycle, lines) = await LoadVisibleAsync(actorId, cycleId, withRatings: false, cancellationToken);
        AssessmentRules.EnsureMayChangeRaters(actorId, State(cycle), lines, "remove raters from");
        var rater = cycle.Raters.SingleOrDefault(r => r.Id == raterId)
            ?? throw ProblemException.NotFound($"Assessment {cycleId} has no rater {raterId}.");
        AssessmentRules.EnsureRemovable(rater.Name, rater.Role);
        db.AssessmentRaters.Remove(rater);
        cycle.Raters.Remove(rater);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(cycle, actorId, lines, await LadderOfAsync(cycle, cancellationToken), cancellationToken);
    }

    /// <summary>Saves the acting rater's whole set of ratings, as a draft or submitted; refused with every problem named.</summary>
    public async Task<RaterRatingsView> SaveRatingsAsync(int actorId, long cycleId, SaveRatingsRequest request, CancellationToken cancellationToken = default)
    {
        var (cycle, _) = await LoadVisibleAsync(actorId, cycleId, withRatings: true, cancellationToken);
        var rater = cycle.Raters.SingleOrDefault(r => r.PersonId == actorId) ?? throw AssessmentRules.NotARater(cycleId);
        var state = State(cycle);
        AssessmentRules.EnsureOpenForRatings(state);
        var ladder = await LadderOfAsync(cycle, cancellationToken);
        var answers = (request.Ratings ?? []).Select(r => r is null ? null : new CompetencyAnswer(r.Competency, r.Rating, r.Evidence, r.Enjoyment)).ToList();
        var accepted = AssessmentRules.CheckRatings(ladder, rater.Role, state.PersonName, answers, request.Draft);

        var now = Now();
        foreach (var stale in rater.Ratings.Where(r => !accepted.Any(a => a.Competency == r.CompetencyId)).ToList())
        {
            rater.Ratings.Remove(stale);
            db.AssessmentRatings.Remove(stale);
        }
        foreach (var answer in accepted)
        {
            var row = rater.Ratings.FirstOrDefault(r => r.CompetencyId == answer.Competency);
            if (row is null)
            {
                row = new CompetencyRating { CompetencyId = answer.Competency };
                rater.Ratings.Add(row);
            }
            (row.RatingId, row.Evidence, row.Enjoyment, row.UpdatedAt) = (answer.Rating, answer.Evidence, answer.Enjoyment, now);
        }
        // A draft withdraws an earlier submission: what counts is what the rater last said was final.
        rater.SubmittedAt = request.Draft ? null : now;
        await db.SaveChangesAsync(cancellationToken);
        return RatingsView(cycle.Id, rater, ladder);
    }

    /// <summary>The acting rater's own ratings of a cycle (every competency, empty where not rated yet).</summary>
    public async Task<RaterRatingsView> OwnRatingsAsync(int actorId, long cycleId, CancellationToken cancellationToken = default)
    {
        var (cycle, _) = await LoadVisibleAsync(actorId, cycleId, withRatings: true, cancellationToken);
        var rater = cycle.Raters.SingleOrDefault(r => r.PersonId == actorId) ?? throw AssessmentRules.NotARater(cycleId);
        return RatingsView(cycle.Id, rater, await LadderOfAsync(cycle, cancellationToken));
    }

    /// <summary>
    /// Closes a cycle. Refused (422, every short competency named) while a competency has fewer
    /// than <see cref="AssessmentConsensus.MinVoices"/> submitted voices besides the person, unless
    /// <paramref name="force"/>: then those competencies show "no consensus" with the reason.
    /// </summary>
    public async Task<CycleView> CloseAsync(int actorId, long cycleId, bool force = false, CancellationToken cancellationToken = default)
    {
        var (cycle, lines) = await LoadVisibleAsync(actorId, cycleId, withRatings: true, cancellationToken);
        AssessmentRules.EnsureMayClose(actorId, State(cycle), lines);
        var ladder = await LadderOfAsync(cycle, cancellationToken);
        AssessmentRules.EnsureEnoughVoices(ladder, Sheets(cycle), force);
        cycle.Status = CycleStatus.Closed;
        cycle.ClosedAt = Now();
        cycle.ClosedByPersonId = actorId;
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(cycle, actorId, lines, ladder, cancellationToken);
    }

    public async Task<CycleView> GetAsync(int viewerId, long cycleId, CancellationToken cancellationToken = default)
    {
        var (cycle, lines) = await LoadVisibleAsync(viewerId, cycleId, withRatings: false, cancellationToken);
        return await ViewAsync(cycle, viewerId, lines, await LadderOfAsync(cycle, cancellationToken), cancellationToken);
    }

    /// <summary>The results of a closed cycle, for anyone who may see it; refused (409) while it is open.</summary>
    public async Task<AssessmentResults> ResultsAsync(int viewerId, long cycleId, CancellationToken cancellationToken = default)
    {
        var (cycle, lines) = await LoadVisibleAsync(viewerId, cycleId, withRatings: true, cancellationToken);
        AssessmentRules.EnsureClosed(State(cycle));
        var ladder = await LadderOfAsync(cycle, cancellationToken);
        var view = await ViewAsync(cycle, viewerId, lines, ladder, cancellationToken);
        var results = CycleResults.Compute(ladder, cycle.TrackId, cycle.Level, Sheets(cycle));
        return new(view, results.Summary, results.Competencies, results.Readiness);
    }

    public async Task<CycleLists> ListAsync(int viewerId, CancellationToken cancellationToken = default)
    {
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var everyone = await db.People.Select(p => p.Id).ToListAsync(cancellationToken);
        var line = everyone.Where(id => lines.IsInManagerChain(viewerId, id)).ToList();
        var rows = await db.AssessmentCycles
            .Where(c => c.PersonId == viewerId || line.Contains(c.PersonId) || c.Raters.Any(r => r.PersonId == viewerId))
            .OrderByDescending(c => c.OpenedAt).ThenByDescending(c => c.Id)
            .Select(c => new
            {
                c.Id, c.PersonId, Person = c.Person!.Name, c.LadderId, c.TrackId, c.Level, c.Status, c.OpenedAt, c.ClosesAt, c.ClosedAt,
                Raters = c.Raters.Count, Submitted = c.Raters.Count(r => r.SubmittedAt != null),
                Mine = c.Raters.Where(r => r.PersonId == viewerId).Select(r => new { r.Role, r.SubmittedAt }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var titles = new Dictionary<(string, string, int), string>();
        var summaries = new List<(CycleSummary Summary, int PersonId)>();
        foreach (var row in rows)
        {
            if (!titles.TryGetValue((row.LadderId, row.TrackId, row.Level), out var title))
            {
                var ladder = await FindLadderAsync(row.LadderId, cancellationToken);
                title = titles[(row.LadderId, row.TrackId, row.Level)] = LevelTitle(ladder, row.TrackId, row.Level);
            }
            summaries.Add((new CycleSummary(row.Id, new(row.PersonId, row.Person), title, row.Status, row.OpenedAt, Day(row.ClosesAt), row.ClosedAt,
                row.Raters, row.Submitted, row.Mine?.Role, row.Mine is null ? null : row.Mine.SubmittedAt is not null), row.PersonId));
        }
        return new(
            [.. summaries.Where(s => s.PersonId == viewerId).Select(s => s.Summary)],
            [.. summaries.Where(s => s.PersonId != viewerId && s.Summary.YouRateAs is not null).Select(s => s.Summary)],
            [.. summaries.Where(s => s.PersonId != viewerId && line.Contains(s.PersonId)).Select(s => s.Summary)]);
    }

    /// <summary>The people <paramref name="actorId"/> may open a cycle for: themselves, then their reporting line by name.</summary>
    public async Task<IReadOnlyList<PersonRef>> OpenableForAsync(int actorId, CancellationToken cancellationToken = default)
    {
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var people = await db.People.OrderBy(p => p.Name).Select(p => new PersonRef(p.Id, p.Name)).ToListAsync(cancellationToken);
        return [.. people.Where(p => p.Id == actorId), .. people.Where(p => p.Id != actorId && lines.IsInManagerChain(actorId, p.Id))];
    }

    /// <summary>The ladder a cycle was opened on: the active one, a stored one by id, or the built-in default.</summary>
    public async Task<Ladder> LadderOfAsync(AssessmentCycle cycle, CancellationToken cancellationToken = default) =>
        await FindLadderAsync(cycle.LadderId, cancellationToken)
            ?? throw ProblemException.Conflict("Ladder missing",
                $"The ladder '{cycle.LadderId}' assessment {cycle.Id} was opened on is no longer stored.");

    /// <summary>A ladder by id: the active one, a stored one, or the built-in default; null when there is none by that id.</summary>
    public async Task<Ladder?> FindLadderAsync(string ladderId, CancellationToken cancellationToken = default)
    {
        var active = await ladders.ActiveAsync(cancellationToken);
        if (active.Id == ladderId)
        {
            return active;
        }
        var yaml = await db.Ladders.Where(l => l.Id == ladderId).Select(l => l.Yaml).FirstOrDefaultAsync(cancellationToken);
        if (yaml is not null)
        {
            return LadderFile.Parse(yaml).Ladder;
        }
        var builtIn = DefaultLadder.Load();
        return builtIn.Id == ladderId ? builtIn : null;
    }

    private static string LevelTitle(Ladder? ladder, string trackId, int level) =>
        ladder is not null && ladder.TryLevelAt(trackId, level, out var found) ? $"{found.Title} (level {level})" : $"level {level}";

    /// <summary>
    /// Loads a cycle the viewer may see (<see cref="AssessmentRules.EnsureVisible"/>); anyone else is
    /// told there is no such cycle, so its existence is not revealed.
    /// </summary>
    private async Task<(AssessmentCycle Cycle, ReportingLines Lines)> LoadVisibleAsync(int viewerId, long cycleId, bool withRatings, CancellationToken cancellationToken)
    {
        var query = db.AssessmentCycles.Include(c => c.Raters).AsQueryable();
        if (withRatings)
        {
            query = db.AssessmentCycles.Include(c => c.Raters).ThenInclude(r => r.Ratings);
        }
        var cycle = await query.AsSplitQuery().SingleOrDefaultAsync(c => c.Id == cycleId, cancellationToken);
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var readers = cycle?.Raters.Where(r => r.PersonId is not null).Select(r => r.PersonId!.Value).ToList();
        AssessmentRules.EnsureVisible(viewerId, cycleId, cycle?.PersonId, readers, lines);
        return (cycle!, lines);
    }

    private static IQueryable<AssessedPerson> Assessed(IQueryable<Person> people) =>
        people.Select(p => new AssessedPerson(p.Id, p.Name, p.ManagerId, p.Track, p.Level));

    private static List<(string? Email, string? Role)>? Choices(IReadOnlyList<RaterChoice>? raters) =>
        raters?.Select(c => (c?.Email, c?.Role)).ToList();

    /// <summary>The people the chosen raters' emails name.</summary>
    private async Task<IReadOnlyList<Colleague>> ColleaguesAsync(IReadOnlyList<(string? Email, string? Role)>? choices, CancellationToken cancellationToken)
    {
        var emails = (choices ?? []).Select(c => c.Email?.Trim().ToLowerInvariant() ?? "").Where(e => e.Length > 0 && TextRules.Fits(e)).Distinct().ToList();
        return await db.People.Where(p => emails.Contains(p.Email.ToLower())).Select(p => new Colleague(p.Id, p.Name, p.Email)).ToListAsync(cancellationToken);
    }

    private static void AddRaters(AssessmentCycle cycle, IEnumerable<ChosenRater> raters, int actorId, DateTime now)
    {
        foreach (var (id, name, role) in raters)
        {
            cycle.Raters.Add(new AssessmentRater { PersonId = id, Name = name, Role = role, ChosenByPersonId = actorId, AddedAt = now });
        }
    }

    private static CycleState State(AssessmentCycle cycle) =>
        new(cycle.Id, cycle.PersonId, cycle.Raters.FirstOrDefault(r => r.Role == RaterRole.Self)?.Name ?? "?", cycle.Status == CycleStatus.Closed);

    private static List<RaterSheet> Sheets(AssessmentCycle cycle) =>
        [.. cycle.Raters.Select(r => new RaterSheet(r.Id, r.Name, r.Role, r.SubmittedAt is not null,
            [.. r.Ratings.Select(x => new CompetencyAnswer(x.CompetencyId, x.RatingId, x.Evidence, x.Enjoyment))]))];

    private async Task<CycleView> ViewAsync(AssessmentCycle cycle, int viewerId, ReportingLines lines, Ladder ladder, CancellationToken cancellationToken)
    {
        var ids = new[] { cycle.PersonId, cycle.OpenedByPersonId, cycle.ClosedByPersonId }.OfType<int>().Distinct().ToList();
        var names = await db.People.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        PersonRef? Ref(int? id) => id is int i && names.TryGetValue(i, out var name) ? new(i, name) : null;
        var track = ladder.FindTrack(cycle.TrackId);
        var me = cycle.Raters.FirstOrDefault(r => r.PersonId == viewerId);
        var raters = cycle.Raters.OrderBy(r => r.Role == RaterRole.Self ? 0 : r.Role == RaterRole.Manager ? 1 : 2).ThenBy(r => r.Name)
            .Select(r => new RaterView(r.Id, r.PersonId, r.Name, r.Role, r.SubmittedAt is not null, r.SubmittedAt)).ToList();
        var you = new CycleAccess(cycle.PersonId == viewerId, AssessmentRules.MayManage(viewerId, cycle.PersonId, lines), me?.Id, me?.Role, cycle.Status == CycleStatus.Closed);
        return new(cycle.Id, Ref(cycle.PersonId) ?? new(cycle.PersonId, "?"), ladder.Id, ladder.Name, cycle.TrackId, track?.Name ?? cycle.TrackId,
            cycle.Level, LevelTitle(ladder, cycle.TrackId, cycle.Level), cycle.Status, cycle.OpenedAt, Ref(cycle.OpenedByPersonId), Day(cycle.ClosesAt),
            cycle.ClosedAt, Ref(cycle.ClosedByPersonId), raters, you);
    }

    private static RaterRatingsView RatingsView(long cycleId, AssessmentRater rater, Ladder ladder) =>
        new(cycleId, rater.Id, rater.Role, rater.SubmittedAt is not null, rater.SubmittedAt, [.. ladder.Competencies.Select(c =>
        {
            var row = rater.Ratings.FirstOrDefault(r => r.CompetencyId == c.Id);
            var label = row?.RatingId is { } id && ladder.Scale.IndexOf(id) is int index ? ladder.Scale.LabelOf(index) : null;
            return new RatingEntryView(c.Id, c.Name, row?.RatingId, label, row?.Evidence, row?.Enjoyment);
        })]);

    private static DateOnly? Day(DateTime? at) => at is DateTime d ? DateOnly.FromDateTime(d) : null;

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
