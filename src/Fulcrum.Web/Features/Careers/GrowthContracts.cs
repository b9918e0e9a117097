using Fulcrum.Core.Careers;

namespace Fulcrum.Web.Features.Careers;

// What the growth-plan API and pages send and receive (docs/careers.md, "Growth plans"). The rules
// they are checked by are in Fulcrum.Core's GrowthRules; the service is GrowthPlans.

/// <param name="Kind">goal, stretch (a stretch assignment) or sprint (a learning sprint).</param>
/// <param name="Competencies">Competency ids of the active ladder the item grows (at most 5).</param>
/// <param name="GoalId">For stretch assignments and sprints: the goal they serve.</param>
/// <param name="StartsOn">A sprint's first day (required for sprints).</param>
/// <param name="EndsOn">A sprint's last day (required; at most <see cref="GrowthRules.MaxSprintDays"/> days after the first), or a goal's or stretch assignment's target day.</param>
/// <param name="Status">planned, active, done or dropped; a new sprint is planned or active by its dates, anything else active.</param>
/// <param name="Progress">0 to 100.</param>
public sealed record AddGrowthItemRequest(string Kind, string Title, string? Detail = null, IReadOnlyList<string>? Competencies = null,
    long? GoalId = null, DateOnly? StartsOn = null, DateOnly? EndsOn = null, string? Status = null, int? Progress = null);

/// <summary>Changes to an item: what is left out stays as it was; an empty text clears an optional field.</summary>
public sealed record UpdateGrowthItemRequest(string? Title = null, string? Detail = null, IReadOnlyList<string>? Competencies = null,
    long? GoalId = null, DateOnly? StartsOn = null, DateOnly? EndsOn = null, string? Status = null, int? Progress = null);

/// <param name="Outcome">achieved, partly or not-achieved.</param>
/// <param name="Note">What was learned, what changed, what comes next.</param>
public sealed record CheckInRequest(string Outcome, string Note);

public sealed record SetFocusRequest(string? Focus);

/// <param name="TimeBox">For sprints: where the time box stands today ("3 days left", "ended 2 days ago: due for a check-in").</param>
public sealed record GrowthItemView(long Id, GrowthItemKind Kind, string Title, string? Detail, IReadOnlyList<string> Competencies, long? GoalId, string? Goal,
    GrowthStatus Status, int Progress, DateOnly? StartsOn, DateOnly? EndsOn, string? TimeBox, bool CheckInDue, SprintOutcome? Outcome, string? CheckIn,
    DateTime? CheckedInAt, DateTime UpdatedAt);

public sealed record GrowthPlanView(PersonRef Person, string? Focus, GrowthProgress Progress, IReadOnlyList<GrowthItemView> Goals,
    IReadOnlyList<GrowthItemView> Stretch, IReadOnlyList<GrowthItemView> Sprints, DateTime? UpdatedAt);

public sealed record GrowthPlanSummary(PersonRef Person, bool HasPlan, GrowthProgress Progress);
