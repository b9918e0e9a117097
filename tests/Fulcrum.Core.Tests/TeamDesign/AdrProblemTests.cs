using System.Text;
using Fulcrum.Core.TeamDesign;

namespace Fulcrum.Core.Tests.TeamDesign;

/// <summary>Each thing wrong with a decision record file, named with its file, line and field.</summary>
public class AdrProblemTests
{
    private const string File = "0003-use-go.md";

    private static AdrProblem[] Problems(string text) => AdrMarkdown.Read(File, text).Problems.ToArray();

    private static AdrProblem Single(string text)
    {
        var result = AdrMarkdown.Read(File, text);
        Assert.Null(result.Document);
        return Assert.Single(result.Problems);
    }

    private static string WithFrontMatter(string yaml) => $"---\n{yaml}\n---\n# Use Go\n\n## Context\n\nSpeed.\n";

    [Fact]
    public void A_record_without_a_title_heading_is_refused()
    {
        var problem = Single("## Context\n\nSpeed.\n\n## Decision\n\nGo.\n");

        Assert.Equal(new AdrProblem(File, 0, "title", "no title heading: start the record with a line '# Title' (after any front matter)"), problem);
    }

    [Fact]
    public void A_title_in_the_front_matter_stands_in_for_a_missing_heading()
    {
        var result = AdrMarkdown.Read(File, "---\ntitle: 'ADR003: Use Go'\n---\n## Decision\n\nGo.\n");

        Assert.Empty(result.Problems);
        Assert.Equal((3, "Use Go"), (result.Document!.Number, result.Document.Title));
        Assert.Equal([new("title", "'ADR003: Use Go'")], result.Document.OtherFrontMatter);
    }

    [Fact]
    public void Front_matter_that_is_never_closed_is_refused_at_its_first_line()
    {
        var problem = Single("---\nstatus: accepted\n# Use Go\n\n## Context\n\nSpeed.\n");

        Assert.Equal(new AdrProblem(File, 1, "front matter", "the front matter opened on line 1 is never closed: add a line '---' after it"), problem);
    }

    [Fact]
    public void Front_matter_that_is_not_a_mapping_is_refused()
    {
        var problem = Single(WithFrontMatter("- accepted\n- 2024-01-01"));

        Assert.Equal(new AdrProblem(File, 2, "front matter", "the front matter is not a mapping: write one 'key: value' per line"), problem);
    }

    [Fact]
    public void A_YAML_syntax_error_names_its_line_in_the_file()
    {
        var problem = Single(WithFrontMatter("status: accepted\ndate: 2024-01-01\nconsulted: [Ana, Ben"));

        Assert.Equal(new AdrProblem(File, 4, "front matter", "not valid YAML: While parsing a flow sequence, did not find expected ',' or ']'."), problem);
    }

    [Fact]
    public void A_key_given_twice_is_a_YAML_problem_at_its_second_line()
    {
        Assert.Equal(new AdrProblem(File, 3, "front matter", "not valid YAML: Duplicate key status"),
            Single(WithFrontMatter("status: accepted\nstatus: rejected")));
    }

    [Fact]
    public void A_name_that_is_not_plain_text_is_refused_at_its_line()
    {
        Assert.Equal(new AdrProblem(File, 4, "consulted", "each name must be plain text (a name or an email)"),
            Single(WithFrontMatter("consulted:\n  - Ana\n  - {name: Ben}")));
    }

    [Theory]
    [InlineData("date: 31/01/2024", 2, "date", "'31/01/2024' is not a date written as YYYY-MM-DD (for example 2024-03-31)")]
    [InlineData("status: accepted\nreview-date: next spring", 3, "review-date", "'next spring' is not a date written as YYYY-MM-DD (for example 2024-03-31)")]
    [InlineData("date: 2024-02-30", 2, "date", "'2024-02-30' is not a date written as YYYY-MM-DD (for example 2024-03-31)")]
    public void A_date_that_is_not_YYYY_MM_DD_is_refused_naming_its_field(string yaml, int line, string field, string message)
    {
        Assert.Equal(new AdrProblem(File, line, field, message), Single(WithFrontMatter(yaml)));
    }

    [Fact]
    public void A_bad_date_under_a_Nygard_title_is_refused_at_its_line()
    {
        Assert.Equal(new AdrProblem(File, 3, "date", "'12 Feb 2016' is not a date written as YYYY-MM-DD (for example 2024-03-31)"),
            Single("# 1. Use Go\n\nDate: 12 Feb 2016\n\n## Context\n\nSpeed.\n"));
    }

    [Fact]
    public void A_reversibility_Fulcrum_does_not_know_lists_what_is_accepted()
    {
        var problem = Single(WithFrontMatter("status: accepted\nreversibility: maybe"));

        Assert.Equal(new AdrProblem(File, 3, "reversibility",
            "'maybe' is not a reversibility; write one-way or two-way (\"one-way door\", \"two way\" and any case are accepted too)"), problem);
    }

    [Fact]
    public void An_expected_change_without_a_metric_is_refused()
    {
        var problem = Single(WithFrontMatter("expected: -20%"));

        Assert.Equal(new AdrProblem(File, 2, "expected",
            "expected says how much a metric should move, but no metric is given: add 'metric:' (e.g. lead-time) or remove 'expected:'"), problem);
    }

    [Fact]
    public void A_list_where_a_single_value_belongs_is_refused()
    {
        Assert.Equal(new AdrProblem(File, 2, "status", "expected a single value on the same line, not a list or mapping"),
            Single(WithFrontMatter("status:\n  - accepted\n  - proposed")));
    }

    [Fact]
    public void Every_field_longer_than_Fulcrum_keeps_is_named_with_its_line_in_file_order()
    {
        var names = string.Join("\n", Enumerable.Range(1, 51).Select(i => $"  - person{i}@example.com"));
        var text = $"""
            ---
            status: {new string('s', 101)}
            metric: {new string('m', 101)}
            expected: "{new string('9', 51)}"
            consulted: {new string('n', 257)}
            outcome: {new string('o', 20_001)}
            decision-makers:
            {names}
            ---
            # {new string('t', 301)}

            ## Context

            {new string('c', 20_001)}

            ## Considered Options

            {string.Join("\n", Enumerable.Range(1, 30).Select(i => $"* Option {i}"))}
            * {new string('x', 301)}

            ## Decision

            {new string('d', 20_001)}

            ## Consequences

            {new string('q', 20_001)}
            """;

        var problems = AdrMarkdown.Read(File, text).Problems.Select(p => (p.Line, p.Field, p.Message)).ToList();

        Assert.Equal(
        [
            (2, "status", "the status is 101 characters long; at most 100 are kept, so shorten it"),
            (3, "metric", "the metric is 101 characters long; at most 100 are kept, so shorten it"),
            (4, "expected", "the expected change is 51 characters long; at most 50 are kept, so shorten it"),
            (5, "consulted", "a name of 257 characters is longer than the 256 a name may have"),
            (6, "outcome", "the outcome text is 20,001 characters long; at most 20,000 are kept, so shorten it"),
            (58, "decision-makers", "names 51 people; at most 50 can be kept"),
            (60, "title", "the title is 301 characters long; at most 300 are kept, so shorten it"),
            (62, "context", "the context text is 20,001 characters long; at most 20,000 are kept, so shorten it"),
            (98, "options", "lists 31 options; at most 30 can be kept"),
            (98, "options", "an option's name is 301 characters long; at most 300 are kept (put the detail in its pros and cons section)"),
            (100, "decision", "the decision text is 20,001 characters long; at most 20,000 are kept, so shorten it"),
            (104, "consequences", "the consequences text is 20,001 characters long; at most 20,000 are kept, so shorten it"),
        ], problems);
    }

    [Fact]
    public void A_file_over_512_KB_is_refused_before_it_is_read()
    {
        var text = "# Big\n\n## Context\n\n" + new string('a', 512 * 1024);

        Assert.Equal(new AdrProblem(File, 0, "file", "the file is 513 KB; a decision record may be at most 512 KB"), Single(text));
        Assert.Equal(new AdrProblem(File, 0, "file", "the file is 513 KB; a decision record may be at most 512 KB"),
            Assert.Single(AdrMarkdown.Read(File, Encoding.UTF8.GetBytes(text)).Problems));
    }

    [Fact]
    public void A_control_character_is_refused_with_its_line_and_column()
    {
        Assert.Equal(new AdrProblem(File, 5, "file", "control character U+0007 at column 4; only tabs and line breaks may appear in the text"),
            Single("# Use Go\n\n## Context\n\nSpe\u0007ed.\n"));
    }

    [Fact]
    public void Bytes_that_are_not_UTF_8_are_refused_naming_the_byte_offset()
    {
        var bytes = Encoding.UTF8.GetBytes("# Use Go\n\n## Context\n\nCaf").Concat(new byte[] { 0xE9, (byte)'.', (byte)'\n' }).ToArray();

        var result = AdrMarkdown.Read(File, bytes);

        Assert.Null(result.Document);
        Assert.Equal([new AdrProblem(File, 5, "file", "not valid UTF-8 (at byte offset 25); save the file as UTF-8")], result.Problems);
    }

    [Fact]
    public void A_file_with_neither_Context_nor_Decision_is_not_an_ADR()
    {
        Assert.Equal(new AdrProblem(File, 0, "file", "not an ADR: no Context or Decision section (a '## Context' or '## Decision' heading)"),
            Single("# Meeting notes\n\n## Attendees\n\nAna, Ben.\n"));
    }

    [Fact]
    public void Problems_read_as_a_person_would_find_them()
    {
        Assert.Equal("0003-use-go.md line 2, date: 'soon' is not a date written as YYYY-MM-DD (for example 2024-03-31)",
            Single(WithFrontMatter("date: soon")).ToString());
    }
}
