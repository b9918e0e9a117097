using Fulcrum.Core.Calendar;

namespace Fulcrum.Core.Tests.Calendar;

/// <summary>
/// Every RRULE example of RFC 5545 section 3.8.5.3 (Data/rfc5545/examples.txt, transcribed from the
/// RFC's prose), with the instances the RFC lists. For a rule that goes on forever the file gives the
/// first instances the RFC prints, and only those are compared.
/// </summary>
public sealed class RecurrenceRfcExamplesTests
{
    // 39 examples in the RFC; three are given in two forms ("or"), each checked.
    private const int ExampleCount = 42;

    public static TheoryData<string, string, string, bool, string> Examples()
    {
        var data = new TheoryData<string, string, string, bool, string>();
        foreach (var example in Read())
        {
            data.Add(example.Description, example.Rule, example.Start, example.Forever, example.Instances);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Rfc_example_expands_to_the_instances_the_rfc_lists(string description, string ruleText, string start, bool forever, string instances)
    {
        var rule = RecurrenceRule.Parse(ruleText, out var error);
        Assert.True(rule is not null, $"{description}: {error}");
        var expected = instances.Split(',').Select(RecurrenceText.Time).ToList();

        var actual = RecurrenceExpansion.Instances(rule, RecurrenceText.Time(start))
            .Take(forever ? expected.Count : expected.Count + 10)
            .ToList();

        Assert.Equal(RecurrenceText.Join(expected), RecurrenceText.Join(actual));
    }

    [Fact]
    public void Every_rfc_example_is_in_the_data_file()
    {
        Assert.Equal(ExampleCount, Read().Count);
    }

    [Fact]
    public void Changing_only_wkst_changes_a_biweekly_rule_as_the_rfc_shows()
    {
        var start = RecurrenceText.Time("19970805T090000");
        var monday = RecurrenceRule.Parse("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", out _)!;
        var sunday = monday with { WeekStart = NodaTime.IsoDayOfWeek.Sunday };

        Assert.Equal("19970805T090000,19970810T090000,19970819T090000,19970824T090000", RecurrenceText.Join(RecurrenceExpansion.Instances(monday, start)));
        Assert.Equal("19970805T090000,19970817T090000,19970819T090000,19970831T090000", RecurrenceText.Join(RecurrenceExpansion.Instances(sunday, start)));
    }

    private sealed record Example(string Description, string Rule, string Start, bool Forever, string Instances);

    private static List<Example> Read()
    {
        var examples = new List<Example>();
        string description = "", rule = "", start = "";
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Calendar", "Data", "rfc5545", "examples.txt")))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                description = line[2..];
            }
            else if (line.StartsWith("RRULE:", StringComparison.Ordinal))
            {
                rule = line["RRULE:".Length..];
            }
            else if (line.StartsWith("DTSTART:", StringComparison.Ordinal))
            {
                start = line["DTSTART:".Length..];
            }
            else if (line.StartsWith("INSTANCES:", StringComparison.Ordinal))
            {
                examples.Add(new Example(description, rule, start, false, line["INSTANCES:".Length..]));
            }
            else if (line.StartsWith("FIRST:", StringComparison.Ordinal))
            {
                examples.Add(new Example(description, rule, start, true, line["FIRST:".Length..]));
            }
        }
        return examples;
    }
}
