using System.Globalization;
using NodaTime;

namespace Fulcrum.Core.Calendar;

/// <summary>
/// Reads an RRULE value into a <see cref="RecurrenceRule"/>, rejecting what RFC 5545 3.3.10 forbids
/// with one sentence naming the part, so a person can fix the file.
/// </summary>
internal static class RecurrenceRuleParser
{
    public static RecurrenceRule? Parse(string text, out string? error)
    {
        error = null;
        RecurrenceFrequency? frequency = null;
        int? count = null, interval = null;
        CalendarDateTime? until = null;
        IsoDayOfWeek? weekStart = null;
        int[]? bySecond = null, byMinute = null, byHour = null, byMonthDay = null, byYearDay = null,
            byWeekNo = null, byMonth = null, bySetPos = null;
        WeekdayNumber[]? byDay = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var rawPart in (text ?? "").Trim().Split(';'))
        {
            var part = rawPart.Trim();
            if (part.Length == 0)
            {
                continue;
            }
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"\"{part}\" is not a NAME=VALUE part of a recurrence rule.";
                return null;
            }
            var name = part[..equals].Trim().ToUpperInvariant();
            var value = part[(equals + 1)..].Trim();
            if (name.StartsWith("X-", StringComparison.Ordinal) || name is "RSCALE" or "SKIP")
            {
                continue;
            }
            if (!seen.Add(name))
            {
                error = $"{name} is given twice; a rule names each part once.";
                return null;
            }
            if (value.Length == 0)
            {
                error = $"{name} has no value.";
                return null;
            }
            switch (name)
            {
                case "FREQ":
                    frequency = ParseFrequency(value);
                    if (frequency is null)
                    {
                        error = $"FREQ: \"{value}\" is not a frequency (SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY).";
                        return null;
                    }
                    break;
                case "UNTIL":
                    until = ParseUntil(value);
                    if (until is null)
                    {
                        error = $"UNTIL: \"{value}\" is not a date (20261231) or date-time (20261231T235959 or 20261231T235959Z).";
                        return null;
                    }
                    break;
                case "COUNT":
                    if (!TryNumber(name, value, 1, int.MaxValue, "at least 1", out var c, out error))
                    {
                        return null;
                    }
                    count = c;
                    break;
                case "INTERVAL":
                    if (!TryNumber(name, value, 1, int.MaxValue, "at least 1", out var i, out error))
                    {
                        return null;
                    }
                    interval = i;
                    break;
                case "BYSECOND":
                    if ((bySecond = ParseList(name, value, 0, 60, false, out error)) is null)
                    {
                        return null;
                    }
                    break;
                case "BYMINUTE":
                    if ((byMinute = ParseList(name, value, 0, 59, false, out error)) is null)
                    {
                        return null;
                    }
                    break;
                case "BYHOUR":
                    if ((byHour = ParseList(name, value, 0, 23, false, out error)) is null)
                    {
                        return null;
                    }
                    break;
                case "BYMONTHDAY":
                    if ((byMonthDay = ParseList(name, value, 1, 31, true, out error)) is null)
                    {
                        return null;
                    }
                    break;
                case "BYYEARDAY":
                    if ((byYearDay = ParseList(name, value, 1, 366, true, out error)) is null)
                    {
                        return null;
                    }
                    break;
                case "BYWEEKNO":
                    if ((byWeekNo = ParseList(name, value, 1, 53, true, out error)) is null)
                    {
                        return null;
                    }
                    break;
                case "BYMONTH":
                    if ((byMonth = ParseList(name, value, 1, 12, false, out error)) is null)
                    {
                        return null;
                    }
                    break;
                case "BYSETPOS":
                    if ((bySetPos = ParseList(name, value, 1, 366, true, out error)) is null)
                    {
                        return null;
                    }
                    break;
                case "BYDAY":
                    if ((byDay = ParseDays(value, out error)) is null)
                    {
                        return null;
                    }
                    break;
                case "WKST":
                    weekStart = ParseDay(value);
                    if (weekStart is null)
                    {
                        error = $"WKST: \"{value}\" is not a weekday (MO, TU, WE, TH, FR, SA or SU).";
                        return null;
                    }
                    break;
                default:
                    error = $"{name} is not a part of a recurrence rule (RFC 5545 3.3.10).";
                    return null;
            }
        }

        if (frequency is not { } freq)
        {
            error = "FREQ is missing; every recurrence rule needs one.";
            return null;
        }
        if (count is not null && until is not null)
        {
            error = "COUNT and UNTIL are both given; a rule may have one or the other, not both.";
            return null;
        }
        if (byDay is not null && Array.Exists(byDay, d => d.Ordinal != 0))
        {
            if (freq is not (RecurrenceFrequency.Monthly or RecurrenceFrequency.Yearly))
            {
                error = $"BYDAY: a numbered weekday ({Array.Find(byDay, d => d.Ordinal != 0)}) is only allowed with FREQ=MONTHLY or FREQ=YEARLY.";
                return null;
            }
            if (freq == RecurrenceFrequency.Yearly && byWeekNo is not null)
            {
                error = $"BYDAY: a numbered weekday ({Array.Find(byDay, d => d.Ordinal != 0)}) is not allowed with FREQ=YEARLY and BYWEEKNO.";
                return null;
            }
        }
        if (byWeekNo is not null && freq != RecurrenceFrequency.Yearly)
        {
            error = $"BYWEEKNO is only allowed with FREQ=YEARLY, not FREQ={RecurrenceRule.FrequencyName(freq)}.";
            return null;
        }
        if (byYearDay is not null && freq is RecurrenceFrequency.Daily or RecurrenceFrequency.Weekly or RecurrenceFrequency.Monthly)
        {
            error = $"BYYEARDAY is not allowed with FREQ={RecurrenceRule.FrequencyName(freq)}.";
            return null;
        }
        if (byMonthDay is not null && freq == RecurrenceFrequency.Weekly)
        {
            error = "BYMONTHDAY is not allowed with FREQ=WEEKLY.";
            return null;
        }
        if (bySetPos is not null && bySecond is null && byMinute is null && byHour is null && byDay is null
            && byMonthDay is null && byYearDay is null && byWeekNo is null && byMonth is null)
        {
            error = "BYSETPOS needs another BYxxx part to pick from.";
            return null;
        }

        return new RecurrenceRule
        {
            Frequency = freq,
            Interval = interval ?? 1,
            Count = count,
            Until = until,
            BySecond = bySecond ?? [],
            ByMinute = byMinute ?? [],
            ByHour = byHour ?? [],
            ByDay = byDay ?? [],
            ByMonthDay = byMonthDay ?? [],
            ByYearDay = byYearDay ?? [],
            ByWeekNo = byWeekNo ?? [],
            ByMonth = byMonth ?? [],
            BySetPos = bySetPos ?? [],
            WeekStart = weekStart ?? IsoDayOfWeek.Monday,
        };
    }

    private static RecurrenceFrequency? ParseFrequency(string value) => value.ToUpperInvariant() switch
    {
        "SECONDLY" => RecurrenceFrequency.Secondly,
        "MINUTELY" => RecurrenceFrequency.Minutely,
        "HOURLY" => RecurrenceFrequency.Hourly,
        "DAILY" => RecurrenceFrequency.Daily,
        "WEEKLY" => RecurrenceFrequency.Weekly,
        "MONTHLY" => RecurrenceFrequency.Monthly,
        "YEARLY" => RecurrenceFrequency.Yearly,
        _ => null,
    };

    internal static IsoDayOfWeek? ParseDay(string value) => value.ToUpperInvariant() switch
    {
        "MO" => IsoDayOfWeek.Monday,
        "TU" => IsoDayOfWeek.Tuesday,
        "WE" => IsoDayOfWeek.Wednesday,
        "TH" => IsoDayOfWeek.Thursday,
        "FR" => IsoDayOfWeek.Friday,
        "SA" => IsoDayOfWeek.Saturday,
        "SU" => IsoDayOfWeek.Sunday,
        _ => null,
    };

    private static CalendarDateTime? ParseUntil(string value)
    {
        var upper = value.ToUpperInvariant();
        if (upper.Length == 8 && TryDigits(upper, 0, 8, out _))
        {
            return TryDate(upper) is { } date ? CalendarDateTime.ForDate(date) : null;
        }
        var utc = upper.EndsWith('Z');
        var body = utc ? upper[..^1] : upper;
        if (body.Length != 15 || body[8] != 'T' || TryDate(body[..8]) is not { } day
            || !TryDigits(body, 9, 2, out var hour) || !TryDigits(body, 11, 2, out var minute) || !TryDigits(body, 13, 2, out var second)
            || hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }
        // A leap second (60) cannot be held by LocalDateTime; the last whole second before it bounds the same instances.
        var local = day.At(new LocalTime(hour, minute, Math.Min(second, 59)));
        return utc ? CalendarDateTime.ForUtc(local) : CalendarDateTime.Floating(local);
    }

    private static LocalDate? TryDate(string digits)
    {
        if (!TryDigits(digits, 0, 4, out var year) || !TryDigits(digits, 4, 2, out var month) || !TryDigits(digits, 6, 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return null;
        }
        return new LocalDate(year, month, day);
    }

    private static bool TryDigits(string text, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            if (i >= text.Length || text[i] is < '0' or > '9')
            {
                return false;
            }
            value = value * 10 + (text[i] - '0');
        }
        return true;
    }

    private static bool TryNumber(string name, string value, int min, int max, string range, out int number, out string? error)
    {
        error = null;
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            error = $"{name}: \"{value}\" is not a whole number.";
            return false;
        }
        if (number < min || number > max)
        {
            error = $"{name}: {number} is out of range ({range}).";
            return false;
        }
        return true;
    }

    private static int[]? ParseList(string name, string value, int min, int max, bool signed, out string? error)
    {
        var items = value.Split(',');
        var numbers = new int[items.Length];
        var range = signed
            ? $"{min}..{max} or -{max}..-{min}"
            : $"{min}..{max}";
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i].Trim();
            if (!int.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                error = $"{name}: \"{item}\" is not a whole number.";
                return null;
            }
            var magnitude = Math.Abs((long)number);
            if ((number < 0 && !signed) || magnitude < min || magnitude > max || (signed && number == 0))
            {
                error = $"{name}: {number} is out of range ({range}).";
                return null;
            }
            numbers[i] = number;
        }
        error = null;
        return numbers;
    }

    private static WeekdayNumber[]? ParseDays(string value, out string? error)
    {
        var items = value.Split(',');
        var days = new WeekdayNumber[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i].Trim();
            var day = item.Length >= 2 ? ParseDay(item[^2..]) : null;
            if (day is null)
            {
                error = $"BYDAY: \"{item}\" is not a weekday (MO, TU, WE, TH, FR, SA or SU, optionally numbered like 1MO or -1FR).";
                return null;
            }
            var ordinalText = item[..^2];
            var ordinal = 0;
            if (ordinalText.Length > 0)
            {
                if (!int.TryParse(ordinalText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ordinal))
                {
                    error = $"BYDAY: \"{item}\" is not a weekday (MO, TU, WE, TH, FR, SA or SU, optionally numbered like 1MO or -1FR).";
                    return null;
                }
                if (ordinal == 0 || Math.Abs(ordinal) > 53)
                {
                    error = $"BYDAY: {ordinal} in \"{item}\" is out of range (1..53 or -53..-1).";
                    return null;
                }
            }
            days[i] = new WeekdayNumber(day.Value, ordinal);
        }
        error = null;
        return days;
    }
}
