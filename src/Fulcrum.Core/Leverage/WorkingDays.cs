using NodaTime;

namespace Fulcrum.Core.Leverage;

/// <summary>
/// The days of a leader's working week, as a person writes them: a range (<c>mon-fri</c>,
/// <c>sun-thu</c>), a list (<c>mon,tue,thu</c>) or both; day names in full or by their first three
/// letters, any case.
/// </summary>
public static class WorkingDays
{
    public static readonly IReadOnlySet<IsoDayOfWeek> MondayToFriday = new HashSet<IsoDayOfWeek>
        { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday };

    private static readonly string[] Short = ["", "mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>The days written, or null with a sentence saying what could not be read.</summary>
    public static IReadOnlySet<IsoDayOfWeek>? Parse(string text, out string? error)
    {
        var days = new HashSet<IsoDayOfWeek>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length > 2 || ends.Any(e => Day(e) is null))
            {
                error = $"'{(part.Length > 30 ? part[..30] : part)}' is not a day or a range of days like mon-fri.";
                return null;
            }
            var first = Day(ends[0])!.Value;
            var last = Day(ends[^1])!.Value;
            // A range runs forward through the week and wraps: sun-thu is Sunday to Thursday.
            for (var day = first; ; day = day == IsoDayOfWeek.Sunday ? IsoDayOfWeek.Monday : day + 1)
            {
                days.Add(day);
                if (day == last)
                {
                    break;
                }
            }
        }
        if (days.Count == 0)
        {
            error = "Name at least one working day, e.g. mon-fri.";
            return null;
        }
        error = null;
        return days;
    }

    /// <summary>The canonical form stored and shown: <c>mon,tue,wed,thu,fri</c>, in week order from Monday.</summary>
    public static string Format(IReadOnlySet<IsoDayOfWeek> days) =>
        string.Join(',', days.Order().Select(d => Short[(int)d]));

    private static IsoDayOfWeek? Day(string text)
    {
        var name = text.Trim().ToLowerInvariant();
        if (name.Length < 3)
        {
            return null;
        }
        for (var i = 1; i < Short.Length; i++)
        {
            if (name.StartsWith(Short[i], StringComparison.Ordinal)
                && (name.Length == 3 || name == ((IsoDayOfWeek)i).ToString().ToLowerInvariant()))
            {
                return (IsoDayOfWeek)i;
            }
        }
        return null;
    }
}
