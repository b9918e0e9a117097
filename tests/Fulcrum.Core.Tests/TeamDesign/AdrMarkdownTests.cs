using System.Text;
using Fulcrum.Core.TeamDesign;

namespace Fulcrum.Core.Tests.TeamDesign;

public class AdrMarkdownTests
{
    private const string File = "0007-use-postgresql-for-storage.md";

    private static AdrProblem[] Problems(string text, string file = File) => AdrMarkdown.Read(file, text).Problems.ToArray();

    private static DecisionDocument Document(string text, string file = File)
    {
        var result = AdrMarkdown.Read(file, text);
        Assert.Empty(result.Problems);
        return result.Document!;
    }

    private const string FulcrumRecord = """
        ---
        status: accepted
        date: 2026-03-02
        decision-makers:
          - ana@example.com
          - Ben Ode
        consulted: lea@example.com, Sam
        informed: everyone
        reversibility: One-way door
        metric: lead-time
        expected: "-20%"
        review-date: 2026-06-01
        parent: Decisions
        tags:
          - storage
          - database
        ---
        # Use PostgreSQL for storage

        ## Context and Problem Statement

        We keep records in SQLite files.

        ## Considered Options

        * PostgreSQL
        * SQLite

        ## Decision Outcome

        Chosen option: "PostgreSQL", because it has replication.

        ### Consequences

        * Good, because backups are standard.

        ## Pros and Cons of the Options

        ### PostgreSQL

        Managed by the platform team.

        * Good, because it replicates
        * Bad, because it is one more server

        ### SQLite

        * Good: nothing to run
        """;

    [Fact]
    public void Fulcrums_front_matter_fields_are_read_and_every_other_entry_kept_in_order()
    {
        var document = Document(FulcrumRecord);

        Assert.Equal(7, document.Number);
        Assert.Equal("Use PostgreSQL for storage", document.Title);
        Assert.Equal("accepted", document.Status);
        Assert.Equal(new DateOnly(2026, 3, 2), document.Date);
        Assert.Equal(["ana@example.com", "Ben Ode"], document.LedBy);
        Assert.Equal(["lea@example.com", "Sam"], document.FollowedBy);
        Assert.Equal(DoorKind.OneWay, document.Reversibility);
        Assert.Equal("lead-time", document.Metric);
        Assert.Equal("-20%", document.Expected);
        Assert.Equal(new DateOnly(2026, 6, 1), document.ReviewOn);
        Assert.Null(document.Outcome);
        Assert.Equal(
            [new("informed", "everyone"), new("parent", "Decisions"), new("tags", "\n  - storage\n  - database")],
            document.OtherFrontMatter);
        Assert.Equal("We keep records in SQLite files.", document.Context);
        Assert.Equal("PostgreSQL", document.ChosenOption);
        Assert.Equal("Chosen option: \"PostgreSQL\", because it has replication.", document.Decision);
        Assert.Equal("* Good, because backups are standard.", document.Consequences);
        Assert.Equal(
        [
            new DecisionOption("PostgreSQL", "Managed by the platform team.", ["it replicates"], ["it is one more server"]),
            new DecisionOption("SQLite", null, ["nothing to run"], []),
        ], document.Options);
        Assert.Equal(AdrLayout.Madr, document.Layout);
    }

    [Fact]
    public void Deciders_from_MADR_3_are_who_led_the_decision()
    {
        var document = Document("---\ndeciders: [Ana, Ben]\n---\n# Title\n\n## Context and Problem Statement\n\nWhy.\n");

        Assert.Equal(["Ana", "Ben"], document.LedBy);
        Assert.Empty(document.OtherFrontMatter);
    }

    [Theory]
    [InlineData("one-way", DoorKind.OneWay)]
    [InlineData("One-way door", DoorKind.OneWay)]
    [InlineData("two way", DoorKind.TwoWay)]
    [InlineData("TWO_WAY", DoorKind.TwoWay)]
    [InlineData("two-way door", DoorKind.TwoWay)]
    public void Reversibility_is_accepted_as_people_write_it(string written, DoorKind expected)
    {
        var document = Document($"---\nreversibility: {written}\n---\n# Title\n\n## Decision\n\nDone.\n");

        Assert.Equal(expected, document.Reversibility);
    }

    [Fact]
    public void A_document_written_and_read_back_is_equal_to_itself()
    {
        var document = new DecisionDocument(
            12,
            "Ship on Fridays: with care",
            "superseded by ADR-0013",
            new DateOnly(2026, 1, 31),
            "We ship on Mondays only.\n\n## Decision Drivers\n\n* Speed\n\n```yaml\n# a comment, not a heading\n```",
            [
                new DecisionOption("Fridays too", "Any weekday, with a rollback plan.\n\n* Neutral, because rare", ["faster feedback"], ["weekend pages", "tired people"]),
                new DecisionOption("Mondays only", null, [], []),
                new DecisionOption("Never on Friday \"afternoons\"", null, ["a compromise"], []),
            ],
            "Fridays too",
            "We will ship any weekday.",
            "### Positive Consequences\n\n* Smaller batches.\n\n### Negative Consequences\n\n* A rota.",
            ["ana@example.com", "Ben: the lead"],
            ["lea@example.com"],
            DoorKind.TwoWay,
            "deployment-frequency",
            "+2",
            new DateOnly(2026, 4, 30),
            "Worked: 2.4 a day, up from 0.5.\nKeep it.",
            AdrLayout.Madr,
            [new("parent", "Decisions"), new("nav_order", "12"), new("tags", "\n  - delivery"), new("empty", "")]);

        var text = AdrMarkdown.Write(document);
        var again = AdrMarkdown.Read(AdrMarkdown.FileName(12, document.Title), text);

        Assert.Empty(again.Problems);
        Assert.Equal(document, again.Document);
        Assert.StartsWith("---\nstatus: superseded by ADR-0013\ndate: 2026-01-31\ndecision-makers:\n  - ana@example.com\n  - \"Ben: the lead\"\n", text);
        Assert.Contains("\nreversibility: two-way\nmetric: deployment-frequency\nexpected: \"+2\"\nreview-date: 2026-04-30\n", text);
        Assert.Contains("\nparent: Decisions\nnav_order: 12\ntags:\n  - delivery\nempty:\n---\n# Ship on Fridays: with care\n", text);
        // The text did not name the choice, so a line does; reading takes it off again.
        Assert.Contains("## Decision Outcome\n\nChosen option: \"Fridays too\"\n\nWe will ship any weekday.\n", text);
        Assert.Contains("### Fridays too\n\nAny weekday, with a rollback plan.\n\n* Neutral, because rare\n\n* Good, because faster feedback\n* Bad, because weekend pages\n", text);
    }

    [Fact]
    public void Deciders_are_written_as_decision_makers_and_a_Fulcrum_key_among_the_others_is_not_written_twice()
    {
        var document = Document("---\ndeciders: Ana, Ben\n---\n# Title\n\n## Decision\n\nGo.\n") with
        {
            OtherFrontMatter = [new("status", "rejected"), new("parent", "Decisions")],
        };

        var text = AdrMarkdown.Write(document);

        Assert.StartsWith("---\ndecision-makers:\n  - Ana\n  - Ben\nparent: Decisions\n---\n", text);
    }

    [Fact]
    public void A_chosen_option_with_double_quotes_in_its_name_survives_a_round_trip()
    {
        var document = Document("# Title\n\n## Considered Options\n\n* The \"fast\" one\n\n## Decision Outcome\n\nWe pick it.\n") with
        {
            ChosenOption = "The \"fast\" one",
        };

        var text = AdrMarkdown.Write(document);

        Assert.Contains("Chosen option: `The \"fast\" one`\n\nWe pick it.", text);
        Assert.Equal(document, Document(text));
    }

    [Fact]
    public void A_Nygard_record_is_written_in_MADR_form_and_reads_back_the_same_but_for_its_layout()
    {
        var nygard = Document("""
            # 3. Use Markdown

            Date: 2016-02-12

            ## Status

            Accepted

            Supersedes [2. Use plain text](0002-use-plain-text.md)

            ## Context

            Records are read in editors.

            ## Decision

            We write Markdown.

            ## Consequences

            Pandoc can convert it.
            """, "0003-use-markdown.md");
        Assert.Equal(AdrLayout.Nygard, nygard.Layout);
        Assert.Equal((3, "Use Markdown", "Accepted"), (nygard.Number, nygard.Title, nygard.Status));
        Assert.Equal("Supersedes [2. Use plain text](0002-use-plain-text.md)\n\nRecords are read in editors.", nygard.Context);

        var text = AdrMarkdown.Write(nygard);
        var again = Document(text, "0003-use-markdown.md");

        Assert.Equal("""
            ---
            status: Accepted
            date: 2016-02-12
            ---
            # Use Markdown

            ## Context and Problem Statement

            Supersedes [2. Use plain text](0002-use-plain-text.md)

            Records are read in editors.

            ## Decision Outcome

            We write Markdown.

            ### Consequences

            Pandoc can convert it.

            """.Replace("\r\n", "\n"), text);
        Assert.Equal(AdrLayout.Madr, again.Layout);
        Assert.Equal(nygard with { Layout = AdrLayout.Madr }, again);
    }

    [Fact]
    public void MADR_2_bullet_metadata_and_a_status_line_are_read_under_the_title()
    {
        var madr2 = Document("""
            # Use Nx

            * Status: accepted
            * Deciders: devs, devops
            * Date: 2020-05-03

            Technical Story: https://example.com/issues/1

            ## Context and Problem Statement

            A monorepo tool.

            ## Decision Outcome

            Chosen option: `Nx`, because it fits.
            """, "0001-use-nx.md");
        var statusLine = Document("# 2. Use Go\n\nStatus: Proposed\nDate: 2021-01-02\n\n## Context\n\nSpeed.\n\n## Decision\n\nGo.\n", "use-go.md");

        Assert.Equal(("accepted", new DateOnly(2020, 5, 3)), (madr2.Status, madr2.Date));
        Assert.Equal(["devs", "devops"], madr2.LedBy);
        Assert.Equal("Nx", madr2.ChosenOption);
        Assert.Equal("Technical Story: https://example.com/issues/1\n\nA monorepo tool.", madr2.Context);
        Assert.Equal(AdrLayout.Madr, madr2.Layout);
        Assert.Equal((2, "Proposed", new DateOnly(2021, 1, 2), AdrLayout.Nygard), (statusLine.Number, statusLine.Status, statusLine.Date, statusLine.Layout));
    }

    [Theory]
    [InlineData(7, "Use PostgreSQL for storage", "0007-use-postgresql-for-storage.md")]
    [InlineData(12, "Überprüfung der Straße: Ja/Nein?", "0012-uberprufung-der-strasse-ja-nein.md")]
    [InlineData(12345, "Big", "12345-big.md")]
    [InlineData(1, "!!!", "0001-decision.md")]
    [InlineData(2, "Record every architecture decision that someone would otherwise re-litigate in a meeting", "0002-record-every-architecture-decision-that-someone-would.md")]
    public void File_names_have_four_digits_and_a_short_ascii_slug(int number, string title, string expected)
    {
        var name = AdrMarkdown.FileName(number, title);

        Assert.Equal(expected, name);
        Assert.True(name.Length - "0000-".Length - ".md".Length <= 60);
    }

    [Fact]
    public void A_byte_order_mark_and_windows_line_ends_are_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("# Title\r\n\r\n## Context\r\n\r\nWhy.\r\nStill why.\r\n")).ToArray();

        var result = AdrMarkdown.Read("0001-title.md", bytes);

        Assert.Empty(result.Problems);
        Assert.Equal("Why.\nStill why.", result.Document!.Context);
    }

    [Fact]
    public void A_Docusaurus_record_with_an_ADR_numbered_title_and_a_table_before_it_is_read()
    {
        var document = Document("""
            ---
            id: adrs-adr010
            title: 'ADR010: Use a date library'
            ---

            | Created    | Status |
            | ---------- | ------ |
            | 2021-01-16 | Open   |

            # ADR010: Date Library

            ## Status

            Proposed

            ## Context

            Dates are formatted everywhere.

            ## Decision

            We will use one library.

            ## Consequences

            - Smaller bundles

            ## Notes

            Revisit in a year.
            """, "adr010-date-library.md");

        Assert.Equal((10, "Date Library", "Proposed"), (document.Number, document.Title, document.Status));
        Assert.StartsWith("| Created    | Status |", document.Context);
        Assert.EndsWith("Dates are formatted everywhere.", document.Context);
        // A section Fulcrum has no field for stays with the section before it.
        Assert.Equal("- Smaller bundles\n\n## Notes\n\nRevisit in a year.", document.Consequences);
        Assert.Equal([new("id", "adrs-adr010"), new("title", "'ADR010: Use a date library'")], document.OtherFrontMatter);
        Assert.Equal(AdrLayout.Madr, document.Layout);
    }
}
