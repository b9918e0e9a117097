using Fulcrum.Core;
using Fulcrum.Core.Access;
using Fulcrum.Core.Organisation;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Careers;

/// <param name="Kind">goal, stretch (a stretch assignment) or sprint (a learning sprint).</param>
/// <param name="Competencies">Competency ids of the active ladder the item grows (at most 5).</param>
/// <param name="GoalId">For stretch assignments and sprints: the goal they serve.</param>
/// <param name="StartsOn">A sprint's first day (required for sprints).</param>
/// <param name="EndsOn">A sprint's last day (required; at most <see cref="GrowthPlans.MaxSprintDays"/> days after the first), or a goal's or stretch assignment's target day.</param>
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

/// <param name="Percent">The average progress of the goals still pursued (dropped ones left out).</param>
public sealed record GrowthProgress(int Goals, int GoalsDone, int Stretch, int StretchDone, int Sprints, int SprintsDone, int CheckInsDue, int Percent, string Summary);

public sealed record GrowthPlanView(PersonRef Person, string? Focus, GrowthProgress Progress, IReadOnlyList<GrowthItemView> Goals,
    IReadOnlyList<GrowthItemView> Stretch, IReadOnlyList<GrowthItemView> Sprints, DateTime? UpdatedAt);

public sealed record GrowthPlanSummary(PersonRef Person, bool HasPlan, GrowthProgress Progress);

/// <summary>
/// Growth plans: goals tied to competencies, stretch assignments and time-boxed learning sprints
/// closed by a check-in. A private record (<see cref="PrivateRecordPolicy"/>): the person and their
/// manager chain read and change it; anyone else is told there is no such plan. Methods take the
/// acting person's id, so pages, the API and the demo seeder share every rule.
/// </summary>
public sealed class GrowthPlans(FulcrumDbContext db, PersonAccess access, LadderStore ladders, TimeProvider clock)
{
    public const int MaxTitleLength = 300;
    public const int MaxDetailLength = 2000;
    /// <summary>A learning sprint is a short time box: six weeks at most, so it ends in a check-in while it is still fresh.</summary>
    public const int MaxSprintDays = 42;

    public async Task<GrowthPlanView> PlanAsync(int viewerId, int personId, CancellationToken cancellationToken = default)
    {
        var person = await RequireReadableAsync(viewerId, personId, cancellationToken);
        var plan = await db.GrowthPlans.Include(p => p.Items).AsNoTracking().SingleOrDefaultAsync(p => p.PersonId == personId, cancellationToken);
        return View(person, plan);
    }

    /// <summary>The viewer's own plan and those of their reporting line (direct and further down), by name after their own.</summary>
    public async Task<IReadOnlyList<GrowthPlanSummary>> VisibleAsync(int viewerId, CancellationToken cancellationToken = default)
    {
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var people = await db.People.OrderBy(p => p.Name).Select(p => new PersonRef(p.Id, p.Name)).ToListAsync(cancellationToken);
        var visible = people.Where(p => p.Id == viewerId).Concat(people.Where(p => p.Id != viewerId && lines.IsInManagerChain(viewerId, p.Id))).ToList();
        var ids = visible.Select(p => p.Id).ToList();
        var plans = await db.GrowthPlans.Include(p => p.Items).AsNoTracking().Where(p => ids.Contains(p.PersonId)).ToDictionaryAsync(p => p.PersonId, cancellationToken);
        return [.. visible.Select(p => new GrowthPlanSummary(p, plans.ContainsKey(p.Id), Progress(plans.GetValueOrDefault(p.Id)?.Items ?? [])))];
    }

    public async Task<GrowthPlanView> SetFocusAsync(int actorId, int personId, SetFocusRequest request, CancellationToken cancellationToken = default)
    {
        var person = await RequireReadableAsync(actorId, personId, cancellationToken);
        var focus = string.IsNullOrWhiteSpace(request.Focus) ? null : request.Focus.Trim();
        if (focus?.Length > MaxDetailLength)
        {
            throw ProblemException.Invalid("The focus was not saved", $"focus: at most {MaxDetailLength} characters.");
        }
        var plan = await PlanForChangeAsync(personId, cancellationToken);
        plan.Focus = focus;
        plan.UpdatedAt = Now();
        await SaveAsync(plan, cancellationToken);
        return View(person, plan);
    }

    public async Task<GrowthItemView> AddItemAsync(int actorId, int personId, AddGrowthItemRequest request, CancellationToken cancellationToken = default)
    {
        await RequireReadableAsync(actorId, personId, cancellationToken);
        var plan = await PlanForChangeAsync(personId, cancellationToken);
        var problems = new List<string>();
        var kindText = request.Kind?.Trim().ToLowerInvariant() ?? "";
        GrowthItemKind? kind = kindText switch
        {
            "goal" => GrowthItemKind.Goal,
            "stretch" or "stretch-assignment" => GrowthItemKind.Stretch,
            "sprint" or "learning-sprint" => GrowthItemKind.Sprint,
            _ => null,
        };
        if (kind is null)
        {
            problems.Add($"kind: '{kindText}' is not a kind of growth item; use goal, stretch or sprint.");
        }
        var item = new GrowthItem { Title = "", Kind = kind ?? GrowthItemKind.Goal, CreatedByPersonId = actorId, CreatedAt = Now(), UpdatedAt = Now() };
        item.Title = CheckTitle(request.Title, problems);
        item.Detail = CheckDetail(request.Detail, "detail", problems);
        item.Competencies = await CheckCompetenciesAsync(request.Competencies, problems, cancellationToken);
        item.GoalId = CheckGoal(plan, item, request.GoalId, problems);
        (item.StartsOn, item.EndsOn) = CheckDates(item.Kind, request.StartsOn, request.EndsOn, problems);
        var today = Today();
        item.Status = request.Status is null
            ? item.Kind == GrowthItemKind.Sprint && item.StartsOn > today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) ? GrowthStatus.Planned : GrowthStatus.Active
            : CheckStatus(request.Status, problems) ?? GrowthStatus.Active;
        item.Progress = CheckProgress(request.Progress, item.Status, problems) ?? (item.Status == GrowthStatus.Done ? 100 : 0);
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid(kind is null ? "Nothing was added" : $"The {Name(item.Kind)} was not added", problems);
        }
        plan.Items.Add(item);
        plan.UpdatedAt = Now();
        await SaveAsync(plan, cancellationToken);
        return ItemView(item, plan.Items, today);
    }

    public async Task<GrowthItemView> UpdateItemAsync(int actorId, int personId, long itemId, UpdateGrowthItemRequest request, CancellationToken cancellationToken = default)
    {
        await RequireReadableAsync(actorId, personId, cancellationToken);
        var plan = await PlanForChangeAsync(personId, cancellationToken);
        var item = plan.Items.SingleOrDefault(i => i.Id == itemId) ?? throw NoItem(itemId);
        var problems = new List<string>();
        if (request.Title is not null)
        {
            item.Title = CheckTitle(request.Title, problems);
        }
        if (request.Detail is not null)
        {
            item.Detail = CheckDetail(request.Detail, "detail", problems);
        }
        if (request.Competencies is not null)
        {
            item.Competencies = await CheckCompetenciesAsync(request.Competencies, problems, cancellationToken);
        }
        if (request.GoalId is not null)
        {
            item.GoalId = request.GoalId == 0 ? null : CheckGoal(plan, item, request.GoalId, problems);
        }
        if (request.StartsOn is not null || request.EndsOn is not null)
        {
            (item.StartsOn, item.EndsOn) = CheckDates(item.Kind,
                request.StartsOn ?? Day(item.StartsOn), request.EndsOn ?? Day(item.EndsOn), problems);
        }
        if (request.Status is not null && CheckStatus(request.Status, problems) is GrowthStatus status)
        {
            item.Status = status;
        }
        if (CheckProgress(request.Progress, item.Status, problems) is int progress)
        {
            item.Progress = progress;
        }
        else if (item.Status == GrowthStatus.Done)
        {
            item.Progress = 100;
        }
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid($"The {Name(item.Kind)} was not changed", problems);
        }
        item.UpdatedAt = plan.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return ItemView(item, plan.Items, Today());
    }

    /// <summary>Ends a learning sprint with its outcome and a note; the sprint is done.</summary>
    public async Task<GrowthItemView> CheckInAsync(int actorId, int personId, long itemId, CheckInRequest request, CancellationToken cancellationToken = default)
    {
        await RequireReadableAsync(actorId, personId, cancellationToken);
        var plan = await PlanForChangeAsync(personId, cancellationToken);
        var item = plan.Items.SingleOrDefault(i => i.Id == itemId) ?? throw NoItem(itemId);
        var problems = new List<string>();
        if (item.Kind != GrowthItemKind.Sprint)
        {
            problems.Add($"kind: only learning sprints end with a check-in; '{item.Title}' is a {Name(item.Kind)}.");
        }
        SprintOutcome? outcome = request.Outcome?.Trim().ToLowerInvariant() switch
        {
            "achieved" => SprintOutcome.Achieved,
            "partly" => SprintOutcome.Partly,
            "not-achieved" or "notachieved" or "not achieved" => SprintOutcome.NotAchieved,
            _ => null,
        };
        if (outcome is null)
        {
            problems.Add($"outcome: '{request.Outcome?.Trim()}' is not an outcome; use achieved, partly or not-achieved.");
        }
        var note = CheckDetail(request.Note, "note", problems);
        if (note is null)
        {
            problems.Add("note: say what was learned and what comes next.");
        }
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid("The check-in was not saved", problems);
        }
        (item.Outcome, item.CheckIn, item.CheckedInAt, item.Status, item.Progress) = (outcome, note, Now(), GrowthStatus.Done, 100);
        item.UpdatedAt = plan.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return ItemView(item, plan.Items, Today());
    }

    public async Task RemoveItemAsync(int actorId, int personId, long itemId, CancellationToken cancellationToken = default)
    {
        await RequireReadableAsync(actorId, personId, cancellationToken);
        var plan = await PlanForChangeAsync(personId, cancellationToken);
        var item = plan.Items.SingleOrDefault(i => i.Id == itemId) ?? throw NoItem(itemId);
        // Items that served a removed goal stay, no longer tied to it.
        foreach (var served in plan.Items.Where(i => i.GoalId == item.Id))
        {
            served.GoalId = null;
        }
        plan.Items.Remove(item);
        db.GrowthItems.Remove(item);
        plan.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Counts per kind, sprints due for a check-in, and the goals' average progress. Pure: no database.</summary>
    public GrowthProgress Progress(IReadOnlyCollection<GrowthItem> items)
    {
        var today = Today();
        int Of(GrowthItemKind kind, bool done = false) => items.Count(i => i.Kind == kind && i.Status != GrowthStatus.Dropped && (!done || i.Status == GrowthStatus.Done));
        var pursued = items.Where(i => i.Kind == GrowthItemKind.Goal && i.Status != GrowthStatus.Dropped).ToList();
        var percent = pursued.Count == 0 ? 0 : (int)Math.Round(pursued.Average(i => i.Progress));
        var due = items.Count(i => CheckInDue(i, today));
        var (goals, goalsDone) = (Of(GrowthItemKind.Goal), Of(GrowthItemKind.Goal, true));
        var summary = items.Count == 0
            ? "Nothing planned yet."
            : $"{goalsDone} of {Count(goals, "goal")} done ({percent}% overall); {Of(GrowthItemKind.Stretch, true)} of {Count(Of(GrowthItemKind.Stretch), "stretch assignment")} done; "
                + $"{Of(GrowthItemKind.Sprint, true)} of {Count(Of(GrowthItemKind.Sprint), "learning sprint")} checked in"
                + (due > 0 ? $"; {Count(due, "sprint")} due for a check-in." : ".");
        return new(goals, goalsDone, Of(GrowthItemKind.Stretch), Of(GrowthItemKind.Stretch, true), Of(GrowthItemKind.Sprint), Of(GrowthItemKind.Sprint, true),
            due, percent, summary);
    }

    private async Task<PersonRef> RequireReadableAsync(int viewerId, int personId, CancellationToken cancellationToken)
    {
        var name = await db.People.Where(p => p.Id == personId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null || !PrivateRecordPolicy.CanRead(viewerId, personId, await access.ReportingLinesAsync(cancellationToken)))
        {
            throw ProblemException.NotFound($"There is no growth plan of person {personId} for you.");
        }
        return new(personId, name);
    }

    private async Task<GrowthPlan> PlanForChangeAsync(int personId, CancellationToken cancellationToken)
    {
        // A person without a plan gets one with their first change; nothing is stored for a refused one.
        return await db.GrowthPlans.Include(p => p.Items).SingleOrDefaultAsync(p => p.PersonId == personId, cancellationToken)
            ?? new GrowthPlan { PersonId = personId, CreatedAt = Now(), UpdatedAt = Now() };
    }

    private async Task SaveAsync(GrowthPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Id == 0)
        {
            db.GrowthPlans.Add(plan);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private GrowthPlanView View(PersonRef person, GrowthPlan? plan)
    {
        var items = plan?.Items ?? [];
        var today = Today();
        List<GrowthItemView> Of(GrowthItemKind kind) => [.. items.Where(i => i.Kind == kind)
            .OrderBy(i => i.Status is GrowthStatus.Done or GrowthStatus.Dropped).ThenBy(i => i.StartsOn ?? i.EndsOn ?? i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => ItemView(i, items, today))];
        return new(person, plan?.Focus, Progress(items), Of(GrowthItemKind.Goal), Of(GrowthItemKind.Stretch), Of(GrowthItemKind.Sprint), plan?.UpdatedAt);
    }

    private static GrowthItemView ItemView(GrowthItem item, IReadOnlyCollection<GrowthItem> all, DateOnly today) =>
        new(item.Id, item.Kind, item.Title, item.Detail, Recognition.Split(item.Competencies), item.GoalId,
            item.GoalId is long goal ? all.FirstOrDefault(i => i.Id == goal)?.Title : null,
            item.Status, item.Progress, Day(item.StartsOn), Day(item.EndsOn), TimeBox(item, today), CheckInDue(item, today), item.Outcome, item.CheckIn,
            item.CheckedInAt, item.UpdatedAt);

    /// <summary>Where a sprint's time box stands on <paramref name="today"/>, in words.</summary>
    public static string? TimeBox(GrowthItem item, DateOnly today)
    {
        if (item.Kind != GrowthItemKind.Sprint || Day(item.StartsOn) is not DateOnly start || Day(item.EndsOn) is not DateOnly end)
        {
            return null;
        }
        var length = end.DayNumber - start.DayNumber + 1;
        var box = $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd} ({Count(length, "day")})";
        if (item.CheckedInAt is not null || item.Status == GrowthStatus.Dropped)
        {
            return box;
        }
        if (today < start)
        {
            return $"{box}: starts in {Count(start.DayNumber - today.DayNumber, "day")}";
        }
        if (today <= end)
        {
            var left = end.DayNumber - today.DayNumber;
            return $"{box}: {(left == 0 ? "last day" : Count(left, "day") + " left")}";
        }
        return $"{box}: ended {Count(today.DayNumber - end.DayNumber, "day")} ago, due for a check-in";
    }

    private static bool CheckInDue(GrowthItem item, DateOnly today) =>
        item.Kind == GrowthItemKind.Sprint && item.CheckedInAt is null && item.Status != GrowthStatus.Dropped
        && Day(item.EndsOn) is DateOnly end && end < today;

    private static string CheckTitle(string? title, List<string> problems)
    {
        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxTitleLength)
        {
            problems.Add($"title: 1 to {MaxTitleLength} characters.");
        }
        return trimmed;
    }

    private static string? CheckDetail(string? text, string field, List<string> problems)
    {
        var trimmed = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (trimmed?.Length > MaxDetailLength)
        {
            problems.Add($"{field}: at most {MaxDetailLength} characters; this has {trimmed.Length}.");
        }
        return trimmed;
    }

    private static long? CheckGoal(GrowthPlan plan, GrowthItem item, long? goalId, List<string> problems)
    {
        if (goalId is not long id)
        {
            return null;
        }
        if (item.Kind == GrowthItemKind.Goal)
        {
            problems.Add("goalId: a goal does not serve another goal; stretch assignments and sprints do.");
            return null;
        }
        if (!plan.Items.Any(i => i.Id == id && i.Kind == GrowthItemKind.Goal))
        {
            problems.Add($"goalId: this plan has no goal {id}.");
            return null;
        }
        return id;
    }

    private static (DateTime?, DateTime?) CheckDates(GrowthItemKind kind, DateOnly? startsOn, DateOnly? endsOn, List<string> problems)
    {
        if (kind == GrowthItemKind.Sprint)
        {
            if (startsOn is null || endsOn is null)
            {
                problems.Add("startsOn, endsOn: a learning sprint is a time box; give its first and last day.");
            }
            else if (endsOn < startsOn)
            {
                problems.Add($"endsOn: {endsOn:yyyy-MM-dd} is before the first day, {startsOn:yyyy-MM-dd}.");
            }
            else if (endsOn.Value.DayNumber - startsOn.Value.DayNumber + 1 > MaxSprintDays)
            {
                problems.Add($"endsOn: a learning sprint lasts at most {MaxSprintDays} days; this one would last {endsOn.Value.DayNumber - startsOn.Value.DayNumber + 1}. Split it into shorter sprints with a check-in each.");
            }
        }
        else if (startsOn is not null && endsOn is not null && endsOn < startsOn)
        {
            problems.Add($"endsOn: {endsOn:yyyy-MM-dd} is before startsOn, {startsOn:yyyy-MM-dd}.");
        }
        return (startsOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), endsOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }

    private static GrowthStatus? CheckStatus(string status, List<string> problems)
    {
        if (Enum.TryParse<GrowthStatus>(status.Trim(), ignoreCase: true, out var parsed) && !int.TryParse(status, out _))
        {
            return parsed;
        }
        problems.Add($"status: '{status.Trim()}' is not a status; use planned, active, done or dropped.");
        return null;
    }

    private static int? CheckProgress(int? progress, GrowthStatus status, List<string> problems)
    {
        if (progress is int p && (p < 0 || p > 100))
        {
            problems.Add($"progress: 0 to 100 (per cent); got {p}.");
            return null;
        }
        return status == GrowthStatus.Done ? 100 : progress;
    }

    private async Task<string?> CheckCompetenciesAsync(IReadOnlyList<string>? ids, List<string> problems, CancellationToken cancellationToken) =>
        await ladders.CheckCompetenciesAsync(ids, problems, cancellationToken) is { Count: > 0 } wanted ? string.Join(',', wanted) : null;

    public static string Name(GrowthItemKind kind) => kind switch
    {
        GrowthItemKind.Goal => "goal",
        GrowthItemKind.Stretch => "stretch assignment",
        GrowthItemKind.Sprint => "learning sprint",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static ProblemException NoItem(long itemId) => ProblemException.NotFound($"This growth plan has no item {itemId}.");


    private static DateOnly? Day(DateTime? at) => at is DateTime d ? DateOnly.FromDateTime(d) : null;

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
