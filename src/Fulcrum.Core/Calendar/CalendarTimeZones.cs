using NodaTime;
using NodaTime.TimeZones;

namespace Fulcrum.Core.Calendar;

/// <summary>
/// The time zones a calendar's TZIDs name, and turning its date-time values into instants.
/// <para>
/// A TZID is looked up, in order: the calendar's own VTIMEZONE of that name (RFC 5545 makes it the
/// definition, so a file says what it means even for zones whose rules changed); an IANA name
/// ("Europe/Paris"), also behind the global-unique prefixes some producers put before it
/// ("/mozilla.org/20050126_1/America/New_York", "/citadel.org/…"); a Windows name as Outlook and
/// Exchange write them ("W. Europe Standard Time"), through the CLDR mapping; and "UTC"/"GMT"/"Z".
/// A TZID found nowhere is a problem, and its times are read as floating (the reader's zone).
/// </para>
/// <para>
/// Local times are mapped to instants as RFC 5545 3.3.5 says: a time that does not exist (skipped
/// by a spring-forward gap) is read with the offset before the gap, which moves it forward by the
/// gap's length; a time that happens twice (fall back) is the first of the two.
/// </para>
/// </summary>
public sealed class CalendarTimeZones
{
    /// <summary>RFC 5545's reading of local times that a transition skips or repeats.</summary>
    public static readonly ZoneLocalMappingResolver Rfc5545 = Resolvers.LenientResolver;

    private static readonly IDateTimeZoneProvider Tzdb = DateTimeZoneProviders.Tzdb;

    private readonly Dictionary<string, DateTimeZone> embedded;
    private readonly Dictionary<string, DateTimeZone?> resolved = new(StringComparer.Ordinal);

    private CalendarTimeZones(Dictionary<string, DateTimeZone> embedded) => this.embedded = embedded;

    /// <summary>No VTIMEZONE of its own: TZIDs are looked up by name only.</summary>
    public static CalendarTimeZones ByName { get; } = new(new Dictionary<string, DateTimeZone>(StringComparer.Ordinal));

    /// <summary>The zones defined by a calendar's VTIMEZONE components; each one that cannot be used is a problem.</summary>
    public static CalendarTimeZones From(IEnumerable<CalendarComponent> timeZones, ICollection<CalendarProblem> problems)
    {
        var embedded = new Dictionary<string, DateTimeZone>(StringComparer.Ordinal);
        foreach (var component in timeZones)
        {
            var id = component.Property("TZID")?.Value.Trim();
            if (string.IsNullOrEmpty(id))
            {
                problems.Add(new CalendarProblem(component.Line, "VTIMEZONE has no TZID; it is ignored."));
                continue;
            }
            if (VTimeZone.Read(id, component, problems) is { } zone)
            {
                // The first definition of a TZID wins, like the first of a duplicated property.
                embedded.TryAdd(id, zone);
            }
        }
        return new CalendarTimeZones(embedded);
    }

    /// <summary>The zone a TZID names, or null when it names none this calendar or the zone database knows.</summary>
    public DateTimeZone? Find(string timeZoneId)
    {
        if (resolved.TryGetValue(timeZoneId, out var known))
        {
            return known;
        }
        var zone = embedded.TryGetValue(timeZoneId, out var own) ? own : FindByName(timeZoneId);
        resolved[timeZoneId] = zone;
        return zone;
    }

    /// <summary>An IANA or Windows zone name, tolerating the decorations real files put around it.</summary>
    public static DateTimeZone? FindByName(string name)
    {
        var id = name.Trim().Trim('"');
        if (id.Length == 0)
        {
            return null;
        }
        if (id is "UTC" or "GMT" or "Z" or "Etc/UTC" or "Etc/GMT" or "Coordinated Universal Time")
        {
            return DateTimeZone.Utc;
        }
        if (Tzdb.GetZoneOrNull(id) is { } iana)
        {
            return iana;
        }
        if (TzdbDateTimeZoneSource.Default.WindowsMapping.PrimaryMapping.TryGetValue(id, out var fromWindows))
        {
            return Tzdb.GetZoneOrNull(fromWindows);
        }
        // A global-unique TZID ("/mozilla.org/20050126_1/America/New_York"): the IANA name is the tail.
        var slashes = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var skip = 1; skip < slashes.Length; skip++)
        {
            if (Tzdb.GetZoneOrNull(string.Join('/', slashes[skip..])) is { } tail)
            {
                return tail;
            }
        }
        return null;
    }

    /// <summary>
    /// The instant a value stands for. Dates and floating times are read in <paramref name="floating"/>
    /// (the reader's zone), as are times whose TZID is unknown (<see cref="Find"/> says which).
    /// </summary>
    public Instant ToInstant(CalendarDateTime value, DateTimeZone floating) => value.Kind switch
    {
        CalendarTimeKind.Utc => value.Local.InUtc().ToInstant(),
        CalendarTimeKind.Zoned => value.Local.InZone(Find(value.TimeZoneId!) ?? floating, Rfc5545).ToInstant(),
        _ => value.Local.InZone(floating, Rfc5545).ToInstant(),
    };

    /// <summary>The zone <paramref name="value"/>'s wall-clock readings are in.</summary>
    public DateTimeZone ZoneOf(CalendarDateTime value, DateTimeZone floating) => value.Kind switch
    {
        CalendarTimeKind.Utc => DateTimeZone.Utc,
        CalendarTimeKind.Zoned => Find(value.TimeZoneId!) ?? floating,
        _ => floating,
    };
}

/// <summary>
/// A zone defined in the file by a VTIMEZONE (RFC 5545 3.6.5): each STANDARD or DAYLIGHT observance
/// starts at its DTSTART, again at each RRULE and RDATE onset, and sets the offset TZOFFSETTO until
/// the next onset of any observance. Onsets are computed once up to <see cref="Horizon"/>; after the
/// last one the last offset holds.
/// </summary>
internal sealed class VTimeZone : DateTimeZone
{
    /// <summary>How far ahead onsets are computed (an occurrence past it keeps the last offset).</summary>
    public static readonly LocalDateTime Horizon = new(2200, 1, 1, 0, 0);

    private readonly Instant[] starts;
    private readonly ZoneInterval[] intervals;
    private readonly ZoneInterval before;

    private VTimeZone(string id, Offset min, Offset max, Instant[] starts, ZoneInterval[] intervals, ZoneInterval before)
        : base(id, false, min, max)
    {
        this.starts = starts;
        this.intervals = intervals;
        this.before = before;
    }

    private readonly record struct Onset(Instant At, Offset From, Offset To, string Name, bool Daylight);

    public static VTimeZone? Read(string id, CalendarComponent component, ICollection<CalendarProblem> problems)
    {
        var onsets = new List<Onset>();
        foreach (var observance in component.Components)
        {
            var daylight = string.Equals(observance.Name, "DAYLIGHT", StringComparison.OrdinalIgnoreCase);
            if (!daylight && !string.Equals(observance.Name, "STANDARD", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            ReadObservance(id, observance, daylight, onsets, problems);
        }
        if (onsets.Count == 0)
        {
            problems.Add(new CalendarProblem(component.Line, $"VTIMEZONE '{id}' has no usable STANDARD or DAYLIGHT part; its TZID is looked up by name instead."));
            return null;
        }
        // Stable order by instant; two observances starting at the same instant: the one listed last wins.
        var ordered = onsets.Select((onset, order) => (onset, order)).OrderBy(o => o.onset.At).ThenBy(o => o.order)
            .GroupBy(o => o.onset.At).Select(g => g.Last().onset).ToArray();
        var starts = new Instant[ordered.Length];
        var intervals = new ZoneInterval[ordered.Length];
        var min = ordered[0].From;
        var max = ordered[0].From;
        for (var i = 0; i < ordered.Length; i++)
        {
            var onset = ordered[i];
            Instant? end = i + 1 < ordered.Length ? ordered[i + 1].At : null;
            starts[i] = onset.At;
            intervals[i] = new ZoneInterval(onset.Name, onset.At, end, onset.To, onset.Daylight ? onset.To - onset.From : Offset.Zero);
            min = Offset.Min(min, onset.To);
            max = Offset.Max(max, onset.To);
        }
        // Before its first onset a zone keeps the offset that onset changes from.
        var before = new ZoneInterval(ordered[0].Name, null, ordered[0].At, ordered[0].From, Offset.Zero);
        return new VTimeZone(id, min, max, starts, intervals, before);
    }

    private static void ReadObservance(string id, CalendarComponent observance, bool daylight, List<Onset> onsets, ICollection<CalendarProblem> problems)
    {
        var where = $"VTIMEZONE '{id}' {observance.Name}";
        var start = observance.Property("DTSTART");
        var fromText = observance.Property("TZOFFSETFROM");
        var toText = observance.Property("TZOFFSETTO");
        if (start is null || fromText is null || toText is null)
        {
            problems.Add(new CalendarProblem(observance.Line, $"{where} needs DTSTART, TZOFFSETFROM and TZOFFSETTO; it is ignored."));
            return;
        }
        if (!CalendarValues.TryParseUtcOffset(fromText.Value, out var from, out var fromError)
            || !CalendarValues.TryParseUtcOffset(toText.Value, out var to, out fromError))
        {
            problems.Add(new CalendarProblem(fromText.Line, $"{where}: {fromError}"));
            return;
        }
        if (!CalendarValues.TryParseDateTime(start.Value, start.Parameter("VALUE"), null, out var dtstart, out var startError))
        {
            problems.Add(new CalendarProblem(start.Line, $"{where} DTSTART: {startError}"));
            return;
        }
        var name = observance.Property("TZNAME")?.Value ?? id;
        // An observance's DTSTART and RRULE instances are local times in the offset in force before it starts.
        Instant Onset(LocalDateTime local) => local.WithOffset(from).ToInstant();
        onsets.Add(new Onset(Onset(dtstart.Local), from, to, name, daylight));
        foreach (var rruleProperty in observance.PropertiesNamed("RRULE"))
        {
            var rule = RecurrenceRule.Parse(rruleProperty.Value, out var ruleError);
            if (rule is null)
            {
                problems.Add(new CalendarProblem(rruleProperty.Line, $"{where} RRULE: {ruleError}"));
                continue;
            }
            Func<LocalDateTime, bool>? pastUntil = rule.Until is { Kind: CalendarTimeKind.Utc } until
                ? local => Onset(local) > until.Local.InUtc().ToInstant()
                : null;
            foreach (var local in RecurrenceExpansion.Instances(rule, dtstart.Local, pastUntil))
            {
                if (local >= VTimeZone.Horizon)
                {
                    break;
                }
                onsets.Add(new Onset(Onset(local), from, to, name, daylight));
            }
        }
        foreach (var rdate in observance.PropertiesNamed("RDATE"))
        {
            if (!CalendarValues.TryParseDateTimeList(rdate.Value, rdate.Parameter("VALUE"), null, out var dates, out var rdateError))
            {
                problems.Add(new CalendarProblem(rdate.Line, $"{where} RDATE: {rdateError}"));
                continue;
            }
            foreach (var date in dates)
            {
                onsets.Add(new Onset(date.Kind == CalendarTimeKind.Utc ? date.Local.InUtc().ToInstant() : Onset(date.Local), from, to, name, daylight));
            }
        }
    }

    public override ZoneInterval GetZoneInterval(Instant instant)
    {
        var index = Array.BinarySearch(starts, instant);
        if (index < 0)
        {
            index = ~index - 1;
        }
        return index < 0 ? before : intervals[index];
    }
}
