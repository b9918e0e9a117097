using System.Globalization;
using Fulcrum.Core.Access;
using Fulcrum.Core.Organisation;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Core.Careers;

/// <summary>The person a cycle assesses, as the rules need them.</summary>
/// <param name="CareerTrack">The organisation's career track (ic, management): the default track rated on.</param>
/// <param name="Level">Their level: the default level rated against is the next one.</param>
public sealed record AssessedPerson(int Id, string Name, int? ManagerId, string? CareerTrack = null, int? Level = null);

/// <summary>Someone in the organisation, found by the email a rater was chosen by.</summary>
public sealed record Colleague(int Id, string Name, string Email);

/// <summary>A rater the rules accepted, in the role they rate as.</summary>
public sealed record ChosenRater(int PersonId, string Name, RaterRole Role);

/// <summary>What a new cycle rates against, and the peers and mentors chosen besides the person and their manager.</summary>
public sealed record CycleOpening(LadderTrack Track, int Level, IReadOnlyList<ChosenRater> Raters);

/// <summary>A cycle as the rules on who may do what need it.</summary>
/// <param name="PersonName">The name of the person assessed (their self rater's).</param>
public sealed record CycleState(long Id, int PersonId, string PersonName, bool Closed);

/// <summary>
/// What one rater said about one competency: a rating on the ladder's scale (its id; its label is
/// accepted as input), the evidence for it, and from the person themselves how much they enjoy it.
/// </summary>
public sealed record CompetencyAnswer(string Competency, string? Rating, string? Evidence = null, int? Enjoyment = null);

/// <summary>One rater of a cycle with what they have answered; only a submitted sheet counts.</summary>
public sealed record RaterSheet(long Id, string Name, RaterRole Role, bool Submitted, IReadOnlyList<CompetencyAnswer> Answers);

/// <summary>
/// The rules of an assessment cycle (docs/careers.md, "Assessment cycles"): who opens, manages and
/// rates it, what a rating needs, and when it may close. Refusals are <see cref="ProblemException"/>s
/// worded as the pages and the API show them.
/// </summary>
public static class AssessmentRules
{
    public const int MaxEvidenceLength = 4000;

    private static readonly TextField EvidenceField = new(MaxEvidenceLength, Multiline: true);

    /// <summary>
    /// The email of the person a cycle is opened for, refused before it is looked up when it holds what no
    /// email can (PostgreSQL refuses a NUL even in a query).
    /// </summary>
    public static string PersonEmail(string email)
    {
        var problems = new List<string>();
        return TextRules.Check(email, "person", new TextField(), problems)
            ? email
            : throw ProblemException.Invalid("The assessment was not opened", problems);
    }

    /// <summary>With the manager, two peers or mentors make the three voices a consensus needs.</summary>
    public const int MinPeersOrMentors = 2;

    public const int MaxRaters = 15;

    /// <summary>The person or anyone in their manager chain manages a cycle: chooses its raters and closes it.</summary>
    public static bool MayManage(int viewerId, int personId, ReportingLines lines) =>
        personId == viewerId || lines.IsInManagerChain(viewerId, personId);

    /// <summary>
    /// A cycle is seen by the person, their manager chain and its raters (<see cref="PrivateRecordPolicy"/>).
    /// Anyone else is told there is no such cycle, worded exactly as for one that does not exist.
    /// </summary>
    public static void EnsureVisible(int viewerId, long cycleId, int? personId, IReadOnlyCollection<int>? raters, ReportingLines lines)
    {
        if (personId is not int owner || !PrivateRecordPolicy.CanRead(viewerId, owner, lines, raters))
        {
            throw ProblemException.NotFound($"There is no assessment {cycleId} for you.");
        }
    }

    /// <summary>Only the person or someone in their manager chain opens a cycle for them, and one at a time.</summary>
    public static void EnsureMayOpen(int actorId, AssessedPerson person, ReportingLines lines, long? openCycleId)
    {
        if (!MayManage(actorId, person.Id, lines))
        {
            throw ProblemException.Forbidden("Not yours to open",
                $"You may open an assessment for yourself or for someone in your reporting line; {person.Name} is not in yours.");
        }
        if (openCycleId is long open)
        {
            throw ProblemException.Conflict("Already open",
                $"{person.Name} already has an open assessment ({open}); close it before opening another.");
        }
    }

    /// <summary>Raters are added and taken off by the person or their managers, while the cycle is open.</summary>
    /// <param name="doing">What was asked, as in "add raters to".</param>
    public static void EnsureMayChangeRaters(int actorId, CycleState cycle, ReportingLines lines, string doing)
    {
        if (!MayManage(actorId, cycle.PersonId, lines))
        {
            throw ProblemException.Forbidden("Not yours to change", $"Only {cycle.PersonName} and their managers {doing} this assessment.");
        }
        if (cycle.Closed)
        {
            throw ProblemException.Conflict("Closed", $"Assessment {cycle.Id} is closed; its raters no longer change.");
        }
    }

    /// <summary>Only a rater of a cycle rates it; anyone else who may see it is told so.</summary>
    public static ProblemException NotARater(long cycleId) =>
        ProblemException.Forbidden("Not a rater", $"You are not a rater of assessment {cycleId}.");

    /// <summary>A closed cycle's ratings no longer change.</summary>
    public static void EnsureOpenForRatings(CycleState cycle)
    {
        if (cycle.Closed)
        {
            throw ProblemException.Conflict("Closed", $"Assessment {cycle.Id} is closed; its ratings no longer change.");
        }
    }

    /// <summary>The person takes nobody's place: their self-assessment stays for as long as the cycle does.</summary>
    public static void EnsureRemovable(string raterName, RaterRole role)
    {
        if (role == RaterRole.Self)
        {
            throw ProblemException.Invalid("The rater was not removed", [$"raters: {raterName} is the person assessed; their self-assessment stays."]);
        }
    }

    /// <summary>Results appear once a cycle is closed; until then each rater sees only their own ratings.</summary>
    public static void EnsureClosed(CycleState cycle)
    {
        if (!cycle.Closed)
        {
            throw ProblemException.Conflict("Not closed yet",
                $"Assessment {cycle.Id} is still open. Its results appear when it closes; until then each rater sees only their own ratings.");
        }
    }

    /// <summary>
    /// Checks what a new cycle is asked to be: the track (by default the ladder's for the person's
    /// career track), the level (by default <see cref="DefaultLevel"/>), the done-by day and the
    /// chosen raters. Refused with every problem named.
    /// </summary>
    /// <param name="colleagues">The people the chosen raters' emails name (the others are unknown).</param>
    public static CycleOpening Open(
        Ladder ladder, AssessedPerson person, string? track, int? level, DateOnly? closesOn, DateOnly today,
        IReadOnlyList<(string? Email, string? Role)> raters, IReadOnlyList<Colleague> colleagues)
    {
        var problems = new List<string>();
        LadderTrack? chosenTrack;
        if (!string.IsNullOrWhiteSpace(track))
        {
            chosenTrack = ladder.FindTrack(track.Trim());
            if (chosenTrack is null)
            {
                problems.Add($"track: '{track.Trim()}' is not a track of the ladder '{ladder.Name}' (its tracks: {string.Join(", ", ladder.Tracks.Select(t => t.Id))}).");
            }
        }
        else
        {
            chosenTrack = ladder.TrackForCareerTrack(person.CareerTrack) ?? ladder.Tracks[0];
        }
        var chosenLevel = 0;
        if (chosenTrack is not null)
        {
            var levels = ladder.LevelsOf(chosenTrack.Id);
            if (level is int asked)
            {
                chosenLevel = asked;
                if (ladder.LevelAt(chosenTrack.Id, asked) is null)
                {
                    problems.Add($"level: the {chosenTrack.Name} track has no level {asked} (its levels: {levels[0].Number} to {levels[^1].Number}).");
                }
            }
            else
            {
                chosenLevel = DefaultLevel(ladder, chosenTrack.Id, person.Level);
            }
        }
        if (closesOn is DateOnly day && day < today)
        {
            problems.Add($"closesOn: {day:yyyy-MM-dd} is in the past.");
        }
        List<int> automatic = person.ManagerId is int m ? [person.Id, m] : [person.Id];
        var chosen = CheckRaters(person, raters, colleagues, automatic, automatic.Count, problems);
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid("The assessment was not opened", problems);
        }
        return new(chosenTrack!, chosenLevel, chosen);
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

    /// <summary>Checks peers or mentors added to an open cycle that has <paramref name="existing"/> raters already.</summary>
    /// <param name="existing">The people rating it now (the person among them).</param>
    /// <param name="existingCount">How many raters it has, including any who have left the organisation.</param>
    public static IReadOnlyList<ChosenRater> AddRaters(
        AssessedPerson person, IReadOnlyList<(string? Email, string? Role)>? raters, IReadOnlyList<Colleague> colleagues,
        IReadOnlyCollection<int> existing, int existingCount)
    {
        var problems = new List<string>();
        if (raters is null || raters.Count == 0)
        {
            problems.Add("raters: name at least one peer or mentor.");
        }
        var chosen = CheckRaters(person, raters ?? [], colleagues, existing, existingCount, problems);
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid("No raters were added", problems);
        }
        return chosen;
    }

    /// <summary>Chosen raters: known people, peer or mentor (manager only for the person's own manager), nobody twice.</summary>
    private static List<ChosenRater> CheckRaters(
        AssessedPerson person, IReadOnlyList<(string? Email, string? Role)> choices, IReadOnlyList<Colleague> colleagues,
        IReadOnlyCollection<int> existing, int existingCount, List<string> problems)
    {
        var taken = existing.ToHashSet();
        var chosen = new List<ChosenRater>();
        for (var i = 0; i < choices.Count; i++)
        {
            var at = $"raters[{i}]";
            var email = choices[i].Email?.Trim() ?? "";
            var colleague = colleagues.FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase));
            var roleText = choices[i].Role?.Trim().ToLowerInvariant() ?? "";
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
            else if (!TextRules.Check(email, $"{at}.email", new TextField(), problems))
            {
                // Not looked up (PostgreSQL refuses a NUL even in a query), so not reported as unknown too.
            }
            else if (colleague is null)
            {
                problems.Add($"{at}.email: there is no person with the email '{email}'.");
            }
            else if (colleague.Id == person.Id)
            {
                problems.Add($"{at}.email: {colleague.Name} is the person assessed and rates themselves as 'self' already.");
            }
            else if (!taken.Add(colleague.Id))
            {
                problems.Add($"{at}.email: {colleague.Name} is already a rater{(colleague.Id == person.ManagerId ? $", as {person.Name}'s manager" : "")}.");
            }
            if (role is null)
            {
                problems.Add($"{at}.role: '{roleText}' is not a rater role; choose peer or mentor.");
            }
            else if (role == RaterRole.Self)
            {
                problems.Add($"{at}.role: only {person.Name} rates as self; choose peer or mentor.");
            }
            else if (role == RaterRole.Manager && colleague is not null && colleague.Id != person.ManagerId)
            {
                problems.Add($"{at}.role: only {person.Name}'s own manager rates as manager; choose peer or mentor for {colleague.Name}.");
            }
            if (colleague is not null && role is RaterRole r && r != RaterRole.Self && colleague.Id != person.Id)
            {
                chosen.Add(new(colleague.Id, colleague.Name, r));
            }
        }
        if (existingCount + choices.Count > MaxRaters)
        {
            problems.Add($"raters: at most {MaxRaters} raters in one assessment; this would make {existingCount + choices.Count}.");
        }
        return chosen;
    }

    /// <summary>
    /// Checks one rater's whole set. Submitted, every competency needs a rating on the scale and
    /// evidence, and the person's own set an enjoyment of 1–5 for each; a draft needs nothing yet.
    /// Returns what is kept (ratings by id, evidence trimmed), or refuses with every problem named.
    /// </summary>
    /// <param name="personName">The person assessed, named when someone else gives an enjoyment.</param>
    public static IReadOnlyList<CompetencyAnswer> CheckRatings(
        Ladder ladder, RaterRole role, string personName, IReadOnlyList<CompetencyAnswer?> answers, bool draft)
    {
        var scale = ladder.Scale;
        var problems = new List<string>();
        var accepted = new List<CompetencyAnswer>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var scaleIds = string.Join(", ", scale.Ratings.Select(r => r.Id));
        for (var i = 0; i < answers.Count; i++)
        {
            var input = answers[i];
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
                if (!draft)
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
            if (evidence is null && !draft)
            {
                problems.Add($"{at}.evidence: say what you have seen that supports your rating of {name}.");
            }
            else if (evidence?.Length > MaxEvidenceLength)
            {
                problems.Add($"{at}.evidence: at most {MaxEvidenceLength} characters; this has {evidence.Length}.");
            }
            else
            {
                TextRules.Check(evidence, $"{at}.evidence", EvidenceField, problems);
            }
            var enjoyment = input?.Enjoyment;
            if (role == RaterRole.Self)
            {
                if (enjoyment is int e && (e < AptitudeEnjoyment.MinEnjoyment || e > AptitudeEnjoyment.MaxEnjoyment))
                {
                    problems.Add($"{at}.enjoyment: {AptitudeEnjoyment.MinEnjoyment} (not at all) to {AptitudeEnjoyment.MaxEnjoyment} (very much); got {e}.");
                }
                else if (enjoyment is null && !draft)
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
                accepted.Add(new(competency.Id, rating?.Id, evidence, enjoyment));
            }
        }
        if (!draft)
        {
            foreach (var missing in ladder.Competencies.Where(c => !seen.Contains(c.Id)))
            {
                problems.Add($"ratings: {missing.Name} ({missing.Id}) is not rated.");
            }
        }
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid(draft ? "The draft was not saved" : "The ratings were not submitted", problems);
        }
        return accepted;
    }

    /// <summary>The competencies with fewer submitted voices (other than the person's own) than a consensus needs.</summary>
    public static IReadOnlyList<(string Id, string Name, int Voices)> Shortfalls(Ladder ladder, IReadOnlyList<RaterSheet> raters)
    {
        var submitted = raters.Where(r => r.Role != RaterRole.Self && r.Submitted).ToList();
        return ladder.Competencies
            .Select(c => (c.Id, c.Name, Voices: submitted.Count(r => r.Answers.Any(x => x.Competency == c.Id && x.Rating is { } id && ladder.Scale.IndexOf(id) is not null))))
            .Where(c => c.Voices < AssessmentConsensus.MinVoices)
            .ToList();
    }

    /// <summary>Closing is the person's or a manager's, and happens once.</summary>
    public static void EnsureMayClose(int actorId, CycleState cycle, ReportingLines lines)
    {
        if (!MayManage(actorId, cycle.PersonId, lines))
        {
            throw ProblemException.Forbidden("Not yours to close", $"Only {cycle.PersonName} and their managers close this assessment.");
        }
        if (cycle.Closed)
        {
            throw ProblemException.Conflict("Closed", $"Assessment {cycle.Id} is already closed.");
        }
    }

    /// <summary>
    /// Closing needs <see cref="AssessmentConsensus.MinVoices"/> submitted voices besides the person
    /// for every competency: refused with every short competency and the raters still to submit
    /// named, unless <paramref name="force"/> ("close anyway"), after which those competencies show
    /// "no consensus".
    /// </summary>
    public static void EnsureEnoughVoices(Ladder ladder, IReadOnlyList<RaterSheet> raters, bool force)
    {
        var shortfalls = Shortfalls(ladder, raters);
        if (shortfalls.Count == 0 || force)
        {
            return;
        }
        var pending = raters.Where(r => r.Role != RaterRole.Self && !r.Submitted).OrderBy(r => r.Name).Select(r => $"{r.Name} ({Role(r.Role)})").ToList();
        var problems = shortfalls.Select(s => $"{s.Name} ({s.Id}): {Count(s.Voices, "voice")} besides the person; a consensus needs {AssessmentConsensus.MinVoices}.").ToList();
        if (pending.Count > 0)
        {
            problems.Add($"waiting for: {string.Join(", ", pending)}.");
        }
        throw ProblemException.Invalid("Not enough voices to close", problems);
    }

    /// <summary>
    /// Where an open cycle stands against the day its raters were asked to be done by. Nothing closes
    /// by itself (a cycle closed without its voices could only say "no consensus"), so an overdue
    /// cycle says so and waits for its manager.
    /// </summary>
    public static (bool Overdue, string Text) DoneBy(DateOnly day, DateOnly today)
    {
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return today > day ? (true, $"{date}, {Count(today.DayNumber - day.DayNumber, "day")} overdue") : (false, date);
    }

    /// <summary>A role as the pages and problems write it: self, manager, peer, mentor.</summary>
    public static string Role(RaterRole role) => role.ToString().ToLowerInvariant();
}
