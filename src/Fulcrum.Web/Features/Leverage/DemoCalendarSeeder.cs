using System.Globalization;
using System.Text;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Organisation;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>
/// Calendars for the demo's leaders (the director and the engineering managers), written as iCalendar
/// files the way Google exports them and read by the same engine as an upload: weekly 1:1s (one
/// report's with skipped weeks), stand-ups, a leadership sync, planning, reviews, an all-hands,
/// interviews, a postmortem, an endless vendor call, declined and tentative invitations, focus
/// blocks and a late call with New York. The series started months ago and run on.
/// </summary>
public sealed class DemoCalendarSeeder : IDemoSeeder
{
    public int Order => 60;

    private const string Zone = "Europe/London";

    public Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(context.Clock.GetUtcNow().UtcDateTime);
        // Series start on the Monday twelve weeks back, so the default window (four weeks and this one) is full.
        var start = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).AddDays(-7 * 12);
        var leaders = context.People.Values.Where(p => context.People.Values.Any(r => r.ManagerId == p.Id || r.Manager == p)).ToList();
        foreach (var leader in leaders)
        {
            var reports = context.People.Values.Where(r => r.Manager == leader || r.ManagerId == leader.Id).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            var team = context.People.Values.Where(p => p != leader && p.Team == leader.Team).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            var text = Calendar(leader, reports, team, context.People.Values.ToList(), start, context.Random);
            var content = Encoding.UTF8.GetBytes(text);
            var events = text.Split("BEGIN:VEVENT").Length - 1;
            context.Db.LeverageCalendars.Add(new LeverageCalendar
            {
                PersonId = leader.Id,
                FileName = $"{leader.Email.Split('@')[0]}.ics",
                Content = content,
                Events = events,
                WorkStart = "09:00",
                WorkEnd = "17:30",
                TimeZone = Zone,
                ImportedAt = context.Clock.GetUtcNow().UtcDateTime,
            });
        }
        return Task.CompletedTask;
    }

    private static string Calendar(Person leader, List<Person> reports, List<Person> team, List<Person> everyone, DateOnly start, Random random)
    {
        var c = new IcsWriter(leader.Email, start);
        var days = new[] { "MO", "TU", "WE", "TH" };
        for (var i = 0; i < reports.Count; i++)
        {
            var report = reports[i];
            var day = i % days.Length;
            var slot = new TimeOnly(10 + i / days.Length * 2, 30);
            // One report's 1:1s keep getting skipped: the cadence flags it.
            var skipped = i == reports.Count - 1 ? new[] { 3, 4, 5, 7, 8, 9, 10, 11, 12, 13 } : [6];
            c.Series($"{report.Name.Split(' ')[0]} / {leader.Name.Split(' ')[0]}", day, slot, 30, $"FREQ=WEEKLY;BYDAY={days[day]}",
                organiser: leader, attendees: [report], description: "Agenda in our shared 1:1 doc: wins, blockers, growth.", skipWeeks: skipped);
        }
        if (team.Count > 1)
        {
            c.Series("Daily stand-up", 0, new TimeOnly(9, 30), 15, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", organiser: team[0], attendees: team);
            c.Series("Sprint planning", 0, new TimeOnly(14, 0), 90, "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", organiser: leader, attendees: team,
                description: "Goals for the next two weeks, capacity, and the stories the team commits to. Bring your estimates.");
            c.Series("Sprint review and demo", 4, new TimeOnly(15, 0), 60, "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", organiser: team[^1], attendees: team);
        }
        var managers = everyone.Where(p => p.Title?.Contains("Manager", StringComparison.Ordinal) == true || p.Title?.StartsWith("Director", StringComparison.Ordinal) == true).ToList();
        var director = everyone.FirstOrDefault(p => p.Title?.StartsWith("Director", StringComparison.Ordinal) == true) ?? leader;
        c.Series("Engineering leadership sync", 3, new TimeOnly(11, 0), 60, "FREQ=WEEKLY;BYDAY=TH", organiser: director, attendees: managers);
        var staff = everyone.FirstOrDefault(p => p.Title?.StartsWith("Staff", StringComparison.Ordinal) == true) ?? director;
        c.Series("Architecture review", 2, new TimeOnly(15, 0), 60, "FREQ=WEEKLY;BYDAY=WE", organiser: staff,
            attendees: [.. everyone.Where(p => p.Level >= 5)], optional: true, includeTeam: team.Take(1));
        c.Series("Weekly ops status update", 1, new TimeOnly(16, 0), 45, "FREQ=WEEKLY;BYDAY=TU", organiser: staff, attendees: [.. everyone.Take(14)]);
        c.Series("Engineering all-hands", 3, new TimeOnly(16, 0), 60, "FREQ=MONTHLY;BYDAY=1TH", organiser: director, attendees: everyone, extraPeople: 60);
        c.Series("Vendor touchpoint: observability", 2, new TimeOnly(17, 0), 30, "FREQ=WEEKLY;BYDAY=WE", external: "account.manager@vendor.example",
            attendees: [], description: "");
        c.Series("Sync with New York office", 1, new TimeOnly(13, 0), 60, "FREQ=WEEKLY;BYDAY=TU", organiser: null, external: "partner.lead@nyc.example",
            attendees: [], zone: "America/New_York", description: "Cross-office roadmap alignment and open questions.");
        c.Series("Focus: writing", 4, new TimeOnly(9, 0), 120, "FREQ=WEEKLY;BYDAY=FR", organiser: leader, attendees: [], description: "");
        c.Series("Marketing sync", 2, new TimeOnly(11, 0), 30, "FREQ=WEEKLY;BYDAY=WE", external: "marketing@example.com", attendees: [], partstat: "DECLINED");
        c.Series("Coffee chat", 1, new TimeOnly(12, 30), 30, "FREQ=MONTHLY;BYDAY=2TU", organiser: everyone[random.Next(everyone.Count)], attendees: team.Take(4), partstat: "TENTATIVE");
        for (var week = 0; week < 16; week += 2)
        {
            c.Once($"Interview: backend engineer candidate {week / 2 + 1}", week, 3, new TimeOnly(13, 0), 60, organiser: director, attendees: team.Take(2),
                description: "Structured interview; scorecard in the hiring tool. Debrief straight after.");
        }
        c.Once("Incident review: payments outage", 9, 2, new TimeOnly(11, 30), 60, organiser: staff, attendees: [.. everyone.Where(p => p.Team == leader.Team).Take(6)],
            description: "Timeline, contributing factors, actions. Blameless.");
        c.AllDay("Company holiday", 10, 0);
        return c.ToString();
    }

    /// <summary>Writes VEVENTs as Google Calendar exports them (UTC stamps, TZID-zoned times, folded lines).</summary>
    private sealed class IcsWriter(string me, DateOnly start)
    {
        private readonly StringBuilder events = new();
        private int count;

        public void Series(string title, int dayOffset, TimeOnly at, int minutes, string rule, Person? organiser = null, IEnumerable<Person>? attendees = null,
            string? description = null, int[]? skipWeeks = null, bool optional = false, IEnumerable<Person>? includeTeam = null, string? external = null,
            int extraPeople = 0, string zone = Zone, string partstat = "ACCEPTED")
        {
            var first = start.AddDays(dayOffset);
            var lines = Head(title, first, at, minutes, zone);
            lines.Add($"RRULE:{rule}");
            if (skipWeeks is { Length: > 0 })
            {
                lines.Add($"EXDATE;TZID={zone}:" + string.Join(",", skipWeeks.Select(w => Stamp(first.AddDays(7 * w), at))));
            }
            People(lines, organiser, attendees ?? [], optional, includeTeam, external, extraPeople, partstat);
            Description(lines, description);
            Add(lines);
        }

        public void Once(string title, int week, int day, TimeOnly at, int minutes, Person? organiser, IEnumerable<Person> attendees, string? description)
        {
            var lines = Head(title, start.AddDays(7 * week + day), at, minutes, Zone);
            People(lines, organiser, attendees, false, null, null, 0, "ACCEPTED");
            Description(lines, description);
            Add(lines);
        }

        public void AllDay(string title, int week, int day)
        {
            var date = start.AddDays(7 * week + day);
            Add([$"UID:demo-{++count}@fulcrum.example", "DTSTAMP:20260101T000000Z", $"DTSTART;VALUE=DATE:{date:yyyyMMdd}",
                $"DTEND;VALUE=DATE:{date.AddDays(1):yyyyMMdd}", $"SUMMARY:{Escape(title)}", "TRANSP:TRANSPARENT"]);
        }

        private List<string> Head(string title, DateOnly date, TimeOnly at, int minutes, string zone) =>
        [
            $"UID:demo-{++count}@fulcrum.example",
            "DTSTAMP:20260101T000000Z",
            $"DTSTART;TZID={zone}:{Stamp(date, at)}",
            $"DTEND;TZID={zone}:{Stamp(date, at.AddMinutes(minutes))}",
            $"SUMMARY:{Escape(title)}",
        ];

        private void People(List<string> lines, Person? organiser, IEnumerable<Person> attendees, bool optional, IEnumerable<Person>? includeTeam,
            string? external, int extraPeople, string partstat)
        {
            var organiserEmail = organiser?.Email ?? external ?? me;
            lines.Add($"ORGANIZER;CN={Escape(organiser?.Name ?? organiserEmail)}:mailto:{organiserEmail}");
            var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { organiserEmail };
            if (external is not null && organiser is not null && listed.Add(external))
            {
                lines.Add($"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:{external}");
            }
            foreach (var person in attendees.Concat(includeTeam ?? []))
            {
                if (listed.Add(person.Email))
                {
                    lines.Add($"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN={Escape(person.Name)}:mailto:{person.Email}");
                }
            }
            for (var i = 1; i <= extraPeople; i++)
            {
                lines.Add($"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:colleague{i}@example.com");
            }
            if (!string.Equals(organiserEmail, me, StringComparison.OrdinalIgnoreCase))
            {
                lines.Add($"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE={(optional ? "OPT-PARTICIPANT" : "REQ-PARTICIPANT")};PARTSTAT={partstat}:mailto:{me}");
            }
            lines.Add("ATTENDEE;CUTYPE=ROOM;ROLE=NON-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Room 4.01:mailto:room-401@resource.example");
        }

        private static void Description(List<string> lines, string? description)
        {
            if (!string.IsNullOrEmpty(description))
            {
                lines.Add($"DESCRIPTION:{Escape(description)}");
            }
        }

        private void Add(List<string> lines)
        {
            events.Append("BEGIN:VEVENT\r\n");
            foreach (var line in lines)
            {
                Fold(line);
            }
            events.Append("END:VEVENT\r\n");
        }

        /// <summary>RFC 5545 3.1: lines longer than 75 octets continue on the next line after a space.</summary>
        private void Fold(string line)
        {
            var bytes = 0;
            foreach (var ch in line)
            {
                var size = Encoding.UTF8.GetByteCount([ch]);
                if (bytes + size > 75)
                {
                    events.Append("\r\n ");
                    bytes = 1;
                }
                events.Append(ch);
                bytes += size;
            }
            events.Append("\r\n");
        }

        private static string Stamp(DateOnly date, TimeOnly at) =>
            date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "T" + at.ToString("HHmmss", CultureInfo.InvariantCulture);

        private static string Escape(string text) =>
            text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

        public override string ToString() =>
            $"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fulcrum//Demo calendars//EN\r\nCALSCALE:GREGORIAN\r\nX-WR-CALNAME:{me}\r\nX-WR-TIMEZONE:{Zone}\r\n{events}END:VCALENDAR\r\n";
    }
}
