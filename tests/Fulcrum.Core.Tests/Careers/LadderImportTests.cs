using Fulcrum.Core.Careers;

namespace Fulcrum.Core.Tests.Careers;

/// <summary>Imports of the real published files in Careers/Data (see the LICENSE-NOTE.md in each folder).</summary>
public sealed class LadderImportTests
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Careers", "Data");

    private static ImportFile Data(string path) => new(Path.GetFileName(path), File.ReadAllText(Path.Combine(DataDirectory, path)));

    private static ImportFile[] MonzoPages() =>
        [Data("monzo/backend.md"), Data("monzo/ops-individual-contributor.md"), Data("monzo/ops-leadership.md"), Data("monzo/visual-design.md")];

    // ---- Financial Times ----

    [Fact]
    public void Ft_engineering_family_maps_levels_tracks_and_themes()
    {
        var result = LadderImport.Import([Data("ft/engineering.yml")]);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(LadderFormat.FinancialTimes, result.Format);
        var ladder = result.Ladder;
        var report = result.Report;
        Assert.Equal((2, 8, 9, 92, 0), (report.Tracks, report.Levels, report.Competencies, report.Expectations, report.Evidence));
        Assert.Equal("ft-engineering", ladder.Id);
        Assert.Equal(4, ladder.ForkAt);
        Assert.Equal(["Junior Engineer", "Engineer", "Senior Engineer 1", "Senior Engineer 2", "Principal Engineer"], ladder.LevelsOf("ic").Select(l => l.Title));
        Assert.Equal(["Senior Engineer 2", "Principal Engineer", "Technology Director"], ladder.LevelsOf("management").Where(l => !l.IsShared).Select(l => l.Title));
        Assert.Equal("Problem Solving & Decision Making", ladder.FindCompetency("problem-solving-decision-making")!.Name);
        Assert.Equal(RatingScale.Default.Ratings, ladder.Scale.Ratings);
    }

    [Fact]
    public void Ft_numbered_summaries_become_one_expectation_per_item()
    {
        var ladder = LadderImport.Import([Data("ft/engineering.yml")]).Ladder!;

        var technical = ladder.LevelAt("ic", 1)!.For("technical").Expectations;

        Assert.Equal(2, technical.Count);
        Assert.StartsWith("Writes well-tested code and documentation", technical[0]);
        Assert.StartsWith("Uses tooling and systems at a basic level", technical[1]);
        Assert.Equal(4, ladder.LevelAt("ic", 2)!.For("technical").Expectations.Count);
    }

    [Fact]
    public void Ft_report_names_the_proficiency_and_sheet_it_could_not_map()
    {
        var report = LadderImport.Import([Data("ft/engineering.yml")]).Report!;

        var proficiency = Assert.Single(report.Unmapped, u => u.Item.StartsWith("proficiency", StringComparison.Ordinal));
        Assert.Equal("proficiency on 72 competencies (Awareness, Foundational, Working knowledge, Practitioner, Expert)", proficiency.Item);
        Assert.Equal(94, proficiency.Line);
        Assert.Contains(report.Unmapped, u => u.Item == "googleSheetId" && u.Line == 4);
        Assert.Contains(report.Notes, n => n.Contains("'Technology Director' comes after the fork"));
    }

    [Fact]
    public void Ft_legacy_family_keeps_examples_as_evidence_on_one_track()
    {
        var result = LadderImport.Import([Data("ft/operations.yml")], LadderFormat.FinancialTimes);

        Assert.True(result.Succeeded);
        Assert.Equal((1, 3, 4, 48, 74), (result.Report.Tracks, result.Report.Levels, result.Report.Competencies, result.Report.Expectations, result.Report.Evidence));
        Assert.Null(result.Ladder.ForkAt);
        Assert.Equal("ic", result.Ladder.Tracks.Single().CareerTrack);
        Assert.Equal(["Supports the FT's systems consistently and follows processes without help or guidance", "Has a good understanding of business critical systems"],
            result.Ladder.LevelAt("ic", 1)!.For("technical").Evidence.Take(2));
        Assert.Contains(result.Report.Notes, n => n.Contains("legacy"));
    }

    [Fact]
    public void Ft_level_after_the_fork_whose_name_says_no_track_is_reported_unmapped_with_its_competencies()
    {
        var text = Data("ft/engineering.yml").Text.Replace("name: Technology Director", "name: Distinguished Fellow");

        var result = LadderImport.Import(text, LadderFormat.FinancialTimes, "engineering.yml");

        Assert.True(result.Succeeded);
        Assert.Equal(7, result.Report.Levels);
        var level = Assert.Single(result.Report.Unmapped, u => u.Item == "level 'tech-director'");
        Assert.Equal(29, level.Line);
        Assert.Contains("its 9 competencies were not imported", level.Reason);
        Assert.Equal(92 - 11, result.Report.Expectations); // Technology Director's 11 expectations are not imported
    }

    [Fact]
    public void Ft_competency_of_an_undefined_theme_refuses_the_whole_import_with_its_line()
    {
        var text = Data("ft/engineering.yml").Text;
        var at = text.IndexOf("theme: team-work", StringComparison.Ordinal);
        text = text[..at] + "theme: teamwork" + text[(at + "theme: team-work".Length)..];

        var result = LadderImport.Import(text, null, "engineering.yml");

        Assert.Null(result.Ladder);
        Assert.Null(result.Report);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(LadderFileTests.LineOf(text, "    theme: teamwork"), problem.Line);
        Assert.Equal("competencies[5].theme", problem.Field);
        Assert.StartsWith("no theme 'teamwork' is defined", problem.Message);
        Assert.Equal("engineering.yml", problem.Source);
    }

    [Fact]
    public void Ft_duplicate_level_ids_are_refused()
    {
        var text = Data("ft/engineering.yml").Text.Replace("  - id: engineer\n", "  - id: junior\n");

        var problems = LadderImport.Import(text, LadderFormat.FinancialTimes).Problems;

        // the duplicate, and each of the 9 competencies of the level that no longer exists
        var problem = problems[0];
        Assert.Equal(10, problems.Count);
        Assert.All(problems.Skip(1), p => Assert.StartsWith("no level 'engineer' is defined", p.Message));
        Assert.Equal("the level id 'junior' is used twice", problem.Message);
        Assert.Equal("levels[1].id", problem.Field);
        Assert.Equal(11, problem.Line);
    }

    // ---- Monzo ----

    [Fact]
    public void Monzo_pages_become_one_track_each_with_their_topics_as_competencies()
    {
        var result = LadderImport.Import(MonzoPages());

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(LadderFormat.Monzo, result.Format);
        var report = result.Report;
        Assert.Equal((3, 17, 9, 357, 22), (report.Tracks, report.Levels, report.Competencies, report.Expectations, report.Evidence));
        Assert.Equal(["backend", "ops-individual-contributor", "ops-leadership"], result.Ladder.Tracks.Select(t => t.Id));
        Assert.Equal(["Backend Engineering", "Ops Individual Contributor", "Ops Leadership"], result.Ladder.Tracks.Select(t => t.Name));
        Assert.Equal([null, "ic", "management"], result.Ladder.Tracks.Select(t => t.CareerTrack));
        Assert.Equal(1, result.Ladder.ForkAt);
        Assert.Equal("Mastery", result.Ladder.FindCompetency("mastery")!.Name);
    }

    [Fact]
    public void Monzo_prose_only_page_and_markdown_bodies_are_reported_unmapped()
    {
        var report = LadderImport.Import(MonzoPages()).Report!;

        var page = Assert.Single(report.Unmapped, u => u.Source == "visual-design.md");
        Assert.Equal("page 'visual-design.md'", page.Item);
        Assert.Contains("(yaml: false)", page.Reason);
        var body = Assert.Single(report.Unmapped, u => u.Source == "backend.md");
        Assert.Equal("Markdown body (26 lines)", body.Item);
        Assert.Equal(260, body.Line);
        Assert.Contains(report.Notes, n => n.StartsWith("ops-leadership.md says it has 5 levels but holds criteria up to level 6", StringComparison.Ordinal));
    }

    [Fact]
    public void Monzo_criteria_and_example_criteria_become_expectations_and_examples_evidence()
    {
        var ladder = LadderImport.Import([Data("monzo/backend.md")]).Ladder!;

        var communication = ladder.LevelAt("backend", 2)!.For("communication");

        Assert.Null(ladder.ForkAt);
        Assert.True(ladder.Levels.All(l => l.IsShared));
        Assert.Equal(5, communication.Expectations.Count);
        Assert.Equal("Provides helpful and actionable feedback in code reviews in an empathetic manner", communication.Expectations[3]);
        Assert.Equal("Provides helpful and actionable feedback in code reviews in an empathetic manner: Take a look at the levelling up your code reviews talk for some ideas",
            communication.Evidence[0]);
        Assert.Equal(["Level 1", "Level 2", "Level 3", "Level 4", "Level 5", "Level 6"], ladder.Levels.Select(l => l.Title));
    }

    [Fact]
    public void Monzo_level_that_is_not_a_number_refuses_the_import_with_file_line_and_field()
    {
        var page = Data("monzo/backend.md");
        var broken = page with { Text = page.Text.Replace("      - level: 3\n        criteria:\n          - \"Transparent", "      - level: three\n        criteria:\n          - \"Transparent") };
        Assert.NotEqual(page.Text, broken.Text);

        var result = LadderImport.Import([broken, Data("monzo/ops-leadership.md")]);

        Assert.Null(result.Ladder);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("backend.md", problem.Source);
        Assert.Equal(LadderFileTests.LineOf(broken.Text, "      - level: three"), problem.Line);
        Assert.Equal("topics[0].content[2].level", problem.Field);
        Assert.Equal("expected a whole number, not 'three'", problem.Message);
    }

    [Fact]
    public void Monzo_page_without_closing_front_matter_is_refused()
    {
        var problem = Assert.Single(LadderImport.Import("---\ntitle: x\ntopics: []\n", LadderFormat.Monzo, "x.md").Problems);

        Assert.Equal("the front-matter is not closed by a second '---' line", problem.Message);
    }

    [Fact]
    public void Monzo_pages_with_only_prose_give_nothing_to_import()
    {
        var result = LadderImport.Import([Data("monzo/visual-design.md")]);

        Assert.Null(result.Ladder);
        Assert.Contains("nothing to import", Assert.Single(result.Problems).Message);
    }

    // ---- Snowflake ----

    [Fact]
    public void Snowflake_constants_js_maps_tracks_to_competencies_and_titles_to_forked_levels()
    {
        var result = LadderImport.Import([Data("snowflake/constants.js")]);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(LadderFormat.Snowflake, result.Format);
        // 8 levels (3 shared, 5 on each track) x 16 competencies x (summary + 3 signals) and 3 examples
        Assert.Equal((2, 8, 16, 512, 384), (result.Report.Tracks, result.Report.Levels, result.Report.Competencies, result.Report.Expectations, result.Report.Evidence));
        var ladder = result.Ladder;
        Assert.Equal(3, ladder.ForkAt);
        Assert.Equal(["Engineer I", "Engineer II", "Senior Engineer", "Staff Engineer", "Principal Engineer"], ladder.LevelsOf("ic").Select(l => l.Title));
        Assert.Equal(["Group Lead", "Senior Group Lead", "Director of Engineering"], ladder.LevelsOf("management").Where(l => !l.IsShared).Select(l => l.Title));
        Assert.Equal("web-client", ladder.Competencies[1].Id);
        Assert.Equal("Web client", ladder.Competencies[1].Name);
        var mobile = ladder.LevelAt("ic", 1)!.For("mobile");
        Assert.Equal(["Works effectively within established iOS or Android architectures, following current best practices",
            "Delivers features requiring simple local modifications", "Adds simple actions that call server endpoints", "Reuses existing components appropriately"], mobile.Expectations);
        Assert.Equal(3, mobile.Evidence.Count);
    }

    [Fact]
    public void Snowflake_report_names_points_and_categories_as_unmapped()
    {
        var report = LadderImport.Import([Data("snowflake/constants.js")]).Report!;

        Assert.Contains(report.Unmapped, u => u.Item == "points (milestoneToPoints, pointsToLevels)" && u.Line == 30);
        var category = Assert.Single(report.Unmapped, u => u.Item.StartsWith("category", StringComparison.Ordinal));
        Assert.Equal("category on 16 tracks (A, B, C, D)", category.Item);
        Assert.Equal(95, category.Line);
    }

    [Fact]
    public void Snowflake_constants_js_problems_carry_lines_of_the_original_file()
    {
        var file = Data("snowflake/constants.js");
        var text = file.Text.Replace("\"milestones\": [{\n      \"summary\": \"Works effectively within established web client architectures",
            "\"milestones\": \"none\", \"extra\": [{\n      \"summary\": \"Works effectively within established web client architectures");
        Assert.NotEqual(file.Text, text);

        var result = LadderImport.Import(text, name: "constants.js");

        Assert.Null(result.Ladder);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("tracks.WEB_CLIENT.milestones", problem.Field);
        Assert.Equal(LadderFileTests.LineOf(text, "    \"milestones\": \"none\""), problem.Line);
    }

    internal const string SnowflakeJson = """
        {
          "tracks": {
            "CRAFT": {
              "name": "Craft",
              "category": "B",
              "description": "Embodies and promotes practices to ensure excellent quality products",
              "milestones": [
                { "summary": "Delivers consistently good quality work", "signals": ["Tests new code"], "examples": ["Wrote tests"] },
                { "summary": "Increases the robustness of a codebase", "signals": ["Refactors"], "examples": [] }
              ]
            },
            "MENTORSHIP": {
              "displayName": "Mentorship",
              "description": "Provides support to colleagues",
              "milestones": [
                { "summary": "Informally mentors individuals", "signals": [], "examples": [] },
                { "summary": "Mentors people proactively", "signals": ["Makes themselves available"], "examples": ["Mentored an intern"] }
              ]
            }
          },
          "titles": [
            { "label": "Engineer", "minPoints": 0, "maxPoints": 10 },
            { "label": "Senior Engineer", "minPoints": 11 },
            { "label": "Engineering Manager", "minPoints": 11 }
          ]
        }
        """;

    [Fact]
    public void Snowflake_json_in_the_documented_shape_imports()
    {
        var result = LadderImport.Import(SnowflakeJson, name: "tracks.json");

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(LadderFormat.Snowflake, result.Format);
        Assert.Equal(["craft", "mentorship"], result.Ladder.Competencies.Select(c => c.Id));
        Assert.Equal(2, result.Ladder.ForkAt);
        Assert.Equal("Engineering Manager", result.Ladder.LevelAt("management", 2)!.Title);
        Assert.Equal(["Mentors people proactively", "Makes themselves available"], result.Ladder.LevelAt("ic", 2)!.For("mentorship").Expectations);
    }

    [Fact]
    public void Snowflake_bare_tracks_object_without_titles_names_levels_after_milestones()
    {
        var tracksOnly = SnowflakeJson[SnowflakeJson.IndexOf("{", 1, StringComparison.Ordinal)..SnowflakeJson.IndexOf(",\n  \"titles\"", StringComparison.Ordinal)];

        var result = LadderImport.Import(tracksOnly, LadderFormat.Snowflake);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Null(result.Ladder.ForkAt);
        Assert.Equal(["Milestone 1", "Milestone 2"], result.Ladder.Levels.Select(l => l.Title));
    }

    [Fact]
    public void Snowflake_json_with_a_broken_milestone_is_refused_with_line_and_field()
    {
        var text = SnowflakeJson.Replace("\"signals\": [\"Refactors\"]", "\"signals\": \"Refactors\"");

        var problem = Assert.Single(LadderImport.Import(text).Problems);

        Assert.Equal("tracks.CRAFT.milestones[1].signals", problem.Field);
        Assert.Equal(LadderFileTests.LineOf(text, "        { \"summary\": \"Increases"), problem.Line);
        Assert.StartsWith("expected a list", problem.Message);
    }

    [Fact]
    public void Snowflake_json_that_does_not_parse_is_refused_with_its_line()
    {
        var text = SnowflakeJson.Replace("\"name\": \"Craft\",", "\"name\": \"Craft\" \"oops\",");

        var result = LadderImport.Import(text, LadderFormat.Snowflake);

        Assert.Null(result.Ladder);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(4, problem.Line);
        Assert.StartsWith("not valid YAML", problem.Message);
    }

    // ---- detection and the all-or-nothing rule ----

    [Fact]
    public void Detection_tells_each_format_apart()
    {
        Assert.Equal(LadderFormat.FinancialTimes, LadderImport.Detect(Data("ft/engineering.yml")));
        Assert.Equal(LadderFormat.Monzo, LadderImport.Detect(Data("monzo/backend.md")));
        Assert.Equal(LadderFormat.Monzo, LadderImport.Detect(Data("monzo/visual-design.md")));
        Assert.Equal(LadderFormat.Snowflake, LadderImport.Detect(Data("snowflake/constants.js")));
        Assert.Equal(LadderFormat.Snowflake, LadderImport.Detect(new("t.json", SnowflakeJson)));
        Assert.Equal(LadderFormat.Fulcrum, LadderImport.Detect(new("l.yaml", DefaultLadder.Text())));
        Assert.Null(LadderImport.Detect(new("notes.txt", "hello")));
        Assert.Equal(LadderFormat.FinancialTimes, LadderImport.ParseFormat("FT"));
    }

    [Fact]
    public void Files_in_different_formats_or_an_unknown_format_are_refused()
    {
        var mixed = LadderImport.Import([Data("monzo/backend.md"), Data("ft/engineering.yml")]);
        var unknown = LadderImport.Import("hello", name: "notes.txt");
        var twoFt = LadderImport.Import([Data("ft/engineering.yml"), Data("ft/operations.yml")]);

        Assert.Equal("the files are in different formats: backend.md (monzo), engineering.yml (ft); import one format at a time", Assert.Single(mixed.Problems).Message);
        Assert.Equal("notes.txt", Assert.Single(unknown.Problems).Source);
        Assert.Contains("a ft ladder is one file; got 2", Assert.Single(twoFt.Problems).Message);
    }

    [Fact]
    public void Fulcrum_ladder_files_import_through_the_same_entry()
    {
        var result = LadderImport.Import(DefaultLadder.Text(), name: "fulcrum-engineering.yaml");

        Assert.True(result.Succeeded);
        Assert.Equal(LadderFormat.Fulcrum, result.Format);
        Assert.Equal(12, result.Report.Levels);
        Assert.Empty(result.Report.Unmapped);
    }

    [Theory]
    [InlineData("ft/engineering.yml")]
    [InlineData("ft/operations.yml")]
    [InlineData("monzo/backend.md")]
    [InlineData("snowflake/constants.js")]
    public void Imported_ladders_write_out_as_valid_ladder_files(string path)
    {
        var ladder = LadderImport.Import([Data(path)]).Ladder!;

        var again = LadderFile.Parse(LadderFile.Write(ladder));

        Assert.Empty(again.Problems);
        LadderAssert.Same(ladder, again.Ladder!);
    }
}
