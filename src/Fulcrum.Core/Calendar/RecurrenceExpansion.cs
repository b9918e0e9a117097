using NodaTime;

namespace Fulcrum.Core.Calendar;

/// <summary>Expands a <see cref="RecurrenceRule"/> into the wall-clock times it names (RFC 5545 3.3.10).</summary>
public static class RecurrenceExpansion
{
    /// <summary>
    /// The rule's instances as local (wall-clock) times, ascending, computed lazily.
    /// <paramref name="start"/> is DTSTART's wall-clock time (midnight for a DATE). Only instances at or
    /// after start that match the rule are produced, as python-dateutil does: DTSTART itself comes out
    /// only when it matches, and the caller adds it to the recurrence set. COUNT counts what is produced.
    /// UNTIL is inclusive; when <paramref name="isPastUntil"/> is given it decides instead (the caller
    /// uses it for a UTC UNTIL against zoned starts), otherwise the rule's UNTIL is compared with the
    /// wall-clock time (a DATE UNTIL includes its whole day).
    /// <paramref name="notBefore"/> says instances before it are not wanted: without COUNT the expansion
    /// starts at the first period that can hold it, so an endless series costs nothing for the years
    /// before the window. A few earlier instances may still come out; callers filter.
    /// Expansion ends at the end of year 9999 at the latest, and skips days that fail the day-level
    /// parts whole, so a rule that matches nothing ends instead of hanging.
    /// </summary>
    public static IEnumerable<LocalDateTime> Instances(
        RecurrenceRule rule, LocalDateTime start, Func<LocalDateTime, bool>? isPastUntil = null, LocalDateTime? notBefore = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new RecurrenceExpander(rule, start, isPastUntil, notBefore).Run();
    }
}
