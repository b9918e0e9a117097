using Fulcrum.Core.Calendar;
using NodaTime;

namespace Fulcrum.Core.Leverage;

/// <summary>Someone the audit can name: a direct report or a member of the leader's team (from the organisation model).</summary>
/// <param name="GrowthPlan">Where their growth plan is, to link a delegation to it as a stretch assignment.</param>
public sealed record AuditPerson(string Name, string Email, bool DirectReport, bool Teammate, string? GrowthPlan = null);

/// <summary>Whose calendar it is, their working hours and zone, and who they work with.</summary>
public sealed record AuditSettings(string Me, DateTimeZone Zone, LocalTime WorkStart, LocalTime WorkEnd)
{
    public static readonly LocalTime DefaultStart = new(9, 0);
    public static readonly LocalTime DefaultEnd = new(17, 0);

    /// <summary>A free block at least this long inside working hours is focus time (Paul Graham's maker's schedule: half a day, at least two hours).</summary>
    public static readonly Duration FocusBlock = Duration.FromHours(2);

    public IReadOnlySet<IsoDayOfWeek> WorkingDays { get; init; } = Leverage.WorkingDays.MondayToFriday;

    public IReadOnlyList<AuditPerson> People { get; init; } = [];
}

/// <summary>One week (Monday to Sunday in the leader's zone, cut to the window): where the time went, in hours.</summary>
/// <param name="Load">Meeting hours inside working hours as a share of working hours (0 to 1).</param>
/// <param name="Focus">Free time inside working hours in blocks of two hours or more.</param>
/// <param name="Fragmented">Free time inside working hours in blocks shorter than that.</param>
/// <param name="AfterHours">Meeting time outside working hours and on days off.</param>
/// <param name="AttendeeHours">What the week's meetings cost everyone in them: people × hours.</param>
public sealed record WeekLoad(LocalDate Week, double WorkingHours, double MeetingHours, double Load, double Focus, double Fragmented, double AfterHours, int Meetings, double AttendeeHours);

public enum PresenceAction
{
    Keep,
    Delegate,
    MakeAsync,
    Decline,
    Sunset,
}

/// <summary>One reason for or against being there, with the points it moves the score by.</summary>
public sealed record PresenceReason(int Points, string Text);

/// <summary>
/// A meeting (a series, or a one-off) as the leader spends it in the window: how often, how long,
/// its class, and "is my presence essential?" — a score from 0 (not at all) to 100 with every
/// reason, and the suggested action.
/// </summary>
/// <param name="DelegateTo">For <see cref="PresenceAction.Delegate"/>: who would grow by taking it on.</param>
/// <param name="SunsetRule">For <see cref="PresenceAction.Sunset"/>: the RRULE to apply, with its UNTIL.</param>
public sealed record MeetingAudit(
    string Uid, string Title, MeetingClass Class, int Occurrences, double Hours, double AttendeeHours, int Attendees,
    bool YouOrganise, bool Recurring, bool Endless, int Score, IReadOnlyList<PresenceReason> Reasons,
    PresenceAction Action, string Advice, AuditPerson? DelegateTo, string? SunsetRule);

/// <summary>1:1s with one direct report in the window: when, how regular, and whether a gap is too long.</summary>
public sealed record OneOnOneCadence(AuditPerson Report, IReadOnlyList<LocalDate> Dates, double? MedianGapDays, int LongestGapDays, bool Flagged, string Note);

public sealed record LeverageShare(LeverageLevel Level, double Hours, double Share);

/// <summary>The window's totals, and what was left out of them and why.</summary>
public sealed record AuditTotals(double MeetingHours, double Focus, double Fragmented, double AfterHours, double AttendeeHours, int Meetings,
    int Declined, int Tentative, int Free, int AllDay, int Blocks);

public sealed record AuditResult(
    string Me, Instant From, Instant To, string Zone, IReadOnlyList<WeekLoad> Weeks, IReadOnlyList<MeetingAudit> Meetings,
    IReadOnlyList<OneOnOneCadence> OneOnOnes, IReadOnlyList<LeverageShare> Leverage, AuditTotals Totals);

/// <summary>
/// The calendar audit (docs/leverage.md): where a leader's time goes, which meetings need them, and
/// what to do about the rest. Plain occurrences in, plain figures out; the web app, the CLI and the
/// tests call the same code.
/// <para>
/// A meeting is an occurrence with at least one other person in it (organiser or attendee; rooms and
/// resources are not people). The leader's own blocks (no one else invited) are neither meetings
/// nor busy time. Occurrences the leader declined or answered tentatively, transparent (free) ones and
/// all-day events are left out and counted.
/// </para>
/// </summary>
public static class CalendarAudit
{
    /// <summary>Above this many people a meeting's attendees weigh against your presence.</summary>
    public const int ManyAttendees = 8;

    /// <summary>An invitation's description shorter than this is not an agenda.</summary>
    public const int AgendaLength = 30;

    /// <summary>A 1:1 gap longer than this (and than twice the usual cadence) is flagged.</summary>
    public const int LongestFineGapDays = 14;

    public static AuditResult Run(IReadOnlyList<CalendarOccurrence> occurrences, Instant from, Instant to, AuditSettings settings)
    {
        var me = Normalise(settings.Me);
        var people = settings.People.ToDictionary(p => Normalise(p.Email), StringComparer.Ordinal);
        var meetings = new List<Attended>();
        int declined = 0, tentative = 0, free = 0, allDay = 0, blocks = 0;
        foreach (var occurrence in occurrences)
        {
            var e = occurrence.Event;
            if (occurrence.IsAllDay)
            {
                allDay++;
                continue;
            }
            if (e.Transparent)
            {
                free++;
                continue;
            }
            var participants = Participants(e);
            var mine = e.Attendees.FirstOrDefault(a => Normalise(a.Address) == me);
            var organiser = e.Organizer is { } o && Normalise(o.Address) == me;
            if (!organiser && mine is { ParticipationStatus: CalendarParticipationStatus.Declined })
            {
                declined++;
                continue;
            }
            if (!organiser && mine is { ParticipationStatus: CalendarParticipationStatus.Tentative })
            {
                tentative++;
                continue;
            }
            participants.Add(me);
            if (participants.Count < 2)
            {
                blocks++;
                continue;
            }
            var start = Instant.Max(occurrence.Start, from);
            var end = Instant.Min(occurrence.End, to);
            if (end <= start)
            {
                continue;
            }
            meetings.Add(new Attended(occurrence, start, end, participants, organiser, mine));
        }

        var weeks = Weeks(meetings, from, to, settings);
        var audits = meetings.GroupBy(m => m.Occurrence.Uid, StringComparer.Ordinal)
            .Select(group => Audit([.. group], settings, people, me, to))
            .OrderByDescending(a => a.Hours).ThenBy(a => a.Title, StringComparer.Ordinal)
            .ToList();
        var total = audits.Sum(a => a.Hours);
        var leverage = new List<LeverageShare>();
        foreach (var level in (LeverageLevel[])[LeverageLevel.High, LeverageLevel.Medium, LeverageLevel.Low])
        {
            var hours = audits.Where(a => a.Class.Leverage == level).Sum(a => a.Hours);
            leverage.Add(new LeverageShare(level, Round(hours), total > 0 ? Math.Round(hours / total, 3) : 0));
        }
        var cadence = settings.People.Where(p => p.DirectReport)
            .Select(report => Cadence(report, meetings, me, from, to, settings.Zone))
            .ToList();
        var totals = new AuditTotals(
            Round(weeks.Sum(w => w.MeetingHours)), Round(weeks.Sum(w => w.Focus)), Round(weeks.Sum(w => w.Fragmented)),
            Round(weeks.Sum(w => w.AfterHours)), Round(weeks.Sum(w => w.AttendeeHours)), meetings.Count,
            declined, tentative, free, allDay, blocks);
        return new AuditResult(settings.Me, from, to, settings.Zone.Id, weeks, audits, cadence, leverage, totals);
    }

    private sealed record Attended(CalendarOccurrence Occurrence, Instant Start, Instant End, HashSet<string> Participants, bool YouOrganise, CalendarAttendee? You)
    {
        public double Hours => (End - Start).TotalHours;
    }

    private static string Normalise(string email)
    {
        var address = email.Trim();
        if (address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            address = address[7..];
        }
        return address.ToLowerInvariant();
    }

    /// <summary>The people in a meeting (organiser and attendees, by address), rooms and resources left out.</summary>
    private static HashSet<string> Participants(CalendarEvent e)
    {
        var people = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attendee in e.Attendees)
        {
            if (attendee.UserType is not (CalendarUserType.Room or CalendarUserType.Resource) && attendee.Address.Length > 0)
            {
                people.Add(Normalise(attendee.Address));
            }
        }
        if (e.Organizer is { Address.Length: > 0 } organiser)
        {
            people.Add(Normalise(organiser.Address));
        }
        return people;
    }

    private static List<WeekLoad> Weeks(List<Attended> meetings, Instant from, Instant to, AuditSettings settings)
    {
        var zone = settings.Zone;
        var weeks = new List<WeekLoad>();
        var firstDay = from.InZone(zone).Date;
        var monday = firstDay.PlusDays(-((int)firstDay.DayOfWeek - 1));
        var ordered = meetings.OrderBy(m => m.Start).ToList();
        for (var week = monday; week.AtStartOfDayInZone(zone).ToInstant() < to; week = week.PlusWeeks(1))
        {
            var weekStart = Instant.Max(week.AtStartOfDayInZone(zone).ToInstant(), from);
            var weekEnd = Instant.Min(week.PlusWeeks(1).AtStartOfDayInZone(zone).ToInstant(), to);
            var inWeek = ordered.Where(m => m.Start < weekEnd && m.End > weekStart).ToList();
            var busy = Merge(inWeek.Select(m => (Instant.Max(m.Start, weekStart), Instant.Min(m.End, weekEnd))));
            var working = new List<(Instant Start, Instant End)>();
            for (var day = week; day < week.PlusWeeks(1); day = day.PlusDays(1))
            {
                if (!settings.WorkingDays.Contains(day.DayOfWeek))
                {
                    continue;
                }
                var start = Instant.Max(day.At(settings.WorkStart).InZone(zone, CalendarTimeZones.Rfc5545).ToInstant(), weekStart);
                var end = Instant.Min(day.At(settings.WorkEnd).InZone(zone, CalendarTimeZones.Rfc5545).ToInstant(), weekEnd);
                if (end > start)
                {
                    working.Add((start, end));
                }
            }
            double workingHours = 0, inHours = 0, focus = 0, fragmented = 0;
            foreach (var (start, end) in working)
            {
                workingHours += (end - start).TotalHours;
                var cursor = start;
                foreach (var (busyStart, busyEnd) in busy)
                {
                    if (busyEnd <= start || busyStart >= end)
                    {
                        continue;
                    }
                    var clippedStart = Instant.Max(busyStart, start);
                    var clippedEnd = Instant.Min(busyEnd, end);
                    inHours += (clippedEnd - clippedStart).TotalHours;
                    AddFree(clippedStart - cursor, ref focus, ref fragmented);
                    cursor = Instant.Max(cursor, clippedEnd);
                }
                AddFree(end - cursor, ref focus, ref fragmented);
            }
            var meetingHours = busy.Sum(b => (b.End - b.Start).TotalHours);
            weeks.Add(new WeekLoad(week, Round(workingHours), Round(meetingHours), workingHours > 0 ? Math.Round(inHours / workingHours, 3) : 0,
                Round(focus), Round(fragmented), Round(meetingHours - inHours), inWeek.Count,
                Round(inWeek.Sum(m => m.Participants.Count * (Instant.Min(m.End, weekEnd) - Instant.Max(m.Start, weekStart)).TotalHours))));
        }
        return weeks;
    }

    private static void AddFree(Duration gap, ref double focus, ref double fragmented)
    {
        if (gap <= Duration.Zero)
        {
            return;
        }
        if (gap >= AuditSettings.FocusBlock)
        {
            focus += gap.TotalHours;
        }
        else
        {
            fragmented += gap.TotalHours;
        }
    }

    /// <summary>Overlapping or touching busy times as one: two meetings at once take an hour, not two.</summary>
    private static List<(Instant Start, Instant End)> Merge(IEnumerable<(Instant Start, Instant End)> times)
    {
        var merged = new List<(Instant Start, Instant End)>();
        foreach (var (start, end) in times.OrderBy(t => t.Start))
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Instant.Max(merged[^1].End, end));
            }
            else if (end > start)
            {
                merged.Add((start, end));
            }
        }
        return merged;
    }

    private static MeetingAudit Audit(List<Attended> series, AuditSettings settings, Dictionary<string, AuditPerson> people, string me, Instant to)
    {
        var last = series.MaxBy(m => m.Start)!;
        var e = last.Occurrence.Event;
        var attendees = last.Participants.Count;
        var organise = last.YouOrganise;
        var domain = me[(me.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var colleague = last.Participants.Where(p => p != me).All(p => people.ContainsKey(p) || p.EndsWith("@" + domain, StringComparison.Ordinal));
        var kind = MeetingClassifier.Classify(e.Summary, attendees, organise, colleague);
        var master = series.Select(m => m.Occurrence.Event).FirstOrDefault(x => x.RecurrenceId is null) ?? e;
        var recurring = master.Rules.Count > 0 || series.Count > 1;
        var endless = master.Rules.Any(r => r.Count is null && r.Until is null);
        var reasons = new List<PresenceReason>();
        var others = last.Participants.Where(p => p != me).ToList();
        var colleagues = others.Select(p => people.GetValueOrDefault(p)).OfType<AuditPerson>().ToList();

        if (kind.Kind == MeetingKind.OneOnOne)
        {
            reasons.Add(new(40, others.Count == 1 && people.TryGetValue(others[0], out var with) ? $"A 1:1 with {with.Name} needs both of you." : "A 1:1 needs both of you."));
        }
        if (organise)
        {
            reasons.Add(new(20, "You organise it."));
        }
        else if (kind.Kind != MeetingKind.OneOnOne)
        {
            reasons.Add(new(-5, "Someone else organises it."));
        }
        if (last.You is { Role: CalendarAttendeeRole.OptionalParticipant })
        {
            reasons.Add(new(-25, "You are an optional attendee."));
        }
        if (attendees > MeetingClassifier.BroadcastAttendees)
        {
            reasons.Add(new(-20, $"{attendees} people attend: you are one voice among many."));
        }
        else if (attendees > ManyAttendees)
        {
            reasons.Add(new(-10, $"{attendees} people attend."));
        }
        if (kind.Kind != MeetingKind.OneOnOne && (e.Description?.Trim().Length ?? 0) < AgendaLength)
        {
            reasons.Add(new(-10, "The invitation has no agenda."));
        }
        if (kind.Leverage == LeverageLevel.High && kind.Kind != MeetingKind.OneOnOne)
        {
            reasons.Add(new(15, $"{Label(kind.Kind)}: {kind.Reason}"));
        }
        if (kind.Kind == MeetingKind.Status)
        {
            reasons.Add(new(-15, "A status meeting: the information could be written."));
        }
        if (kind.Kind == MeetingKind.Broadcast && !organise)
        {
            reasons.Add(new(-10, "A broadcast: you would hear the same from its recording or notes."));
        }
        if (endless)
        {
            reasons.Add(new(-10, "It recurs with no end: nobody has had to ask whether it is still needed."));
        }
        var team = colleagues.Where(c => c.Teammate || c.DirectReport).ToList();
        if (kind.Kind != MeetingKind.OneOnOne && team.Count > 0)
        {
            reasons.Add(new(-15, team.Count == 1 ? $"{team[0].Name} from your team also attends." : $"{string.Join(", ", team.Take(3).Select(t => t.Name))} from your team also attend."));
        }
        var score = Math.Clamp(50 + reasons.Sum(r => r.Points), 0, 100);

        var (action, advice, delegateTo, sunset) = Suggest(kind, score, organise, last.You, attendees, endless, master, team, settings, to);
        return new MeetingAudit(series[0].Occurrence.Uid, e.Summary ?? "(no title)", kind, series.Count, Round(series.Sum(m => m.Hours)),
            Round(series.Sum(m => m.Hours * m.Participants.Count)), attendees, organise, recurring, endless, score, reasons, action, advice, delegateTo, sunset);
    }

    /// <summary>The suggested action: the first that fits, in the order a leader would weigh them.</summary>
    private static (PresenceAction, string, AuditPerson?, string?) Suggest(MeetingClass kind, int score, bool organise, CalendarAttendee? you,
        int attendees, bool endless, CalendarEvent master, List<AuditPerson> team, AuditSettings settings, Instant to)
    {
        if (kind.Kind == MeetingKind.OneOnOne || score >= 60)
        {
            return (PresenceAction.Keep, "Keep it: your presence makes a difference here.", null, null);
        }
        if (kind.Kind == MeetingKind.Status)
        {
            return (PresenceAction.MakeAsync, organise
                ? "Make it async: ask for a written update, and meet only on what needs a decision."
                : "Ask for the update in writing, and join only when there is something to decide.", null, null);
        }
        if (kind.Kind == MeetingKind.Broadcast && !organise)
        {
            return (PresenceAction.Decline, "Skip it live: watch the recording or read the notes.", null, null);
        }
        if (team.OrderByDescending(t => t.DirectReport).ThenBy(t => t.GrowthPlan is null).FirstOrDefault() is { } person)
        {
            var plan = person.GrowthPlan is null ? "" : " Put it in their growth plan as a stretch assignment.";
            return (PresenceAction.Delegate, $"Delegate it to {person.Name}, who already attends: a stretch for them, an hour back for you.{plan}", person, null);
        }
        if (endless && master.Rules.Count > 0)
        {
            var until = SunsetRule(master, to, settings.Zone);
            return (PresenceAction.Sunset, organise
                ? "Sunset the series: end it after this period (the rule to apply is given) and restart it only if it is missed."
                : "Ask the organiser to end the series after this period (the rule to apply is given), or leave it.", null, until);
        }
        if (you is { Role: CalendarAttendeeRole.OptionalParticipant } || attendees > ManyAttendees)
        {
            return (PresenceAction.Decline, "Decline it, and ask for the notes.", null, null);
        }
        return (PresenceAction.Keep, "Keep it for now, and ask at the next one what you are there to decide.", null, null);
    }

    /// <summary>The series' rule with an UNTIL at the end of the window (COUNT dropped), as the RRULE line to apply.</summary>
    private static string SunsetRule(CalendarEvent master, Instant to, DateTimeZone zone)
    {
        var rule = master.Rules[0];
        CalendarDateTime until = master.Start.IsDate
            ? CalendarDateTime.ForDate(to.InZone(zone).Date)
            : CalendarDateTime.ForUtc(to.InUtc().LocalDateTime);
        return "RRULE:" + (rule with { Count = null, Until = until });
    }

    private static OneOnOneCadence Cadence(AuditPerson report, List<Attended> meetings, string me, Instant from, Instant to, DateTimeZone zone)
    {
        var email = Normalise(report.Email);
        var dates = meetings
            .Where(m => m.Participants.Count == 2 && m.Participants.Contains(email) && m.Participants.Contains(me))
            .Select(m => m.Occurrence.Start.InZone(zone).Date)
            .Distinct().Order().ToList();
        if (dates.Count == 0)
        {
            return new OneOnOneCadence(report, dates, null, Period.Between(from.InZone(zone).Date, to.InZone(zone).Date, PeriodUnits.Days).Days, true,
                $"No 1:1 with {report.Name} in this period.");
        }
        var gaps = dates.Zip(dates.Skip(1), (a, b) => Period.Between(a, b, PeriodUnits.Days).Days).ToList();
        double? median = gaps.Count == 0 ? null : Median(gaps);
        var sinceLast = Period.Between(dates[^1], to.InZone(zone).Date, PeriodUnits.Days).Days;
        var longest = Math.Max(gaps.Count == 0 ? 0 : gaps.Max(), sinceLast);
        var usual = median ?? 7;
        var flagged = longest > LongestFineGapDays && longest > 2 * usual;
        var note = median is null
            ? $"One 1:1 with {report.Name} ({dates[0]:d MMM})."
            : $"Every {median:0.#} days on median ({Wording.Count(dates.Count, "1:1")}).";
        if (flagged)
        {
            note += longest == sinceLast && sinceLast >= (gaps.Count == 0 ? 0 : gaps.Max())
                ? $" None in the last {longest} days."
                : $" A gap of {longest} days.";
        }
        return new OneOnOneCadence(report, dates, median, longest, flagged, note);
    }

    private static double Median(List<int> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    private static string Label(MeetingKind kind) => kind switch
    {
        MeetingKind.OneOnOne => "1:1",
        _ => kind.ToString(),
    };

    private static double Round(double hours) => Math.Round(hours, 2);
}
