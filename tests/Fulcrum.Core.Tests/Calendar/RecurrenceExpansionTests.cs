using Fulcrum.Core.Calendar;
using NodaTime;

namespace Fulcrum.Core.Tests.Calendar;

public sealed class RecurrenceExpansionTests
{
    private static RecurrenceRule Rule(string text) =>
        RecurrenceRule.Parse(text, out var error) ?? throw new ArgumentException(error, nameof(text));

    // A hang should fail the test, not stall the run; this is a guard, not a timing.
    private static List<LocalDateTime> ExpandWithin30Seconds(RecurrenceRule rule, LocalDateTime start)
    {
        var expansion = Task.Run(() => RecurrenceExpansion.Instances(rule, start).Take(1000).ToList());
        Assert.True(expansion.Wait(TimeSpan.FromSeconds(30)), $"{rule} did not finish");
        return expansion.Result;
    }

    [Fact]
    public void Instances_SecondlyOnFebruary30_EndsWithNoInstances()
    {
        Assert.Empty(ExpandWithin30Seconds(Rule("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30"), new LocalDateTime(2026, 1, 1, 0, 0)));
    }

    [Theory]
    [InlineData("FREQ=SECONDLY;INTERVAL=60;BYSECOND=5")]
    [InlineData("FREQ=MINUTELY;INTERVAL=1440;BYHOUR=5")]
    [InlineData("FREQ=HOURLY;INTERVAL=24;BYHOUR=3")]
    [InlineData("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=40")]
    [InlineData("FREQ=SECONDLY;BYSECOND=1;BYSETPOS=2")]
    [InlineData("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31")]
    public void Instances_RuleThatCanNeverMatch_EndsWithNoInstances(string text)
    {
        Assert.Empty(ExpandWithin30Seconds(Rule(text), new LocalDateTime(2026, 1, 1, 0, 0)));
    }

    [Fact]
    public void Instances_LeapSecondOnly_GivesNothingRatherThanAnInvalidTime()
    {
        Assert.Empty(ExpandWithin30Seconds(Rule("FREQ=MINUTELY;BYSECOND=60"), new LocalDateTime(2026, 1, 1, 0, 0)));
    }

    [Fact]
    public void Instances_February29Yearly_GivesOnlyLeapYears()
    {
        var instances = RecurrenceExpansion.Instances(Rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=5"), new LocalDateTime(2026, 1, 1, 8, 0)).ToList();

        Assert.Equal([2028, 2032, 2036, 2040, 2044], instances.Select(i => i.Year));
        Assert.All(instances, i => Assert.Equal(new LocalTime(8, 0), i.TimeOfDay));
        Assert.All(instances, i => Assert.Equal((2, 29), (i.Month, i.Day)));
    }

    [Fact]
    public void Instances_Yearly2100Skipped_BecauseItIsNotALeapYear()
    {
        var instances = RecurrenceExpansion.Instances(Rule("FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29;COUNT=3"), new LocalDateTime(2096, 2, 29, 0, 0)).ToList();

        Assert.Equal([2096, 2104, 2108], instances.Select(i => i.Year));
    }

    [Fact]
    public void Instances_MonthlyFromThe31st_SkipsShorterMonthsRatherThanClamping()
    {
        var instances = RecurrenceExpansion.Instances(Rule("FREQ=MONTHLY;COUNT=4"), new LocalDateTime(2026, 1, 31, 9, 0)).ToList();

        Assert.Equal(
            [new(2026, 1, 31, 9, 0), new(2026, 3, 31, 9, 0), new(2026, 5, 31, 9, 0), new LocalDateTime(2026, 7, 31, 9, 0)],
            instances);
    }

    [Fact]
    public void Instances_StartThatDoesNotMatch_IsNotProducedAndCountCountsProducedInstances()
    {
        // 2026-03-04 is a Wednesday; the rule wants Mondays.
        var instances = RecurrenceExpansion.Instances(Rule("FREQ=WEEKLY;BYDAY=MO;COUNT=2"), new LocalDateTime(2026, 3, 4, 10, 0)).ToList();

        Assert.Equal([new(2026, 3, 9, 10, 0), new LocalDateTime(2026, 3, 16, 10, 0)], instances);
    }

    [Fact]
    public void Instances_DateUntil_IncludesItsWholeDay()
    {
        var instances = RecurrenceExpansion.Instances(Rule("FREQ=DAILY;UNTIL=20260303"), new LocalDateTime(2026, 3, 1, 23, 0)).ToList();

        Assert.Equal([new(2026, 3, 1, 23, 0), new(2026, 3, 2, 23, 0), new LocalDateTime(2026, 3, 3, 23, 0)], instances);
    }

    [Fact]
    public void Instances_IsPastUntil_DecidesInsteadOfTheRulesUntil()
    {
        var rule = Rule("FREQ=DAILY;UNTIL=20260310");

        var instances = RecurrenceExpansion.Instances(rule, new LocalDateTime(2026, 3, 1, 9, 0), t => t.Day > 2).ToList();

        Assert.Equal([new(2026, 3, 1, 9, 0), new LocalDateTime(2026, 3, 2, 9, 0)], instances);
    }

    [Fact]
    public void Instances_EndAtTheEndOfYear9999()
    {
        var instances = RecurrenceExpansion.Instances(Rule("FREQ=YEARLY"), new LocalDateTime(9997, 6, 1, 0, 0)).ToList();

        Assert.Equal([9997, 9998, 9999], instances.Select(i => i.Year));
    }

    [Fact]
    public void Instances_NotBefore_JumpsOverEarlierYearsAndKeepsTheWindowsInstances()
    {
        var rule = Rule("FREQ=DAILY;INTERVAL=3;BYHOUR=9,17");
        var start = new LocalDateTime(2010, 1, 1, 9, 0);
        var windowStart = new LocalDateTime(2026, 1, 1, 0, 0);
        var windowEnd = new LocalDateTime(2027, 1, 1, 0, 0);

        var full = RecurrenceExpansion.Instances(rule, start).SkipWhile(t => t < windowStart).TakeWhile(t => t < windowEnd).ToList();
        var jumped = RecurrenceExpansion.Instances(rule, start, notBefore: windowStart).TakeWhile(t => t < windowEnd).ToList();

        Assert.True(jumped[0] >= windowStart.PlusDays(-3), $"the jump began at {jumped[0]}, not near {windowStart}");
        Assert.Equal(full, jumped.Where(t => t >= windowStart));
        // 2026-01-01 is 5,844 days (a multiple of 3) after the start: 122 days of the year, twice a day.
        Assert.Equal(244, full.Count);
    }

    [Theory]
    [InlineData("FREQ=YEARLY;BYMONTH=3,9;BYDAY=-1SU")]
    [InlineData("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")]
    [InlineData("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU")]
    [InlineData("FREQ=YEARLY;BYWEEKNO=10,-40;BYDAY=MO")]
    [InlineData("FREQ=HOURLY;INTERVAL=7;BYDAY=SA")]
    [InlineData("FREQ=MINUTELY;INTERVAL=45;BYMONTHDAY=1")]
    public void Instances_NotBefore_GivesTheSameWindowAsAFullExpansion(string text)
    {
        var rule = Rule(text);
        var start = new LocalDateTime(2011, 5, 17, 10, 30);
        var windowStart = new LocalDateTime(2026, 2, 1, 0, 0);
        var windowEnd = new LocalDateTime(2026, 5, 1, 0, 0);

        var full = RecurrenceExpansion.Instances(rule, start).SkipWhile(t => t < windowStart).TakeWhile(t => t < windowEnd).ToList();
        var jumped = RecurrenceExpansion.Instances(rule, start, notBefore: windowStart).SkipWhile(t => t < windowStart).TakeWhile(t => t < windowEnd).ToList();

        Assert.NotEmpty(full);
        Assert.Equal(full, jumped);
    }

    [Fact]
    public void Instances_NotBefore_IsIgnoredWhenTheRuleCounts()
    {
        var rule = Rule("FREQ=DAILY;COUNT=3");

        var instances = RecurrenceExpansion.Instances(rule, new LocalDateTime(2026, 1, 1, 9, 0), notBefore: new LocalDateTime(2026, 6, 1, 0, 0)).ToList();

        Assert.Equal([new(2026, 1, 1, 9, 0), new(2026, 1, 2, 9, 0), new LocalDateTime(2026, 1, 3, 9, 0)], instances);
    }

    [Fact]
    public void Instances_YearlyOrdinalWithByMonth_CountsWithinTheMonth()
    {
        // The second Monday of May and of October, not the year's second Monday.
        var instances = RecurrenceExpansion.Instances(Rule("FREQ=YEARLY;BYMONTH=5,10;BYDAY=2MO;COUNT=3"), new LocalDateTime(2026, 1, 1, 9, 0)).ToList();

        Assert.Equal([new(2026, 5, 11, 9, 0), new(2026, 10, 12, 9, 0), new LocalDateTime(2027, 5, 10, 9, 0)], instances);
    }

    [Fact]
    public void Instances_LastWorkDayOfTheMonth()
    {
        var instances = RecurrenceExpansion.Instances(Rule("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4"), new LocalDateTime(2026, 1, 1, 17, 0)).ToList();

        Assert.Equal(
            [new(2026, 1, 30, 17, 0), new(2026, 2, 27, 17, 0), new(2026, 3, 31, 17, 0), new LocalDateTime(2026, 4, 30, 17, 0)],
            instances);
    }

    [Fact]
    public void Instances_EnumeratedTwice_GivesTheSameInstancesBothTimes()
    {
        var instances = RecurrenceExpansion.Instances(Rule("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4"), new LocalDateTime(2026, 3, 2, 9, 0));

        var first = instances.Take(2).ToList();
        var all = instances.ToList();

        Assert.Equal([new(2026, 3, 2, 9, 0), new LocalDateTime(2026, 3, 5, 9, 0)], first);
        Assert.Equal([new(2026, 3, 2, 9, 0), new(2026, 3, 5, 9, 0), new(2026, 3, 9, 9, 0), new LocalDateTime(2026, 3, 12, 9, 0)], all);
    }

    [Fact]
    public void Instances_StartBeforeYear1_GivesNothing()
    {
        Assert.Empty(RecurrenceExpansion.Instances(Rule("FREQ=WEEKLY;BYDAY=MO"), new LocalDateTime(0, 6, 1, 9, 0)).Take(3));
    }

    [Fact]
    public void Instances_CountZeroBuiltInCode_GivesNothing()
    {
        var rule = new RecurrenceRule { Frequency = RecurrenceFrequency.Daily, Count = 0 };

        Assert.Empty(RecurrenceExpansion.Instances(rule, new LocalDateTime(2026, 1, 1, 9, 0)).Take(3));
    }

    [Fact]
    public void Instances_StartWithAFractionOfASecond_ProducesNothingBeforeIt()
    {
        var start = new LocalDateTime(2026, 1, 1, 9, 0).PlusMilliseconds(500);

        var instances = RecurrenceExpansion.Instances(Rule("FREQ=DAILY;COUNT=2"), start).ToList();

        Assert.Equal([new(2026, 1, 2, 9, 0), new LocalDateTime(2026, 1, 3, 9, 0)], instances);
    }

    [Fact]
    public void Instances_YearlyOrdinalWithoutByMonth_CountsWithinTheYearEvenWhenTheMonthComesFromTheStart()
    {
        var start = new LocalDateTime(2026, 6, 1, 9, 0);
        // BYMONTHDAY keeps DTSTART's month (June), but 1MO is the year's first Monday, never in June.
        var yearly = Rule("FREQ=YEARLY;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=1MO");
        var inJune = Rule("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=1MO;COUNT=2");

        Assert.Empty(ExpandWithin30Seconds(yearly, start));
        Assert.Equal([new(2026, 6, 1, 9, 0), new LocalDateTime(2027, 6, 7, 9, 0)], RecurrenceExpansion.Instances(inJune, start));
    }
}
