using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Leverage;

/// <summary>`fulcrum calendar` and `fulcrum leverage audit` as a person runs them: real process, real files.</summary>
public sealed class CalendarCliTests
{
    private const string Calendar = """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//Fulcrum//CLI tests//EN
        BEGIN:VEVENT
        UID:weekly@test
        DTSTART;TZID=Europe/Paris:20260302T093000
        DTEND;TZID=Europe/Paris:20260302T100000
        RRULE:FREQ=WEEKLY;COUNT=3
        EXDATE;TZID=Europe/Paris:20260309T093000
        SUMMARY:Team sync\, weekly
        ORGANIZER:mailto:daniel@example.com
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:sofia@example.com
        END:VEVENT
        BEGIN:VEVENT
        UID:weekly@test
        RECURRENCE-ID;TZID=Europe/Paris:20260316T093000
        DTSTART;TZID=Europe/Paris:20260316T140000
        DTEND;TZID=Europe/Paris:20260316T143000
        SUMMARY:Team sync (moved)
        ORGANIZER:mailto:daniel@example.com
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:sofia@example.com
        END:VEVENT
        BEGIN:VEVENT
        UID:offsite@test
        DTSTART;VALUE=DATE:20260305
        DTEND;VALUE=DATE:20260307
        SUMMARY:Offsite
        END:VEVENT
        END:VCALENDAR

        """;

    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fulcrum-cal-{Guid.NewGuid():N}.ics");
        File.WriteAllText(path, text.Replace("\n", "\r\n", StringComparison.Ordinal));
        return path;
    }

    private static string NewSqlitePath() => TestDatabases.NewSqlite().ConnectionString.Split('=', ';')[1];

    [Fact]
    public async Task Occurrences_lists_every_instance_in_the_window_as_documented_JSON()
    {
        var file = Write(Calendar);

        var result = await CliProcess.RunAsync(NewSqlitePath(), null, "calendar", "occurrences", file,
            "--from", "2026-03-01", "--to", "2026-03-31", "--time-zone", "Europe/Paris", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var occurrences = JsonDocument.Parse(result.Output).RootElement.EnumerateArray()
            .Select(o => $"{o.GetProperty("uid").GetString()} {o.GetProperty("recurrenceId")} {o.GetProperty("start").GetString()} {o.GetProperty("end").GetString()} {o.GetProperty("summary").GetString()}")
            .ToList();
        Assert.Equal(
        [
            "weekly@test 2026-03-02T08:30:00Z 2026-03-02T08:30:00Z 2026-03-02T09:00:00Z Team sync, weekly",
            "offsite@test  2026-03-05 2026-03-07 Offsite",
            "weekly@test 2026-03-16T08:30:00Z 2026-03-16T13:00:00Z 2026-03-16T13:30:00Z Team sync (moved)",
        ], occurrences);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Bad_files_and_arguments_are_refused_with_what_is_wrong()
    {
        var database = NewSqlitePath();
        var missing = await CliProcess.RunAsync(database, null, "calendar", "occurrences", "/nonexistent/cal.ics");
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("No such file", missing.Error, StringComparison.Ordinal);

        var junk = await CliProcess.RunAsync(database, null, "calendar", "occurrences", Write("hello\nworld\n"));
        Assert.Equal(1, junk.ExitCode);
        Assert.Contains("not an iCalendar file", junk.Error, StringComparison.Ordinal);

        var badWindow = await CliProcess.RunAsync(database, null, "calendar", "occurrences", Write(Calendar), "--from", "March");
        Assert.Equal(1, badWindow.ExitCode);
        Assert.Contains("--from: 'March' is not a date", badWindow.Error, StringComparison.Ordinal);

        var badZone = await CliProcess.RunAsync(database, null, "calendar", "occurrences", Write(Calendar), "--time-zone", "Mars/Olympus");
        Assert.Equal(1, badZone.ExitCode);
        Assert.Contains("'Mars/Olympus' is not a time zone", badZone.Error, StringComparison.Ordinal);

        // A truncated file: what was read is used, and the problem is said with its line.
        var truncated = Calendar[..Calendar.IndexOf("BEGIN:VEVENT\nUID:offsite", StringComparison.Ordinal)];
        var partial = await CliProcess.RunAsync(database, null, "calendar", "occurrences", Write(truncated), "--from", "2026-03-01", "--to", "2026-03-31",
            "--time-zone", "Europe/Paris", "--format", "json");
        Assert.Equal(0, partial.ExitCode);
        Assert.Equal(2, JsonDocument.Parse(partial.Output).RootElement.GetArrayLength());
        Assert.Contains("warning: line", partial.Error, StringComparison.Ordinal);

        var check = await CliProcess.RunAsync(database, null, "calendar", "check", Write(Calendar.Replace("DTSTART;VALUE=DATE:20260305", "DTSTART;VALUE=DATE:20261305", StringComparison.Ordinal)));
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("warning: line 25: DTSTART:", check.Error, StringComparison.Ordinal);
        Assert.Contains("20261305", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_reads_direct_reports_from_the_database_that_knows_the_leader()
    {
        var database = TestDatabases.NewSqlite();
        await using (var server = await FulcrumServer.StartAsync(database))
        {
            await server.WithServicesAsync(async s =>
            {
                var db = s.GetRequiredService<FulcrumDbContext>();
                var daniel = new Person { Name = "Daniel Reyes", Email = "daniel@example.com" };
                db.People.AddRange(daniel, new Person { Name = "Sofia Lind", Email = "sofia@example.com", Manager = daniel },
                    new Person { Name = "Ethan Cole", Email = "ethan@example.com", Manager = daniel });
                return await db.SaveChangesAsync();
            });
        }
        var file = Write(Calendar);
        var path = database.ConnectionString.Split('=', ';')[1];

        var audit = await CliProcess.RunAsync(path, null, "leverage", "audit", file, "--me", "daniel@example.com",
            "--from", "2026-03-02", "--to", "2026-03-23", "--time-zone", "Europe/Paris", "--format", "markdown");

        Assert.Equal(0, audit.ExitCode);
        Assert.Contains("# Calendar audit: daniel@example.com\n2026-03-02 to 2026-03-22 (Europe/Paris). 2 meetings, 1 h", audit.Output, StringComparison.Ordinal);
        Assert.Contains("- Sofia Lind: Every 14 days on median (2 1:1s).", audit.Output, StringComparison.Ordinal);
        Assert.Contains("- ⚠ Ethan Cole: No 1:1 with Ethan Cole in this period.", audit.Output, StringComparison.Ordinal);

        var table = await CliProcess.RunAsync(path, null, "leverage", "audit", file, "--me", "daniel@example.com", "--from", "2026-03-02", "--to", "2026-03-23",
            "--time-zone", "Europe/Paris", "--working-hours", "17:00-09:00");
        Assert.Equal(1, table.ExitCode);
        Assert.Contains("--working-hours: '17:00-09:00' is not a range", table.Error, StringComparison.Ordinal);
        var days = await CliProcess.RunAsync(path, null, "leverage", "audit", file, "--me", "daniel@example.com", "--working-days", "weekdays");
        Assert.Equal(1, days.ExitCode);
        Assert.Contains("--working-days: 'weekdays' is not a day or a range of days like mon-fri.", days.Error, StringComparison.Ordinal);
    }
}
