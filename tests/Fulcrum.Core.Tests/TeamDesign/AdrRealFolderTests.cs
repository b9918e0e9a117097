using Fulcrum.Core.TeamDesign;

namespace Fulcrum.Core.Tests.TeamDesign;

/// <summary>Real decision-record folders from public projects (provenance in each folder's SOURCE.md).</summary>
public class AdrRealFolderTests
{
    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "TeamDesign", "AdrData");

    private static readonly string AdrTools = Path.Combine(Data, "adr-tools", "doc", "adr");
    private static readonly string Madr = Path.Combine(Data, "madr", "docs", "decisions");
    private static readonly string IslandIs = Path.Combine(Data, "island-is-handbook", "docs", "adr");

    private static DecisionDocument Document(AdrFolderResult folder, string file) => folder.Documents.Single(d => d.File == file).Document;

    [Fact]
    public void Adr_tools_own_records_read_in_the_Nygard_layout()
    {
        var folder = AdrFolder.Read(AdrTools);

        Assert.Empty(folder.Problems);
        Assert.Equal(
        [
            "0001-record-architecture-decisions.md", "0002-implement-as-shell-scripts.md", "0004-markdown-format.md",
            "0005-help-comments.md", "0009-help-scripts.md",
        ], folder.Documents.Select(d => d.File));
        var first = Document(folder, "0001-record-architecture-decisions.md");
        Assert.Equal(1, first.Number);
        Assert.Equal("Record architecture decisions", first.Title);
        Assert.Equal("Accepted", first.Status);
        Assert.Equal(new DateOnly(2016, 2, 12), first.Date);
        Assert.Equal(AdrLayout.Nygard, first.Layout);
        Assert.Equal("We need to record the architectural decisions made on this project.", first.Context);
        Assert.StartsWith("We will use Architecture Decision Records, as described by Michael Nygard", first.Decision);
        Assert.Equal("See Michael Nygard's article, linked above.", first.Consequences);
        Assert.Empty(first.Options);
        Assert.Null(first.ChosenOption);
        Assert.Empty(first.OtherFrontMatter);
    }

    [Fact]
    public void Adr_tools_links_after_the_status_are_kept_at_the_start_of_the_context()
    {
        var helpComments = Document(AdrFolder.Read(AdrTools), "0005-help-comments.md");

        Assert.Equal("Accepted", helpComments.Status);
        Assert.Equal(new DateOnly(2016, 2, 13), helpComments.Date);
        Assert.StartsWith("Amended by [9. Help scripts](0009-help-scripts.md)\n\nThe tool will have a `help` subcommand", helpComments.Context);
    }

    [Fact]
    public void Madr_own_records_read_with_options_pros_and_cons_and_their_front_matter_kept()
    {
        var folder = AdrFolder.Read(Madr);

        Assert.Empty(folder.Problems);
        // index.md and adr-template.md are not decisions; 0000 is a real one, not a template.
        Assert.Equal(
        [
            "0000-use-markdown-architectural-decision-records.md", "0001-use-CC0-or-MIT-as-license.md", "0008-add-status-field.md",
            "0013-use-yaml-front-matter-for-meta-data.md", "0014-allow-neutral-arguments.md",
            "0015-include-consulting-informed-of-raci.md", "0018-use-confirmation-as-heading.md",
        ], folder.Documents.Select(d => d.File));

        var licence = Document(folder, "0001-use-CC0-or-MIT-as-license.md");
        Assert.Equal(1, licence.Number);
        Assert.Equal("Dual License the Work", licence.Title);
        Assert.Equal(AdrLayout.Madr, licence.Layout);
        Assert.Null(licence.Status);
        Assert.Equal("Dual license with MIT and CC0", licence.ChosenOption);
        Assert.Equal(
            ["[CC0](https://creativecommons.org/share-your-work/public-domain/cc0/)", "BSD3", "MIT", "Dual license with MIT and CC0", "No license", "Other open source licenses"],
            licence.Options.Select(o => o.Name));
        var mit = licence.Options.Single(o => o.Name == "MIT");
        Assert.Equal(["it [explicitly may be used for documentation](https://opensource.stackexchange.com/a/9545/5671)", "it is lean."], mit.Pros);
        Assert.Empty(mit.Cons);
        var dual = licence.Options.Single(o => o.Name == "Dual license with MIT and CC0");
        Assert.StartsWith("With the SPDX identifier `MIT OR CC0-1.0`", dual.Description);
        Assert.Equal(["offers freedom at the receiver"], dual.Pros);
        Assert.Equal(["dual licensing is not widely known"], dual.Cons);
        Assert.Equal([new("parent", "Decisions"), new("nav_order", "1")], licence.OtherFrontMatter);
    }

    [Fact]
    public void Madr_headings_inside_a_code_block_are_text_of_the_option_not_sections()
    {
        var frontMatter = Document(AdrFolder.Read(Madr), "0013-use-yaml-front-matter-for-meta-data.md");

        Assert.Equal(["Use YAML front matter", "Use plain Markdown everywhere"], frontMatter.Options.Select(o => o.Name));
        var yaml = frontMatter.Options[0];
        Assert.Contains("### Context and problem statement", yaml.Description);
        Assert.Equal(3, yaml.Pros.Count);
        Assert.Equal(["pretends to be more accurate than it can be (e.g., possible status values)", "rendering not standardized", "not all Markdown parsers can parse it"], yaml.Cons);
        // Decision Drivers has no field of its own: it stays in the context, heading and all.
        Assert.EndsWith("## Decision Drivers\n\n* Easy to read\n* Easy to write", frontMatter.Context);
        // More Information follows the pros and cons: it is kept with the decision.
        Assert.Equal("Chosen option: \"Use YAML front matter\", because comes out best (see below).\n\n## More Information\n\n"
            + "[ADR-0008](0008-add-status-field.md) reasons on adding metadata (such as status).", frontMatter.Decision);
    }

    [Fact]
    public void Madr_neutral_arguments_and_confirmation_are_kept_as_written()
    {
        var folder = AdrFolder.Read(Madr);

        var neutral = Document(folder, "0014-allow-neutral-arguments.md");
        Assert.Equal("Allow \"neutral\" arguments", neutral.Title);
        Assert.Equal("Neutral, because …", neutral.ChosenOption);
        Assert.Contains("* The proposed solution is neutral, because it is indifferent to decision driver 2.", neutral.Options[0].Description);

        var confirmation = Document(folder, "0018-use-confirmation-as-heading.md");
        Assert.Equal("Confirmation", confirmation.ChosenOption);
        Assert.Equal(["\"Confirmation\"", "\"Validation\"", "\"Verification\""], confirmation.Options.Select(o => o.Name));
        Assert.Contains("### Confirmation\n\n* Before next release;", confirmation.Decision);
    }

    [Fact]
    public void Island_is_records_read_in_MADR_2_with_bullet_metadata()
    {
        var folder = AdrFolder.Read(IslandIs);

        Assert.Empty(folder.Problems);
        Assert.Equal(
        [
            "0003-css.md", "0004-branching-and-release-strategy.md", "0011-open-source-license.md",
        ], folder.Documents.Select(d => d.File));

        var css = Document(folder, "0003-css.md");
        Assert.Equal((3, "CSS", "accepted", new DateOnly(2020, 5, 26)), (css.Number, css.Title, css.Status, css.Date));
        Assert.Equal(["devs"], css.LedBy);
        Assert.Equal(AdrLayout.Madr, css.Layout);
        Assert.Equal("Treat", css.ChosenOption);
        Assert.StartsWith("### Positive Consequences\n\n- Treat is statically extracted at build time", css.Consequences);
        Assert.Contains("### Negative Consequences", css.Consequences);
        // "[CSS Modules] with [SASS]/[PostCSS]" in the list and "CSS Modules with SASS/PostCSS" as the heading are one option.
        Assert.Equal(["[CSS Modules] with [SASS]/[PostCSS]", "[Styled Components]", "[Treat]"], css.Options.Select(o => o.Name));
        Assert.Equal(3, css.Options[0].Pros.Count);
        Assert.Equal(["it's runtime may significantly affect site performance.", "it hides the markup which may cause accessibility issues."], css.Options[1].Cons);

        var branching = Document(folder, "0004-branching-and-release-strategy.md");
        Assert.Equal(["devs", "devops"], branching.LedBy);
        Assert.Equal("OneFlow", branching.ChosenOption);
        Assert.Contains("Branching strategies:", branching.Context);

        var licence = Document(folder, "0011-open-source-license.md");
        Assert.Equal("proposed", licence.Status);
        Assert.Equal(["dev", "devops", "managers"], licence.LedBy);
        Assert.Null(licence.ChosenOption);
        Assert.StartsWith("The MIT license was chosen", licence.Decision);
        Assert.Equal(["Apache", "BSD", "GNU GPL", "MIT"], licence.Options.Select(o => o.Name));
    }

    [Fact]
    public void A_real_record_dated_day_first_is_refused_naming_the_date_and_its_line()
    {
        var path = Path.Combine(Data, "island-is-handbook", "not-iso-date", "0001-use-nx.md");

        var result = AdrMarkdown.Read("0001-use-nx.md", File.ReadAllBytes(path));

        Assert.Null(result.Document);
        Assert.Equal([new AdrProblem("0001-use-nx.md", 5, "date", "'03.05.2020' is not a date written as YYYY-MM-DD (for example 2024-03-31)")], result.Problems);
    }

    [Fact]
    public void A_real_record_whose_context_is_too_long_is_refused_naming_the_context_heading()
    {
        var path = Path.Combine(Data, "island-is-handbook", "over-limit", "0006-what-api-management-tool-to-consider.md");

        var result = AdrMarkdown.Read("0006-what-api-management-tool-to-consider.md", File.ReadAllBytes(path));

        Assert.Null(result.Document);
        Assert.Equal([new AdrProblem("0006-what-api-management-tool-to-consider.md", 9, "context",
            "the context text is 20,193 characters long; at most 20,000 are kept, so shorten it")], result.Problems);
    }

    public static TheoryData<string, string> RealFiles()
    {
        var files = new TheoryData<string, string>();
        foreach (var (project, folder) in new[] { ("adr-tools", AdrTools), ("madr", Madr), ("island-is-handbook", IslandIs) })
        {
            foreach (var (file, _) in AdrFolder.Read(folder).Documents)
            {
                files.Add(project, Path.Combine(folder, file));
            }
        }
        return files;
    }

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void Every_real_record_reads_without_problems_and_survives_a_round_trip(string project, string path)
    {
        var file = Path.GetFileName(path);
        var read = AdrMarkdown.Read(file, File.ReadAllBytes(path));
        Assert.Empty(read.Problems);
        var document = read.Document!;

        var again = AdrMarkdown.Read(file, AdrMarkdown.Write(document));

        Assert.Empty(again.Problems);
        // Nygard records are written in MADR form; everything else comes back as it was.
        Assert.Equal(document with { Layout = AdrLayout.Madr }, again.Document);
        Assert.NotEmpty(project);
    }
}
