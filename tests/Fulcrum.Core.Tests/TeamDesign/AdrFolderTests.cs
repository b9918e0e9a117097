using Fulcrum.Core.TeamDesign;

namespace Fulcrum.Core.Tests.TeamDesign;

public sealed class AdrFolderTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("fulcrum-adr");

    public void Dispose() => folder.Delete(recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(folder.FullName, name), text);

    private static string Record(string title) => $"# {title}\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n";

    [Fact]
    public void Records_are_read_in_file_name_order_and_readmes_indexes_and_templates_are_skipped()
    {
        Write("0002-second.md", Record("Second"));
        Write("0001-first.md", Record("First"));
        Write("README.md", "# Decisions\n\nThe log.\n");
        Write("index.md", "# Index\n");
        Write("template.md", "# {title}\n");
        Write("adr-template.md", "# Template\n");
        Write("nygard-template.md", "# NUMBER. TITLE\n");
        Write("0000-template.md", "# [short title of solved problem and solution]\n");
        Write("notes.txt", "not markdown");
        Directory.CreateDirectory(Path.Combine(folder.FullName, "drafts"));
        Write(Path.Combine("drafts", "0003-draft.md"), "# Draft\n");

        var result = AdrFolder.Read(folder.FullName);

        Assert.Empty(result.Problems);
        Assert.Equal([("0001-first.md", 1, "First"), ("0002-second.md", 2, "Second")],
            result.Documents.Select(d => (d.File, d.Document.Number ?? 0, d.Document.Title)));
    }

    [Fact]
    public void A_0000_record_that_is_a_real_decision_is_read()
    {
        Write("0000-use-markdown-architectural-decision-records.md", Record("Use Markdown Architectural Decision Records"));
        Write("0000-adr-placeholder.md", "---\n# status: {proposed | accepted}\nparent: Decisions\n---\n# {short title, representative of solved problem and found solution}\n\n## Context and Problem Statement\n\n{Describe}\n");

        var result = AdrFolder.Read(folder.FullName);

        Assert.Empty(result.Problems);
        Assert.Equal(["0000-use-markdown-architectural-decision-records.md"], result.Documents.Select(d => d.File));
        Assert.Equal(0, result.Documents[0].Document.Number);
    }

    [Fact]
    public void One_bad_file_gives_problems_naming_it_so_the_folder_is_refused()
    {
        Write("0001-good.md", Record("Good"));
        Write("0002-bad-date.md", "---\ndate: 2024-13-01\n---\n# Bad date\n\n## Context\n\nWhy.\n");
        Write("0003-no-title.md", "## Context\n\nWhy.\n");

        var result = AdrFolder.Read(folder.FullName);

        Assert.False(result.Succeeded);
        Assert.Equal(
        [
            new AdrProblem("0002-bad-date.md", 2, "date", "'2024-13-01' is not a date written as YYYY-MM-DD (for example 2024-03-31)"),
            new AdrProblem("0003-no-title.md", 0, "title", "no title heading: start the record with a line '# Title' (after any front matter)"),
        ], result.Problems);
        Assert.Equal(["0001-good.md"], result.Documents.Select(d => d.File));
    }

    [Fact]
    public void A_file_over_512_KB_in_a_folder_is_refused_without_reading_it()
    {
        Write("0001-huge.md", Record("Huge") + new string('x', 512 * 1024));

        var problem = Assert.Single(AdrFolder.Read(folder.FullName).Problems);

        Assert.Equal(new AdrProblem("0001-huge.md", 0, "file", "the file is larger than 512 KB, the most a decision record may be"), problem);
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_a_problem()
    {
        var missing = Path.Combine(folder.FullName, "no-such-folder");

        Assert.Equal([new AdrProblem(missing, 0, "folder", "the folder does not exist")], AdrFolder.Read(missing).Problems);
    }
}
