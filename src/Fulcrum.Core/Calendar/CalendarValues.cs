using System.Globalization;
using System.Text;
using NodaTime;

namespace Fulcrum.Core.Calendar;

/// <summary>
/// A PERIOD value (RFC 5545 3.3.9): a start and either an end or a duration, as written (a period
/// given with a duration keeps it rather than an end computed in a zone the reader cannot see).
/// </summary>
public sealed record CalendarPeriod(CalendarDateTime Start, CalendarDateTime? End, CalendarDuration? Duration);

/// <summary>
/// Readers for property values, which <see cref="CalendarParser"/> keeps exactly as written. Each
/// reader is strict where a guess would put a meeting on the wrong day: an invalid date is an error
/// with a sentence saying why, never a nearby date. Surrounding whitespace is ignored.
/// </summary>
public static class CalendarValues
{
    /// <summary>
    /// Unescapes a TEXT value (RFC 5545 3.3.11): <c>\\</c> <c>\;</c> <c>\,</c> and <c>\n</c> or <c>\N</c>
    /// (a line break). A backslash before anything else is dropped and the character kept, as most
    /// readers do with the stray <c>\:</c> some writers emit. Never fails; the bool is for symmetry.
    /// </summary>
    public static bool TryParseText(string raw, out string text)
    {
        text = Unescape((raw ?? "").AsSpan());
        return true;
    }

    /// <summary>Splits a comma-separated TEXT list (CATEGORIES, RESOURCES) on unescaped commas and unescapes each item.</summary>
    public static IReadOnlyList<string> SplitText(string raw)
    {
        var items = new List<string>();
        var span = (raw ?? "").AsSpan();
        var start = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == '\\')
            {
                i++;
            }
            else if (span[i] == ',')
            {
                items.Add(Unescape(span[start..i]));
                start = i + 1;
            }
        }
        items.Add(Unescape(span[start..]));
        return items;
    }

    /// <summary>Escapes text for a TEXT value: backslash, ';', ',' and line breaks (CRLF, CR or LF become <c>\n</c>).</summary>
    public static string EscapeText(string text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny("\\;,\r\n") < 0)
        {
            return text ?? "";
        }
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' or ';' or ',':
                    builder.Append('\\').Append(c);
                    break;
                case '\r':
                    builder.Append("\\n");
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }

    private static string Unescape(ReadOnlySpan<char> raw)
    {
        var backslash = raw.IndexOf('\\');
        if (backslash < 0)
        {
            return raw.ToString();
        }
        var builder = new StringBuilder(raw.Length);
        builder.Append(raw[..backslash]);
        for (var i = backslash; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '\\' || i + 1 >= raw.Length)
            {
                builder.Append(c);
                continue;
            }
            i++;
            builder.Append(raw[i] is 'n' or 'N' ? '\n' : raw[i]);
        }
        return builder.ToString();
    }

    /// <summary>
    /// Reads a DATE (<c>20260301</c>) or DATE-TIME (<c>20260301T090000</c>, with <c>Z</c> for UTC).
    /// Eight digits, or <paramref name="valueType"/> DATE, mean a date; a date ignores any TZID. A
    /// DATE-TIME with Z is UTC even when a TZID is given (the Z is explicit; the TZID is noise); with a
    /// TZID it is zoned, the TZID kept exactly as written (a leading '/' of a "globally unique" id
    /// included: resolving it is the zone resolver's business); otherwise floating. A leap second
    /// (second 60) is read as second 59, since NodaTime has none.
    /// </summary>
    public static bool TryParseDateTime(string raw, string? valueType, string? tzid, out CalendarDateTime value, out string? error) =>
        TryParseDateTime((raw ?? "").AsSpan(), valueType, tzid, out value, out error);

    private static bool TryParseDateTime(ReadOnlySpan<char> raw, string? valueType, string? tzid, out CalendarDateTime value, out string? error)
    {
        value = default;
        var text = raw.Trim();
        // An empty VALUE= says nothing; the value's own shape decides, as without one.
        valueType = string.IsNullOrWhiteSpace(valueType) ? null : valueType.Trim();
        var declaredDate = string.Equals(valueType, "DATE", StringComparison.OrdinalIgnoreCase);
        if (valueType is not null && !declaredDate && !string.Equals(valueType, "DATE-TIME", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}' is declared VALUE={valueType}, which is not a date or date-time.";
            return false;
        }
        if (text.IsEmpty)
        {
            error = "The value is empty where a date or date-time was expected.";
            return false;
        }
        if (text.Length == 8 || declaredDate)
        {
            if (text.Length != 8 || !AllDigits(text))
            {
                error = declaredDate
                    ? $"'{text}' is not a date: VALUE=DATE needs eight digits, yyyyMMdd."
                    : $"'{text}' is not a date: expected eight digits, yyyyMMdd.";
                return false;
            }
            if (!TryDate(text, out var date, out error))
            {
                return false;
            }
            value = CalendarDateTime.ForDate(date);
            return true;
        }

        var utc = text[^1] is 'Z' or 'z';
        var body = utc ? text[..^1] : text;
        if (body.Length != 15 || body[8] is not ('T' or 't') || !AllDigits(body[..8]) || !AllDigits(body[9..]))
        {
            error = $"'{text}' is not a date-time: expected yyyyMMddTHHmmss, with a Z for UTC (20260301T090000Z).";
            return false;
        }
        if (!TryDate(body[..8], out var day, out error))
        {
            return false;
        }
        var hour = Number(body.Slice(9, 2));
        var minute = Number(body.Slice(11, 2));
        var second = Number(body.Slice(13, 2));
        if (hour > 23 || minute > 59 || second > 60)
        {
            error = $"'{text}' is not a date-time: {(hour > 23 ? $"hour {hour} is not 00 to 23" : minute > 59 ? $"minute {minute} is not 00 to 59" : $"second {second} is not 00 to 60")}.";
            return false;
        }
        var local = day.At(new LocalTime(hour, minute, Math.Min(second, 59)));
        value = utc
            ? CalendarDateTime.ForUtc(local)
            : string.IsNullOrWhiteSpace(tzid) ? CalendarDateTime.Floating(local) : CalendarDateTime.InZone(local, tzid);
        error = null;
        return true;
    }

    /// <summary>Reads a property holding one date or date-time (DTSTART, DTEND, DUE, RECURRENCE-ID ...) with its VALUE and TZID parameters.</summary>
    public static bool TryParseDateTime(CalendarProperty property, out CalendarDateTime value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(property);
        return TryParseDateTime(property.Value, property.Parameter("VALUE"), property.Parameter("TZID"), out value, out error);
    }

    /// <summary>
    /// Reads an RDATE or EXDATE property: dates or date-times, or periods when it says VALUE=PERIOD
    /// (only RDATE may). One of the two lists is filled, the other is empty.
    /// </summary>
    public static bool TryParseRecurrenceDates(
        CalendarProperty property, out IReadOnlyList<CalendarDateTime> dates, out IReadOnlyList<CalendarPeriod> periods, out string? error)
    {
        ArgumentNullException.ThrowIfNull(property);
        var valueType = property.Parameter("VALUE");
        var tzid = property.Parameter("TZID");
        if (string.Equals(valueType?.Trim(), "PERIOD", StringComparison.OrdinalIgnoreCase))
        {
            dates = [];
            return TryParsePeriodList(property.Value, tzid, out periods, out error);
        }
        periods = [];
        return TryParseDateTimeList(property.Value, valueType, tzid, out dates, out error);
    }

    /// <summary>Reads a comma-separated list of dates or date-times (RDATE, EXDATE); every item must read.</summary>
    public static bool TryParseDateTimeList(string raw, string? valueType, string? tzid, out IReadOnlyList<CalendarDateTime> values, out string? error)
    {
        var list = new List<CalendarDateTime>();
        values = list;
        var span = (raw ?? "").AsSpan().Trim();
        if (span.IsEmpty)
        {
            error = "The value is empty where a list of dates or date-times was expected.";
            return false;
        }
        foreach (var range in span.Split(','))
        {
            if (!TryParseDateTime(span[range], valueType, tzid, out var value, out error))
            {
                return false;
            }
            list.Add(value);
        }
        error = null;
        return true;
    }

    /// <summary>
    /// Reads a PERIOD: <c>start/end</c> or <c>start/duration</c> (RFC 5545 3.3.9). The start is a
    /// date-time; a date is accepted too, as free/busy and RDATE lists from some writers use it. The
    /// end must not be before the start, and a duration must not be negative.
    /// </summary>
    public static bool TryParsePeriod(string raw, string? tzid, out CalendarPeriod? period, out string? error) =>
        TryParsePeriod((raw ?? "").AsSpan(), tzid, out period, out error);

    private static bool TryParsePeriod(ReadOnlySpan<char> raw, string? tzid, out CalendarPeriod? period, out string? error)
    {
        period = null;
        var text = raw.Trim();
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            error = $"'{text}' is not a period: expected start/end or start/duration, as in 20260301T090000Z/PT1H.";
            return false;
        }
        if (!TryParseDateTime(text[..slash], null, tzid, out var start, out error))
        {
            error = $"The start of period '{text}' is wrong. {error}";
            return false;
        }
        var second = text[(slash + 1)..].Trim();
        if (second.Length > 0 && second[0] is 'P' or 'p' or '+' or '-')
        {
            if (!CalendarDuration.TryParse(second.ToString(), out var duration, out error))
            {
                error = $"The duration of period '{text}' is wrong. {error}";
                return false;
            }
            if (duration.Negative && !duration.IsZero)
            {
                error = $"'{text}' is not a period: its duration is negative.";
                return false;
            }
            period = new CalendarPeriod(start, null, duration);
            error = null;
            return true;
        }
        if (!TryParseDateTime(second, null, tzid, out var end, out error))
        {
            error = $"The end of period '{text}' is wrong. {error}";
            return false;
        }
        if (end.Kind == start.Kind && end.TimeZoneId == start.TimeZoneId && end.Local < start.Local)
        {
            error = $"'{text}' is not a period: it ends before it starts.";
            return false;
        }
        period = new CalendarPeriod(start, end, null);
        error = null;
        return true;
    }

    /// <summary>Reads a comma-separated list of periods (RDATE;VALUE=PERIOD, FREEBUSY); every item must read.</summary>
    public static bool TryParsePeriodList(string raw, string? tzid, out IReadOnlyList<CalendarPeriod> periods, out string? error)
    {
        var list = new List<CalendarPeriod>();
        periods = list;
        var span = (raw ?? "").AsSpan().Trim();
        if (span.IsEmpty)
        {
            error = "The value is empty where a list of periods was expected.";
            return false;
        }
        foreach (var range in span.Split(','))
        {
            if (!TryParsePeriod(span[range], tzid, out var period, out error))
            {
                return false;
            }
            list.Add(period!);
        }
        error = null;
        return true;
    }

    /// <summary>
    /// Reads a UTC-OFFSET (RFC 5545 3.3.14): <c>+0100</c>, <c>-0500</c>, <c>+053000</c>. Two tolerances
    /// seen in real files and unambiguous: a colon (<c>+01:00</c>, ISO style) and a missing sign
    /// (<c>0100</c>, read as positive). <c>-0000</c>, which RFC 5545 forbids, is read as zero. Offsets
    /// beyond 18 hours are refused: no zone has ever been that far from UTC, and NodaTime stops there.
    /// </summary>
    public static bool TryParseUtcOffset(string raw, out Offset offset, out string? error)
    {
        offset = Offset.Zero;
        var text = (raw ?? "").AsSpan().Trim();
        var sign = 1;
        var digits = text;
        if (!digits.IsEmpty && digits[0] is '+' or '-')
        {
            sign = digits[0] == '-' ? -1 : 1;
            digits = digits[1..];
        }
        Span<char> compact = stackalloc char[6];
        var length = 0;
        foreach (var c in digits)
        {
            if (c == ':' && length is 2 or 4)
            {
                continue;
            }
            if (!char.IsAsciiDigit(c) || length == 6)
            {
                length = -1;
                break;
            }
            compact[length++] = c;
        }
        if (length is not (4 or 6))
        {
            error = $"'{text}' is not a UTC offset: expected +HHMM or +HHMMSS, as in +0100 or -0500.";
            return false;
        }
        var hours = Number(compact[..2]);
        var minutes = Number(compact.Slice(2, 2));
        var seconds = length == 6 ? Number(compact.Slice(4, 2)) : 0;
        var reason =
            minutes > 59 ? $"minute {minutes} is not 00 to 59" :
            seconds > 59 ? $"second {seconds} is not 00 to 59" :
            hours * 3600 + minutes * 60 + seconds > 18 * 3600 ? $"{hours:00}:{minutes:00} is further from UTC than 18:00, which no zone has ever been" :
            null;
        if (reason is not null)
        {
            error = $"'{text}' is not a usable UTC offset: {reason}.";
            return false;
        }
        offset = Offset.FromSeconds(sign * (hours * 3600 + minutes * 60 + seconds));
        error = null;
        return true;
    }

    /// <summary>Reads an INTEGER (RFC 5545 3.3.8): optional sign and digits, within a 32-bit integer.</summary>
    public static bool TryParseInteger(string raw, out int value, out string? error)
    {
        var text = (raw ?? "").AsSpan().Trim();
        var digits = !text.IsEmpty && text[0] is '+' or '-' ? text[1..] : text;
        if (digits.IsEmpty || !AllDigits(digits))
        {
            value = 0;
            error = $"'{text}' is not a whole number.";
            return false;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{text}' is too large a number.";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>
    /// Reads a CAL-ADDRESS (ATTENDEE, ORGANIZER). A <c>mailto:</c> address (the scheme in any case)
    /// comes back as the e-mail address, lower-cased, so the same person matches across files; any
    /// other URI (<c>urn:uuid:…</c>) is kept as written.
    /// </summary>
    public static bool TryParseCalAddress(string raw, out string address, out string? error)
    {
        var text = (raw ?? "").Trim();
        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["mailto:".Length..].Trim().ToLowerInvariant();
        }
        if (text.Length == 0)
        {
            address = "";
            error = "The calendar address is empty.";
            return false;
        }
        address = text;
        error = null;
        return true;
    }

    private static bool TryDate(ReadOnlySpan<char> digits, out LocalDate date, out string? error)
    {
        var year = Number(digits[..4]);
        var month = Number(digits.Slice(4, 2));
        var day = Number(digits.Slice(6, 2));
        date = default;
        if (month is < 1 or > 12)
        {
            error = $"'{digits}' is not a date: month {month} is not 01 to 12.";
            return false;
        }
        if (year < 1)
        {
            error = $"'{digits}' is not a date: year 0000 does not exist.";
            return false;
        }
        var daysInMonth = CalendarSystem.Iso.GetDaysInMonth(year, month);
        if (day < 1 || day > daysInMonth)
        {
            error = $"'{digits}' is not a date: day {day} is not 01 to {daysInMonth} in that month.";
            return false;
        }
        date = new LocalDate(year, month, day);
        error = null;
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    private static int Number(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
