using Fulcrum.Core.Calendar;
using NodaTime;

namespace Fulcrum.Core.Tests.Calendar;

public sealed class RecurrenceRuleTests
{
    [Fact]
    public void Parse_MixedCaseAnyOrder_ReadsEveryPart()
    {
        var rule = RecurrenceRule.Parse(
            "byday=mo,-1Fr;Freq=Monthly;until=20261231T235959Z;interval=2;bymonth=1,7;byhour=9;byminute=30;bysecond=0;bysetpos=-1;wkst=su",
            out var error);

        Assert.Null(error);
        Assert.NotNull(rule);
        Assert.Equal(RecurrenceFrequency.Monthly, rule.Frequency);
        Assert.Equal(2, rule.Interval);
        Assert.Equal(CalendarDateTime.ForUtc(new LocalDateTime(2026, 12, 31, 23, 59, 59)), rule.Until);
        Assert.Equal([new WeekdayNumber(IsoDayOfWeek.Monday, 0), new WeekdayNumber(IsoDayOfWeek.Friday, -1)], rule.ByDay);
        Assert.Equal([1, 7], rule.ByMonth);
        Assert.Equal([9], rule.ByHour);
        Assert.Equal([30], rule.ByMinute);
        Assert.Equal([0], rule.BySecond);
        Assert.Equal([-1], rule.BySetPos);
        Assert.Equal(IsoDayOfWeek.Sunday, rule.WeekStart);
    }

    [Fact]
    public void ToString_WritesFreqFirstInAFixedOrderAndLeavesDefaultsOut()
    {
        var rule = RecurrenceRule.Parse("WKST=MO;BYDAY=MO,WE;INTERVAL=1;FREQ=WEEKLY;UNTIL=20261231", out _)!;

        Assert.Equal("FREQ=WEEKLY;UNTIL=20261231;BYDAY=MO,WE", rule.ToString());
    }

    [Fact]
    public void Parse_IgnoresXPartsRscaleSkipAndATrailingSemicolon()
    {
        var rule = RecurrenceRule.Parse("FREQ=MONTHLY;X-NAME=whatever;RSCALE=GREGORIAN;SKIP=OMIT;BYMONTHDAY=31;", out var error);

        Assert.Null(error);
        Assert.Equal("FREQ=MONTHLY;BYMONTHDAY=31", rule!.ToString());
    }

    [Fact]
    public void Parse_DateUntil_IsADateValue()
    {
        var rule = RecurrenceRule.Parse("FREQ=DAILY;UNTIL=20260301", out _)!;

        Assert.Equal(CalendarDateTime.ForDate(new LocalDate(2026, 3, 1)), rule.Until);
    }

    [Fact]
    public void Parse_OfToString_RoundTripsEveryRuleInTheTestData()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "Calendar", "Data");
        var texts = File.ReadLines(Path.Combine(data, "libical", "icalrecur_test.txt"))
            .Concat(File.ReadLines(Path.Combine(data, "rfc5545", "examples.txt")))
            .Where(l => l.StartsWith("RRULE:", StringComparison.Ordinal))
            .Select(l => l["RRULE:".Length..])
            .ToList();

        foreach (var text in texts)
        {
            var rule = RecurrenceRule.Parse(text, out var error);
            Assert.True(rule is not null, $"{text}: {error}");
            var again = RecurrenceRule.Parse(rule.ToString(), out error);
            Assert.True(rule == again, $"{text} wrote {rule} which read back differently ({error})");
            Assert.Equal(rule.GetHashCode(), again!.GetHashCode());
        }
        Assert.True(texts.Count > 180, $"only {texts.Count} rules were round-tripped");
    }

    [Theory]
    [InlineData("", "FREQ is missing; every recurrence rule needs one.")]
    [InlineData("INTERVAL=2", "FREQ is missing; every recurrence rule needs one.")]
    [InlineData("FREQ=FORTNIGHTLY", "FREQ: \"FORTNIGHTLY\" is not a frequency (SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY).")]
    [InlineData("FREQ=DAILY;freq=WEEKLY", "FREQ is given twice; a rule names each part once.")]
    [InlineData("FREQ=DAILY;BYHOUR=9;BYHOUR=10", "BYHOUR is given twice; a rule names each part once.")]
    [InlineData("FREQ=DAILY;COUNT=5;UNTIL=20260101", "COUNT and UNTIL are both given; a rule may have one or the other, not both.")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY: 32 is out of range (1..31 or -31..-1).")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY: 0 is out of range (1..31 or -31..-1).")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=-32", "BYMONTHDAY: -32 is out of range (1..31 or -31..-1).")]
    [InlineData("FREQ=YEARLY;BYYEARDAY=367", "BYYEARDAY: 367 is out of range (1..366 or -366..-1).")]
    [InlineData("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO: 54 is out of range (1..53 or -53..-1).")]
    [InlineData("FREQ=YEARLY;BYMONTH=13", "BYMONTH: 13 is out of range (1..12).")]
    [InlineData("FREQ=YEARLY;BYMONTH=-1", "BYMONTH: -1 is out of range (1..12).")]
    [InlineData("FREQ=DAILY;BYHOUR=24", "BYHOUR: 24 is out of range (0..23).")]
    [InlineData("FREQ=DAILY;BYMINUTE=60", "BYMINUTE: 60 is out of range (0..59).")]
    [InlineData("FREQ=DAILY;BYSECOND=61", "BYSECOND: 61 is out of range (0..60).")]
    [InlineData("FREQ=DAILY;BYHOUR=nine", "BYHOUR: \"nine\" is not a whole number.")]
    [InlineData("FREQ=DAILY;INTERVAL=0", "INTERVAL: 0 is out of range (at least 1).")]
    [InlineData("FREQ=DAILY;INTERVAL=two", "INTERVAL: \"two\" is not a whole number.")]
    [InlineData("FREQ=DAILY;COUNT=0", "COUNT: 0 is out of range (at least 1).")]
    [InlineData("FREQ=DAILY;COUNT=x", "COUNT: \"x\" is not a whole number.")]
    [InlineData("FREQ=DAILY;UNTIL=2026", "UNTIL: \"2026\" is not a date (20261231) or date-time (20261231T235959 or 20261231T235959Z).")]
    [InlineData("FREQ=DAILY;UNTIL=20260230", "UNTIL: \"20260230\" is not a date (20261231) or date-time (20261231T235959 or 20261231T235959Z).")]
    [InlineData("FREQ=WEEKLY;BYDAY=XX", "BYDAY: \"XX\" is not a weekday (MO, TU, WE, TH, FR, SA or SU, optionally numbered like 1MO or -1FR).")]
    [InlineData("FREQ=MONTHLY;BYDAY=0MO", "BYDAY: 0 in \"0MO\" is out of range (1..53 or -53..-1).")]
    [InlineData("FREQ=YEARLY;BYDAY=54MO", "BYDAY: 54 in \"54MO\" is out of range (1..53 or -53..-1).")]
    [InlineData("FREQ=WEEKLY;BYDAY=1MO", "BYDAY: a numbered weekday (1MO) is only allowed with FREQ=MONTHLY or FREQ=YEARLY.")]
    [InlineData("FREQ=DAILY;BYDAY=-1FR", "BYDAY: a numbered weekday (-1FR) is only allowed with FREQ=MONTHLY or FREQ=YEARLY.")]
    [InlineData("FREQ=YEARLY;BYWEEKNO=20;BYDAY=1MO", "BYDAY: a numbered weekday (1MO) is not allowed with FREQ=YEARLY and BYWEEKNO.")]
    [InlineData("FREQ=MONTHLY;BYWEEKNO=20", "BYWEEKNO is only allowed with FREQ=YEARLY, not FREQ=MONTHLY.")]
    [InlineData("FREQ=DAILY;BYYEARDAY=100", "BYYEARDAY is not allowed with FREQ=DAILY.")]
    [InlineData("FREQ=WEEKLY;BYYEARDAY=100", "BYYEARDAY is not allowed with FREQ=WEEKLY.")]
    [InlineData("FREQ=MONTHLY;BYYEARDAY=100", "BYYEARDAY is not allowed with FREQ=MONTHLY.")]
    [InlineData("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY is not allowed with FREQ=WEEKLY.")]
    [InlineData("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS needs another BYxxx part to pick from.")]
    [InlineData("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS: 0 is out of range (1..366 or -366..-1).")]
    [InlineData("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-367", "BYSETPOS: -367 is out of range (1..366 or -366..-1).")]
    [InlineData("FREQ=WEEKLY;WKST=XY", "WKST: \"XY\" is not a weekday (MO, TU, WE, TH, FR, SA or SU).")]
    [InlineData("FREQ=DAILY;FOO=1", "FOO is not a part of a recurrence rule (RFC 5545 3.3.10).")]
    [InlineData("FREQ=DAILY;COUNT", "\"COUNT\" is not a NAME=VALUE part of a recurrence rule.")]
    [InlineData("FREQ=DAILY;COUNT=", "COUNT has no value.")]
    public void Parse_InvalidRule_ReturnsNullAndASentenceNamingThePart(string text, string message)
    {
        var rule = RecurrenceRule.Parse(text, out var error);

        Assert.Null(rule);
        Assert.Equal(message, error);
    }

    [Fact]
    public void Check_UntilBeforeStart_SaysSo()
    {
        var rule = RecurrenceRule.Parse("FREQ=DAILY;UNTIL=20260101T000000Z", out _)!;

        var problems = rule.Check(new LocalDateTime(2026, 3, 1, 9, 0));

        Assert.Equal(["UNTIL 20260101T000000Z is before DTSTART 2026-03-01T09:00:00, so the rule adds no instance."], problems);
    }

    [Theory]
    [InlineData("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")]
    [InlineData("FREQ=YEARLY;BYMONTH=4,6,9,11;BYMONTHDAY=31")]
    [InlineData("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-30")]
    [InlineData("FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=8;BYSETPOS=2")]
    [InlineData("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30")]
    public void Check_RuleThatMatchesNoDate_SaysItNeverProducesAnInstance(string text)
    {
        var rule = RecurrenceRule.Parse(text, out _)!;

        var problems = rule.Check(new LocalDateTime(2026, 1, 1, 9, 0));

        Assert.Equal([$"The rule {rule} never produces an instance: no date and time from DTSTART 2026-01-01T09:00:00 on matches all its parts."], problems);
    }

    [Theory]
    [InlineData("FREQ=YEARLY;BYYEARDAY=366")]
    [InlineData("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")]
    [InlineData("FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=31")]
    [InlineData("FREQ=WEEKLY;BYDAY=MO,FR;UNTIL=20260301")]
    public void Check_UsableRule_HasNoProblems(string text)
    {
        var rule = RecurrenceRule.Parse(text, out _)!;

        Assert.Empty(rule.Check(new LocalDateTime(2026, 1, 1, 9, 0)));
    }

    [Fact]
    public void Check_NoInstanceBeforeUntil_SaysSo()
    {
        var rule = RecurrenceRule.Parse("FREQ=YEARLY;BYMONTH=12;UNTIL=20260601", out _)!;

        var problems = rule.Check(new LocalDateTime(2026, 1, 1, 9, 0));

        Assert.Equal(["No instance falls between DTSTART 2026-01-01T09:00:00 and UNTIL 20260601."], problems);
    }
}
