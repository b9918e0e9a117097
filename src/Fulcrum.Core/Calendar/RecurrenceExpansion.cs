using NodaTime;

namespace Fulcrum.Core.Calendar;

/// <summary>
/// Expands a <see cref="RecurrenceRule"/> into the wall-clock times it names (RFC 5545 3.3.10).
/// Where the RFC leaves room, these readings were chosen (and are pinned by the libical and dateutil tests):
/// what a rule leaves out comes from DTSTART, so a YEARLY rule with BYMONTHDAY but no BYMONTH keeps
/// DTSTART's month and a YEARLY rule with only BYWEEKNO keeps DTSTART's weekday (libical; dateutil
/// takes every month or every day); YEARLY with BYWEEKNO steps through week-numbering years, counted
/// from the one DTSTART's week is in; BYDAY entries are alternatives (a day matches any of them) while
/// different BYxxx parts must all match; numbered BYDAY counts within the month for MONTHLY and for
/// YEARLY whose rule names BYMONTH, otherwise within the year (a month taken from DTSTART does not count); a DATE UNTIL includes its whole day; BYSECOND=60
/// names no time (LocalDateTime has no leap second). Time parts (BYHOUR etc.) are applied as given:
/// for a DATE DTSTART the caller should leave them out, as libical does.
/// </summary>
public static class RecurrenceExpansion
{
    /// <summary>
    /// The rule's instances as local (wall-clock) times, ascending, computed lazily.
    /// <paramref name="start"/> is DTSTART's wall-clock time (midnight for a DATE). Only instances at or
    /// after start that match the rule are produced, as python-dateutil does: DTSTART itself comes out
    /// only when it matches, and the caller adds it to the recurrence set. COUNT counts what is produced.
    /// UNTIL is inclusive; when <paramref name="isPastUntil"/> is given it decides instead (the caller
    /// uses it for a UTC UNTIL against zoned starts), otherwise the rule's UNTIL is compared with the
    /// wall-clock time (a DATE UNTIL includes its whole day). It must stay true once true for a later
    /// time: it is also asked about the start of a period, to stop without searching past UNTIL.
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
        return new Expansion(rule, start, isPastUntil, notBefore);
    }

    // Each enumeration gets its own expander, so the sequence can be enumerated again (or twice at once)
    // without one pass continuing from where another stopped.
    private sealed record Expansion(RecurrenceRule Rule, LocalDateTime Start, Func<LocalDateTime, bool>? IsPastUntil, LocalDateTime? NotBefore)
        : IEnumerable<LocalDateTime>
    {
        public IEnumerator<LocalDateTime> GetEnumerator() =>
            new RecurrenceExpander(Rule, Start, IsPastUntil, NotBefore).Run().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
