using Fulcrum.Core.Calendar;
using NodaTime;
using NodaTime.Text;

namespace Fulcrum.Core.Tests.Calendar;

/// <summary>A calendar's events expanded over a window: series, their changed and cancelled instances, zones.</summary>
public sealed class CalendarOccurrenceTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private static string Calendar(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fulcrum//Tests//EN\r\n" + string.Join("\r\n", events) + "\r\nEND:VCALENDAR\r\n";

    private static string Event(params string[] lines) => "BEGIN:VEVENT\r\n" + string.Join("\r\n", lines) + "\r\nEND:VEVENT";

    private static Instant At(string utc) => InstantPattern.General.Parse(utc).GetValueOrThrow();

    private static IReadOnlyList<CalendarOccurrence> Occurrences(string text, string from, string to, DateTimeZone? zone = null)
    {
        var document = CalendarDocument.Read(text);
        return document.Occurrences(At(from), At(to), zone ?? Paris);
    }

    private static string[] Starts(IEnumerable<CalendarOccurrence> occurrences) =>
        [.. occurrences.Select(o => InstantPattern.General.Format(o.Start))];

    [Fact]
    public void A_weekly_series_in_a_named_zone_keeps_its_wall_clock_time_across_daylight_saving()
    {
        var text = Calendar(Event("UID:standup", "SUMMARY:Team sync", "DTSTART;TZID=Europe/Paris:20260319T093000",
            "DTEND;TZID=Europe/Paris:20260319T100000", "RRULE:FREQ=WEEKLY;BYDAY=TH"));

        var found = Occurrences(text, "2026-03-18T00:00:00Z", "2026-04-03T00:00:00Z");

        // 09:30 in Paris is 08:30Z in winter and 07:30Z once summer time starts (29 March 2026).
        Assert.Equal(["2026-03-19T08:30:00Z", "2026-03-26T08:30:00Z", "2026-04-02T07:30:00Z"], Starts(found));
        Assert.All(found, o => Assert.Equal(NodaTime.Duration.FromMinutes(30), o.Length));
        Assert.Equal("Team sync", found[0].Event.Summary);
    }

    [Fact]
    public void A_time_skipped_by_spring_forward_moves_forward_by_the_gap_and_a_repeated_time_is_the_first()
    {
        // 02:30 does not exist in Paris on 29 March 2026; 02:30 happens twice on 25 October 2026.
        var text = Calendar(
            Event("UID:gap", "DTSTART;TZID=Europe/Paris:20260329T023000", "DURATION:PT30M"),
            Event("UID:overlap", "DTSTART;TZID=Europe/Paris:20261025T023000", "DURATION:PT30M"));

        var found = Occurrences(text, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");

        // RFC 5545 3.3.5: the gap's time is read with the offset before it (+01:00): 01:30Z, i.e. 03:30 local.
        Assert.Equal("2026-03-29T01:30:00Z", InstantPattern.General.Format(found.Single(o => o.Uid == "gap").Start));
        // The first 02:30 is still summer time (+02:00): 00:30Z.
        Assert.Equal("2026-10-25T00:30:00Z", InstantPattern.General.Format(found.Single(o => o.Uid == "overlap").Start));
    }

    [Fact]
    public void A_zone_defined_in_the_file_is_used_even_when_its_name_is_not_a_known_zone()
    {
        // Outlook style: a Windows-ish name with the file's own rules (US Eastern since 2007).
        var text = Calendar(
            "BEGIN:VTIMEZONE\r\nTZID:Our Eastern\r\nBEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n"
            + "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0500\r\n"
            + "TZOFFSETTO:-0400\r\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE",
            Event("UID:a", "DTSTART;TZID=Our Eastern:20260305T090000", "DTEND;TZID=Our Eastern:20260305T093000", "RRULE:FREQ=WEEKLY;COUNT=2"));

        var document = CalendarDocument.Read(text);
        var found = document.Occurrences(At("2026-03-01T00:00:00Z"), At("2026-03-31T00:00:00Z"), Paris);

        Assert.Empty(document.Problems);
        // 8 March 2026 is the second Sunday of March: the week after it is on -04:00.
        Assert.Equal(["2026-03-05T14:00:00Z", "2026-03-12T13:00:00Z"], Starts(found));
    }

    [Theory]
    [InlineData("Europe/Paris", "2026-07-01T07:00:00Z")]
    [InlineData("W. Europe Standard Time", "2026-07-01T07:00:00Z")]
    [InlineData("/mozilla.org/20050126_1/Europe/Paris", "2026-07-01T07:00:00Z")]
    [InlineData("Eastern Standard Time", "2026-07-01T13:00:00Z")]
    [InlineData("UTC", "2026-07-01T09:00:00Z")]
    public void A_TZID_without_a_VTIMEZONE_is_looked_up_by_IANA_Windows_or_global_name(string tzid, string expected)
    {
        var text = Calendar(Event("UID:a", $"DTSTART;TZID=\"{tzid}\":20260701T090000"));

        var document = CalendarDocument.Read(text);

        Assert.Empty(document.Problems);
        Assert.Equal(expected, Starts(document.Occurrences(At("2026-06-30T00:00:00Z"), At("2026-07-02T00:00:00Z"), DateTimeZone.Utc)).Single());
    }

    [Fact]
    public void An_unknown_TZID_is_a_problem_and_its_times_are_read_as_floating()
    {
        var document = CalendarDocument.Read(Calendar(Event("UID:a", "DTSTART;TZID=Mars/Olympus:20260701T090000")));

        Assert.Contains(document.Problems, p => p.Text.Contains("Unknown time zone 'Mars/Olympus'", StringComparison.Ordinal) && p.Line == 4);
        Assert.Equal("2026-07-01T07:00:00Z", Starts(document.Occurrences(At("2026-06-30T00:00:00Z"), At("2026-07-02T00:00:00Z"), Paris)).Single());
    }

    [Fact]
    public void Changed_cancelled_and_excluded_instances_replace_or_remove_theirs()
    {
        var text = Calendar(
            Event("UID:series", "SUMMARY:1:1 with Ana", "DTSTART:20260302T100000Z", "DURATION:PT30M", "RRULE:FREQ=WEEKLY;COUNT=5",
                "EXDATE:20260309T100000Z"),
            Event("UID:series", "RECURRENCE-ID:20260316T100000Z", "SUMMARY:1:1 with Ana (moved)", "DTSTART:20260317T150000Z", "DURATION:PT45M"),
            Event("UID:series", "RECURRENCE-ID:20260323T100000Z", "STATUS:CANCELLED", "DTSTART:20260323T100000Z"));

        var found = Occurrences(text, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");

        Assert.Equal(["2026-03-02T10:00:00Z", "2026-03-17T15:00:00Z", "2026-03-30T10:00:00Z"], Starts(found));
        var moved = found[1];
        Assert.Equal("1:1 with Ana (moved)", moved.Event.Summary);
        Assert.Equal(NodaTime.Duration.FromMinutes(45), moved.Length);
        Assert.Equal(CalendarDateTime.ForUtc(new LocalDateTime(2026, 3, 16, 10, 0)), moved.RecurrenceId);
    }

    [Fact]
    public void A_change_to_this_and_future_instances_moves_every_later_instance()
    {
        var text = Calendar(
            Event("UID:s", "SUMMARY:Planning", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z", "RRULE:FREQ=WEEKLY;COUNT=4"),
            Event("UID:s", "RECURRENCE-ID;RANGE=THISANDFUTURE:20260316T090000Z", "SUMMARY:Planning (new slot)",
                "DTSTART:20260316T140000Z", "DTEND:20260316T150000Z"));

        var found = Occurrences(text, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");

        Assert.Equal(["2026-03-02T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-16T14:00:00Z", "2026-03-23T14:00:00Z"], Starts(found));
        Assert.Equal("Planning (new slot)", found[3].Event.Summary);
    }

    [Fact]
    public void Extra_dates_are_added_and_all_day_events_are_whole_days_in_the_readers_zone()
    {
        var text = Calendar(
            Event("UID:offsite", "SUMMARY:Offsite", "DTSTART;VALUE=DATE:20260310", "DTEND;VALUE=DATE:20260312"),
            Event("UID:review", "SUMMARY:Review", "DTSTART:20260305T160000Z", "DURATION:PT1H", "RDATE:20260319T160000Z,20260326T170000Z"));

        var found = Occurrences(text, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");

        Assert.Equal(["2026-03-05T16:00:00Z", "2026-03-09T23:00:00Z", "2026-03-19T16:00:00Z", "2026-03-26T17:00:00Z"], Starts(found));
        var offsite = found[1];
        Assert.True(offsite.IsAllDay);
        Assert.Equal(new DateInterval(new LocalDate(2026, 3, 10), new LocalDate(2026, 3, 11)), offsite.Dates);
    }

    [Fact]
    public void DTSTART_counts_as_the_first_occurrence_even_when_the_rule_would_not_give_it()
    {
        // Monday 2 March; the rule names Tuesdays. RFC 5545: COUNT=3 is DTSTART and two Tuesdays.
        var text = Calendar(
            Event("UID:a", "DTSTART:20260302T090000Z", "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3"),
            Event("UID:b", "DTSTART:20260302T090000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2"));

        var found = Occurrences(text, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");

        Assert.Equal(["2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z", "2026-03-10T09:00:00Z"], Starts(found.Where(o => o.Uid == "a")));
        Assert.Equal(["2026-03-02T09:00:00Z", "2026-03-09T09:00:00Z"], Starts(found.Where(o => o.Uid == "b")));
    }

    [Fact]
    public void An_endless_daily_series_started_long_ago_gives_only_the_windows_days()
    {
        var text = Calendar(Event("UID:d", "DTSTART:20100104T080000Z", "DURATION:PT15M", "RRULE:FREQ=DAILY"));

        var found = Occurrences(text, "2026-03-01T00:00:00Z", "2026-03-04T00:00:00Z");

        Assert.Equal(["2026-03-01T08:00:00Z", "2026-03-02T08:00:00Z", "2026-03-03T08:00:00Z"], Starts(found));
    }

    [Fact]
    public void An_occurrence_that_started_before_the_window_and_runs_into_it_is_included()
    {
        var text = Calendar(Event("UID:long", "DTSTART:20260228T220000Z", "DTEND:20260301T020000Z"));

        Assert.Single(Occurrences(text, "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"));
        Assert.Empty(Occurrences(text, "2026-03-01T02:00:00Z", "2026-03-02T00:00:00Z"));
    }

    [Fact]
    public void A_UTC_UNTIL_ends_a_zoned_series_at_that_instant()
    {
        var text = Calendar(Event("UID:u", "DTSTART;TZID=Europe/Paris:20260302T090000", "RRULE:FREQ=DAILY;UNTIL=20260304T080000Z"));

        // 4 March 09:00 in Paris is 08:00Z: exactly UNTIL, so included; the 5th is not.
        Assert.Equal(["2026-03-02T08:00:00Z", "2026-03-03T08:00:00Z", "2026-03-04T08:00:00Z"],
            Starts(Occurrences(text, "2026-03-01T00:00:00Z", "2026-03-10T00:00:00Z")));
    }

    [Fact]
    public void An_every_second_series_over_a_year_is_refused_instead_of_filling_memory()
    {
        var text = Calendar(Event("UID:s", "DTSTART:20260101T000000Z", "RRULE:FREQ=SECONDLY"));

        var refused = Assert.Throws<ProblemException>(() => Occurrences(text, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"));

        Assert.Equal(ProblemKind.TooLarge, refused.Kind);
        Assert.Contains("shorter window", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_without_a_start_is_skipped_with_its_line_and_the_rest_are_kept()
    {
        var document = CalendarDocument.Read(Calendar(Event("UID:broken", "SUMMARY:No start"), Event("UID:ok", "DTSTART:20260301T090000Z")));

        Assert.Equal(["ok"], document.Events.Select(e => e.Uid));
        Assert.Contains(document.Problems, p => p.Line == 4 && p.Text.Contains("no DTSTART", StringComparison.Ordinal));
    }
}
