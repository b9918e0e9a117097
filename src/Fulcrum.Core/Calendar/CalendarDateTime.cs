using NodaTime;

namespace Fulcrum.Core.Calendar;

/// <summary>The four forms a DATE or DATE-TIME value takes in RFC 5545 (3.3.4, 3.3.5).</summary>
public enum CalendarTimeKind
{
    /// <summary>A whole day (VALUE=DATE): <c>20260301</c>.</summary>
    Date,

    /// <summary>A local time with no zone, the same wall-clock time wherever the reader is: <c>20260301T090000</c>.</summary>
    Floating,

    /// <summary>An instant: <c>20260301T090000Z</c>.</summary>
    Utc,

    /// <summary>A local time in the zone its TZID names: <c>DTSTART;TZID=Europe/Paris:20260301T090000</c>.</summary>
    Zoned,
}

/// <summary>
/// A DATE or DATE-TIME value as written: the wall-clock reading (midnight for a date; the UTC reading
/// for <see cref="CalendarTimeKind.Utc"/>) and, when zoned, the TZID as the file spells it. Turning
/// it into an instant needs the calendar's time zones (<see cref="CalendarTimeZones"/>).
/// </summary>
public readonly record struct CalendarDateTime(LocalDateTime Local, CalendarTimeKind Kind, string? TimeZoneId = null)
{
    public bool IsDate => Kind == CalendarTimeKind.Date;

    public LocalDate Date => Local.Date;

    public static CalendarDateTime ForDate(LocalDate date) => new(date.AtMidnight(), CalendarTimeKind.Date);

    public static CalendarDateTime ForUtc(LocalDateTime utc) => new(utc, CalendarTimeKind.Utc);

    public static CalendarDateTime Floating(LocalDateTime local) => new(local, CalendarTimeKind.Floating);

    public static CalendarDateTime InZone(LocalDateTime local, string timeZoneId) => new(local, CalendarTimeKind.Zoned, timeZoneId);

    /// <summary>The same kind and zone at another wall-clock time (an occurrence of a series).</summary>
    public CalendarDateTime At(LocalDateTime local) => this with { Local = local };

    /// <summary>As RFC 5545 writes the value (without the TZID parameter): 20260301, 20260301T090000, 20260301T090000Z.</summary>
    public override string ToString() => Kind switch
    {
        CalendarTimeKind.Date => Local.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
        CalendarTimeKind.Utc => Local.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        _ => Local.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture),
    };
}
