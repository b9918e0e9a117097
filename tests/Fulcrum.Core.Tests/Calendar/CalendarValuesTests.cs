using Fulcrum.Core.Calendar;
using NodaTime;

namespace Fulcrum.Core.Tests.Calendar;

public class CalendarValuesTests
{
    [Theory]
    [InlineData(@"plain", "plain")]
    [InlineData(@"a\\b", @"a\b")]
    [InlineData(@"one\, two\; three", "one, two; three")]
    [InlineData(@"line\nbreak\Nagain", "line\nbreak\nagain")]
    [InlineData(@"odd\:escape", "odd:escape")]
    [InlineData(@"trailing\", @"trailing\")]
    public void Text_is_unescaped(string raw, string expected)
    {
        Assert.True(CalendarValues.TryParseText(raw, out var text));
        Assert.Equal(expected, text);
    }

    [Fact]
    public void A_text_list_splits_on_unescaped_commas_only()
    {
        Assert.Equal(["Meeting, John", "Work, Sarah", "Project"], CalendarValues.SplitText(@"Meeting\, John,Work\, Sarah,Project"));
        Assert.Equal([@"back\", ""], CalendarValues.SplitText(@"back\\,"));
        Assert.Equal([""], CalendarValues.SplitText(""));
    }

    [Fact]
    public void Escaping_text_round_trips_through_unescaping()
    {
        const string original = "Plan; then ship, then\r\nrelax \\ rest";

        var escaped = CalendarValues.EscapeText(original);

        Assert.Equal(@"Plan\; then ship\, then\nrelax \\ rest", escaped);
        CalendarValues.TryParseText(escaped, out var back);
        Assert.Equal("Plan; then ship, then\nrelax \\ rest", back);
    }

    [Fact]
    public void A_date_reads_as_a_whole_day()
    {
        Assert.True(CalendarValues.TryParseDateTime("20260301", null, null, out var value, out var error));
        Assert.Null(error);
        Assert.Equal(CalendarTimeKind.Date, value.Kind);
        Assert.Equal(new LocalDate(2026, 3, 1), value.Date);
        Assert.Equal("20260301", value.ToString());
    }

    [Fact]
    public void A_date_with_a_tzid_is_still_a_date()
    {
        Assert.True(CalendarValues.TryParseDateTime("20260301", "DATE", "Europe/Paris", out var value, out _));
        Assert.Equal(CalendarTimeKind.Date, value.Kind);
        Assert.Null(value.TimeZoneId);
    }

    [Fact]
    public void A_date_time_with_z_is_utc()
    {
        Assert.True(CalendarValues.TryParseDateTime("20260301T090000Z", null, null, out var value, out _));
        Assert.Equal(CalendarDateTime.ForUtc(new LocalDateTime(2026, 3, 1, 9, 0, 0)), value);
    }

    [Fact]
    public void A_date_time_with_z_and_a_tzid_is_utc_because_the_z_is_explicit()
    {
        Assert.True(CalendarValues.TryParseDateTime("20260301T090000Z", "DATE-TIME", "Europe/Paris", out var value, out var error));
        Assert.Null(error);
        Assert.Equal(CalendarTimeKind.Utc, value.Kind);
        Assert.Null(value.TimeZoneId);
    }

    [Fact]
    public void A_date_time_with_a_tzid_is_zoned_with_the_tzid_as_written()
    {
        Assert.True(CalendarValues.TryParseDateTime("20200426T140000", null, "/mozilla.org/20070129_1/America/New_York", out var value, out _));
        Assert.Equal(CalendarDateTime.InZone(new LocalDateTime(2020, 4, 26, 14, 0, 0), "/mozilla.org/20070129_1/America/New_York"), value);
    }

    [Fact]
    public void A_date_time_without_z_or_tzid_is_floating()
    {
        Assert.True(CalendarValues.TryParseDateTime("20260301t083015", null, null, out var value, out _));
        Assert.Equal(CalendarDateTime.Floating(new LocalDateTime(2026, 3, 1, 8, 30, 15)), value);
    }

    [Fact]
    public void An_empty_or_lowercase_value_type_is_no_obstacle()
    {
        Assert.True(CalendarValues.TryParseDateTime("20260301T090000", "", null, out var noType, out _));
        Assert.True(CalendarValues.TryParseDateTime("20260301", " date ", null, out var date, out _));

        Assert.Equal(CalendarTimeKind.Floating, noType.Kind);
        Assert.Equal(CalendarTimeKind.Date, date.Kind);
    }

    [Fact]
    public void A_leap_second_is_read_as_second_59()
    {
        Assert.True(CalendarValues.TryParseDateTime("20161231T235960Z", null, null, out var value, out _));
        Assert.Equal(new LocalDateTime(2016, 12, 31, 23, 59, 59), value.Local);
    }

    [Theory]
    [InlineData("20261301", null, "'20261301' is not a date: month 13 is not 01 to 12.")]
    [InlineData("20260230", null, "'20260230' is not a date: day 30 is not 01 to 28 in that month.")]
    [InlineData("20240230T100000", null, "'20240230' is not a date: day 30 is not 01 to 29 in that month.")]
    [InlineData("20260301T250000", null, "'20260301T250000' is not a date-time: hour 25 is not 00 to 23.")]
    [InlineData("20260301T096000", null, "'20260301T096000' is not a date-time: minute 60 is not 00 to 59.")]
    [InlineData("20260301T090061Z", null, "'20260301T090061Z' is not a date-time: second 61 is not 00 to 60.")]
    [InlineData("INVALID-DATE", null, "'INVALID-DATE' is not a date-time: expected yyyyMMddTHHmmss, with a Z for UTC (20260301T090000Z).")]
    [InlineData("2026-03-01", null, "'2026-03-01' is not a date-time: expected yyyyMMddTHHmmss, with a Z for UTC (20260301T090000Z).")]
    [InlineData("20260301T090000", "DATE", "'20260301T090000' is not a date: VALUE=DATE needs eight digits, yyyyMMdd.")]
    [InlineData("20260301", "PERIOD", "'20260301' is declared VALUE=PERIOD, which is not a date or date-time.")]
    [InlineData("", null, "The value is empty where a date or date-time was expected.")]
    [InlineData("00000101", null, "'00000101' is not a date: year 0000 does not exist.")]
    public void Invalid_dates_are_errors_that_name_the_value_not_guesses(string raw, string? valueType, string expected)
    {
        Assert.False(CalendarValues.TryParseDateTime(raw, valueType, null, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void A_date_time_list_reads_every_item_with_the_shared_tzid()
    {
        Assert.True(CalendarValues.TryParseDateTimeList("20260301T090000,20260308T090000", null, "Europe/Paris", out var values, out _));
        Assert.Equal([new LocalDateTime(2026, 3, 1, 9, 0), new LocalDateTime(2026, 3, 8, 9, 0)], values.Select(v => v.Local));
        Assert.All(values, v => Assert.Equal("Europe/Paris", v.TimeZoneId));
    }

    [Fact]
    public void A_date_list_reads_dates()
    {
        Assert.True(CalendarValues.TryParseDateTimeList("19970101,19970120", "DATE", null, out var values, out _));
        Assert.Equal([new LocalDate(1997, 1, 1), new LocalDate(1997, 1, 20)], values.Select(v => v.Date));
    }

    [Theory]
    [InlineData("", "The value is empty where a list of dates or date-times was expected.")]
    [InlineData("20260301T090000,,20260308T090000", "The value is empty where a date or date-time was expected.")]
    [InlineData("20260301T090000,20261399T090000", "'20261399' is not a date: month 13 is not 01 to 12.")]
    public void A_date_time_list_with_a_bad_item_is_an_error(string raw, string expected)
    {
        Assert.False(CalendarValues.TryParseDateTimeList(raw, null, null, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void A_property_is_read_with_its_own_value_and_tzid_parameters()
    {
        var start = new CalendarProperty("DTSTART", [new CalendarParameter("TZID", ["Europe/Paris"])], "20260301T090000", 7);
        var allDay = new CalendarProperty("DTSTART", [new CalendarParameter("VALUE", ["DATE"])], "20260301", 8);

        Assert.True(CalendarValues.TryParseDateTime(start, out var zoned, out _));
        Assert.True(CalendarValues.TryParseDateTime(allDay, out var date, out _));

        Assert.Equal(CalendarDateTime.InZone(new LocalDateTime(2026, 3, 1, 9, 0), "Europe/Paris"), zoned);
        Assert.Equal(CalendarDateTime.ForDate(new LocalDate(2026, 3, 1)), date);
    }

    [Fact]
    public void Recurrence_dates_are_read_as_dates_or_as_periods_by_their_value_type()
    {
        var dates = new CalendarProperty("EXDATE", [new CalendarParameter("TZID", ["America/New_York"])], "20260301T090000,20260308T090000", 1);
        var periods = new CalendarProperty("RDATE", [new CalendarParameter("VALUE", ["period"])], "20260301T090000Z/PT1H", 2);

        Assert.True(CalendarValues.TryParseRecurrenceDates(dates, out var exdates, out var noPeriods, out _));
        Assert.True(CalendarValues.TryParseRecurrenceDates(periods, out var noDates, out var rperiods, out _));

        Assert.Equal(2, exdates.Count);
        Assert.Equal("America/New_York", exdates[1].TimeZoneId);
        Assert.Empty(noPeriods);
        Assert.Empty(noDates);
        Assert.Equal(new CalendarDuration(false, 0, 0, 1, 0, 0), Assert.Single(rperiods).Duration);
    }

    [Fact]
    public void A_period_with_an_end_keeps_both_ends()
    {
        Assert.True(CalendarValues.TryParsePeriod("19970101T180000Z/19970102T070000Z", null, out var period, out _));
        Assert.Equal(CalendarDateTime.ForUtc(new LocalDateTime(1997, 1, 1, 18, 0)), period!.Start);
        Assert.Equal(CalendarDateTime.ForUtc(new LocalDateTime(1997, 1, 2, 7, 0)), period.End);
        Assert.Null(period.Duration);
    }

    [Fact]
    public void A_period_with_a_duration_keeps_the_duration()
    {
        Assert.True(CalendarValues.TryParsePeriod("19970101T180000/PT5H30M", "America/New_York", out var period, out _));
        Assert.Equal(CalendarDateTime.InZone(new LocalDateTime(1997, 1, 1, 18, 0), "America/New_York"), period!.Start);
        Assert.Null(period.End);
        Assert.Equal(new CalendarDuration(false, 0, 0, 5, 30, 0), period.Duration);
    }

    [Fact]
    public void A_period_list_reads_each_period()
    {
        Assert.True(CalendarValues.TryParsePeriodList("19970308T160000Z/PT8H30M,19970308T230000Z/PT3H", null, out var periods, out _));
        Assert.Equal(2, periods.Count);
        Assert.Equal(new LocalDateTime(1997, 3, 8, 23, 0), periods[1].Start.Local);
    }

    [Theory]
    [InlineData("19970101T180000Z", "'19970101T180000Z' is not a period: expected start/end or start/duration, as in 20260301T090000Z/PT1H.")]
    [InlineData("19970102T180000Z/19970101T180000Z", "'19970102T180000Z/19970101T180000Z' is not a period: it ends before it starts.")]
    [InlineData("19970101T180000Z/-PT1H", "'19970101T180000Z/-PT1H' is not a period: its duration is negative.")]
    [InlineData("19971301T180000Z/PT1H", "The start of period '19971301T180000Z/PT1H' is wrong. '19971301' is not a date: month 13 is not 01 to 12.")]
    [InlineData("19970101T180000Z/PT", "The duration of period '19970101T180000Z/PT' is wrong. 'PT' is not a duration: T must be followed by hours, minutes or seconds.")]
    public void A_bad_period_is_an_error_saying_which_part(string raw, string expected)
    {
        Assert.False(CalendarValues.TryParsePeriod(raw, null, out var period, out var error));
        Assert.Null(period);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("+0100", 3600)]
    [InlineData("-0500", -18000)]
    [InlineData("+053000", 19800)]
    [InlineData("-000730", -450)]
    [InlineData("+01:00", 3600)]
    [InlineData("+05:30:00", 19800)]
    [InlineData("0100", 3600)]
    [InlineData("-0000", 0)]
    [InlineData(" +1400 ", 50400)]
    public void Utc_offsets_are_read_to_the_second(string raw, int seconds)
    {
        Assert.True(CalendarValues.TryParseUtcOffset(raw, out var offset, out var error), error);
        Assert.Equal(Offset.FromSeconds(seconds), offset);
    }

    [Theory]
    [InlineData("+5744", "'+5744' is not a usable UTC offset: 57:44 is further from UTC than 18:00, which no zone has ever been.")]
    [InlineData("-1830", "'-1830' is not a usable UTC offset: 18:30 is further from UTC than 18:00, which no zone has ever been.")]
    [InlineData("+010075", "'+010075' is not a usable UTC offset: second 75 is not 00 to 59.")]
    [InlineData("+0160", "'+0160' is not a usable UTC offset: minute 60 is not 00 to 59.")]
    [InlineData("+01", "'+01' is not a UTC offset: expected +HHMM or +HHMMSS, as in +0100 or -0500.")]
    [InlineData("+1:00", "'+1:00' is not a UTC offset: expected +HHMM or +HHMMSS, as in +0100 or -0500.")]
    [InlineData("UTC", "'UTC' is not a UTC offset: expected +HHMM or +HHMMSS, as in +0100 or -0500.")]
    [InlineData("", "'' is not a UTC offset: expected +HHMM or +HHMMSS, as in +0100 or -0500.")]
    public void Bad_utc_offsets_are_errors(string raw, string expected)
    {
        Assert.False(CalendarValues.TryParseUtcOffset(raw, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-3", -3)]
    [InlineData("+12", 12)]
    [InlineData(" 42 ", 42)]
    public void Integers_are_read(string raw, int expected)
    {
        Assert.True(CalendarValues.TryParseInteger(raw, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.5", "'1.5' is not a whole number.")]
    [InlineData("", "'' is not a whole number.")]
    [InlineData("-", "'-' is not a whole number.")]
    [InlineData("99999999999", "'99999999999' is too large a number.")]
    public void Bad_integers_are_errors(string raw, string expected)
    {
        Assert.False(CalendarValues.TryParseInteger(raw, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("mailto:Jane.Doe@Example.com", "jane.doe@example.com")]
    [InlineData("MAILTO:bob@example.com", "bob@example.com")]
    [InlineData("urn:uuid:F81D4FAE-7DEC", "urn:uuid:F81D4FAE-7DEC")]
    public void Calendar_addresses_lose_mailto_and_e_mail_is_lower_cased(string raw, string expected)
    {
        Assert.True(CalendarValues.TryParseCalAddress(raw, out var address, out _));
        Assert.Equal(expected, address);
    }

    [Fact]
    public void An_empty_calendar_address_is_an_error()
    {
        Assert.False(CalendarValues.TryParseCalAddress("mailto:", out _, out var error));
        Assert.Equal("The calendar address is empty.", error);
    }

    [Fact]
    public void An_attendee_reads_address_name_role_status_type_and_rsvp()
    {
        var result = CalendarParser.Parse(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\n" +
            "ATTENDEE;CUTYPE=ROOM;ROLE=NON-PARTICIPANT;PARTSTAT=accepted;RSVP=TRUE;CN=\"Room 1, Floor 2\":MAILTO:Room1@Example.com\n" +
            "END:VEVENT\nEND:VCALENDAR\n");

        var attendee = CalendarAttendee.From(result.Calendars[0].Components[0].Property("ATTENDEE")!);

        Assert.Equal("room1@example.com", attendee.Address);
        Assert.Equal("Room 1, Floor 2", attendee.CommonName);
        Assert.Equal(CalendarAttendeeRole.NonParticipant, attendee.Role);
        Assert.Equal(CalendarParticipationStatus.Accepted, attendee.ParticipationStatus);
        Assert.Equal("ACCEPTED", attendee.ParticipationStatusText);
        Assert.Equal(CalendarUserType.Room, attendee.UserType);
        Assert.True(attendee.Rsvp);
    }

    [Fact]
    public void An_attendee_without_parameters_gets_the_rfc_defaults()
    {
        var attendee = CalendarAttendee.From(new CalendarProperty("ORGANIZER", [], "mailto:boss@example.com", 1));

        Assert.Equal(new CalendarAttendee("boss@example.com", null,
            CalendarAttendeeRole.RequiredParticipant, "REQ-PARTICIPANT",
            CalendarParticipationStatus.NeedsAction, "NEEDS-ACTION",
            CalendarUserType.Individual, "INDIVIDUAL", false), attendee);
    }

    [Fact]
    public void Unknown_attendee_values_are_other_with_their_text_kept()
    {
        var attendee = CalendarAttendee.From(new CalendarProperty("ATTENDEE",
            [new CalendarParameter("ROLE", ["X-OBSERVER"]), new CalendarParameter("PARTSTAT", ["X-MAYBE"]), new CalendarParameter("CUTYPE", ["UNKNOWN"])],
            "mailto:x@example.com", 1));

        Assert.Equal((CalendarAttendeeRole.Other, "X-OBSERVER"), (attendee.Role, attendee.RoleText));
        Assert.Equal((CalendarParticipationStatus.Other, "X-MAYBE"), (attendee.ParticipationStatus, attendee.ParticipationStatusText));
        Assert.Equal(CalendarUserType.Unknown, attendee.UserType);
    }
}
