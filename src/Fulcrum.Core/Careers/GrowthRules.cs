using Fulcrum.Core.Access;
using Fulcrum.Core.Organisation;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Core.Careers;

public enum GrowthItemKind
{
    /// <summary>What the person wants to get better at, tied to competencies of the ladder.</summary>
    Goal,

    /// <summary>Real work beyond the person's current level, taken on to grow (often delegated by a manager).</summary>
    Stretch,

    /// <summary>A time-boxed stretch of deliberate learning, closed by a check-in with its outcome.</summary>
    Sprint,
}

public enum GrowthStatus
{
    Planned,
    Active,
    Done,
    Dropped,
}

/// <summary>How a learning sprint went, said at its check-in.</summary>
public enum SprintOutcome
{
    Achieved,
    Partly,
    NotAchieved,
}

/// <summary>A goal, a stretch assignment or a learning sprint, as the rules need it.</summary>
/// <param name="Competencies">Competency ids of the ladder the item grows; empty for none.</param>
/// <param name="GoalId">For stretch assignments and sprints: the goal they serve.</param>
/// <param name="EndsOn">A sprint's last day, or a goal's or stretch assignment's target day.</param>
/// <param name="CheckedIn">A sprint that has had its check-in.</param>
public sealed record GrowthItemState(
    GrowthItemKind Kind, string Title, string? Detail, IReadOnlyList<string> Competencies, long? GoalId,
    GrowthStatus Status, int Progress, DateOnly? StartsOn, DateOnly? EndsOn, bool CheckedIn = false);

/// <summary>What was asked of an item: a field left null stays as it is; an empty text clears an optional one; <c>GoalId: 0</c> unties it.</summary>
public sealed record GrowthItemEdit(string? Title = null, string? Detail = null, IReadOnlyList<string>? Competencies = null,
    long? GoalId = null, DateOnly? StartsOn = null, DateOnly? EndsOn = null, string? Status = null, int? Progress = null);

/// <param name="Percent">The average progress of the goals still pursued (dropped ones left out).</param>
public sealed record GrowthProgress(int Goals, int GoalsDone, int Stretch, int StretchDone, int Sprints, int SprintsDone, int CheckInsDue, int Percent, string Summary);

/// <summary>
/// The rules of a growth plan (docs/careers.md, "Growth plans"): what a goal, a stretch assignment
/// and a learning sprint need, the sprint's time box and check-in, and the plan's progress.
/// Refusals are <see cref="ProblemException"/>s with every problem named, in the words the pages
/// and the API show.
/// </summary>
public static class GrowthRules
{
    public const int MaxTitleLength = 300;
    public const int MaxDetailLength = 2000;

    /// <summary>A learning sprint is a short time box: six weeks at most, so it ends in a check-in while it is still fresh.</summary>
    public const int MaxSprintDays = 42;

    private static readonly TextField TitleField = new(MaxTitleLength);
    private static readonly TextField DetailField = new(MaxDetailLength, Multiline: true);

    /// <summary>
    /// A plan is a private record of the person and their manager chain (<see cref="PrivateRecordPolicy"/>;
    /// raters of their assessments do not read it). Anyone else is told there is no such plan, worded
    /// as for a person who does not exist.
    /// </summary>
    public static void EnsureReadable(int viewerId, int personId, bool personExists, ReportingLines lines)
    {
        if (!personExists || !PrivateRecordPolicy.CanRead(viewerId, personId, lines))
        {
            throw ProblemException.NotFound($"There is no growth plan of person {personId} for you.");
        }
    }

    /// <summary>A plan's focus, trimmed (null for none); refused when it is too long.</summary>
    public static string? Focus(string? focus)
    {
        var trimmed = string.IsNullOrWhiteSpace(focus) ? null : focus.Trim();
        if (trimmed?.Length > MaxDetailLength)
        {
            throw ProblemException.Invalid("The focus was not saved", $"focus: at most {MaxDetailLength} characters.");
        }
        var problems = new List<string>();
        if (!TextRules.Check(trimmed, "focus", DetailField, problems))
        {
            throw ProblemException.Invalid("The focus was not saved", problems);
        }
        return trimmed;
    }

    /// <summary>
    /// A new item of <paramref name="kind"/> (goal, stretch or sprint). A sprint needs its first and
    /// last day; without a status it is planned until it starts and active from then, anything else
    /// active; done means 100% progress.
    /// </summary>
    /// <param name="goalIds">The ids of the plan's goals, which a stretch assignment or sprint may serve.</param>
    public static GrowthItemState Add(string? kind, GrowthItemEdit item, Ladder ladder, IReadOnlyCollection<long> goalIds, DateOnly today)
    {
        var problems = new List<string>();
        var kindText = kind?.Trim().ToLowerInvariant() ?? "";
        GrowthItemKind? parsed = kindText switch
        {
            "goal" => GrowthItemKind.Goal,
            "stretch" or "stretch-assignment" => GrowthItemKind.Stretch,
            "sprint" or "learning-sprint" => GrowthItemKind.Sprint,
            _ => null,
        };
        if (parsed is null)
        {
            problems.Add($"kind: '{kindText}' is not a kind of growth item; use goal, stretch or sprint.");
        }
        var itemKind = parsed ?? GrowthItemKind.Goal;
        var title = CheckTitle(item.Title, problems);
        var detail = CheckText(item.Detail, "detail", problems);
        var competencies = RecordCompetencies.Check(ladder, item.Competencies, problems);
        var goalId = CheckGoal(itemKind, item.GoalId, goalIds, problems);
        var (startsOn, endsOn) = CheckDates(itemKind, item.StartsOn, item.EndsOn, problems);
        var status = item.Status is null
            ? itemKind == GrowthItemKind.Sprint && startsOn > today ? GrowthStatus.Planned : GrowthStatus.Active
            : CheckStatus(item.Status, problems) ?? GrowthStatus.Active;
        var progress = CheckProgress(item.Progress, status, problems) ?? (status == GrowthStatus.Done ? 100 : 0);
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid(parsed is null ? "Nothing was added" : $"The {Name(itemKind)} was not added", problems);
        }
        return new(itemKind, title, detail, competencies, goalId, status, progress, startsOn, endsOn);
    }

    /// <summary>An item changed as <paramref name="edit"/> asks; what it leaves out stays as it was.</summary>
    public static GrowthItemState Change(GrowthItemState item, GrowthItemEdit edit, Ladder ladder, IReadOnlyCollection<long> goalIds)
    {
        var problems = new List<string>();
        var changed = item;
        if (edit.Title is not null)
        {
            changed = changed with { Title = CheckTitle(edit.Title, problems) };
        }
        if (edit.Detail is not null)
        {
            changed = changed with { Detail = CheckText(edit.Detail, "detail", problems) };
        }
        if (edit.Competencies is not null)
        {
            changed = changed with { Competencies = RecordCompetencies.Check(ladder, edit.Competencies, problems) };
        }
        if (edit.GoalId is not null)
        {
            changed = changed with { GoalId = edit.GoalId == 0 ? null : CheckGoal(item.Kind, edit.GoalId, goalIds, problems) };
        }
        if (edit.StartsOn is not null || edit.EndsOn is not null)
        {
            var (startsOn, endsOn) = CheckDates(item.Kind, edit.StartsOn ?? item.StartsOn, edit.EndsOn ?? item.EndsOn, problems);
            changed = changed with { StartsOn = startsOn, EndsOn = endsOn };
        }
        if (edit.Status is not null && CheckStatus(edit.Status, problems) is GrowthStatus status)
        {
            changed = changed with { Status = status };
        }
        if (CheckProgress(edit.Progress, changed.Status, problems) is int progress)
        {
            changed = changed with { Progress = progress };
        }
        else if (changed.Status == GrowthStatus.Done)
        {
            changed = changed with { Progress = 100 };
        }
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid($"The {Name(item.Kind)} was not changed", problems);
        }
        return changed;
    }

    /// <summary>A learning sprint ends with its outcome (achieved, partly, not-achieved) and a note; nothing else has a check-in.</summary>
    public static (SprintOutcome Outcome, string Note) CheckIn(GrowthItemState item, string? outcome, string? note)
    {
        var problems = new List<string>();
        if (item.Kind != GrowthItemKind.Sprint)
        {
            problems.Add($"kind: only learning sprints end with a check-in; '{item.Title}' is a {Name(item.Kind)}.");
        }
        SprintOutcome? parsed = outcome?.Trim().ToLowerInvariant() switch
        {
            "achieved" => SprintOutcome.Achieved,
            "partly" => SprintOutcome.Partly,
            "not-achieved" or "notachieved" or "not achieved" => SprintOutcome.NotAchieved,
            _ => null,
        };
        if (parsed is null)
        {
            problems.Add($"outcome: '{outcome?.Trim()}' is not an outcome; use achieved, partly or not-achieved.");
        }
        var text = CheckText(note, "note", problems);
        if (text is null)
        {
            problems.Add("note: say what was learned and what comes next.");
        }
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid("The check-in was not saved", problems);
        }
        return (parsed!.Value, text!);
    }

    /// <summary>Counts per kind, sprints due for a check-in, and the goals' average progress.</summary>
    public static GrowthProgress Progress(IReadOnlyCollection<GrowthItemState> items, DateOnly today)
    {
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

    /// <summary>Where a sprint's time box stands on <paramref name="today"/>, in words; null for anything but a sprint.</summary>
    public static string? TimeBox(GrowthItemState item, DateOnly today)
    {
        if (item.Kind != GrowthItemKind.Sprint || item.StartsOn is not DateOnly start || item.EndsOn is not DateOnly end)
        {
            return null;
        }
        var length = end.DayNumber - start.DayNumber + 1;
        var box = $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd} ({Count(length, "day")})";
        if (item.CheckedIn || item.Status == GrowthStatus.Dropped)
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

    /// <summary>A sprint past its last day, neither checked in nor dropped.</summary>
    public static bool CheckInDue(GrowthItemState item, DateOnly today) =>
        item.Kind == GrowthItemKind.Sprint && !item.CheckedIn && item.Status != GrowthStatus.Dropped
        && item.EndsOn is DateOnly end && end < today;

    public static string Name(GrowthItemKind kind) => kind switch
    {
        GrowthItemKind.Goal => "goal",
        GrowthItemKind.Stretch => "stretch assignment",
        GrowthItemKind.Sprint => "learning sprint",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string CheckTitle(string? title, List<string> problems)
    {
        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxTitleLength)
        {
            problems.Add($"title: 1 to {MaxTitleLength} characters.");
        }
        else
        {
            TextRules.Check(trimmed, "title", TitleField, problems);
        }
        return trimmed;
    }

    private static string? CheckText(string? text, string field, List<string> problems)
    {
        var trimmed = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (trimmed?.Length > MaxDetailLength)
        {
            problems.Add($"{field}: at most {MaxDetailLength} characters; this has {trimmed.Length}.");
        }
        else
        {
            TextRules.Check(trimmed, field, DetailField, problems);
        }
        return trimmed;
    }

    private static long? CheckGoal(GrowthItemKind kind, long? goalId, IReadOnlyCollection<long> goalIds, List<string> problems)
    {
        if (goalId is not long id)
        {
            return null;
        }
        if (kind == GrowthItemKind.Goal)
        {
            problems.Add("goalId: a goal does not serve another goal; stretch assignments and sprints do.");
            return null;
        }
        if (!goalIds.Contains(id))
        {
            problems.Add($"goalId: this plan has no goal {id}.");
            return null;
        }
        return id;
    }

    private static (DateOnly?, DateOnly?) CheckDates(GrowthItemKind kind, DateOnly? startsOn, DateOnly? endsOn, List<string> problems)
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
        return (startsOn, endsOn);
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
}
