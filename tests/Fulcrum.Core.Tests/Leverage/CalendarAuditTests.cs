using Fulcrum.Core.Calendar;
using Fulcrum.Core.Leverage;
using NodaTime;
using NodaTime.Text;

namespace Fulcrum.Core.Tests.Leverage;

/// <summary>The audit of one leader's calendar, in figures a leader can check by hand.</summary>
public sealed class CalendarAuditTests
{
    private const string Me = "lea@example.com";
    private static readonly DateTimeZone Utc = DateTimeZone.Utc;
    private static readonly AuditPerson Ana = new("Ana Lima", "ana@example.com", DirectReport: true, Teammate: true, GrowthPlan: "/careers/growth/7");
    private static readonly AuditPerson Ben = new("Ben Okoro", "ben@example.com", DirectReport: true, Teammate: true);

    private static Instant At(string utc) => InstantPattern.General.Parse(utc).GetValueOrThrow();

    private static string Calendar(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fulcrum//Tests//EN\r\n" + string.Join("\r\n", events) + "\r\nEND:VCALENDAR\r\n";

    private static string Event(params string[] lines) => "BEGIN:VEVENT\r\n" + string.Join("\r\n", lines) + "\r\nEND:VEVENT";

    private static string Attendee(string email, string extra = "") => $"ATTENDEE;PARTSTAT=ACCEPTED{extra}:mailto:{email}";

    private static AuditResult Audit(string text, string from = "2026-03-02T00:00:00Z", string to = "2026-03-09T00:00:00Z", params AuditPerson[] people)
    {
        var document = CalendarDocument.Read(text);
        Assert.Empty(document.Problems);
        var settings = new AuditSettings(Me, Utc, AuditSettings.DefaultStart, AuditSettings.DefaultEnd) { People = people };
        return CalendarAudit.Run(document.Occurrences(At(from), At(to), Utc), At(from), At(to), settings);
    }

    [Fact]
    public void A_week_splits_working_hours_into_meetings_focus_and_fragments()
    {
        // Monday 2 March 2026: meetings 09:00-10:00 and 10:30-11:00 (overlapping one 10:45-11:00), then free until 17:00.
        var text = Calendar(
            Event("UID:a", "SUMMARY:Design review", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z", $"ORGANIZER:mailto:{Me}", Attendee("x@example.com")),
            Event("UID:b", "SUMMARY:Hiring debrief", "DTSTART:20260302T103000Z", "DTEND:20260302T110000Z", Attendee(Me), Attendee("y@example.com")),
            Event("UID:c", "SUMMARY:Vendor call", "DTSTART:20260302T104500Z", "DTEND:20260302T110000Z", Attendee(Me), Attendee("z@example.com")),
            Event("UID:d", "SUMMARY:Late sync", "DTSTART:20260302T180000Z", "DTEND:20260302T190000Z", Attendee(Me), Attendee("z@example.com")));

        var week = Assert.Single(Audit(text).Weeks);

        Assert.Equal(new LocalDate(2026, 3, 2), week.Week);
        Assert.Equal(40, week.WorkingHours);
        Assert.Equal(2.5, week.MeetingHours); // 1 + 0.5 (the overlap merged) + 1 after hours
        Assert.Equal(1, week.AfterHours);
        Assert.Equal(0.5, week.Fragmented); // 10:00-10:30
        Assert.Equal(40 - 1.5 - 0.5, week.Focus); // 11:00-17:00 and the four free days
        Assert.Equal(Math.Round(1.5 / 40, 3), week.Load);
        Assert.Equal(4, week.Meetings);
        Assert.Equal(2 * 1 + 2 * 0.5 + 2 * 0.25 + 2 * 1, week.AttendeeHours);
    }

    [Fact]
    public void Declined_tentative_free_all_day_and_solo_blocks_are_left_out_and_counted()
    {
        var text = Calendar(
            Event("UID:declined", "DTSTART:20260303T090000Z", "DTEND:20260303T100000Z", $"ATTENDEE;PARTSTAT=DECLINED:mailto:{Me}", Attendee("x@example.com")),
            Event("UID:tentative", "DTSTART:20260303T110000Z", "DTEND:20260303T120000Z", $"ATTENDEE;PARTSTAT=TENTATIVE:mailto:{Me}", Attendee("x@example.com")),
            Event("UID:free", "TRANSP:TRANSPARENT", "DTSTART:20260303T130000Z", "DTEND:20260303T140000Z", Attendee(Me), Attendee("x@example.com")),
            Event("UID:holiday", "DTSTART;VALUE=DATE:20260304"),
            Event("UID:focus", "SUMMARY:Focus", "DTSTART:20260305T090000Z", "DTEND:20260305T120000Z"));

        var result = Audit(text);

        Assert.Equal(0, result.Totals.MeetingHours);
        Assert.Equal((1, 1, 1, 1, 1), (result.Totals.Declined, result.Totals.Tentative, result.Totals.Free, result.Totals.AllDay, result.Totals.Blocks));
        Assert.Empty(result.Meetings);
    }

    [Fact]
    public void A_status_meeting_with_many_people_and_no_agenda_is_suggested_async()
    {
        var attendees = Enumerable.Range(1, 12).Select(i => Attendee($"p{i}@example.com")).ToArray();
        var text = Calendar(Event(["UID:s", "SUMMARY:Weekly status update", "DTSTART:20260303T150000Z", "DURATION:PT1H", "RRULE:FREQ=WEEKLY",
            "ORGANIZER:mailto:boss@example.com", Attendee(Me), .. attendees]));

        var meeting = Assert.Single(Audit(text).Meetings);

        Assert.Equal(MeetingKind.Status, meeting.Class.Kind);
        Assert.Equal(LeverageLevel.Low, meeting.Class.Leverage);
        Assert.Equal(PresenceAction.MakeAsync, meeting.Action);
        Assert.True(meeting.Endless);
        Assert.Equal(14, meeting.Attendees);
        Assert.Equal(14, meeting.AttendeeHours);
        // 50 − 5 (not yours) − 10 (14 people) − 10 (no agenda) − 15 (status) − 10 (no end) = 0
        Assert.Equal(0, meeting.Score);
        Assert.Contains(meeting.Reasons, r => r.Text == "It recurs with no end: nobody has had to ask whether it is still needed.");
    }

    [Fact]
    public void A_review_a_direct_report_also_attends_is_delegated_to_them_with_their_growth_plan()
    {
        var text = Calendar(Event("UID:r", "SUMMARY:Architecture review", "DTSTART:20260304T140000Z", "DURATION:PT1H",
            "ORGANIZER:mailto:cto@example.com", Attendee(Me), Attendee(Ana.Email), Attendee("c@example.com")));

        var meeting = Assert.Single(Audit(text, people: [Ana, Ben]).Meetings);

        Assert.Equal(PresenceAction.Delegate, meeting.Action);
        Assert.Equal(Ana, meeting.DelegateTo);
        Assert.Equal("Delegate it to Ana Lima, who already attends: a stretch for them, an hour back for you. Put it in their growth plan as a stretch assignment.", meeting.Advice);
        Assert.Contains(meeting.Reasons, r => r.Text == "Ana Lima from your team also attends." && r.Points == -15);
    }

    [Fact]
    public void An_endless_series_with_little_reason_to_attend_is_sunset_with_the_UNTIL_to_apply()
    {
        var text = Calendar(Event("UID:e", "SUMMARY:Vendor touchpoint", "DTSTART:20260105T160000Z", "DURATION:PT30M", "RRULE:FREQ=WEEKLY;BYDAY=MO",
            "ORGANIZER:mailto:vendor@example.com", Attendee(Me), Attendee("v2@example.com")));

        var meeting = Assert.Single(Audit(text).Meetings);

        Assert.Equal(PresenceAction.Sunset, meeting.Action);
        Assert.Equal("RRULE:FREQ=WEEKLY;UNTIL=20260309T000000Z;BYDAY=MO", meeting.SunsetRule);
    }

    [Fact]
    public void One_on_ones_are_kept_and_their_cadence_flags_a_long_gap()
    {
        // Weekly 1:1s with Ana in March except two skipped weeks; none with Ben.
        var text = Calendar(
            Event("UID:ana", "SUMMARY:Ana / Lea", "DTSTART:20260302T100000Z", "DURATION:PT30M", "RRULE:FREQ=WEEKLY;COUNT=5",
                "EXDATE:20260309T100000Z,20260316T100000Z", $"ORGANIZER:mailto:{Me}", Attendee(Ana.Email)));

        var result = Audit(text, "2026-03-02T00:00:00Z", "2026-04-01T00:00:00Z", Ana, Ben);

        var oneOnOne = Assert.Single(result.Meetings);
        Assert.Equal(MeetingKind.OneOnOne, oneOnOne.Class.Kind);
        Assert.Equal(PresenceAction.Keep, oneOnOne.Action);
        var ana = result.OneOnOnes.Single(c => c.Report == Ana);
        Assert.Equal([new LocalDate(2026, 3, 2), new LocalDate(2026, 3, 23), new LocalDate(2026, 3, 30)], ana.Dates);
        Assert.Equal(21, ana.LongestGapDays);
        Assert.Equal(14, ana.MedianGapDays);
        Assert.False(ana.Flagged); // 21 days is not more than twice the median of 14
        var ben = result.OneOnOnes.Single(c => c.Report == Ben);
        Assert.True(ben.Flagged);
        Assert.Equal("No 1:1 with Ben Okoro in this period.", ben.Note);
    }

    [Fact]
    public void The_leverage_split_adds_up_to_the_meeting_hours()
    {
        var text = Calendar(
            Event("UID:p", "SUMMARY:Quarterly planning", "DTSTART:20260302T090000Z", "DURATION:PT3H", $"ORGANIZER:mailto:{Me}", Attendee("x@example.com")),
            Event("UID:s", "SUMMARY:Daily standup", "DTSTART:20260303T090000Z", "DURATION:PT1H", Attendee(Me), Attendee("x@example.com")),
            Event("UID:o", "SUMMARY:Chat", "DTSTART:20260304T090000Z", "DURATION:PT2H", Attendee(Me), Attendee("x@example.com"), Attendee("y@example.com")));

        var result = Audit(text);

        Assert.Equal([(LeverageLevel.High, 3.0, 0.5), (LeverageLevel.Medium, 2.0, 0.333), (LeverageLevel.Low, 1.0, 0.167)],
            result.Leverage.Select(l => (l.Level, l.Hours, l.Share)));
        Assert.Equal(6, result.Totals.MeetingHours);
    }

    [Theory]
    [InlineData("mon-fri", "mon,tue,wed,thu,fri")]
    [InlineData("Sun-Thu", "mon,tue,wed,thu,sun")]
    [InlineData("fri-mon", "mon,fri,sat,sun")]
    [InlineData("monday, wed ,Friday", "mon,wed,fri")]
    [InlineData("tue", "tue")]
    public void Working_days_are_read_as_ranges_and_lists(string text, string expected)
    {
        Assert.Equal(expected, WorkingDays.Format(WorkingDays.Parse(text, out var error)!));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("", "Name at least one working day, e.g. mon-fri.")]
    [InlineData("mo-fr", "'mo-fr' is not a day or a range of days like mon-fri.")]
    [InlineData("mon-tue-wed", "'mon-tue-wed' is not a day or a range of days like mon-fri.")]
    [InlineData("mondays", "'mondays' is not a day or a range of days like mon-fri.")]
    public void Working_days_that_cannot_be_read_say_why(string text, string expected)
    {
        Assert.Null(WorkingDays.Parse(text, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void A_Sunday_to_Thursday_week_makes_a_Friday_meeting_after_hours()
    {
        var text = Calendar(Event("UID:f", "SUMMARY:Vendor call", "DTSTART:20260306T100000Z", "DURATION:PT1H", Attendee(Me), Attendee("x@example.com")));
        var document = CalendarDocument.Read(text);
        var settings = new AuditSettings(Me, Utc, AuditSettings.DefaultStart, AuditSettings.DefaultEnd) { WorkingDays = WorkingDays.Parse("sun-thu", out _)! };

        var week = Assert.Single(CalendarAudit.Run(document.Occurrences(At("2026-03-02T00:00:00Z"), At("2026-03-09T00:00:00Z"), Utc),
            At("2026-03-02T00:00:00Z"), At("2026-03-09T00:00:00Z"), settings).Weeks);

        Assert.Equal((40.0, 1.0, 1.0, 0.0), (week.WorkingHours, week.MeetingHours, week.AfterHours, week.Load));
    }

    [Theory]
    [InlineData("Weekly 1:1 Ana", 2, MeetingKind.OneOnOne)]
    [InlineData("Sprint planning", 8, MeetingKind.Planning)]
    [InlineData("Incident review: payments outage", 6, MeetingKind.Incident)]
    [InlineData("Interview: backend candidate", 3, MeetingKind.Hiring)]
    [InlineData("Design review — search", 6, MeetingKind.Review)]
    [InlineData("Engineering all-hands", 120, MeetingKind.Broadcast)]
    [InlineData("Team lunch", 9, MeetingKind.Social)]
    [InlineData("Catch up", 2, MeetingKind.OneOnOne)]
    [InlineData("Quick question", 40, MeetingKind.Broadcast)]
    [InlineData("Quick question", 5, MeetingKind.Other)]
    [InlineData("Redesign of status page", 5, MeetingKind.Status)] // "design" is not a word of "Redesign"
    public void Meetings_are_classified_by_the_first_rule_that_matches(string title, int attendees, MeetingKind expected)
    {
        Assert.Equal(expected, MeetingClassifier.Classify(title, attendees, youOrganise: false).Kind);
    }

    [Fact]
    public void A_call_of_two_with_someone_from_outside_is_not_a_1on1_and_a_broadcast_is_skipped_not_delegated()
    {
        var text = Calendar(
            Event("UID:vendor", "SUMMARY:Vendor touchpoint", "DTSTART:20260302T160000Z", "DURATION:PT30M", "RRULE:FREQ=WEEKLY",
                "ORGANIZER:mailto:rep@vendor.example", Attendee(Me)),
            Event("UID:colleague", "SUMMARY:Catch up", "DTSTART:20260303T160000Z", "DURATION:PT30M", "ORGANIZER:mailto:kim@example.com", Attendee(Me)),
            Event(["UID:allhands", "SUMMARY:Engineering all-hands", "DTSTART:20260305T160000Z", "DURATION:PT1H", "ORGANIZER:mailto:ceo@example.com",
                Attendee(Me), Attendee(Ana.Email), .. Enumerable.Range(1, 30).Select(i => Attendee($"p{i}@example.com"))]));

        var meetings = Audit(text, people: [Ana]).Meetings.ToDictionary(m => m.Uid);

        Assert.Equal((MeetingKind.Other, "two people, the other from outside"), (meetings["vendor"].Class.Kind, meetings["vendor"].Class.Rule));
        Assert.Equal(PresenceAction.Sunset, meetings["vendor"].Action);
        Assert.Equal(MeetingKind.OneOnOne, meetings["colleague"].Class.Kind); // same email domain
        Assert.Equal((PresenceAction.Decline, "Skip it live: watch the recording or read the notes."), (meetings["allhands"].Action, meetings["allhands"].Advice));
    }
}
