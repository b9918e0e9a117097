using System.Globalization;
using System.Text;
using NodaTime;

namespace Fulcrum.Core.Calendar;

/// <summary>How often a recurrence rule's periods come round (RFC 5545 3.3.10, FREQ).</summary>
public enum RecurrenceFrequency { Secondly, Minutely, Hourly, Daily, Weekly, Monthly, Yearly }

/// <summary>
/// One BYDAY entry: a weekday, and which one of the month or year it is (1 = first, -1 = last).
/// Ordinal 0 means every such weekday in the period.
/// </summary>
public readonly record struct WeekdayNumber(IsoDayOfWeek Day, int Ordinal)
{
    public override string ToString() =>
        (Ordinal == 0 ? "" : Ordinal.ToString(CultureInfo.InvariantCulture)) + RecurrenceRule.DayCode(Day);
}

/// <summary>
/// An RRULE value (RFC 5545 3.3.10) as data. Lists are empty when the part is absent. Two rules are
/// equal when every part holds the same values in the same order, so a parsed rule can be compared
/// with one built in code.
/// </summary>
public sealed record RecurrenceRule
{
    public required RecurrenceFrequency Frequency { get; init; }
    public int Interval { get; init; } = 1;
    public int? Count { get; init; }
    public CalendarDateTime? Until { get; init; }
    public IReadOnlyList<int> BySecond { get; init; } = [];
    public IReadOnlyList<int> ByMinute { get; init; } = [];
    public IReadOnlyList<int> ByHour { get; init; } = [];
    public IReadOnlyList<WeekdayNumber> ByDay { get; init; } = [];
    public IReadOnlyList<int> ByMonthDay { get; init; } = [];
    public IReadOnlyList<int> ByYearDay { get; init; } = [];
    public IReadOnlyList<int> ByWeekNo { get; init; } = [];
    public IReadOnlyList<int> ByMonth { get; init; } = [];
    public IReadOnlyList<int> BySetPos { get; init; } = [];
    public IsoDayOfWeek WeekStart { get; init; } = IsoDayOfWeek.Monday;

    /// <summary>
    /// Parses an RRULE value such as <c>FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261231T235959Z</c>. Parts may come
    /// in any order and names and values are case-insensitive; X- parts, RSCALE and SKIP (RFC 7529) are
    /// ignored, and so is an empty part (a trailing ';' is common in the wild). Returns null, with a
    /// sentence naming the part in <paramref name="error"/>, when the text is not a valid rule.
    /// </summary>
    public static RecurrenceRule? Parse(string text, out string? error) => RecurrenceRuleParser.Parse(text, out error);

    /// <summary>The rule in RFC 5545 form, parts in a fixed order (FREQ first), defaults left out.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("FREQ=").Append(FrequencyName(Frequency));
        if (Until is { } until)
        {
            text.Append(";UNTIL=").Append(until.ToString());
        }
        if (Count is { } count)
        {
            text.Append(";COUNT=").Append(count.ToString(CultureInfo.InvariantCulture));
        }
        if (Interval != 1)
        {
            text.Append(";INTERVAL=").Append(Interval.ToString(CultureInfo.InvariantCulture));
        }
        AppendList(text, "BYSECOND", BySecond);
        AppendList(text, "BYMINUTE", ByMinute);
        AppendList(text, "BYHOUR", ByHour);
        if (ByDay.Count > 0)
        {
            text.Append(";BYDAY=").AppendJoin(',', ByDay);
        }
        AppendList(text, "BYMONTHDAY", ByMonthDay);
        AppendList(text, "BYYEARDAY", ByYearDay);
        AppendList(text, "BYWEEKNO", ByWeekNo);
        AppendList(text, "BYMONTH", ByMonth);
        AppendList(text, "BYSETPOS", BySetPos);
        if (WeekStart != IsoDayOfWeek.Monday)
        {
            text.Append(";WKST=").Append(DayCode(WeekStart));
        }
        return text.ToString();
    }

    /// <summary>
    /// What makes this rule useless with this DTSTART, as sentences: an UNTIL before DTSTART, or no
    /// instance at all. Empty when the rule is fine. The second is found by expanding the rule itself
    /// over 400 years (the Gregorian calendar repeats every 400 years, so a date pattern that matches
    /// nothing in that span matches nothing ever).
    /// </summary>
    public IReadOnlyList<string> Check(LocalDateTime start)
    {
        var problems = new List<string>();
        if (Until is { } until && (until.IsDate ? until.Date < start.Date : until.Local < start))
        {
            problems.Add($"UNTIL {until} is before DTSTART {start:uuuu-MM-dd'T'HH:mm:ss}, so the rule adds no instance.");
            return problems;
        }
        var endless = this with { Count = null, Until = null };
        var horizon = start.Year <= 9999 - 400 ? start.PlusYears(400) : LocalDateTime.MaxIsoValue;
        var any = false;
        foreach (var instance in RecurrenceExpansion.Instances(endless, start, t => t > horizon))
        {
            any = true;
            if (Until is { } limit && (limit.IsDate ? instance.Date > limit.Date : instance > limit.Local))
            {
                problems.Add($"No instance falls between DTSTART {start:uuuu-MM-dd'T'HH:mm:ss} and UNTIL {limit}.");
            }
            break;
        }
        if (!any)
        {
            problems.Add($"The rule {this} never produces an instance: no date and time from DTSTART {start:uuuu-MM-dd'T'HH:mm:ss} on matches all its parts.");
        }
        return problems;
    }

    public bool Equals(RecurrenceRule? other) =>
        other is not null
        && Frequency == other.Frequency && Interval == other.Interval && Count == other.Count
        && Until == other.Until && WeekStart == other.WeekStart
        && BySecond.SequenceEqual(other.BySecond) && ByMinute.SequenceEqual(other.ByMinute)
        && ByHour.SequenceEqual(other.ByHour) && ByDay.SequenceEqual(other.ByDay)
        && ByMonthDay.SequenceEqual(other.ByMonthDay) && ByYearDay.SequenceEqual(other.ByYearDay)
        && ByWeekNo.SequenceEqual(other.ByWeekNo) && ByMonth.SequenceEqual(other.ByMonth)
        && BySetPos.SequenceEqual(other.BySetPos);

    // The text form is canonical, so it hashes every part without walking each list here.
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    internal static string FrequencyName(RecurrenceFrequency frequency) => frequency switch
    {
        RecurrenceFrequency.Secondly => "SECONDLY",
        RecurrenceFrequency.Minutely => "MINUTELY",
        RecurrenceFrequency.Hourly => "HOURLY",
        RecurrenceFrequency.Daily => "DAILY",
        RecurrenceFrequency.Weekly => "WEEKLY",
        RecurrenceFrequency.Monthly => "MONTHLY",
        _ => "YEARLY",
    };

    internal static string DayCode(IsoDayOfWeek day) => day switch
    {
        IsoDayOfWeek.Monday => "MO",
        IsoDayOfWeek.Tuesday => "TU",
        IsoDayOfWeek.Wednesday => "WE",
        IsoDayOfWeek.Thursday => "TH",
        IsoDayOfWeek.Friday => "FR",
        IsoDayOfWeek.Saturday => "SA",
        _ => "SU",
    };

    private static void AppendList(StringBuilder text, string name, IReadOnlyList<int> values)
    {
        if (values.Count == 0)
        {
            return;
        }
        text.Append(';').Append(name).Append('=');
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(values[i].ToString(CultureInfo.InvariantCulture));
        }
    }
}
