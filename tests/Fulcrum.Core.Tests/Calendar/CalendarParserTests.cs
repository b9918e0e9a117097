using System.Text;
using Fulcrum.Core.Calendar;

namespace Fulcrum.Core.Tests.Calendar;

public class CalendarParserTests
{
    private static CalendarParseResult Parse(params string[] lines) => CalendarParser.Parse(string.Join("\r\n", lines) + "\r\n");

    private static CalendarComponent OnlyEvent(CalendarParseResult result) =>
        Assert.Single(Assert.Single(result.Calendars).ComponentsNamed("VEVENT"));

    [Fact]
    public void A_minimal_calendar_gives_one_calendar_with_one_event_and_no_problems()
    {
        var result = Parse("BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:1", "SUMMARY:Standup", "END:VEVENT", "END:VCALENDAR");

        Assert.Empty(result.Problems);
        var calendar = Assert.Single(result.Calendars);
        Assert.Equal("VCALENDAR", calendar.Name);
        Assert.Equal(1, calendar.Line);
        Assert.Equal("2.0", calendar.Property("VERSION")!.Value);
        var vevent = OnlyEvent(result);
        Assert.Equal(3, vevent.Line);
        Assert.Equal("Standup", vevent.Property("SUMMARY")!.Value);
        Assert.Equal(5, vevent.Property("SUMMARY")!.Line);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public void Every_line_ending_gives_the_same_calendar_and_line_numbers(string newline)
    {
        var text = string.Join(newline, "BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:Rev", " iew", "UID:1", "END:VEVENT", "END:VCALENDAR");

        var result = CalendarParser.Parse(text);

        Assert.Empty(result.Problems);
        var summary = OnlyEvent(result).Property("SUMMARY")!;
        Assert.Equal("Review", summary.Value);
        Assert.Equal(3, summary.Line);
        Assert.Equal(5, OnlyEvent(result).Property("UID")!.Line);
    }

    [Fact]
    public void Folded_lines_are_joined_with_the_one_leading_space_or_tab_removed()
    {
        var result = Parse(
            "BEGIN:VCALENDAR", "BEGIN:VEVENT",
            "DESCRIPTION:This is a lo",
            " ng description",
            "\t that goes on",
            "SUMMARY:After",
            "END:VEVENT", "END:VCALENDAR");

        var vevent = OnlyEvent(result);
        Assert.Equal("This is a long description that goes on", vevent.Property("DESCRIPTION")!.Value);
        Assert.Equal(3, vevent.Property("DESCRIPTION")!.Line);
        Assert.Equal(6, vevent.Property("SUMMARY")!.Line);
    }

    [Fact]
    public void A_fold_inside_a_parameter_and_inside_the_name_is_unfolded_too()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTST", " ART;TZ", " ID=Europe/Paris:2026", " 0301T090000", "END:VEVENT", "END:VCALENDAR");

        var start = OnlyEvent(result).Property("DTSTART")!;
        Assert.Equal("Europe/Paris", start.Parameter("TZID"));
        Assert.Equal("20260301T090000", start.Value);
    }

    [Fact]
    public void A_fold_that_splits_a_multi_byte_utf8_character_is_mended_before_decoding()
    {
        // "Café ☕" with the fold between the bytes of é (C3 A9) and inside ☕ (E2 98 95).
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Caf"));
        bytes.Add(0xC3);
        bytes.AddRange(Encoding.ASCII.GetBytes("\r\n "));
        bytes.AddRange([0xA9, (byte)' ', 0xE2, 0x98]);
        bytes.AddRange(Encoding.ASCII.GetBytes("\r\n "));
        bytes.Add(0x95);
        bytes.AddRange(Encoding.ASCII.GetBytes("\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"));

        var result = CalendarParser.Parse(bytes.ToArray());

        Assert.Empty(result.Problems);
        var vevent = OnlyEvent(result);
        Assert.Equal("Café ☕", vevent.Property("SUMMARY")!.Value);
        Assert.Equal(6, vevent.Property("UID")!.Line);
    }

    [Fact]
    public void Lowercase_names_are_upper_cased_and_values_kept_as_written()
    {
        var result = Parse("begin:vcalendar", "Begin:VEvent", "summary;language=en:Lunch with Ann", "x-custom-thing:Keep Me", "end:vevent", "END:VCALENDAR");

        Assert.Empty(result.Problems);
        var vevent = OnlyEvent(result);
        Assert.Equal("VEVENT", vevent.Name);
        var summary = vevent.Properties[0];
        Assert.Equal("SUMMARY", summary.Name);
        Assert.Equal("LANGUAGE", summary.Parameters[0].Name);
        Assert.Equal("en", summary.Parameters[0].Value);
        Assert.Equal("Lunch with Ann", summary.Value);
        Assert.Equal("Keep Me", vevent.Property("X-CUSTOM-THING")!.Value);
    }

    [Fact]
    public void Quoted_parameter_values_may_hold_colons_semicolons_and_commas()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT",
            "ATTENDEE;CN=\"Doe, Jane; PhD: Lead\";DIR=\"ldap://example.com:6666/o=ABC\":mailto:jane@example.com",
            "END:VEVENT", "END:VCALENDAR");

        Assert.Empty(result.Problems);
        var attendee = OnlyEvent(result).Property("ATTENDEE")!;
        Assert.Equal("Doe, Jane; PhD: Lead", attendee.Parameter("CN"));
        Assert.Equal("ldap://example.com:6666/o=ABC", attendee.Parameter("dir"));
        Assert.Equal("mailto:jane@example.com", attendee.Value);
    }

    [Fact]
    public void A_parameter_with_several_values_keeps_each_in_order_quoted_or_not()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT",
            "ATTENDEE;MEMBER=\"mailto:a@example.com\",\"mailto:b@example.com\";X-TAGS=one,two,three:mailto:c@example.com",
            "END:VEVENT", "END:VCALENDAR");

        var attendee = OnlyEvent(result).Property("ATTENDEE")!;
        Assert.Equal(["mailto:a@example.com", "mailto:b@example.com"], attendee.Parameters[0].Values);
        Assert.Equal(["one", "two", "three"], attendee.Parameters[1].Values);
    }

    [Fact]
    public void Rfc6868_caret_escapes_in_parameter_values_are_decoded()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT",
            "ATTENDEE;CN=George Herman ^'Babe^' Ruth;X-ADDR=\"1 Main St^nSpringfield\";X-ODD=a^^b^x:mailto:babe@example.com",
            "END:VEVENT", "END:VCALENDAR");

        var attendee = OnlyEvent(result).Property("ATTENDEE")!;
        Assert.Equal("George Herman \"Babe\" Ruth", attendee.Parameter("CN"));
        Assert.Equal("1 Main St\nSpringfield", attendee.Parameter("X-ADDR"));
        Assert.Equal("a^b^x", attendee.Parameter("X-ODD"));
    }

    [Fact]
    public void The_value_starts_after_the_first_colon_outside_quotes_and_keeps_later_colons()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:Agenda: plan: ship", "URL;VALUE=URI:https://example.com:8080/a", "END:VEVENT", "END:VCALENDAR");

        var vevent = OnlyEvent(result);
        Assert.Equal("Agenda: plan: ship", vevent.Property("SUMMARY")!.Value);
        Assert.Equal("https://example.com:8080/a", vevent.Property("URL")!.Value);
    }

    [Fact]
    public void Text_escapes_are_kept_in_the_property_and_undone_by_the_text_reader()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", @"DESCRIPTION:Line one\nLine two\, with comma\; and semicolon \\ done", "END:VEVENT", "END:VCALENDAR");

        var raw = OnlyEvent(result).Property("DESCRIPTION")!.Value;
        Assert.Equal(@"Line one\nLine two\, with comma\; and semicolon \\ done", raw);
        Assert.True(CalendarValues.TryParseText(raw, out var text));
        Assert.Equal("Line one\nLine two, with comma; and semicolon \\ done", text);
    }

    [Fact]
    public void Nested_components_keep_their_tree_and_unknown_components_are_kept()
    {
        var result = Parse(
            "BEGIN:VCALENDAR",
            "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
            "BEGIN:STANDARD", "TZOFFSETTO:+0100", "END:STANDARD",
            "BEGIN:DAYLIGHT", "TZOFFSETTO:+0200", "END:DAYLIGHT",
            "END:VTIMEZONE",
            "BEGIN:VEVENT", "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT15M", "END:VALARM", "END:VEVENT",
            "BEGIN:VTODO", "END:VTODO",
            "BEGIN:X-VENDOR-THING", "X-PROP:1", "END:X-VENDOR-THING",
            "END:VCALENDAR");

        Assert.Empty(result.Problems);
        var calendar = Assert.Single(result.Calendars);
        Assert.Equal(["VTIMEZONE", "VEVENT", "VTODO", "X-VENDOR-THING"], calendar.Components.Select(c => c.Name));
        var zone = calendar.Components[0];
        Assert.Equal(["STANDARD", "DAYLIGHT"], zone.Components.Select(c => c.Name));
        Assert.Equal("+0200", zone.Components[1].Property("TZOFFSETTO")!.Value);
        var alarm = Assert.Single(calendar.Components[1].Components);
        Assert.Equal("-PT15M", alarm.Property("TRIGGER")!.Value);
        Assert.Equal("1", calendar.Components[3].Property("X-PROP")!.Value);
    }

    [Fact]
    public void Several_calendars_in_one_file_are_each_returned()
    {
        var result = Parse(
            "BEGIN:VCALENDAR", "PRODID:one", "BEGIN:VEVENT", "UID:a", "END:VEVENT", "END:VCALENDAR",
            "BEGIN:VCALENDAR", "PRODID:two", "BEGIN:VEVENT", "UID:b", "END:VEVENT", "END:VCALENDAR");

        Assert.Empty(result.Problems);
        Assert.Equal(["one", "two"], result.Calendars.Select(c => c.Property("PRODID")!.Value));
        Assert.Equal(7, result.Calendars[1].Line);
    }

    [Fact]
    public void Blank_lines_and_trailing_whitespace_are_ignored()
    {
        var result = CalendarParser.Parse("BEGIN:VCALENDAR  \r\n\r\n\r\nBEGIN:VEVENT\t\r\nSUMMARY:Trim me   \r\n   \r\nEND:VEVENT \r\nEND:VCALENDAR\r\n\r\n");

        Assert.Empty(result.Problems);
        Assert.Equal("Trim me", OnlyEvent(result).Property("SUMMARY")!.Value);
    }

    [Fact]
    public void A_missing_final_end_is_a_problem_but_the_events_read_so_far_are_kept()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:First", "END:VEVENT", "BEGIN:VEVENT", "SUMMARY:Second");

        var calendar = Assert.Single(result.Calendars);
        Assert.Equal(["First", "Second"], calendar.ComponentsNamed("VEVENT").Select(e => e.Property("SUMMARY")!.Value));
        Assert.Collection(result.Problems,
            p => Assert.Equal("line 1: BEGIN:VCALENDAR has no END:VCALENDAR before the file ends at line 6; what was read of it is kept.", p.ToString()),
            p => Assert.Equal("line 5: BEGIN:VEVENT has no END:VEVENT before the file ends at line 6; what was read of it is kept.", p.ToString()));
    }

    [Fact]
    public void A_line_without_a_colon_is_a_problem_with_its_line_number_and_is_skipped()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:1", "X-APPLE-RADIUS=49.9", "SUMMARY:Still read", "END:VEVENT", "END:VCALENDAR");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(4, problem.Line);
        Assert.Contains("X-APPLE-RADIUS=49.9", problem.Text);
        Assert.Contains("no ':'", problem.Text);
        Assert.Equal(["UID", "SUMMARY"], OnlyEvent(result).Properties.Select(p => p.Name));
    }

    [Fact]
    public void Stray_lines_outside_any_component_are_problems_and_not_kept()
    {
        var result = Parse("X-BEFORE:1", "BEGIN:VCALENDAR", "END:VCALENDAR", "SUMMARY:after");

        Assert.Empty(Assert.Single(result.Calendars).Properties);
        Assert.Equal([1, 4], result.Problems.Select(p => p.Line));
        Assert.Contains("X-BEFORE is outside any component", result.Problems[0].Text);
    }

    [Fact]
    public void An_end_that_names_an_outer_component_closes_the_inner_one_with_a_problem_naming_both()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:Unclosed", "END:VCALENDAR", "BEGIN:VCALENDAR", "END:VCALENDAR");

        Assert.Equal(2, result.Calendars.Count);
        Assert.Equal("Unclosed", Assert.Single(result.Calendars[0].Components).Property("SUMMARY")!.Value);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Equal("BEGIN:VEVENT has no END:VEVENT; END:VCALENDAR at line 4 closes it with its VCALENDAR.", problem.Text);
    }

    [Fact]
    public void An_end_that_matches_nothing_open_is_ignored_with_a_problem_naming_both_lines()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "END:VTODO", "SUMMARY:Still in the event", "END:VEVENT", "END:VCALENDAR");

        Assert.Equal("Still in the event", OnlyEvent(result).Property("SUMMARY")!.Value);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("line 3: END:VTODO does not match BEGIN:VEVENT at line 2, and no VTODO is open; the END is ignored.", problem.ToString());
    }

    [Fact]
    public void An_event_missing_its_end_is_closed_where_the_next_event_begins()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:First", "BEGIN:VEVENT", "SUMMARY:Second", "END:VEVENT", "END:VCALENDAR");

        var calendar = Assert.Single(result.Calendars);
        Assert.Equal(["First", "Second"], calendar.Components.Select(e => e.Property("SUMMARY")!.Value));
        Assert.All(calendar.Components, e => Assert.Empty(e.Components));
        Assert.Equal("line 2: BEGIN:VEVENT has no END:VEVENT; it is closed where BEGIN:VEVENT at line 4 starts, since a VEVENT cannot hold a VEVENT.",
            Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public void A_truncated_calendar_followed_by_another_gives_two_calendars_not_one_nested_in_the_other()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:Cut", "BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:Whole", "END:VEVENT", "END:VCALENDAR");

        Assert.Equal(2, result.Calendars.Count);
        Assert.Equal("Cut", Assert.Single(result.Calendars[0].Components).Property("SUMMARY")!.Value);
        Assert.Equal("Whole", Assert.Single(result.Calendars[1].Components).Property("SUMMARY")!.Value);
        Assert.Equal([1, 2], result.Problems.Select(p => p.Line));
    }

    [Fact]
    public void An_alarm_in_an_event_and_a_standard_component_in_a_timezone_are_where_they_belong()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "BEGIN:VALARM", "TRIGGER:-PT5M",
            "BEGIN:VTIMEZONE", "TZID:X", "BEGIN:STANDARD", "END:STANDARD", "END:VTIMEZONE", "END:VCALENDAR");

        var calendar = Assert.Single(result.Calendars);
        Assert.Equal(["VEVENT", "VTIMEZONE"], calendar.Components.Select(c => c.Name));
        Assert.Equal("VALARM", Assert.Single(calendar.Components[0].Components).Name);
        Assert.Equal("STANDARD", Assert.Single(calendar.Components[1].Components).Name);
        Assert.Equal([2, 3], result.Problems.Select(p => p.Line));
    }

    [Fact]
    public void An_event_inside_an_x_component_is_kept_there()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:X-GROUP", "BEGIN:VEVENT", "UID:1", "END:VEVENT", "END:X-GROUP", "END:VCALENDAR");

        Assert.Empty(result.Problems);
        Assert.Equal("VEVENT", Assert.Single(Assert.Single(result.Calendars[0].Components).Components).Name);
    }

    [Fact]
    public void A_component_outside_any_calendar_is_skipped_with_one_problem()
    {
        var result = Parse("BEGIN:VEVENT", "SUMMARY:Orphan", "END:VEVENT", "BEGIN:VCALENDAR", "END:VCALENDAR");

        Assert.Empty(Assert.Single(result.Calendars).Components);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("line 1: BEGIN:VEVENT is outside any VCALENDAR; the component is skipped up to its END:VEVENT.", problem.ToString());
    }

    [Fact]
    public void An_empty_parameter_is_a_problem_but_the_property_is_kept()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART;;VALUE=DATE-TIME:20140409T093000", "END:VEVENT", "END:VCALENDAR");

        var start = OnlyEvent(result).Property("DTSTART")!;
        Assert.Equal("DATE-TIME", start.Parameter("VALUE"));
        Assert.Equal("20140409T093000", start.Value);
        Assert.Equal(3, Assert.Single(result.Problems).Line);
    }

    [Fact]
    public void An_unclosed_quote_skips_the_line_with_a_problem()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "ATTENDEE;CN=\"Jane:mailto:jane@example.com", "UID:1", "END:VEVENT", "END:VCALENDAR");

        Assert.Null(OnlyEvent(result).Property("ATTENDEE"));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("no closing '\"'", problem.Text);
    }

    [Fact]
    public void A_property_name_with_spaces_is_a_problem_and_the_line_is_skipped()
    {
        var result = Parse("BEGIN:VCALENDAR", "REFRESH - INTERVAL; VALUE = DURATION:PT48H", "VERSION:2.0", "END:VCALENDAR");

        Assert.Equal("2.0", Assert.Single(Assert.Single(result.Calendars).Properties).Value);
        Assert.Equal(2, Assert.Single(result.Problems).Line);
    }

    [Fact]
    public void Text_with_no_calendar_says_so()
    {
        var result = CalendarParser.Parse("");

        Assert.Empty(result.Calendars);
        Assert.Equal("The file has no BEGIN:VCALENDAR, so it holds no calendar.", Assert.Single(result.Problems).Text);
    }

    [Fact]
    public void Problems_are_capped_with_a_final_entry_counting_the_rest()
    {
        var lines = Enumerable.Range(0, 250).Select(i => $"junk line {i}").Prepend("BEGIN:VCALENDAR").Append("END:VCALENDAR");

        var result = CalendarParser.Parse(string.Join("\n", lines));

        Assert.Equal(CalendarParser.MaxProblems + 1, result.Problems.Count);
        Assert.Equal(2, result.Problems[0].Line);
        Assert.Equal("and 150 more problems", result.Problems[^1].Text);
    }

    [Fact]
    public void Deep_nesting_beyond_the_limit_is_skipped_not_kept()
    {
        var lines = new List<string> { "BEGIN:VCALENDAR" };
        lines.AddRange(Enumerable.Range(0, 100).Select(_ => "BEGIN:X-BOX"));
        lines.AddRange(Enumerable.Range(0, 100).Select(_ => "END:X-BOX"));
        lines.Add("END:VCALENDAR");

        var result = CalendarParser.Parse(string.Join("\n", lines));

        var depth = 0;
        for (var component = result.Calendars[0]; component.Components.Count > 0; component = component.Components[0])
        {
            depth++;
        }
        Assert.Equal(CalendarParser.MaxDepth - 1, depth);
        Assert.Equal(100 - (CalendarParser.MaxDepth - 1), result.Problems.Count);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nX-WR-CALNAME:Ünïcödé\r\nEND:VCALENDAR\r\n")).ToArray();

        var result = CalendarParser.Parse(bytes);

        Assert.Empty(result.Problems);
        Assert.Equal("Ünïcödé", result.Calendars[0].Property("X-WR-CALNAME")!.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_utf16_file_with_a_byte_order_mark_is_read_as_utf16(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Réunion 会议\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")).ToArray();

        var result = CalendarParser.Parse(bytes);

        Assert.Empty(result.Problems);
        Assert.Equal("Réunion 会议", OnlyEvent(result).Property("SUMMARY")!.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_utf16_file_without_a_byte_order_mark_is_recognised_by_its_NUL_bytes(bool bigEndian)
    {
        var bytes = new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Réunion\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");

        var result = CalendarParser.Parse(bytes);

        Assert.Empty(result.Problems);
        Assert.Equal("Réunion", OnlyEvent(result).Property("SUMMARY")!.Value);
    }

    [Fact]
    public void Utf16_with_a_lone_surrogate_is_refused_not_guessed()
    {
        var bytes = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("BEGIN:VCALENDAR\r\nX-A:")).Concat(new byte[] { 0x00, 0xD8, 0x41, 0x00 }).ToArray();

        var result = CalendarParser.Parse(bytes);

        Assert.Empty(result.Calendars);
        Assert.StartsWith("The file starts with a UTF-16 byte-order mark but is not valid UTF-16", Assert.Single(result.Problems).Text);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_the_line_and_byte_offset()
    {
        var bytes = Encoding.ASCII.GetBytes("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Caf").Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")).ToArray();

        var result = CalendarParser.Parse(bytes);

        Assert.Empty(result.Calendars);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("not valid UTF-8", problem.Text);
        Assert.Contains("offset 42 (0xE9)", problem.Text);
    }

    [Fact]
    public void A_truncated_file_keeps_what_was_read_and_reports_the_unclosed_components()
    {
        var full = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Complete\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Cut off in the mid";

        var result = CalendarParser.Parse(full);

        var events = result.Calendars[0].ComponentsNamed("VEVENT").ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("Cut off in the mid", events[1].Property("SUMMARY")!.Value);
        Assert.Equal([1, 6], result.Problems.Select(p => p.Line));
    }

    [Fact]
    public void Random_input_never_throws_and_problems_stay_bounded()
    {
        var random = new Random(5545);
        var fragments = new[] { "BEGIN:", "END:", "VCALENDAR", "VEVENT", ";", ":", "\"", ",", "=", "^", "\\", "\r\n", "\n", "\r", " ", "\t", "X-", "é", "\0" };
        for (var n = 0; n < 1000; n++)
        {
            CalendarParseResult result;
            if (n % 2 == 0)
            {
                var bytes = new byte[random.Next(0, 2000)];
                random.NextBytes(bytes);
                result = CalendarParser.Parse(bytes);
            }
            else
            {
                var builder = new StringBuilder();
                var pieces = random.Next(0, 400);
                for (var i = 0; i < pieces; i++)
                {
                    builder.Append(random.Next(3) == 0 ? ((char)random.Next(0, 0x3000)).ToString() : fragments[random.Next(fragments.Length)]);
                }
                result = CalendarParser.Parse(builder.ToString());
            }

            Assert.InRange(result.Problems.Count, 0, CalendarParser.MaxProblems + 1);
            Assert.All(result.Calendars, c => Assert.Equal("VCALENDAR", c.Name));
        }
    }

    [Fact]
    public void A_large_file_of_junk_is_read_in_linear_time()
    {
        // 50 MB of lines that each fail differently; the parse is one pass, so this takes well under
        // a few seconds. A quadratic step would not finish.
        var line = "BEGIN:X;\"unclosed\r\nEND:Y\r\nnot a line\r\n BEGIN:VEVENT\r\n";
        var text = new StringBuilder(50_000_000 + line.Length);
        while (text.Length < 50_000_000)
        {
            text.Append(line);
        }

        var result = CalendarParser.Parse(text.ToString());

        Assert.Empty(result.Calendars);
        Assert.Equal(CalendarParser.MaxProblems + 1, result.Problems.Count);
        Assert.StartsWith("and ", result.Problems[^1].Text);
    }

    [Fact]
    public void Common_property_names_are_shared_not_allocated_per_line()
    {
        var result = Parse("BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:a", "X-ODD:1", "END:VEVENT", "BEGIN:VEVENT", "summary:b", "X-ODD:2", "END:VEVENT", "END:VCALENDAR");

        var events = result.Calendars[0].Components;
        Assert.Same(events[0].Properties[0].Name, events[1].Properties[0].Name);
        Assert.Same(events[0].Properties[1].Name, events[1].Properties[1].Name);
    }
}
