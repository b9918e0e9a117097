using System.Text.Json.Nodes;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Tests.Cli;

namespace Fulcrum.Web.Tests.Careers;

/// <summary>`fulcrum ladder` as a real process against the database a running server uses.</summary>
public sealed class LadderCliTests
{
    [Fact]
    public async Task Ladder_import_reports_what_was_mapped_refuses_bad_files_and_taken_ids_and_stores_nothing_then()
    {
        var database = TestDatabases.NewSqlite();
        var path = database.ConnectionString.Split('=', ';')[1];
        await CliProcess.RunAsync(path, null, "db", "migrate"); // only serve, db migrate and user add create a database
        var ft = LadderData.Path("ft/engineering.yml");
        var folder = Directory.CreateTempSubdirectory("fulcrum-ladder-cli");
        var broken = Path.Combine(folder.FullName, "engineering.yml");
        await File.WriteAllTextAsync(broken, LadderData.BrokenFt(out var line));

        var imported = await CliProcess.RunAsync(path, null, "ladder", "import", ft);
        var again = await CliProcess.RunAsync(path, null, "ladder", "import", ft);
        var bad = await CliProcess.RunAsync(path, null, "ladder", "import", broken, "--format", "ft", "--replace", "--activate");
        var missing = await CliProcess.RunAsync(path, null, "ladder", "import", Path.Combine(folder.FullName, "nothing.yml"));
        var replaced = await CliProcess.RunAsync(path, null, "ladder", "import", ft, "--replace", "--activate");
        var monzo = await CliProcess.RunAsync(path, null, ["ladder", "import", .. LadderData.MonzoPages.Select(LadderData.Path), "--format", "monzo"]);
        var snowflake = await CliProcess.RunAsync(path, null, "ladder", "import", LadderData.Path("snowflake/constants.js"));
        var list = await CliProcess.RunAsync(path, null, "ladder", "list");

        Assert.Equal(0, imported.ExitCode);
        var lines = imported.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Equal("Imported ft-engineering \"Engineering (Financial Times)\" from ft: 2 tracks, 8 levels, 9 competencies, 92 expectations, 0 examples of evidence.", lines[0]);
        Assert.Equal("Not mapped (2):", lines[1]);
        Assert.Equal("  engineering.yml, line 4: googleSheetId: the id of FT's Google Sheet copy; Fulcrum keeps the ladder itself", lines[2]);
        Assert.StartsWith("  engineering.yml, line 94: proficiency on 72 competencies", lines[3]);
        Assert.Contains("Notes:", lines);
        Assert.Contains("The active ladder is unchanged; make this one active with: fulcrum ladder activate ft-engineering", lines);

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("error: A ladder with the id 'ft-engineering' is already stored", again.Error);
        Assert.Contains("Import it with --replace to overwrite it", again.Error);

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains($"engineering.yml, line {line}, field 'competencies[5].theme': no theme 'teamwork' is defined", bad.Error);
        Assert.Contains("error: Nothing was imported: 1 problem.", bad.Error);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("error: No such file:", missing.Error);

        Assert.Equal(0, replaced.ExitCode);
        Assert.StartsWith("Replaced ft-engineering", replaced.Output);
        Assert.Contains("It is the active ladder.", replaced.Output);
        Assert.Equal(0, monzo.ExitCode);
        Assert.StartsWith("Imported monzo-framework", monzo.Output);
        Assert.Equal(0, snowflake.ExitCode);
        Assert.Contains("16 competencies, 512 expectations, 384 examples of evidence.", snowflake.Output);

        Assert.Equal(0, list.ExitCode);
        var rows = list.Output.Split('\n').Where(l => l.Length > 0).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(["*", "ft-engineering"], rows[0][..2]);
        Assert.Equal(["ft-engineering", "fulcrum-engineering", "monzo-framework", "snowflake"], rows.Select(r => r[0] == "*" ? r[1] : r[0]).Order(StringComparer.Ordinal));
        Assert.Contains(list.Output.Split('\n'), l => l.Contains("fulcrum-engineering") && l.Contains("built-in") && l.TrimEnd().EndsWith('—'));
    }

    [Fact]
    public async Task Ladder_show_and_compare_print_tables_markdown_and_the_apis_json()
    {
        var database = TestDatabases.NewSqlite();
        var path = database.ConnectionString.Split('=', ';')[1];
        await using var server = await FulcrumServer.StartAsync(database);
        using var member = server.CreateClient(await server.CreateTokenAsync("max@example.com", Roles.Member));

        var table = await CliProcess.RunAsync(path, null, "ladder", "show");
        var management = await CliProcess.RunAsync(path, null, "ladder", "show", "fulcrum-engineering", "--track", "management", "--level", "5");
        var markdown = await CliProcess.RunAsync(path, null, "ladder", "show", "--format", "markdown", "--track", "management");
        var json = await CliProcess.RunAsync(path, null, "ladder", "show", "fulcrum-engineering", "--format", "json");
        var compare = await CliProcess.RunAsync(path, null, "ladder", "compare", "--from", "ic", "--to", "management", "--level", "5");
        var compareJson = await CliProcess.RunAsync(path, null, "ladder", "compare", "--format", "json");
        var beyond = await CliProcess.RunAsync(path, null, "ladder", "compare", "--from", "ic", "--to", "management", "--level", "9");
        var unknown = await CliProcess.RunAsync(path, null, "ladder", "show", "nope");
        var help = await CliProcess.RunAsync(path, null, "--help");

        Assert.Equal(0, table.ExitCode);
        var lines = table.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Equal("Fulcrum engineering ladder (fulcrum-engineering; active, built-in)", lines[0]);
        Assert.Equal("Tracks: Individual contributor (ic), Management (management). Levels 1–4 are shared by every track; the tracks fork at level 5.", lines[1]);
        Assert.Contains(lines, l => l.Contains("│     4 │ Engineer III (shared)") && l.Contains("│ (shared)"));
        Assert.Contains(lines, l => l.Contains("│     5 │ Senior Engineer") && l.Contains("│ Engineering Manager"));
        Assert.Contains(lines, l => l.Trim() == "Level 1: Associate Engineer (shared by every track)");
        Assert.Contains(lines, l => l.Trim() == "Level 8: VP of Engineering (Management)");
        Assert.DoesNotContain("\u001b[", table.Output);

        Assert.Equal(0, management.ExitCode);
        Assert.Contains("Level 5: Engineering Manager (Management)", management.Output);
        Assert.DoesNotContain("Senior Engineer (Individual contributor)", management.Output);
        Assert.Contains("│ Technical craft", management.Output);

        Assert.Equal(0, markdown.ExitCode);
        Assert.StartsWith("# Fulcrum engineering ladder\n", markdown.Output);
        Assert.Contains("\n## Level 4: Engineer III (shared by every track)\n", markdown.Output);
        Assert.Contains("\n## Level 5: Engineering Manager (Management)\n", markdown.Output);
        Assert.DoesNotContain("Senior Engineer (Individual contributor)", markdown.Output);
        Assert.Contains("\n### Delivery\n\n- ", markdown.Output);
        Assert.Contains("\nEvidence might look like:\n", markdown.Output);

        Assert.Equal(0, json.ExitCode);
        var api = await member.GetStringAsync("/api/v1/ladders/fulcrum-engineering");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(api), JsonNode.Parse(json.Output)), "the CLI's JSON differs from the API's");

        Assert.Equal(0, compare.ExitCode);
        var compared = compare.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Equal("Senior Engineer (Individual contributor, level 5) → Engineering Manager (Management, level 5) on Fulcrum engineering ladder", compared[0]);
        Assert.Equal("Both paths share levels 1–4: Associate Engineer, Engineer I, Engineer II, Engineer III.", compared[1]);
        Assert.Contains("Technical craft", compared);
        Assert.Contains("  + Stays technical enough to understand the team's challenges, review a design and deploy to production, without taking on the team's coding work.", compared);
        Assert.Contains(compared, l => l.StartsWith("  - ", StringComparison.Ordinal));
        Assert.Equal(0, compareJson.ExitCode);
        var apiCompare = await member.GetStringAsync("/api/v1/ladders/fulcrum-engineering/compare?from=ic&to=management&level=5");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(apiCompare), JsonNode.Parse(compareJson.Output)), "the defaults are IC to management at the fork, as the API's");

        Assert.Equal(1, beyond.ExitCode);
        Assert.Contains("the Individual contributor track has no level 9 (it runs from 1 to 8)", beyond.Error);
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("error: There is no ladder 'nope'", unknown.Error);
        Assert.Contains("  ladder ", help.Output);
    }

    [Fact]
    public async Task Ladder_activate_and_remove_keep_one_ladder_active()
    {
        var database = TestDatabases.NewSqlite();
        var path = database.ConnectionString.Split('=', ';')[1];
        await CliProcess.RunAsync(path, null, "db", "migrate"); // only serve, db migrate and user add create a database
        await CliProcess.RunAsync(path, null, "ladder", "import", LadderData.Path("snowflake/constants.js"), "--activate");

        var activeRemoval = await CliProcess.RunAsync(path, null, "ladder", "remove", "snowflake");
        var builtIn = await CliProcess.RunAsync(path, null, "ladder", "remove", "fulcrum-engineering");
        var nope = await CliProcess.RunAsync(path, null, "ladder", "activate", "nope");
        var back = await CliProcess.RunAsync(path, null, "ladder", "activate", "fulcrum-engineering");
        var list = await CliProcess.RunAsync(path, null, "ladder", "list");

        // Nobody is placed yet, so even the active ladder may go; the built-in one never.
        Assert.Equal(0, activeRemoval.ExitCode);
        Assert.Equal("Removed the ladder snowflake.\n", activeRemoval.Output);
        Assert.Equal(1, builtIn.ExitCode);
        Assert.Contains("is Fulcrum's built-in ladder; it cannot be removed", builtIn.Error);
        Assert.Equal(3, nope.ExitCode);
        Assert.Equal(0, back.ExitCode);
        Assert.Equal("Fulcrum engineering ladder (fulcrum-engineering) is the active ladder.\n", back.Output);
        Assert.Single(list.Output.Split('\n'), l => l.StartsWith('*'));
    }
}
