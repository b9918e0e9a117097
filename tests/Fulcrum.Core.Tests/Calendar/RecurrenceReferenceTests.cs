using Fulcrum.Core.Calendar;
using NodaTime;

namespace Fulcrum.Core.Tests.Calendar;

/// <summary>
/// Random rules checked against a brute-force reference: every day (or hour, minute, second for the
/// sub-daily frequencies) of a bounded span is tested against the rule's definition written plainly
/// (is its period one of every INTERVAL-th from DTSTART's, does it pass each BYxxx part), candidates
/// are grouped by period, BYSETPOS picks within each group, then DTSTART, UNTIL and COUNT apply.
/// The reference shares no code with the engine; it is slow and obvious on purpose.
/// </summary>
public sealed class RecurrenceReferenceTests
{
    private const int RuleCount = 400;

    [Fact]
    public void Random_rules_expand_like_the_brute_force_reference()
    {
        var random = new Random(5545);
        var failures = new List<string>();
        var withInstances = 0;
        var jumpsChecked = 0;
        for (var i = 0; i < RuleCount; i++)
        {
            var (rule, start) = RandomRule(random);
            Assert.Equal(rule, RecurrenceRule.Parse(rule.ToString(), out _));
            var spanEnd = rule.Frequency switch
            {
                RecurrenceFrequency.Secondly => start.PlusHours(2),
                RecurrenceFrequency.Minutely => start.PlusDays(2),
                RecurrenceFrequency.Hourly => start.PlusDays(40),
                _ => start.PlusYears(3),
            };
            var expected = Reference.Instances(rule, start, spanEnd);
            var actual = RecurrenceExpansion.Instances(rule, start).TakeWhile(t => t < spanEnd).Take(expected.Count + 1).ToList();
            withInstances += expected.Count > 0 ? 1 : 0;
            if (!actual.SequenceEqual(expected))
            {
                failures.Add($"#{i} {rule} from {RecurrenceText.Format(start)}:\n  expected {RecurrenceText.Join(expected.Take(12))} ({expected.Count})\n  actual   {RecurrenceText.Join(actual.Take(12))} ({actual.Count})");
                continue;
            }
            if (rule.Count is null && expected.Count > 2)
            {
                // The notBefore jump must give the same instances in the window as a full expansion.
                var notBefore = expected[random.Next(1, expected.Count)];
                var jumped = RecurrenceExpansion.Instances(rule, start, notBefore: notBefore)
                    .SkipWhile(t => t < notBefore).TakeWhile(t => t < spanEnd).ToList();
                jumpsChecked++;
                if (!jumped.SequenceEqual(expected.Where(t => t >= notBefore)))
                {
                    failures.Add($"#{i} {rule} from {RecurrenceText.Format(start)} notBefore {RecurrenceText.Format(notBefore)}: the jump lost or added instances");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {RuleCount} random rules differ from the reference:\n" + string.Join("\n", failures.Take(15)));
        // Most rules must produce something, or the comparison proves little.
        Assert.True(withInstances > RuleCount / 2, $"only {withInstances} of {RuleCount} random rules produced instances");
        Assert.True(jumpsChecked > RuleCount / 5, $"only {jumpsChecked} notBefore jumps were checked");
    }

    private static (RecurrenceRule Rule, LocalDateTime Start) RandomRule(Random random)
    {
        var frequency = random.Next(100) switch
        {
            < 25 => RecurrenceFrequency.Yearly,
            < 50 => RecurrenceFrequency.Monthly,
            < 65 => RecurrenceFrequency.Weekly,
            < 80 => RecurrenceFrequency.Daily,
            < 88 => RecurrenceFrequency.Hourly,
            < 94 => RecurrenceFrequency.Minutely,
            _ => RecurrenceFrequency.Secondly,
        };
        var start = new LocalDateTime(random.Next(1995, 2031), random.Next(1, 13), random.Next(1, 29), random.Next(24), random.Next(60), random.Next(60));
        if (random.Next(3) == 0)
        {
            start = start.Date.PlusDays(random.Next(4)).AtMidnight().PlusHours(9);
        }
        var subDaily = frequency < RecurrenceFrequency.Daily;
        var yearly = frequency == RecurrenceFrequency.Yearly;
        // Sub-daily spans are short, so their day-level parts mostly include DTSTART's own values.
        int[] Pick(int count, Func<int> value, int own) =>
            [.. Enumerable.Range(0, count).Select(_ => subDaily && random.Next(2) == 0 ? own : value()).Distinct()];
        int Signed(int max) => random.Next(2) == 0 ? random.Next(1, max + 1) : -random.Next(1, max + 1);

        var byMonth = random.Next(100) < 30 ? Pick(random.Next(1, 4), () => random.Next(1, 13), start.Month) : [];
        var byWeekNo = yearly && random.Next(100) < 20 ? Pick(random.Next(1, 4), () => random.Next(4) == 0 ? (random.Next(2) == 0 ? 53 : -1) : Signed(53), 0) : [];
        var byYearDay = (yearly || subDaily) && random.Next(100) < 15 ? Pick(random.Next(1, 4), () => random.Next(5) == 0 ? 366 : Signed(366), start.DayOfYear) : [];
        var byMonthDay = frequency != RecurrenceFrequency.Weekly && random.Next(100) < 30 ? Pick(random.Next(1, 4), () => Signed(31), start.Day) : [];
        var ordinalsAllowed = frequency == RecurrenceFrequency.Monthly || (yearly && byWeekNo.Length == 0);
        var byDay = random.Next(100) < 40
            ? Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
            {
                var day = subDaily && random.Next(2) == 0 ? start.DayOfWeek : (IsoDayOfWeek)random.Next(1, 8);
                var ordinal = ordinalsAllowed && random.Next(2) == 0
                    ? (frequency == RecurrenceFrequency.Monthly || byMonth.Length > 0 ? Signed(5) : Signed(53))
                    : 0;
                return new WeekdayNumber(day, ordinal);
            }).Distinct().ToArray()
            : [];
        var byHour = random.Next(100) < 20 ? Pick(random.Next(1, 4), () => random.Next(24), start.Hour) : [];
        var byMinute = random.Next(100) < 20 ? Pick(random.Next(1, 4), () => random.Next(60), start.Minute) : [];
        var bySecond = random.Next(100) < 15 ? Pick(random.Next(1, 3), () => random.Next(60), start.Second) : [];
        var anyBy = byMonth.Length + byWeekNo.Length + byYearDay.Length + byMonthDay.Length + byDay.Length + byHour.Length + byMinute.Length + bySecond.Length > 0;
        var bySetPos = anyBy && random.Next(100) < 25 ? Pick(random.Next(1, 3), () => Signed(random.Next(2) == 0 ? 3 : 12), 1) : [];

        int? count = null;
        CalendarDateTime? until = null;
        var ending = random.Next(100);
        if (ending < 30)
        {
            count = random.Next(1, 40);
        }
        else if (ending < 50)
        {
            var days = subDaily ? random.Next(0, 3) : random.Next(0, 900);
            var local = start.PlusDays(days).PlusSeconds(random.Next(86400));
            until = random.Next(3) == 0 ? CalendarDateTime.ForDate(local.Date) : CalendarDateTime.Floating(local);
        }

        var rule = new RecurrenceRule
        {
            Frequency = frequency,
            Interval = random.Next(100) switch { < 50 => 1, < 90 => random.Next(2, 5), _ => random.Next(5, 14) },
            Count = count,
            Until = until,
            ByMonth = byMonth,
            ByWeekNo = byWeekNo,
            ByYearDay = byYearDay,
            ByMonthDay = byMonthDay,
            ByDay = byDay,
            ByHour = byHour,
            ByMinute = byMinute,
            BySecond = bySecond,
            BySetPos = bySetPos,
            WeekStart = random.Next(100) < 30 ? (IsoDayOfWeek)random.Next(1, 8) : IsoDayOfWeek.Monday,
        };
        return (rule, start);
    }

    /// <summary>RFC 5545 3.3.10 by brute force over a bounded span.</summary>
    private static class Reference
    {
        public static List<LocalDateTime> Instances(RecurrenceRule rule, LocalDateTime start, LocalDateTime spanEnd)
        {
            var candidates = new List<(long Period, LocalDateTime Time)>();
            if (rule.Frequency >= RecurrenceFrequency.Daily)
            {
                // From before DTSTART's period to a year past the span, so every period touching the span is whole.
                var times = TimesOfDay(rule, start);
                for (var day = new LocalDate(start.Year - 1, 12, 20); day <= spanEnd.Date.PlusYears(1).PlusDays(10); day = day.PlusDays(1))
                {
                    var period = PeriodNumber(rule, day.AtMidnight());
                    if (IsChosenPeriod(rule, period, PeriodNumber(rule, start)) && DayMatches(rule, start, day))
                    {
                        candidates.AddRange(times.Select(t => (period, day + t)));
                    }
                }
            }
            else
            {
                var unit = rule.Frequency switch
                {
                    RecurrenceFrequency.Hourly => Period.FromHours(1),
                    RecurrenceFrequency.Minutely => Period.FromMinutes(1),
                    _ => Period.FromSeconds(1),
                };
                var first = rule.Frequency switch
                {
                    RecurrenceFrequency.Hourly => start.Date.At(new LocalTime(start.Hour, 0)),
                    RecurrenceFrequency.Minutely => start.Date.At(new LocalTime(start.Hour, start.Minute)),
                    _ => start,
                };
                for (var time = first; time <= spanEnd.PlusDays(1); time += unit)
                {
                    var period = PeriodNumber(rule, time);
                    if (!IsChosenPeriod(rule, period, PeriodNumber(rule, start)) || !DayMatches(rule, start, time.Date)
                        || (rule.ByHour.Count > 0 && !rule.ByHour.Contains(time.Hour))
                        || (rule.Frequency <= RecurrenceFrequency.Minutely && rule.ByMinute.Count > 0 && !rule.ByMinute.Contains(time.Minute))
                        || (rule.Frequency == RecurrenceFrequency.Secondly && rule.BySecond.Count > 0 && !rule.BySecond.Contains(time.Second)))
                    {
                        continue;
                    }
                    var minutes = rule.Frequency == RecurrenceFrequency.Hourly ? Values(rule.ByMinute, start.Minute) : [time.Minute];
                    var seconds = rule.Frequency == RecurrenceFrequency.Secondly ? [time.Second] : Values(rule.BySecond, start.Second);
                    foreach (var minute in minutes)
                    {
                        foreach (var second in seconds)
                        {
                            candidates.Add((period, time.Date.At(new LocalTime(time.Hour, minute, second))));
                        }
                    }
                }
            }

            var results = new List<LocalDateTime>();
            foreach (var group in candidates.GroupBy(c => c.Period))
            {
                var set = group.Select(c => c.Time).Distinct().Order().ToList();
                var chosen = rule.BySetPos.Count == 0
                    ? set
                    : [.. rule.BySetPos.Select(p => p > 0 ? p - 1 : set.Count + p).Where(i => i >= 0 && i < set.Count).Distinct().Order().Select(i => set[i])];
                results.AddRange(chosen);
            }
            var instances = results.Order().Where(t => t >= start).Where(t => rule.Until is not { } u || (u.IsDate ? t.Date <= u.Date : t <= u.Local));
            if (rule.Count is { } count)
            {
                instances = instances.Take(count);
            }
            return [.. instances.Where(t => t < spanEnd)];
        }

        private static List<LocalTime> TimesOfDay(RecurrenceRule rule, LocalDateTime start) =>
            [.. from h in Values(rule.ByHour, start.Hour)
                from m in Values(rule.ByMinute, start.Minute)
                from s in Values(rule.BySecond, start.Second)
                select new LocalTime(h, m, s)];

        private static int[] Values(IReadOnlyList<int> given, int fromStart) => given.Count > 0 ? [.. given.Distinct().Order()] : [fromStart];

        private static bool IsChosenPeriod(RecurrenceRule rule, long period, long startPeriod) =>
            period >= startPeriod && (period - startPeriod) % rule.Interval == 0;

        /// <summary>A number for the FREQ period holding the time; consecutive periods differ by one.</summary>
        private static long PeriodNumber(RecurrenceRule rule, LocalDateTime time)
        {
            var days = Period.Between(new LocalDate(1, 1, 1), time.Date, PeriodUnits.Days).Days;
            return rule.Frequency switch
            {
                // With BYWEEKNO a year is a week-numbering year (see the libical tests).
                RecurrenceFrequency.Yearly => rule.ByWeekNo.Count > 0 ? Week(time.Date, rule.WeekStart).Year : time.Year,
                RecurrenceFrequency.Monthly => time.Year * 12L + time.Month,
                RecurrenceFrequency.Weekly => Period.Between(new LocalDate(1, 1, 1), WeekStartOf(time.Date, rule.WeekStart), PeriodUnits.Days).Days / 7,
                RecurrenceFrequency.Daily => days,
                RecurrenceFrequency.Hourly => days * 24L + time.Hour,
                RecurrenceFrequency.Minutely => (days * 24L + time.Hour) * 60 + time.Minute,
                _ => ((days * 24L + time.Hour) * 60 + time.Minute) * 60 + time.Second,
            };
        }

        private static bool DayMatches(RecurrenceRule rule, LocalDateTime start, LocalDate day)
        {
            var byMonth = rule.ByMonth;
            var byMonthDay = rule.ByMonthDay;
            var byDay = rule.ByDay;
            var noDayParts = rule.ByWeekNo.Count == 0 && rule.ByYearDay.Count == 0 && rule.ByMonthDay.Count == 0 && rule.ByDay.Count == 0;
            // What the rule leaves out comes from DTSTART.
            switch (rule.Frequency)
            {
                case RecurrenceFrequency.Yearly when noDayParts:
                    byMonth = byMonth.Count > 0 ? byMonth : [start.Month];
                    byMonthDay = [start.Day];
                    break;
                case RecurrenceFrequency.Yearly when rule.ByWeekNo.Count > 0 && rule.ByYearDay.Count == 0 && rule.ByMonthDay.Count == 0 && rule.ByDay.Count == 0:
                    byDay = [new WeekdayNumber(start.DayOfWeek, 0)];
                    break;
                case RecurrenceFrequency.Yearly when rule.ByMonthDay.Count > 0 && byMonth.Count == 0 && rule.ByWeekNo.Count == 0 && rule.ByYearDay.Count == 0:
                    byMonth = [start.Month];
                    break;
                case RecurrenceFrequency.Monthly when noDayParts:
                    byMonthDay = [start.Day];
                    break;
                case RecurrenceFrequency.Weekly when noDayParts:
                    byDay = [new WeekdayNumber(start.DayOfWeek, 0)];
                    break;
            }

            var daysInMonth = CalendarSystem.Iso.GetDaysInMonth(day.Year, day.Month);
            var daysInYear = CalendarSystem.Iso.GetDaysInYear(day.Year);
            if (byMonth.Count > 0 && !byMonth.Contains(day.Month))
            {
                return false;
            }
            if (rule.ByWeekNo.Count > 0)
            {
                var (_, number, weeks) = Week(day, rule.WeekStart);
                if (!rule.ByWeekNo.Any(n => n == number || n == number - weeks - 1))
                {
                    return false;
                }
            }
            if (rule.ByYearDay.Count > 0 && !rule.ByYearDay.Any(n => n == day.DayOfYear || n == day.DayOfYear - daysInYear - 1))
            {
                return false;
            }
            if (byMonthDay.Count > 0 && !byMonthDay.Any(n => n == day.Day || n == day.Day - daysInMonth - 1))
            {
                return false;
            }
            if (byDay.Count > 0)
            {
                // Within the month for MONTHLY, and for YEARLY only when the rule names BYMONTH (RFC 5545).
                var inMonth = rule.Frequency == RecurrenceFrequency.Monthly || rule.ByMonth.Count > 0;
                var position = inMonth ? day.Day : day.DayOfYear;
                var length = inMonth ? daysInMonth : daysInYear;
                var ordinalsCount = rule.Frequency is RecurrenceFrequency.Monthly or RecurrenceFrequency.Yearly && rule.ByWeekNo.Count == 0;
                return byDay.Any(d => d.Day == day.DayOfWeek
                    && (d.Ordinal == 0 || !ordinalsCount
                        || (d.Ordinal > 0 && (position - 1) / 7 + 1 == d.Ordinal)
                        || (d.Ordinal < 0 && (length - position) / 7 + 1 == -d.Ordinal)));
            }
            return true;
        }

        private static LocalDate WeekStartOf(LocalDate day, IsoDayOfWeek weekStart) =>
            day.PlusDays(-(((int)day.DayOfWeek - (int)weekStart + 7) % 7));

        /// <summary>
        /// Week 1 is the first week (starting on WKST) with at least four days in the year, so it is the
        /// week holding January 4; a week belongs to the year that holds its fourth day.
        /// </summary>
        private static (int Year, int Number, int WeeksInYear) Week(LocalDate day, IsoDayOfWeek weekStart)
        {
            var start = WeekStartOf(day, weekStart);
            var year = start.PlusDays(3).Year;
            var week1 = WeekStartOf(new LocalDate(year, 1, 4), weekStart);
            var nextWeek1 = WeekStartOf(new LocalDate(year + 1, 1, 4), weekStart);
            var number = Period.Between(week1, start, PeriodUnits.Days).Days / 7 + 1;
            return (year, number, Period.Between(week1, nextWeek1, PeriodUnits.Days).Days / 7);
        }
    }
}
