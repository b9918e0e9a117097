using Fulcrum.Core.Calendar;
using NodaTime;

namespace Fulcrum.Core.Tests.Calendar;

/// <summary>
/// Python icalendar's collection of real exports (Google, Outlook, Apple, Thunderbird, khal), broken
/// files and fuzz cases (Data/icalendar/README.md), read as a user's upload would be: as bytes.
/// </summary>
public class CalendarParserSampleFileTests
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Calendar", "Data", "icalendar");

    private static CalendarParseResult ParseFile(string name) => CalendarParser.Parse(File.ReadAllBytes(Path.Combine(DataDirectory, name)));

    private static IEnumerable<CalendarComponent> All(CalendarComponent component, string name) =>
        (component.Name == name ? [component] : Enumerable.Empty<CalendarComponent>()).Concat(component.Components.SelectMany(c => All(c, name)));

    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(DataDirectory, "*.ics").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [Fact]
    public void The_sample_collection_is_broad()
    {
        Assert.True(SampleFiles().Count >= 100);
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_sample_file_parses_without_throwing_and_with_bounded_problems(string name)
    {
        var fromBytes = ParseFile(name);
        var fromText = CalendarParser.Parse(File.ReadAllText(Path.Combine(DataDirectory, name)));

        Assert.InRange(fromBytes.Problems.Count, 0, CalendarParser.MaxProblems + 1);
        Assert.All(fromBytes.Calendars, c => Assert.Equal("VCALENDAR", c.Name));
        Assert.Equal(fromBytes.Calendars.Count, fromText.Calendars.Count);
        Assert.Equal(fromBytes.Problems.Select(p => p.ToString()), fromText.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void The_example_calendar_has_three_holidays_with_their_dates()
    {
        var result = ParseFile("example.ics");

        Assert.Empty(result.Problems);
        var calendar = Assert.Single(result.Calendars);
        Assert.Equal("Holidays", calendar.Property("X-WR-CALNAME")!.Value);
        var events = calendar.ComponentsNamed("VEVENT").ToList();
        Assert.Equal(["New Year's Day", "Orthodox Christmas", "International Women's Day"], events.Select(e => e.Property("SUMMARY")!.Value));
        Assert.True(CalendarValues.TryParseDateTime(events[2].Property("DTSTART")!.Value, null, null, out var start, out _));
        Assert.Equal(CalendarDateTime.ForDate(new LocalDate(2022, 3, 8)), start);
    }

    [Fact]
    public void Unicode_summaries_and_calendar_names_read_as_written()
    {
        var result = ParseFile("created_calendar_with_unicode_fields.ics");

        Assert.Empty(result.Problems);
        var calendar = Assert.Single(result.Calendars);
        Assert.Equal("äöü ÄÖÜ €", calendar.Property("X-WR-CALNAME")!.Value);
        var events = calendar.ComponentsNamed("VEVENT").ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal("Non-ASCII Test: ÄÖÜ äöü €", events[0].Property("SUMMARY")!.Value);
        Assert.Equal("Tribstrül", events[0].Property("LOCATION")!.Value);
        Assert.Equal("åäö", events[1].Property("SUMMARY")!.Value);
    }

    [Fact]
    public void A_file_with_a_utf8_byte_order_mark_reads_cleanly()
    {
        var result = ParseFile("bom_calendar.ics");

        Assert.Empty(result.Problems);
        Assert.Empty(Assert.Single(result.Calendars).Properties);
    }

    [Fact]
    public void A_quoted_non_ascii_tzid_is_read_without_its_quotes()
    {
        var result = ParseFile("issue_237_fail_to_parse_timezone_with_non_ascii_tzid.ics");

        Assert.Empty(result.Problems);
        var calendar = Assert.Single(result.Calendars);
        Assert.Equal("(UTC-03:00) Brasília", calendar.ComponentsNamed("VTIMEZONE").Single().Property("TZID")!.Value);
        var start = calendar.ComponentsNamed("VEVENT").Single().Property("DTSTART")!;
        Assert.True(CalendarValues.TryParseDateTime(start.Value, start.Parameter("VALUE"), start.Parameter("TZID"), out var value, out _));
        Assert.Equal(CalendarDateTime.InZone(new LocalDateTime(2017, 5, 11, 13, 30), "(UTC-03:00) Brasília"), value);
    }

    [Fact]
    public void An_apple_location_keeps_stray_quotes_in_an_unquoted_parameter_and_the_colon_in_a_quoted_one()
    {
        var result = ParseFile("issue_219_double_quote_in_parameter.ics");

        Assert.Empty(result.Problems);
        var alarm = Assert.Single(All(result.Calendars[0], "VALARM"));
        var location = alarm.Property("X-APPLE-STRUCTURED-LOCATION")!;
        Assert.Equal(@"Ayacucho 983\\nPlata Baja \""A\""\\nC1111AAC CABA\\nArgentina\\nArgentina", location.Parameter("X-ADDRESS"));
        Assert.Equal("ab://Home", location.Parameter("X-APPLE-ABUID"));
        Assert.Equal("Home", location.Parameter("X-TITLE"));
        Assert.Equal("geo:-34.597613,-58.395858", location.Value);
    }

    [Fact]
    public void Rfc6868_sample_decodes_carets_and_keeps_unknown_ones()
    {
        var result = ParseFile("rfc_6868.ics");

        Assert.Empty(result.Problems);
        var calendar = Assert.Single(result.Calendars);
        var parameter = calendar.Property("X-PARAM")!;
        Assert.Equal("\n", parameter.Parameter("NEWLINE"));
        Assert.Equal("^\"\n", parameter.Parameter("ALL"));
        Assert.Equal("^a^ ^asd", parameter.Parameter("UNKNOWN"));
        var attendee = CalendarAttendee.From(calendar.Components[0].Property("ATTENDEE")!);
        Assert.Equal("George Herman \"Babe\" Ruth", attendee.CommonName);
        Assert.Equal("babe@example.com", attendee.Address);
    }

    [Fact]
    public void Multi_value_parameters_keep_every_quoted_address()
    {
        var result = ParseFile("rfc_7256_multi_value_parameters.ics");

        var first = result.Calendars[0].Components[0];
        Assert.Equal(["mailto:jdoe@example.com", "mailto:jqpublic@example.com"], first.Properties[0].Parameters[0].Values);
        Assert.Equal("DELEGATED-TO", first.Properties[0].Parameters[0].Name);
        var second = result.Calendars[0].Components[1];
        Assert.Equal(["mailto:jdoe@example.com"], second.Properties[0].Parameters[0].Values);
    }

    [Fact]
    public void Two_calendars_in_one_file_with_folds_across_doubled_line_ends_are_both_read()
    {
        var result = ParseFile("multiple_calendar_components.ics");

        Assert.Empty(result.Problems);
        Assert.Equal(2, result.Calendars.Count);
        Assert.Equal("-//Mozilla.org/NONSGML Mozilla Calendar V1.0//EN", result.Calendars[0].Property("PRODID")!.Value);
        Assert.Equal("2.0", result.Calendars[0].Property("VERSION")!.Value);
        Assert.Equal(["VEVENT"], result.Calendars[0].Components.Select(c => c.Name));
        Assert.Equal(["VEVENT", "VEVENT"], result.Calendars[1].Components.Select(c => c.Name));
    }

    [Fact]
    public void Categories_with_escaped_commas_split_into_three()
    {
        var result = ParseFile("issue_127_categories_with_commas.ics");

        var categories = result.Calendars[0].Components[0].Property("CATEGORIES")!.Value;
        Assert.Equal(["Meeting, John", "Work, Sarah", "Project"], CalendarValues.SplitText(categories));
    }

    [Fact]
    public void A_calendar_with_twenty_events_and_no_end_keeps_them_all_and_says_the_end_is_missing()
    {
        var result = ParseFile("big_bad_calendar.ics");

        Assert.Equal(20, result.Calendars[0].ComponentsNamed("VEVENT").Count());
        Assert.Equal("line 1: BEGIN:VCALENDAR has no END:VCALENDAR before the file ends at line 41; what was read of it is kept.",
            Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public void A_line_with_no_colon_is_reported_at_its_line_and_the_event_is_kept()
    {
        var result = ParseFile("issue_104_broken_calendar.ics");

        Assert.Equal("Broken Eevnt", Assert.Single(result.Calendars[0].Components).Property("SUMMARY")!.Value);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(13, problem.Line);
        Assert.Equal("\"X\" has no ':' between a name and a value, so it is not a content line; skipped.", problem.Text);
    }

    [Fact]
    public void An_apple_x_property_written_with_an_equals_sign_is_reported_and_the_event_is_kept()
    {
        var result = ParseFile("issue_399_malformed_x_property.ics");

        Assert.Equal("123", result.Calendars[0].Components[0].Property("UID")!.Value);
        Assert.Equal(6, Assert.Single(result.Problems).Line);
    }

    [Fact]
    public void Parameters_with_no_value_skip_their_lines_with_problems()
    {
        var result = ParseFile("issue_348_exception_parsing_value.ics");

        Assert.Equal([8, 9], result.Problems.Select(p => p.Line));
        Assert.Equal("ORGANIZER has no ':' before its value (outside quoted parameter values); the line is skipped.", result.Problems[0].Text);
        Assert.Equal("SIXT_9879691160", All(result.Calendars[0], "VFREEBUSY").Single().Property("UID")!.Value);
    }

    [Fact]
    public void A_misspelt_end_is_reported_with_both_lines()
    {
        var result = ParseFile("timezone_same_start_and_offset.ics");

        Assert.Equal(
            ["line 1: BEGIN:VCALENDAR has no END:VCALENDAR before the file ends at line 23; what was read of it is kept.",
             "line 23: END:VCALENDARD does not match BEGIN:VCALENDAR at line 1, and no VCALENDARD is open; the END is ignored."],
            result.Problems.Select(p => p.ToString()));
        Assert.Equal("this is an event", result.Calendars[0].ComponentsNamed("VEVENT").Single().Property("SUMMARY")!.Value);
    }

    [Fact]
    public void An_empty_parameter_from_a_double_semicolon_is_reported_and_the_start_kept()
    {
        var result = ParseFile("broken_ical.ics");

        var start = result.Calendars[0].Components[0].Property("DTSTART")!;
        Assert.Equal("20140409T093000", start.Value);
        Assert.Equal(4, Assert.Single(result.Problems).Line);
    }

    [Fact]
    public void A_lone_carriage_return_ends_a_line_in_the_fuzz_case()
    {
        var result = ParseFile("fuzz_testcase_vtimezone_lone_cr.ics");

        Assert.Empty(result.Calendars);
        Assert.Equal([1, 3, 0], result.Problems.Select(p => p.Line));
    }

    [Fact]
    public void A_nul_character_in_a_component_name_is_reported_not_thrown()
    {
        var result = ParseFile("fuzz_testcase_0_char_in_component_name.ics");

        Assert.Empty(result.Calendars);
        Assert.Equal("line 1: BEGIN:? does not name a component (letters, digits and '-' only); ignored.", result.Problems[0].ToString());
    }

    [Fact]
    public void An_invalid_start_date_is_an_error_from_the_date_reader()
    {
        var start = ParseFile("broken_dtstart.ics").Calendars[0].Components[0].Property("DTSTART")!;

        Assert.False(CalendarValues.TryParseDateTime(start.Value, null, null, out _, out var error));
        Assert.Equal("'INVALID-DATE' is not a date-time: expected yyyyMMddTHHmmss, with a Z for UTC (20260301T090000Z).", error);
    }

    [Fact]
    public void Impossible_and_empty_durations_are_errors()
    {
        var huge = ParseFile("invalid_duration.ics").Calendars[0].Components[0].Property("DURATION")!.Value;
        var empty = ParseFile("issue_1872_empty_duration.ics").Calendars[0].Components[0].Property("DURATION")!.Value;

        Assert.False(CalendarDuration.TryParse(huge, out _, out var hugeError));
        Assert.Contains("too large", hugeError);
        Assert.False(CalendarDuration.TryParse(empty, out _, out var emptyError));
        Assert.Equal("'P' is not a duration: it has no parts (PT0S is the empty duration).", emptyError);
    }

    [Fact]
    public void Utc_offsets_in_timezones_read_or_fail_as_they_should()
    {
        var prague = All(ParseFile("parsing_error_in_UTC_offset.ics").Calendars[0], "STANDARD").Single();
        var unsigned = All(ParseFile("issue_1885_unsigned_utc_offset.ics").Calendars[0], "STANDARD").Single();
        var newYork = ParseFile("america_new_york.ics").Calendars[0];

        Assert.False(CalendarValues.TryParseUtcOffset(prague.Property("TZOFFSETFROM")!.Value, out _, out var error));
        Assert.Equal("'+5744' is not a usable UTC offset: 57:44 is further from UTC than 18:00, which no zone has ever been.", error);
        Assert.True(CalendarValues.TryParseUtcOffset(unsigned.Property("TZOFFSETTO")!.Value, out var plusOne, out _));
        Assert.Equal(Offset.FromHours(1), plusOne);
        var daylight = All(newYork, "DAYLIGHT").First();
        Assert.True(CalendarValues.TryParseUtcOffset(daylight.Property("TZOFFSETTO")!.Value, out var edt, out _));
        Assert.Equal(Offset.FromHours(-4), edt);
    }

    [Fact]
    public void Globally_unique_tzids_are_kept_as_written()
    {
        var events = ParseFile("issue_313_globally_unique_tzid.ics").Calendars[0].ComponentsNamed("VEVENT").ToList();

        Assert.Equal(
            ["/freeassociation.sourceforge.net/Europe/Berlin", "/mozilla.org/20070129_1/America/New_York",
             "/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires"],
            events.Select(e => e.Property("DTSTART")!.Parameter("TZID")));
    }

    [Fact]
    public void Rfc5545_rdate_examples_read_as_dates_date_times_and_periods()
    {
        var events = ParseFile("rfc_5545_RDATE_example.ics").Calendars[0].Components;

        var zoned = events[2].Property("RDATE")!;
        Assert.True(CalendarValues.TryParseDateTimeList(zoned.Value, zoned.Parameter("VALUE"), zoned.Parameter("TZID"), out var zonedDates, out _));
        Assert.Equal(CalendarDateTime.InZone(new LocalDateTime(1997, 7, 14, 8, 30), "America/New_York"), Assert.Single(zonedDates));

        var periods = events[3].Property("RDATE")!;
        Assert.Equal("PERIOD", periods.Parameter("VALUE"));
        Assert.True(CalendarValues.TryParsePeriodList(periods.Value, null, out var list, out _));
        Assert.Equal(2, list.Count);
        Assert.Equal(new LocalDateTime(1996, 4, 3, 4, 0), list[0].End!.Value.Local);
        Assert.Equal(new CalendarDuration(false, 0, 0, 3, 0, 0), list[1].Duration);

        var dates = events[4].Property("RDATE")!;
        Assert.True(CalendarValues.TryParseDateTimeList(dates.Value, dates.Parameter("VALUE"), null, out var holidays, out _));
        Assert.Equal(11, holidays.Count);
        Assert.Equal(new LocalDate(1997, 12, 25), holidays[^1].Date);
    }

    [Fact]
    public void A_khal_period_list_folded_mid_value_reads_every_period_in_its_quoted_zone()
    {
        var vevent = ParseFile("issue_156_RDATE_with_PERIOD_TZID_khal.ics").Calendars[0].Components[0];
        var rdate = vevent.Property("RDATE")!;

        Assert.Equal("Central Standard Time", rdate.Parameter("TZID"));
        Assert.True(CalendarValues.TryParsePeriodList(rdate.Value, rdate.Parameter("TZID"), out var periods, out var error), error);
        Assert.Equal(19, periods.Count);
        Assert.All(periods, p => Assert.Equal("Central Standard Time", p.Start.TimeZoneId));
        var attendee = CalendarAttendee.From(vevent.Property("ATTENDEE")!);
        Assert.Equal(("xyz@xyz.com", "XYZ", CalendarAttendeeRole.Chair, CalendarParticipationStatus.Accepted, false),
            (attendee.Address, attendee.CommonName, attendee.Role, attendee.ParticipationStatus, attendee.Rsvp));
    }

    [Fact]
    public void A_free_busy_list_from_davmail_reads_eight_busy_periods()
    {
        var freeBusy = All(ParseFile("issue_27_multiple_periods_in_freebusy_one_freebusy.ics").Calendars[0], "VFREEBUSY").Single();
        var busy = freeBusy.Property("FREEBUSY")!;

        Assert.Equal("BUSY", busy.Parameter("FBTYPE"));
        Assert.True(CalendarValues.TryParsePeriodList(busy.Value, null, out var periods, out _));
        Assert.Equal(8, periods.Count);
        Assert.Equal("attendee@domain.tld", CalendarAttendee.From(freeBusy.Property("ATTENDEE")!).Address);
    }

    [Fact]
    public void Thunderbird_and_google_alarms_are_nested_in_their_events()
    {
        var thunderbird = ParseFile("alarm_thunderbird_future.ics");
        var google = ParseFile("alarm_google_future.ics");

        Assert.Empty(thunderbird.Problems);
        Assert.Empty(google.Problems);
        var alarm = All(google.Calendars[0], "VALARM").First();
        Assert.Equal("VEVENT", google.Calendars[0].Components.Single(c => c.Components.Contains(alarm)).Name);
        Assert.True(CalendarDuration.TryParse(alarm.Property("TRIGGER")!.Value, out var trigger, out _));
        Assert.True(trigger.Negative);
        Assert.NotEmpty(All(thunderbird.Calendars[0], "VALARM"));
    }

    [Fact]
    public void Custom_components_inside_a_calendar_are_kept_and_outside_one_are_reported()
    {
        var inside = ParseFile("issue_178_custom_component_inside_other.ics");
        var outside = ParseFile("issue_178_custom_component_contains_other.ics");

        Assert.Empty(inside.Problems);
        Assert.Equal("1234", Assert.Single(inside.Calendars[0].Components, c => c.Name == "UNKNOWN").Property("UID")!.Value);
        Assert.Empty(outside.Calendars);
        Assert.Equal("line 1: BEGIN:MYCOMPTOO is outside any VCALENDAR; the component is skipped up to its END:MYCOMPTOO.", outside.Problems[0].ToString());
    }

    [Fact]
    public void An_exchange_invite_keeps_its_windows_zone_name_and_its_folded_rule()
    {
        var calendar = Assert.Single(ParseFile("issue_165_missing_event.ics").Calendars);
        var standup = calendar.ComponentsNamed("VEVENT").Single();

        Assert.Equal("Microsoft CDO for Microsoft Exchange", calendar.Property("PRODID")!.Value);
        Assert.Equal("Sprint 25 Daily Standup", standup.Property("SUMMARY")!.Value);
        Assert.True(CalendarValues.TryParseDateTime(standup.Property("DTSTART")!, out var start, out _));
        Assert.Equal(CalendarDateTime.InZone(new LocalDateTime(2015, 7, 3, 10, 0), "GMT +0100 (Standard) / GMT +0200 (Daylight)"), start);
        Assert.Equal("FREQ=DAILY;UNTIL=20150722T080000Z;INTERVAL=1;BYDAY=MO, TU, WE, TH, FR;WKST=SU", standup.Property("RRULE")!.Value);
    }

    [Fact]
    public void A_blackberry_invite_lists_three_attendees_asked_to_reply_and_an_all_day_date()
    {
        var invite = ParseFile("property_params.ics").Calendars[0].Components.Single();

        var attendees = invite.PropertiesNamed("ATTENDEE").Select(CalendarAttendee.From).ToList();
        Assert.Equal(["rembrand@xs4all.nl", "rembrand@daxlab.com", "rembspam@xs4all.nl"], attendees.Select(a => a.Address));
        Assert.Equal(["RembrandXS", "RembrandDX", "RembrandSB"], attendees.Select(a => a.CommonName));
        Assert.All(attendees, a => Assert.True(a.Rsvp));
        Assert.All(attendees, a => Assert.Equal(CalendarParticipationStatus.NeedsAction, a.ParticipationStatus));
        Assert.Equal("rembrand@daxlab.com", CalendarAttendee.From(invite.Property("ORGANIZER")!).Address);
        Assert.True(CalendarValues.TryParseDateTime(invite.Property("DTSTART")!, out var start, out _));
        Assert.Equal(CalendarDateTime.ForDate(new LocalDate(2012, 8, 14)), start);
    }

    [Fact]
    public void Mutated_sample_files_never_throw_in_the_parser_or_any_value_reader()
    {
        var random = new Random(20260301);
        var samples = Directory.GetFiles(DataDirectory, "*.ics").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var insertions = new[] { "\r\n ", "\r\n", "BEGIN:VEVENT\r\n", "END:VCALENDAR\r\n", ";X=\"", ":", "\\", "^", "\u00e9" }
            .Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        for (var n = 0; n < 1000; n++)
        {
            var bytes = samples[random.Next(samples.Count)].ToList();
            for (var m = random.Next(1, 20); m > 0 && bytes.Count > 0; m--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(4))
                {
                    case 0:
                        bytes[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        bytes.RemoveRange(at, Math.Min(random.Next(1, 40), bytes.Count - at));
                        break;
                    case 2:
                        bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 200), bytes.Count - at)));
                        break;
                    default:
                        bytes.InsertRange(at, insertions[random.Next(insertions.Length)]);
                        break;
                }
            }

            var result = CalendarParser.Parse(bytes.ToArray());

            Assert.InRange(result.Problems.Count, 0, CalendarParser.MaxProblems + 1);
            foreach (var property in result.Calendars.SelectMany(Descendants).SelectMany(c => c.Properties))
            {
                var tzid = property.Parameter("TZID");
                CalendarValues.TryParseText(property.Value, out _);
                CalendarValues.SplitText(property.Value);
                CalendarValues.TryParseDateTimeList(property.Value, property.Parameter("VALUE"), tzid, out _, out _);
                CalendarValues.TryParsePeriodList(property.Value, tzid, out _, out _);
                CalendarDuration.TryParse(property.Value, out _, out _);
                CalendarValues.TryParseUtcOffset(property.Value, out _, out _);
                CalendarValues.TryParseInteger(property.Value, out _, out _);
                CalendarAttendee.From(property);
            }
        }
    }

    private static IEnumerable<CalendarComponent> Descendants(CalendarComponent component) =>
        component.Components.SelectMany(Descendants).Prepend(component);
}
