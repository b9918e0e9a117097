using Fulcrum.Core.Careers;

namespace Fulcrum.Web.Features.Careers;

// What the assessment API and pages send and receive (docs/careers.md, "Assessment cycles"). The
// rules they are checked by are in Fulcrum.Core's AssessmentRules; the service is Assessments.

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

/// <param name="Readiness">Null when the cycle rated against a track's first level (there is no level below to be ready from).</param>
public sealed record AssessmentResults(CycleView Cycle, string Summary, IReadOnlyList<CompetencyResultView> Competencies, ReadinessView? Readiness);
