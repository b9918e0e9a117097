using System.Globalization;
using Fulcrum.Core.Calendar;
using NodaTime;

namespace Fulcrum.Core.Tests.Calendar;

/// <summary>
/// libical's own recurrence cases (Data/libical/icalrecur_test.txt, provenance in its README), run
/// through our engine. libical lists DTSTART first only when it matches the rule, which is our
/// semantics too, so the expected lists are compared as they are. START-AT (libical's "start the
/// iterator here") is checked twice: the full list from DTSTART, and our notBefore jump, whose
/// instances at or after START-AT must be the tail of that list.
/// </summary>
public sealed class RecurrenceLibicalTests
{
    // Measured when the file was added: 146 cases; 144 run (two are excluded below, each counted).
    private const int CasesMeasured = 144;

    // RSCALE (RFC 7529 non-Gregorian calendars) and SKIP change which dates exist; we ignore both
    // parts, so a case using them would test libical's calendars, not our rule. This copy of the file
    // has none (libical keeps them in icalrecur_test_rscale*.txt, not copied), so the list is empty,
    // but the check stays so a refreshed file cannot slip such cases in silently.
    private static readonly string[] ExcludedParts = ["RSCALE", "SKIP"];

    // libical writes "*** UNIMPLEMENTED" instead of instances where it has no answer; there is nothing
    // to compare, so those are excluded here and the one such case is checked on its own below.
    private const string NoAnswer = "*** UNIMPLEMENTED";
    private const int NoAnswerCases = 1;

    // libical drops BYHOUR/BYMINUTE/BYSECOND when DTSTART is a DATE (an all-day series has no time of
    // day). Our engine is given a wall-clock start (midnight for a DATE) and cannot tell the two
    // apart; the caller, which knows DTSTART's value type, decides. So such cases are excluded.
    private static readonly string[] TimeParts = ["BYHOUR", "BYMINUTE", "BYSECOND"];
    private const int DateStartWithTimePartsCases = 1;

    // Deliberate differences, each with the answer we give instead. libical's YEARLY+BYWEEKNO periods
    // are week-numbering years, and its cases at lines 725-740 count INTERVAL from the week-year
    // DTSTART's week belongs to ("the first date belongs to 2009, so after 6 years it will be 2015").
    // These two count from DTSTART's calendar year instead (2027, though 2027-01-03 is in week 53 of
    // 2026). We count from the week-year every time: 2026 + 6 = 2032 and 2026 + 45 = 2071 are the
    // first such week-years with a week 53 (Thursdays 2032-12-30 and 2071-12-31).
    private static readonly Dictionary<string, string[]> OurAnswer = new(StringComparer.Ordinal)
    {
        ["FREQ=YEARLY;BYWEEKNO=53;INTERVAL=6;BYDAY=TH;COUNT=1"] = ["20321230T000000"],
        ["FREQ=YEARLY;BYWEEKNO=53;INTERVAL=5;BYDAY=TH;COUNT=1"] = ["20711231T000000"],
    };

    [Fact]
    public void Every_libical_case_expands_to_libicals_instances()
    {
        var cases = LibicalCase.Read(Path.Combine(AppContext.BaseDirectory, "Calendar", "Data", "libical", "icalrecur_test.txt"));
        var failures = new List<string>();
        var run = 0;
        var excluded = new List<string>();
        var unanswered = new List<string>();
        var dateWithTimeParts = new List<string>();
        var differences = 0;
        foreach (var c in cases)
        {
            if (Array.Exists(ExcludedParts, p => c.Rule.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                excluded.Add(c.Rule);
                continue;
            }
            if (c.Start.Length == 8 && Array.Exists(TimeParts, p => c.Rule.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                dateWithTimeParts.Add(c.Rule);
                continue;
            }
            if (c.Instances.Any(i => i.StartsWith(NoAnswer, StringComparison.Ordinal)))
            {
                unanswered.Add(c.Rule);
                continue;
            }
            run++;
            var rule = RecurrenceRule.Parse(c.Rule, out var error);
            if (rule is null)
            {
                failures.Add($"line {c.Line} {c.Rule}: did not parse: {error}");
                continue;
            }
            var start = RecurrenceText.Time(c.Start);
            var differs = OurAnswer.TryGetValue(c.Rule, out var ours);
            differences += differs ? 1 : 0;
            var expected = (differs ? ours! : c.Instances).Select(RecurrenceText.Time).ToList();
            // Every case ends by COUNT or UNTIL; the cap only stops a wrong engine running away.
            var actual = RecurrenceExpansion.Instances(rule, start).Take(expected.Count + 5).ToList();
            if (!actual.SequenceEqual(expected))
            {
                failures.Add($"line {c.Line} {c.Rule} from {c.Start}:\n  expected {RecurrenceText.Join(expected)}\n  actual   {RecurrenceText.Join(actual)}");
                continue;
            }
            if (c.StartAt is { } startAtText)
            {
                var startAt = RecurrenceText.Time(startAtText);
                var tail = expected.Where(t => t >= startAt).ToList();
                var jumped = RecurrenceExpansion.Instances(rule, start, notBefore: startAt).Where(t => t >= startAt).Take(tail.Count + 5).ToList();
                if (!jumped.SequenceEqual(tail))
                {
                    failures.Add($"line {c.Line} {c.Rule} from START-AT {startAtText}:\n  expected {RecurrenceText.Join(tail)}\n  actual   {RecurrenceText.Join(jumped)}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {run} libical cases differ:\n" + string.Join("\n", failures));
        Assert.Empty(excluded);
        Assert.Equal(OurAnswer.Count, differences);
        Assert.True(dateWithTimeParts.Count == DateStartWithTimePartsCases, $"{dateWithTimeParts.Count} cases pair a DATE start with time parts; {DateStartWithTimePartsCases} did when the file was added");
        Assert.True(unanswered.Count == NoAnswerCases, $"{unanswered.Count} cases have no libical answer; {NoAnswerCases} did when the file was added");
        Assert.True(run >= CasesMeasured, $"only {run} libical cases ran; {CasesMeasured} did when the file was added");
    }

    [Fact]
    public void The_case_libical_leaves_unimplemented_gives_december_30_when_it_is_in_week_1()
    {
        // December 30 is in ISO week 1 of the next year when it is a Monday or a Tuesday.
        var rule = RecurrenceRule.Parse("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=30;BYWEEKNO=1;UNTIL=20320101", out _)!;

        var instances = RecurrenceExpansion.Instances(rule, new LocalDateTime(2024, 12, 30, 0, 0)).ToList();

        Assert.Equal(
            [new(2024, 12, 30, 0, 0), new(2025, 12, 30, 0, 0), new(2030, 12, 30, 0, 0), new LocalDateTime(2031, 12, 30, 0, 0)],
            instances);
    }

    private sealed record LibicalCase(int Line, string Rule, string Start, string? StartAt, IReadOnlyList<string> Instances)
    {
        public static List<LibicalCase> Read(string path)
        {
            var cases = new List<LibicalCase>();
            string? rule = null, start = null, startAt = null;
            var ruleLine = 0;
            var lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                if (line.StartsWith("RRULE:", StringComparison.Ordinal))
                {
                    (rule, start, startAt, ruleLine) = (line["RRULE:".Length..], null, null, lineNumber);
                }
                else if (line.StartsWith("DTSTART:", StringComparison.Ordinal))
                {
                    start = line["DTSTART:".Length..];
                }
                else if (line.StartsWith("START-AT:", StringComparison.Ordinal))
                {
                    startAt = line["START-AT:".Length..];
                }
                else if (line.StartsWith("INSTANCES:", StringComparison.Ordinal) && rule is not null && start is not null)
                {
                    var list = line["INSTANCES:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    cases.Add(new LibicalCase(ruleLine, rule, start, startAt, list));
                    rule = null;
                }
            }
            return cases;
        }
    }
}

/// <summary>The compact RFC 5545 forms the test data is written in: 19970902T090000[Z] or 19970902.</summary>
internal static class RecurrenceText
{
    public static LocalDateTime Time(string text)
    {
        text = text.Trim().TrimEnd('Z');
        var pattern = text.Length == 8 ? "yyyyMMdd" : "yyyyMMdd'T'HHmmss";
        return DateTime.ParseExact(text, pattern, CultureInfo.InvariantCulture).ToLocalDateTimeFromDateTime();
    }

    public static string Format(LocalDateTime time) => time.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    public static string Join(IEnumerable<LocalDateTime> times) => string.Join(",", times.Select(Format));

    private static LocalDateTime ToLocalDateTimeFromDateTime(this DateTime value) => LocalDateTime.FromDateTime(value);
}
