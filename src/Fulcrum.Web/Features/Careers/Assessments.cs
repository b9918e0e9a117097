using System.Globalization;
using Fulcrum.Core;
using Fulcrum.Core.Access;
using Fulcrum.Core.Careers;
using Fulcrum.Core.Organisation;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Careers;

public sealed record PersonRef(int Id, string Name);

/// <param name="Person">The email of the person assessed; you when left out.</param>
/// <param name="Track">A track id of the active ladder; by default the ladder's track for the person's career track.</param>
/// <param name="Level">The level rated against; by default the person's next level (their own at the top, the first without a level).</param>
/// <param name="ClosesOn">The day the raters are asked to be done by.</param>
/// <param name="Raters">Peers and mentors; the person (self) and their manager are added without asking.</param>
public sealed record OpenCycleRequest(string? Person = null, string? Track = null, int? Level = null, DateOnly? ClosesOn = null,
    IReadOnlyList<RaterChoice>? Raters = null);

/// <param name="Role">peer or mentor (manager only for the person's own manager, who is added anyway).</param>
public sealed record RaterChoice(string Email, string Role);

public sealed record AddRatersRequest(IReadOnlyList<RaterChoice> Raters);

/// <param name="Competency">A competency id of the cycle's ladder.</param>
/// <param name="Rating">A rating id on the ladder's scale (its label works too).</param>
/// <param name="Evidence">What you have seen that supports the rating; required for every rating.</param>
/// <param name="Enjoyment">From the person themselves only: how much they enjoy this area, 1 (not at all) to 5 (very much).</param>
public sealed record RatingInput(string Competency, string? Rating, string? Evidence = null, int? Enjoyment = null);

/// <param name="Ratings">Your whole set: it replaces what you saved before.</param>
/// <param name="Draft">True to keep the ratings as an unfinished draft (nothing is required yet, and nothing counts until submitted).</param>
public sealed record SaveRatingsRequest(IReadOnlyList<RatingInput> Ratings, bool Draft = false);

/// <param name="Force">Close although some competencies lack the voices a consensus needs; they show as "no consensus".</param>
public sealed record CloseCycleRequest(bool Force = false);

public sealed record RaterView(long Id, int? PersonId, string Name, RaterRole Role, bool Submitted, DateTime? SubmittedAt);

/// <summary>What the one asking may do with a cycle.</summary>
/// <param name="IsPerson">The cycle assesses you.</param>
/// <param name="MayManage">You are the person or in their manager chain: you add raters and close it.</param>
/// <param name="RaterId">Your rater id when you rate the cycle.</param>
/// <param name="SeesResults">The cycle is closed: everyone who may see it sees the results.</param>
public sealed record CycleAccess(bool IsPerson, bool MayManage, long? RaterId, RaterRole? RatesAs, bool SeesResults);

public sealed record CycleView(
    long Id, PersonRef Person, string Ladder, string LadderName, string Track, string TrackName, int Level, string LevelTitle,
    CycleStatus Status, DateTime OpenedAt, PersonRef? OpenedBy, DateOnly? ClosesOn, DateTime? ClosedAt, PersonRef? ClosedBy,
    IReadOnlyList<RaterView> Raters, CycleAccess You);

public sealed record CycleSummary(
    long Id, PersonRef Person, string LevelTitle, CycleStatus Status, DateTime OpenedAt, DateOnly? ClosesOn, DateTime? ClosedAt,
    int Raters, int Submitted, RaterRole? YouRateAs, bool? YouSubmitted);

/// <param name="Yours">Cycles assessing you.</param>
/// <param name="YouRate">Other people's cycles you are a rater of.</param>
/// <param name="YourReports">Cycles of people in your reporting line (direct or further down).</param>
public sealed record CycleLists(IReadOnlyList<CycleSummary> Yours, IReadOnlyList<CycleSummary> YouRate, IReadOnlyList<CycleSummary> YourReports);

public sealed record RatingEntryView(string Competency, string CompetencyName, string? Rating, string? Label, string? Evidence, int? Enjoyment);

public sealed record RaterRatingsView(long CycleId, long RaterId, RaterRole Role, bool Submitted, DateTime? SubmittedAt, IReadOnlyList<RatingEntryView> Ratings);

/// <param name="Enjoyment">The person's own answer, 1–5 (null when they gave none).</param>
/// <param name="Quadrant">Aptitude (the others' consensus) × enjoyment, with what to do about it.</param>
public sealed record CompetencyResultView(
    string Competency, string Name, string? Description, IReadOnlyList<string> Expectations, ConsensusResult Consensus, int? Enjoyment, QuadrantResult Quadrant);

/// <param name="Evidence">The views of the agreeing group, with their evidence.</param>
public sealed record ReadinessAreaView(
    string Competency, string Name, ReadinessStatus Status, IReadOnlyList<string> Expectations, string? AgreedRating, IReadOnlyList<RatingView> Evidence);

/// <param name="Level">The level the cycle rated against, whose expectations are or are not met.</param>
public sealed record ReadinessView(string Level, bool Ready, string Summary, IReadOnlyList<ReadinessAreaView> Areas);

/// <param name="Readiness">Null when the cycle rated against a track's first level (there is no level below to be ready from).</param>
public sealed record AssessmentResults(CycleView Cycle, string Summary, IReadOnlyList<CompetencyResultView> Competencies, ReadinessView? Readiness);

/// <summary>
/// Assessment cycles (docs/careers.md, "Assessments"). The rules:
/// <list type="bullet">
/// <item>The person or someone in their manager chain opens a cycle for them, one open cycle at a
/// time. The person rates themselves, their manager rates as manager, and two or more peers or
/// mentors chosen by the person or a manager rate too.</item>
/// <item>Each rater rates every competency of the ladder on its scale with written evidence; the
/// person also says how much they enjoy each area. A draft counts for nothing until submitted.</item>
/// <item>Who sees what (<see cref="PrivateRecordPolicy"/>, the raters as named readers): the person,
/// their manager chain and the cycle's raters; anyone else is told there is no such cycle. While the
/// cycle is open every rater sees only their own ratings, so nobody anchors on another's; once it
/// is closed, all of them see the results.</item>
/// <item>Closing needs <see cref="AssessmentConsensus.MinVoices"/> submitted voices besides the
/// person for every competency, or an explicit "close anyway" that leaves the short ones without
/// consensus.</item>
/// </list>
/// Methods take the acting person's id, so pages, the API and the demo seeder share every rule.
/// </summary>
public sealed class Assessments(FulcrumDbContext db, PersonAccess access, LadderStore ladders, TimeProvider clock)
{
    public const int MaxEvidenceLength = 4000;
    /// <summary>With the manager, two peers or mentors make the three voices a consensus needs.</summary>
    public const int MinPeersOrMentors = 2;
    public const int MaxRaters = 15;

    public async Task<CycleView> OpenAsync(int actorId, OpenCycleRequest request, CancellationToken cancellationToken = default)
    {
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var email = request.Person?.Trim();
        var target = string.IsNullOrEmpty(email)
            ? await db.People.Where(p => p.Id == actorId).Select(p => new { p.Id, p.Name, p.ManagerId, p.Track, p.Level }).SingleAsync(cancellationToken)
            : await db.People.Where(p => p.Email.ToLower() == email.ToLower()).Select(p => new { p.Id, p.Name, p.ManagerId, p.Track, p.Level }).SingleOrDefaultAsync(cancellationToken)
                ?? throw ProblemException.NotFound($"There is no person with the email '{email}'.");
        if (target.Id != actorId && !lines.IsInManagerChain(actorId, target.Id))
        {
            throw ProblemException.Forbidden("Not yours to open",
                $"You may open an assessment for yourself or for someone in your reporting line; {target.Name} is not in yours.");
        }
        if (await db.AssessmentCycles.Where(c => c.PersonId == target.Id && c.Status == CycleStatus.Open).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken) is long open)
        {
            throw ProblemException.Conflict("Already open",
                $"{target.Name} already has an open assessment ({open}); close it before opening another.");
        }

        var ladder = await ladders.ActiveAsync(cancellationToken);
        var problems = new List<string>();
        LadderTrack? track;
        if (!string.IsNullOrWhiteSpace(request.Track))
        {
            track = ladder.FindTrack(request.Track.Trim());
            if (track is null)
            {
                problems.Add($"track: '{request.Track.Trim()}' is not a track of the ladder '{ladder.Name}' (its tracks: {string.Join(", ", ladder.Tracks.Select(t => t.Id))}).");
            }
        }
        else
        {
            track = ladder.TrackForCareerTrack(target.Track) ?? ladder.Tracks[0];
        }
        var level = 0;
        if (track is not null)
        {
            var levels = ladder.LevelsOf(track.Id);
            if (request.Level is int asked)
            {
                level = asked;
                if (ladder.LevelAt(track.Id, asked) is null)
                {
                    problems.Add($"level: the {track.Name} track has no level {asked} (its levels: {levels[0].Number} to {levels[^1].Number}).");
                }
            }
            else
            {
                level = DefaultLevel(ladder, track.Id, target.Level);
            }
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (request.ClosesOn is DateOnly closesOn && closesOn < today)
        {
            problems.Add($"closesOn: {closesOn:yyyy-MM-dd} is in the past.");
        }
        List<int> automatic = target.ManagerId is int m ? [target.Id, m] : [target.Id];
        var chosen = await CheckRatersAsync(target.Id, target.Name, target.ManagerId, request.Raters ?? [], automatic, automatic.Count, problems, cancellationToken);
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid("The assessment was not opened", problems);
        }

        var now = Now();
        var cycle = new AssessmentCycle
        {
            PersonId = target.Id, LadderId = ladder.Id, TrackId = track!.Id, Level = level, OpenedByPersonId = actorId, OpenedAt = now,
            ClosesAt = request.ClosesOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Status = CycleStatus.Open,
        };
        cycle.Raters.Add(new AssessmentRater { PersonId = target.Id, Name = target.Name, Role = RaterRole.Self, ChosenByPersonId = actorId, AddedAt = now });
        if (target.ManagerId is int managerId)
        {
            var manager = await db.People.Where(p => p.Id == managerId).Select(p => p.Name).SingleAsync(cancellationToken);
            cycle.Raters.Add(new AssessmentRater { PersonId = managerId, Name = manager, Role = RaterRole.Manager, ChosenByPersonId = actorId, AddedAt = now });
        }
        foreach (var (id, name, role) in chosen)
        {
            cycle.Raters.Add(new AssessmentRater { PersonId = id, Name = name, Role = role, ChosenByPersonId = actorId, AddedAt = now });
        }
        db.AssessmentCycles.Add(cycle);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(cycle, actorId, lines, ladder, cancellationToken);
    }

    /// <summary>The level a cycle rates against unless told: the person's next level, their own at the top, the track's first without one.</summary>
    public static int DefaultLevel(Ladder ladder, string trackId, int? personLevel)
    {
        if (personLevel is int current)
        {
            if (ladder.LevelAt(trackId, current + 1) is not null)
            {
                return current + 1;
            }
            if (ladder.LevelAt(trackId, current) is not null)
            {
                return current;
            }
        }
        return ladder.LevelsOf(trackId)[0].Number;
    }

    public async Task<CycleView> AddRatersAsync(int actorId, long cycleId, AddRatersRequest request, CancellationToken cancellationToken = default)
    {
        var (cycle, lines) = await LoadManagedOpenAsync(actorId, cycleId, "add raters to", cancellationToken);
        var person = await db.People.Where(p => p.Id == cycle.PersonId).Select(p => new { p.Name, p.ManagerId }).SingleAsync(cancellationToken);
        var problems = new List<string>();
        if (request.Raters is null || request.Raters.Count == 0)
        {
            problems.Add("raters: name at least one peer or mentor.");
        }
        var existing = cycle.Raters.Where(r => r.PersonId is not null).Select(r => r.PersonId!.Value).ToList();
        var chosen = await CheckRatersAsync(cycle.PersonId, person.Name, person.ManagerId, request.Raters ?? [], existing, cycle.Raters.Count, problems, cancellationToken);
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid("No raters were added", problems);
        }
        var now = Now();
        foreach (var (id, name, role) in chosen)
        {
            cycle.Raters.Add(new AssessmentRater { PersonId = id, Name = name, Role = role, ChosenByPersonId = actorId, AddedAt = now });
        }
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(cycle, actorId, lines, await LadderOfAsync(cycle, cancellationToken), cancellationToken);
    }

    /// <summary>Takes a rater (and whatever they rated) off an open cycle, e.g. someone who left; never the person themselves.</summary>
    public async Task<CycleView> RemoveRaterAsync(int actorId, long cycleId, long raterId, CancellationToken cancellationToken = default)
    {
        var (cycle, lines) = await LoadManagedOpenAsync(actorId, cycleId, "remove raters from", cancellationToken);
        var rater = cycle.Raters.SingleOrDefault(r => r.Id == raterId)
            ?? throw ProblemException.NotFound($"Assessment {cycleId} has no rater {raterId}.");
        if (rater.Role == RaterRole.Self)
        {
            throw ProblemException.Invalid("The rater was not removed", [$"raters: {rater.Name} is the person assessed; their self-assessment stays."]);
        }
        db.AssessmentRaters.Remove(rater);
        cycle.Raters.Remove(rater);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(cycle, actorId, lines, await LadderOfAsync(cycle, cancellationToken), cancellationToken);
    }

    /// <summary>Saves the acting rater's whole set of ratings, as a draft or submitted; refused with every problem named.</summary>
    public async Task<RaterRatingsView> SaveRatingsAsync(int actorId, long cycleId, SaveRatingsRequest request, CancellationToken cancellationToken = default)
    {
        var (cycle, _) = await LoadVisibleAsync(actorId, cycleId, withRatings: true, cancellationToken);
        var rater = cycle.Raters.SingleOrDefault(r => r.PersonId == actorId)
            ?? throw ProblemException.Forbidden("Not a rater", $"You are not a rater of assessment {cycleId}.");
        if (cycle.Status == CycleStatus.Closed)
        {
            throw ProblemException.Conflict("Closed", $"Assessment {cycleId} is closed; its ratings no longer change.");
        }
        var ladder = await LadderOfAsync(cycle, cancellationToken);
        var scale = ladder.Scale;
        var personName = cycle.Raters.First(r => r.Role == RaterRole.Self).Name;
        var problems = new List<string>();
        var accepted = new List<(string Competency, string? Rating, string? Evidence, int? Enjoyment)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inputs = request.Ratings ?? [];
        var scaleIds = string.Join(", ", scale.Ratings.Select(r => r.Id));
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var at = $"ratings[{i}]";
            var competencyId = input?.Competency?.Trim() ?? "";
            var competency = ladder.FindCompetency(competencyId);
            if (competency is null)
            {
                problems.Add($"{at}.competency: '{competencyId}' is not a competency of the ladder '{ladder.Name}' (its competencies: {string.Join(", ", ladder.Competencies.Select(c => c.Id))}).");
            }
            else if (!seen.Add(competency.Id))
            {
                problems.Add($"{at}.competency: '{competency.Id}' is rated more than once.");
            }
            var name = competency?.Name ?? competencyId;
            var ratingText = input?.Rating?.Trim();
            Rating? rating = null;
            if (string.IsNullOrEmpty(ratingText))
            {
                if (!request.Draft)
                {
                    problems.Add($"{at}.rating: rate {name}: one of {scaleIds}.");
                }
            }
            else
            {
                rating = scale.Ratings.FirstOrDefault(r => r.Id == ratingText) ?? scale.Ratings.FirstOrDefault(r => string.Equals(r.Label, ratingText, StringComparison.OrdinalIgnoreCase));
                if (rating is null)
                {
                    problems.Add($"{at}.rating: '{ratingText}' is not on the scale ({scaleIds}).");
                }
            }
            var evidence = string.IsNullOrWhiteSpace(input?.Evidence) ? null : input.Evidence.Trim();
            if (evidence is null && !request.Draft)
            {
                problems.Add($"{at}.evidence: say what you have seen that supports your rating of {name}.");
            }
            else if (evidence?.Length > MaxEvidenceLength)
            {
                problems.Add($"{at}.evidence: at most {MaxEvidenceLength} characters; this has {evidence.Length}.");
            }
            var enjoyment = input?.Enjoyment;
            if (rater.Role == RaterRole.Self)
            {
                if (enjoyment is int e && (e < AptitudeEnjoyment.MinEnjoyment || e > AptitudeEnjoyment.MaxEnjoyment))
                {
                    problems.Add($"{at}.enjoyment: {AptitudeEnjoyment.MinEnjoyment} (not at all) to {AptitudeEnjoyment.MaxEnjoyment} (very much); got {e}.");
                }
                else if (enjoyment is null && !request.Draft)
                {
                    problems.Add($"{at}.enjoyment: say how much you enjoy {name}, {AptitudeEnjoyment.MinEnjoyment} (not at all) to {AptitudeEnjoyment.MaxEnjoyment} (very much).");
                }
            }
            else if (enjoyment is not null)
            {
                problems.Add($"{at}.enjoyment: only {personName} says how much they enjoy an area; leave it out.");
            }
            if (competency is not null && (rating is not null || evidence is not null || enjoyment is not null))
            {
                accepted.Add((competency.Id, rating?.Id, evidence, enjoyment));
            }
        }
        if (!request.Draft)
        {
            foreach (var missing in ladder.Competencies.Where(c => !seen.Contains(c.Id)))
            {
                problems.Add($"ratings: {missing.Name} ({missing.Id}) is not rated.");
            }
        }
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid(request.Draft ? "The draft was not saved" : "The ratings were not submitted", problems);
        }

        var now = Now();
        foreach (var stale in rater.Ratings.Where(r => !accepted.Any(a => a.Competency == r.CompetencyId)).ToList())
        {
            rater.Ratings.Remove(stale);
            db.AssessmentRatings.Remove(stale);
        }
        foreach (var (competencyId, ratingId, evidence, enjoyment) in accepted)
        {
            var row = rater.Ratings.FirstOrDefault(r => r.CompetencyId == competencyId);
            if (row is null)
            {
                row = new CompetencyRating { CompetencyId = competencyId };
                rater.Ratings.Add(row);
            }
            (row.RatingId, row.Evidence, row.Enjoyment, row.UpdatedAt) = (ratingId, evidence, enjoyment, now);
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
        var rater = cycle.Raters.SingleOrDefault(r => r.PersonId == actorId)
            ?? throw ProblemException.Forbidden("Not a rater", $"You are not a rater of assessment {cycleId}.");
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
        if (!MayManage(cycle, actorId, lines))
        {
            throw ProblemException.Forbidden("Not yours to close",
                $"Only {cycle.Raters.First(r => r.Role == RaterRole.Self).Name} and their managers close this assessment.");
        }
        if (cycle.Status == CycleStatus.Closed)
        {
            throw ProblemException.Conflict("Closed", $"Assessment {cycleId} is already closed.");
        }
        var ladder = await LadderOfAsync(cycle, cancellationToken);
        var shortfalls = Shortfalls(cycle, ladder);
        if (shortfalls.Count > 0 && !force)
        {
            var pending = cycle.Raters.Where(r => r.Role != RaterRole.Self && r.SubmittedAt is null).OrderBy(r => r.Name).Select(r => $"{r.Name} ({Role(r.Role)})").ToList();
            var problems = shortfalls.Select(s => $"{s.Name} ({s.Id}): {Count(s.Voices, "voice")} besides the person; a consensus needs {AssessmentConsensus.MinVoices}.").ToList();
            if (pending.Count > 0)
            {
                problems.Add($"waiting for: {string.Join(", ", pending)}.");
            }
            throw ProblemException.Invalid("Not enough voices to close", problems);
        }
        cycle.Status = CycleStatus.Closed;
        cycle.ClosedAt = Now();
        cycle.ClosedByPersonId = actorId;
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(cycle, actorId, lines, ladder, cancellationToken);
    }

    /// <summary>The competencies with fewer submitted voices (other than the person's own) than a consensus needs.</summary>
    public static IReadOnlyList<(string Id, string Name, int Voices)> Shortfalls(AssessmentCycle cycle, Ladder ladder)
    {
        var submitted = cycle.Raters.Where(r => r.Role != RaterRole.Self && r.SubmittedAt is not null).ToList();
        return ladder.Competencies
            .Select(c => (c.Id, c.Name, Voices: submitted.Count(r => r.Ratings.Any(x => x.CompetencyId == c.Id && x.RatingId is { } id && ladder.Scale.IndexOf(id) is not null))))
            .Where(c => c.Voices < AssessmentConsensus.MinVoices)
            .ToList();
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
        if (cycle.Status != CycleStatus.Closed)
        {
            throw ProblemException.Conflict("Not closed yet",
                $"Assessment {cycleId} is still open. Its results appear when it closes; until then each rater sees only their own ratings.");
        }
        var ladder = await LadderOfAsync(cycle, cancellationToken);
        var view = await ViewAsync(cycle, viewerId, lines, ladder, cancellationToken);
        return ComputeResults(cycle, ladder, view);
    }

    /// <summary>Consensus, quadrant and readiness per competency from a cycle's submitted ratings. Pure: no database.</summary>
    public static AssessmentResults ComputeResults(AssessmentCycle cycle, Ladder ladder, CycleView view)
    {
        var scale = ladder.Scale;
        var submitted = cycle.Raters.Where(r => r.SubmittedAt is not null).ToList();
        // The consensus engine tells voices apart by name; two raters with one name stay two voices.
        var names = submitted.GroupBy(r => r.Name).SelectMany(g => g.Count() == 1
                ? g.Select(r => (r.Id, Name: r.Name))
                : g.Select((r, i) => (r.Id, Name: $"{r.Name} ({i + 1})")))
            .ToDictionary(x => x.Id, x => x.Name);
        var level = ladder.LevelAt(cycle.TrackId, cycle.Level);
        var results = new List<CompetencyResultView>();
        var byCompetency = new Dictionary<string, ConsensusResult>();
        foreach (var competency in ladder.Competencies)
        {
            var ratings = submitted
                .Select(r => (Rater: r, Row: r.Ratings.FirstOrDefault(x => x.CompetencyId == competency.Id)))
                .Where(x => x.Row?.RatingId is { } id && scale.IndexOf(id) is not null)
                .Select(x => new AssessmentRating(x.Rater.Role, scale.IndexOf(x.Row!.RatingId!)!.Value, x.Row.Evidence, names[x.Rater.Id]))
                .ToList();
            var consensus = AssessmentConsensus.Compute(ratings, scale);
            byCompetency[competency.Id] = consensus;
            var enjoyment = submitted.Where(r => r.Role == RaterRole.Self)
                .Select(r => r.Ratings.FirstOrDefault(x => x.CompetencyId == competency.Id)?.Enjoyment).FirstOrDefault();
            results.Add(new(competency.Id, competency.Name, competency.Description, level?.For(competency.Id).Expectations ?? [],
                consensus, enjoyment, AptitudeEnjoyment.Classify(consensus, scale, enjoyment)));
        }

        ReadinessView? readiness = null;
        if (ladder.LevelAt(cycle.TrackId, cycle.Level - 1) is not null)
        {
            var assessed = NextLevelReadiness.Assess(ladder, cycle.TrackId, cycle.Level - 1, byCompetency);
            readiness = new(assessed.Next!.Title, assessed.Ready, assessed.Summary, [.. assessed.Competencies.Select(a => new ReadinessAreaView(
                a.Competency.Id, a.Competency.Name, a.Status, a.Expectations, a.Consensus?.Label,
                a.Status == ReadinessStatus.Met || a.Status == ReadinessStatus.NotYet ? [.. a.Consensus!.Views.Where(v => v.InAgreement)] : []))]);
        }

        var agreed = results.Count(r => r.Consensus.Reached);
        var without = results.Where(r => !r.Consensus.Reached).Select(r => r.Name).ToList();
        var summary = without.Count == 0
            ? $"Consensus on all {results.Count} competencies."
            : $"Consensus on {agreed} of {results.Count} competencies; no consensus on {string.Join(", ", without)}.";
        return new(view, summary, results, readiness);
    }

    /// <summary>The cycles the viewer takes part in: their own, the ones they rate, and their reporting line's.</summary>
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
    /// Loads a cycle the viewer may see: the person, their manager chain, or one of its raters
    /// (<see cref="PrivateRecordPolicy"/>). Anyone else is told there is no such cycle, so its
    /// existence is not revealed.
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
        if (cycle is null || !PrivateRecordPolicy.CanRead(viewerId, cycle.PersonId, lines, readers))
        {
            throw ProblemException.NotFound($"There is no assessment {cycleId} for you.");
        }
        return (cycle, lines);
    }

    private async Task<(AssessmentCycle Cycle, ReportingLines Lines)> LoadManagedOpenAsync(int actorId, long cycleId, string doing, CancellationToken cancellationToken)
    {
        var (cycle, lines) = await LoadVisibleAsync(actorId, cycleId, withRatings: false, cancellationToken);
        if (!MayManage(cycle, actorId, lines))
        {
            throw ProblemException.Forbidden("Not yours to change",
                $"Only {cycle.Raters.First(r => r.Role == RaterRole.Self).Name} and their managers {doing} this assessment.");
        }
        if (cycle.Status == CycleStatus.Closed)
        {
            throw ProblemException.Conflict("Closed", $"Assessment {cycleId} is closed; its raters no longer change.");
        }
        return (cycle, lines);
    }

    private static bool MayManage(AssessmentCycle cycle, int viewerId, ReportingLines lines) =>
        cycle.PersonId == viewerId || lines.IsInManagerChain(viewerId, cycle.PersonId);

    /// <summary>Checks chosen raters: known people, peer or mentor (manager only for the person's own manager), nobody twice.</summary>
    private async Task<List<(int Id, string Name, RaterRole Role)>> CheckRatersAsync(
        int personId, string personName, int? managerId, IReadOnlyList<RaterChoice> choices, IReadOnlyCollection<int> existing, int existingCount,
        List<string> problems, CancellationToken cancellationToken)
    {
        var emails = choices.Select(c => c?.Email?.Trim().ToLowerInvariant() ?? "").Where(e => e.Length > 0).Distinct().ToList();
        var people = await db.People.Where(p => emails.Contains(p.Email.ToLower())).Select(p => new { p.Id, p.Name, p.Email }).ToListAsync(cancellationToken);
        var taken = existing.ToHashSet();
        var chosen = new List<(int, string, RaterRole)>();
        for (var i = 0; i < choices.Count; i++)
        {
            var at = $"raters[{i}]";
            var email = choices[i]?.Email?.Trim() ?? "";
            var person = people.FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase));
            var roleText = choices[i]?.Role?.Trim().ToLowerInvariant() ?? "";
            RaterRole? role = roleText switch
            {
                "peer" => RaterRole.Peer,
                "mentor" => RaterRole.Mentor,
                "manager" => RaterRole.Manager,
                "self" => RaterRole.Self,
                _ => null,
            };
            if (email.Length == 0)
            {
                problems.Add($"{at}.email: name the rater by their email.");
            }
            else if (person is null)
            {
                problems.Add($"{at}.email: there is no person with the email '{email}'.");
            }
            else if (person.Id == personId)
            {
                problems.Add($"{at}.email: {person.Name} is the person assessed and rates themselves as 'self' already.");
            }
            else if (!taken.Add(person.Id))
            {
                problems.Add($"{at}.email: {person.Name} is already a rater{(person.Id == managerId ? $", as {personName}'s manager" : "")}.");
            }
            if (role is null)
            {
                problems.Add($"{at}.role: '{roleText}' is not a rater role; choose peer or mentor.");
            }
            else if (role == RaterRole.Self)
            {
                problems.Add($"{at}.role: only {personName} rates as self; choose peer or mentor.");
            }
            else if (role == RaterRole.Manager && person is not null && person.Id != managerId)
            {
                problems.Add($"{at}.role: only {personName}'s own manager rates as manager; choose peer or mentor for {person.Name}.");
            }
            if (person is not null && role is RaterRole r && r != RaterRole.Self && person.Id != personId)
            {
                chosen.Add((person.Id, person.Name, r));
            }
        }
        if (existingCount + choices.Count > MaxRaters)
        {
            problems.Add($"raters: at most {MaxRaters} raters in one assessment; this would make {existingCount + choices.Count}.");
        }
        return chosen;
    }

    private async Task<CycleView> ViewAsync(AssessmentCycle cycle, int viewerId, ReportingLines lines, Ladder ladder, CancellationToken cancellationToken)
    {
        var ids = new[] { cycle.PersonId, cycle.OpenedByPersonId, cycle.ClosedByPersonId }.OfType<int>().Distinct().ToList();
        var names = await db.People.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        PersonRef? Ref(int? id) => id is int i && names.TryGetValue(i, out var name) ? new(i, name) : null;
        var track = ladder.FindTrack(cycle.TrackId);
        var me = cycle.Raters.FirstOrDefault(r => r.PersonId == viewerId);
        var raters = cycle.Raters.OrderBy(r => r.Role == RaterRole.Self ? 0 : r.Role == RaterRole.Manager ? 1 : 2).ThenBy(r => r.Name)
            .Select(r => new RaterView(r.Id, r.PersonId, r.Name, r.Role, r.SubmittedAt is not null, r.SubmittedAt)).ToList();
        var you = new CycleAccess(cycle.PersonId == viewerId, MayManage(cycle, viewerId, lines), me?.Id, me?.Role, cycle.Status == CycleStatus.Closed);
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


    /// <summary>
    /// Where an open cycle stands against the day its raters were asked to be done by. Nothing closes
    /// by itself (a cycle closed without its voices would only say "no consensus"), so an overdue
    /// cycle says so and waits for its manager.
    /// </summary>
    public static (bool Overdue, string Text) DoneBy(DateOnly day, DateOnly today)
    {
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return today > day ? (true, $"{date}, {Count(today.DayNumber - day.DayNumber, "day")} overdue") : (false, date);
    }

    public static string Role(RaterRole role) => role.ToString().ToLowerInvariant();
}
