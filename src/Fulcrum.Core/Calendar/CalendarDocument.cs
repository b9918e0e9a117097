using NodaTime;

namespace Fulcrum.Core.Calendar;

/// <summary>
/// One occurrence of an event in a window: the event as it applies to this occurrence (an override's
/// own properties when the instance was changed), when it starts and ends, and which instance of its
/// series it is (<see cref="RecurrenceId"/>, the start the series gave it; null for a one-off event).
/// An all-day occurrence also has its first and last-plus-one <see cref="Dates"/>.
/// </summary>
public sealed record CalendarOccurrence(
    CalendarEvent Event, CalendarDateTime? RecurrenceId, Instant Start, Instant End, DateInterval? Dates)
{
    public string Uid => Event.Uid;
    public bool IsAllDay => Dates is not null;
    public NodaTime.Duration Length => End - Start;
}

/// <summary>
/// A calendar file read whole: its events, the time zones it defines and every problem found, and
/// the occurrences of its events in a window. Series are expanded lazily: an endless weekly meeting
/// costs only the weeks inside the window.
/// </summary>
public sealed class CalendarDocument
{
    private readonly Dictionary<string, List<CalendarEvent>> byUid;

    private CalendarDocument(IReadOnlyList<CalendarComponent> calendars, IReadOnlyList<CalendarEvent> events, CalendarTimeZones timeZones, IReadOnlyList<CalendarProblem> problems)
    {
        Calendars = calendars;
        Events = events;
        TimeZones = timeZones;
        Problems = problems;
        byUid = new Dictionary<string, List<CalendarEvent>>(StringComparer.Ordinal);
        foreach (var calendarEvent in events)
        {
            if (!byUid.TryGetValue(calendarEvent.Uid, out var group))
            {
                byUid[calendarEvent.Uid] = group = [];
            }
            group.Add(calendarEvent);
        }
    }

    public IReadOnlyList<CalendarComponent> Calendars { get; }
    public IReadOnlyList<CalendarEvent> Events { get; }
    public CalendarTimeZones TimeZones { get; }

    /// <summary>What could not be read, in file order; the events that could be read are kept.</summary>
    public IReadOnlyList<CalendarProblem> Problems { get; }

    /// <summary>The most occurrences one window gives before it is refused as too large.</summary>
    public const int DefaultLimit = 1_000_000;

    /// <summary>The most instances of one series counted out before the window starts (a COUNT rule cannot skip ahead).</summary>
    public const long MostBeforeWindow = 10_000_000;

    public static CalendarDocument Read(string text) => From(CalendarParser.Parse(text));

    public static CalendarDocument Read(ReadOnlySpan<byte> bytes) => From(CalendarParser.Parse(bytes));

    private static CalendarDocument From(CalendarParseResult parsed)
    {
        var problems = new List<CalendarProblem>(parsed.Problems);
        var zones = CalendarTimeZones.From(parsed.Calendars.SelectMany(c => c.ComponentsNamed("VTIMEZONE")), problems);
        var events = new List<CalendarEvent>();
        foreach (var component in parsed.Calendars.SelectMany(c => c.ComponentsNamed("VEVENT")))
        {
            if (CalendarEvent.From(component, problems) is { } calendarEvent)
            {
                events.Add(calendarEvent);
            }
        }
        // Each unknown TZID once, at the first event that names it.
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var calendarEvent in events)
        {
            foreach (var zoneId in ZoneIds(calendarEvent))
            {
                if (named.Add(zoneId) && zones.Find(zoneId) is null)
                {
                    problems.Add(new CalendarProblem(calendarEvent.Source.Line, $"Unknown time zone '{zoneId}': not defined by a VTIMEZONE here, nor an IANA or Windows zone name. Its times are read as floating (in the reader's zone)."));
                }
            }
        }
        problems.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new CalendarDocument(parsed.Calendars, events, zones, problems);
    }

    private static IEnumerable<string> ZoneIds(CalendarEvent e)
    {
        IEnumerable<CalendarDateTime?> values = [e.Start, e.End, e.RecurrenceId, .. e.RecurrenceDates.Select(p => (CalendarDateTime?)p.Start), .. e.ExceptionDates.Select(d => (CalendarDateTime?)d)];
        return values.Where(v => v is { Kind: CalendarTimeKind.Zoned }).Select(v => v!.Value.TimeZoneId!);
    }

    /// <summary>
    /// Every occurrence that overlaps [<paramref name="from"/>, <paramref name="to"/>) (an occurrence
    /// with no length counts when it starts inside), ordered by start, then UID. Dates and floating
    /// times are read in <paramref name="floating"/>, the reader's zone. Cancelled events and
    /// cancelled instances are left out. More than <paramref name="limit"/> occurrences is refused
    /// (an every-second series over a year would be 31 million): ask for a shorter window.
    /// </summary>
    public IReadOnlyList<CalendarOccurrence> Occurrences(Instant from, Instant to, DateTimeZone floating, int limit = DefaultLimit)
    {
        var found = new List<CalendarOccurrence>();
        if (to <= from)
        {
            return found;
        }
        foreach (var group in byUid.Values)
        {
            var masters = group.Where(e => e.RecurrenceId is null).ToList();
            var overrides = group.Where(e => e.RecurrenceId is not null).ToList();
            var master = masters.OrderByDescending(e => e.Sequence).FirstOrDefault();
            foreach (var one in masters.Where(m => !ReferenceEquals(m, master)))
            {
                // Two events with the same UID and no RECURRENCE-ID: each is its own event.
                new SeriesExpansion(this, one, [], floating, from, to, limit).AddTo(found);
            }
            if (master is not null)
            {
                new SeriesExpansion(this, master, overrides, floating, from, to, limit).AddTo(found);
            }
            foreach (var changed in overrides)
            {
                // An instance moved or changed: it is where its own DTSTART says, whatever the series says.
                if (changed.Status != EventStatus.Cancelled && (master is null || master.Status != EventStatus.Cancelled))
                {
                    var occurrence = Single(changed, changed.Start, changed.RecurrenceId, floating);
                    if (Overlaps(occurrence, from, to))
                    {
                        found.Add(occurrence);
                    }
                }
            }
            if (found.Count > limit)
            {
                throw TooMany(limit, from, to);
            }
        }
        found.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Uid, b.Uid));
        return found;
    }

    private static ProblemException TooMany(int limit, Instant from, Instant to) =>
        ProblemException.TooLarge("Too many occurrences",
            $"More than {limit:N0} occurrences between {from} and {to}; ask for a shorter window.");

    private static bool Overlaps(CalendarOccurrence occurrence, Instant from, Instant to) =>
        occurrence.Start < to && (occurrence.End > from || (occurrence.End == occurrence.Start && occurrence.Start >= from));

    /// <summary>An occurrence of <paramref name="calendarEvent"/> starting at <paramref name="start"/>, with the event's length.</summary>
    private CalendarOccurrence Single(CalendarEvent calendarEvent, CalendarDateTime start, CalendarDateTime? recurrenceId, DateTimeZone floating)
    {
        var startInstant = TimeZones.ToInstant(start, floating);
        if (start.IsDate)
        {
            var days = DaysLong(calendarEvent);
            var endDate = start.Date.PlusDays(days);
            var endInstant = endDate.AtMidnight().InZone(floating, CalendarTimeZones.Rfc5545).ToInstant();
            return new CalendarOccurrence(calendarEvent, recurrenceId, startInstant, endInstant, new DateInterval(start.Date, days > 0 ? endDate.PlusDays(-1) : start.Date));
        }
        return new CalendarOccurrence(calendarEvent, recurrenceId, startInstant, EndOf(calendarEvent, start, startInstant, floating), null);
    }

    /// <summary>A date event's length in days: DTEND − DTSTART, else its DURATION's days, else one day.</summary>
    private static int DaysLong(CalendarEvent calendarEvent)
    {
        if (calendarEvent.End is { IsDate: true } end)
        {
            return Period.Between(calendarEvent.Start.Date, end.Date, PeriodUnits.Days).Days;
        }
        return calendarEvent.Duration is { } duration ? Math.Max(0, duration.NominalDays) : 1;
    }

    /// <summary>Where an instance starting at <paramref name="start"/> ends (RFC 5545 3.8.5.3).</summary>
    private Instant EndOf(CalendarEvent calendarEvent, CalendarDateTime start, Instant startInstant, DateTimeZone floating)
    {
        if (calendarEvent.End is { } end)
        {
            // A DTEND gives every instance the exact length of the first.
            var length = TimeZones.ToInstant(end, floating) - TimeZones.ToInstant(calendarEvent.Start, floating);
            return length > NodaTime.Duration.Zero ? startInstant + length : startInstant;
        }
        if (calendarEvent.Duration is { } duration)
        {
            // Days are added on the wall clock (a day across a DST change is 23 or 25 hours), hours exactly.
            var afterDays = duration.NominalDays == 0 ? startInstant : TimeZones.ToInstant(start.At(start.Local.PlusDays(duration.NominalDays)), floating);
            return afterDays + duration.ExactTime;
        }
        return startInstant;
    }

    /// <summary>One series (or one-off event) expanded over a window, its changed and cancelled instances applied.</summary>
    private sealed class SeriesExpansion(CalendarDocument document, CalendarEvent master, IReadOnlyList<CalendarEvent> overrides, DateTimeZone floating, Instant from, Instant to, int limit)
    {
        private readonly CalendarTimeZones zones = document.TimeZones;

        public void AddTo(List<CalendarOccurrence> found)
        {
            if (master.Status == EventStatus.Cancelled)
            {
                return;
            }
            if (!master.IsRecurring)
            {
                var single = document.Single(master, master.Start, null, floating);
                if (Overlaps(single, from, to))
                {
                    found.Add(single);
                }
                return;
            }

            var replaced = new HashSet<Instant>();
            var fromHere = new List<(Instant Id, CalendarEvent Event)>();
            foreach (var changed in overrides)
            {
                var id = zones.ToInstant(changed.RecurrenceId!.Value, floating);
                replaced.Add(id);
                if (changed.ThisAndFuture)
                {
                    fromHere.Add((id, changed));
                }
            }
            fromHere.Sort((a, b) => a.Id.CompareTo(b.Id));

            var excluded = new HashSet<Instant>();
            var excludedDates = new HashSet<LocalDate>();
            foreach (var exception in master.ExceptionDates)
            {
                if (exception.IsDate && !master.Start.IsDate)
                {
                    // EXDATE;VALUE=DATE on a timed series (seen in the wild): every instance that day.
                    excludedDates.Add(exception.Date);
                }
                else
                {
                    excluded.Add(zones.ToInstant(exception, floating));
                }
            }

            // How far before the window an instance may start and still reach into it.
            var reach = Reach();
            var zone = zones.ZoneOf(master.Start, floating);
            var windowStart = (from - reach).InZone(zone).LocalDateTime;
            var windowEnd = (to + reach).InZone(zone).LocalDateTime;
            var seen = new HashSet<Instant>();

            void Consider(CalendarDateTime instanceStart, CalendarPeriod? period)
            {
                var id = zones.ToInstant(instanceStart, floating);
                if (!seen.Add(id) || replaced.Contains(id) || excluded.Contains(id) || excludedDates.Contains(instanceStart.Date))
                {
                    return;
                }
                var applied = master;
                var start = instanceStart;
                if (fromHere.Count > 0 && LastAtOrBefore(fromHere, id) is { } change)
                {
                    // RANGE=THISANDFUTURE: later instances take the change's properties and its shift in time.
                    applied = change.Event;
                    if (applied.Status == EventStatus.Cancelled)
                    {
                        return;
                    }
                    var shift = zones.ToInstant(change.Event.Start, floating) - change.Id;
                    start = instanceStart.Kind == CalendarTimeKind.Date
                        ? instanceStart
                        : instanceStart.At((id + shift).InZone(zones.ZoneOf(instanceStart, floating)).LocalDateTime);
                }
                CalendarOccurrence occurrence;
                if (period is { End: { } periodEnd })
                {
                    var periodStart = zones.ToInstant(start, floating);
                    occurrence = new CalendarOccurrence(applied, instanceStart, periodStart, zones.ToInstant(periodEnd, floating), null);
                }
                else if (period is { Duration: { } periodLength })
                {
                    var periodStart = zones.ToInstant(start, floating);
                    occurrence = new CalendarOccurrence(applied, instanceStart, periodStart,
                        zones.ToInstant(start.At(start.Local.PlusDays(periodLength.NominalDays)), floating) + periodLength.ExactTime, null);
                }
                else
                {
                    occurrence = document.Single(applied, start, instanceStart, floating);
                }
                if (Overlaps(occurrence, from, to))
                {
                    found.Add(occurrence);
                    if (found.Count > limit)
                    {
                        throw TooMany(limit, from, to);
                    }
                }
            }

            if (master.Start.Local >= windowStart && master.Start.Local <= windowEnd)
            {
                Consider(master.Start, null);
            }
            foreach (var written in master.Rules)
            {
                // RFC 5545 3.3.10: DTSTART always counts as the first occurrence, so when it is not
                // itself an instance of the rule, the rule gives one instance fewer.
                var rule = written;
                if (written.Count is int count && RecurrenceExpansion.Instances(written, master.Start.Local).FirstOrDefault() != master.Start.Local)
                {
                    if (count <= 1)
                    {
                        continue;
                    }
                    rule = written with { Count = count - 1 };
                }
                Func<LocalDateTime, bool>? pastUntil = null;
                if (rule.Until is { Kind: CalendarTimeKind.Utc } until && master.Start.Kind != CalendarTimeKind.Utc)
                {
                    var limit = until.Local.InUtc().ToInstant();
                    pastUntil = local => zones.ToInstant(master.Start.At(local), floating) > limit;
                }
                var skipped = 0L;
                foreach (var local in RecurrenceExpansion.Instances(rule, master.Start.Local, pastUntil, windowStart))
                {
                    if (local > windowEnd)
                    {
                        break;
                    }
                    if (local < windowStart && ++skipped > MostBeforeWindow)
                    {
                        // Only a COUNT rule is counted out from its start; one that long would take minutes.
                        throw ProblemException.TooLarge("Series too long",
                            $"The series '{master.Uid}' (line {master.Source.Line}) has more than {MostBeforeWindow:N0} instances before the window; its RRULE is {rule}.");
                    }
                    if (local >= windowStart)
                    {
                        Consider(master.Start.At(local), null);
                    }
                }
            }
            foreach (var period in master.RecurrenceDates)
            {
                Consider(period.Start, period.End is null && period.Duration is null ? null : period);
            }
        }

        /// <summary>The longest an instance can last, plus every THISANDFUTURE shift and a day for zone offsets.</summary>
        private NodaTime.Duration Reach()
        {
            var longest = NodaTime.Duration.FromDays(2);
            foreach (var e in overrides.Append(master))
            {
                var days = e.Duration is { } d ? Math.Abs(d.NominalDays) + 1 : 1;
                var length = e.End is { } end ? NodaTime.Duration.FromDays(Math.Abs(Period.Between(e.Start.Local, end.Local, PeriodUnits.Days).Days) + 2) : NodaTime.Duration.FromDays(days + 1);
                if (e.Duration is { } exact)
                {
                    length += NodaTime.Duration.FromTicks(Math.Abs(exact.ExactTime.BclCompatibleTicks));
                }
                if (e.RecurrenceId is { } id && e.ThisAndFuture)
                {
                    length += NodaTime.Duration.FromTicks(Math.Abs((zones.ToInstant(e.Start, floating) - zones.ToInstant(id, floating)).BclCompatibleTicks));
                }
                longest = NodaTime.Duration.Max(longest, length);
            }
            return longest;
        }

        private static (Instant Id, CalendarEvent Event)? LastAtOrBefore(List<(Instant Id, CalendarEvent Event)> changes, Instant id)
        {
            (Instant, CalendarEvent)? last = null;
            foreach (var change in changes)
            {
                if (change.Id > id)
                {
                    break;
                }
                last = change;
            }
            return last;
        }
    }
}
