using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.TeamDesign;

/// <summary>
/// `fulcrum skills` and `fulcrum decision` as a person runs them: the real executable on a real
/// database, with real ADR folders (MADR's own, adr-tools', island.is'; Core tests' AdrData).
/// </summary>
public sealed class TeamDesignCliTests
{
    private static readonly string AdrData = Path.Combine(AppContext.BaseDirectory, "TeamDesign", "AdrData");

    /// <summary>Platform: Priya manages Mateo and Leo; an initiative in ten weeks needs two Kubernetes practitioners.</summary>
    private static async Task<string> OrganisationAsync()
    {
        var database = TestDatabases.NewSqlite();
        await using (var server = await FulcrumServer.StartAsync(database))
        {
            await server.WithServicesAsync(async s =>
            {
                var db = s.GetRequiredService<FulcrumDbContext>();
                var platform = new Team { Name = "Platform" };
                var priya = new Person { Name = "Priya Raman", Email = "priya@example.com", Team = platform };
                db.People.AddRange(priya, new Person { Name = "Mateo Silva", Email = "mateo@example.com", Team = platform, Manager = priya },
                    new Person { Name = "Leo Fischer", Email = "leo@example.com", Team = platform, Manager = priya });
                await db.SaveChangesAsync();
                var roadmap = s.GetRequiredService<Fulcrum.Web.Features.TeamDesign.TeamRoadmap>();
                await roadmap.AddInitiativeAsync(new(platform.Id, platform.Name), new("Multi-region", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(70), null,
                    [new("Kubernetes", "practitioner", 2)]));
                return 0;
            });
        }
        return database.ConnectionString.Split('=', ';')[1];
    }

    private static string TempFile(string text, string extension = ".csv")
    {
        var path = Path.Combine(Path.GetTempPath(), $"fulcrum-td-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Skills_import_then_gaps_show_coverage_without_names_unless_asked_as_a_manager()
    {
        var database = await OrganisationAsync();
        var bad = await CliProcess.RunAsync(database, null, "skills", "import", TempFile("email,skill,level\nmateo@example.com,Kubernetes,9\nghost@example.com,Go,2\n"));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("row 2, column 'level'", bad.Error, StringComparison.Ordinal);
        Assert.Contains("row 3, column 'email': nobody in the organisation has the email ghost@example.com", bad.Error, StringComparison.Ordinal);

        var imported = await CliProcess.RunAsync(database, null, "skills", "import",
            TempFile("email,skill,level,confirmed_level,confirmed_by\nmateo@example.com,Kubernetes,4,4,priya@example.com\nleo@example.com,Kubernetes,2,,\n"));
        Assert.Equal(0, imported.ExitCode);
        Assert.Equal("Imported skills: 2 added, 0 updated.\n", imported.Output);

        var anonymous = await CliProcess.RunAsync(database, null, "skills", "gaps", "--team", "platform");
        Assert.Equal(0, anonymous.ExitCode);
        Assert.Contains("Multi-region: ", anonymous.Output, StringComparison.Ordinal);
        Assert.Contains("Kubernetes               practitioner x2    1/2      1 person [single point of knowledge]", anonymous.Output, StringComparison.Ordinal);
        Assert.Contains("Growing: Someone on the team is at working (own rating), 1 step from practitioner", anonymous.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Mateo", anonymous.Output, StringComparison.Ordinal);

        var asPriya = await CliProcess.RunAsync(database, null, "skills", "gaps", "--team", "Platform", "--as", "priya@example.com", "--format", "json");
        Assert.Equal(0, asPriya.ExitCode);
        using var json = JsonDocument.Parse(asPriya.Output);
        var need = json.RootElement.GetProperty("initiatives")[0].GetProperty("needs")[0];
        Assert.Equal("Mateo Silva", need.GetProperty("holders")[0].GetProperty("person").GetProperty("name").GetString());
        Assert.Equal("Leo Fischer", need.GetProperty("plans")[0].GetProperty("learner").GetProperty("person").GetProperty("name").GetString());

        var unknown = await CliProcess.RunAsync(database, null, "skills", "gaps", "--team", "Nowhere");
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("There is no team 'Nowhere'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_ADR_folders_import_export_and_import_again_as_updates_with_their_front_matter_kept()
    {
        var database = await OrganisationAsync();
        var madr = Path.Combine(AdrData, "madr", "docs", "decisions");
        var nygard = Path.Combine(AdrData, "adr-tools", "doc", "adr");

        var first = await CliProcess.RunAsync(database, null, "decision", "import", madr);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Imported 7 decision records", first.Output, StringComparison.Ordinal);
        Assert.Contains("7 added, 0 updated", first.Output, StringComparison.Ordinal);
        var list = await CliProcess.RunAsync(database, null, "decision", "list", "--format", "json");
        using (var listed = JsonDocument.Parse(list.Output))
        {
            var titles = listed.RootElement.EnumerateArray().ToDictionary(d => d.GetProperty("number").GetInt32(), d => d.GetProperty("title").GetString());
            Assert.Equal("Use Markdown Architectural Decision Records", titles[0]);
            Assert.Equal("Dual License the Work", titles[1]);
            Assert.Equal(7, titles.Count);
        }

        var folder = Path.Combine(Path.GetTempPath(), $"fulcrum-adr-{Guid.NewGuid():N}");
        var export = await CliProcess.RunAsync(database, null, "decision", "export", "--to", folder);
        Assert.Equal(0, export.ExitCode);
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(7, files.Count);
        Assert.Contains("0001-dual-license-the-work.md", files);
        var written = await File.ReadAllTextAsync(Path.Combine(folder, "0001-dual-license-the-work.md"));
        Assert.Contains("parent: Decisions\nnav_order: 1\n", written, StringComparison.Ordinal);
        Assert.Contains("# Dual License the Work", written, StringComparison.Ordinal);

        var again = await CliProcess.RunAsync(database, null, "decision", "import", folder);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("0 added, 7 updated", again.Output, StringComparison.Ordinal);

        // adr-tools numbers its records 1, 2, 4, 5, 9: its 1 updates MADR's decision 1, as a folder in git would; the others are added.
        var nygardImport = await CliProcess.RunAsync(database, null, "decision", "import", nygard);
        Assert.Equal(0, nygardImport.ExitCode);
        Assert.Contains("Imported 5 decision records", nygardImport.Output, StringComparison.Ordinal);
        Assert.Contains("4 added, 1 updated", nygardImport.Output, StringComparison.Ordinal);
        var shown = await CliProcess.RunAsync(database, null, "decision", "show", "2");
        Assert.Contains("2. Implement as shell scripts", shown.Output, StringComparison.Ordinal);

        // A folder with one unreadable record changes nothing, and says where.
        var broken = Path.Combine(Path.GetTempPath(), $"fulcrum-adr-bad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(broken);
        File.Copy(Path.Combine(folder, "0001-dual-license-the-work.md"), Path.Combine(broken, "0001-dual-license-the-work.md"));
        File.Copy(Path.Combine(AdrData, "island-is-handbook", "not-iso-date", "0001-use-nx.md"), Path.Combine(broken, "0030-use-nx.md"));
        var refused = await CliProcess.RunAsync(database, null, "decision", "import", broken);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("0030-use-nx.md line 5, date:", refused.Error, StringComparison.Ordinal);
        var after = await CliProcess.RunAsync(database, null, "decision", "list", "--format", "json");
        using var count = JsonDocument.Parse(after.Output);
        Assert.DoesNotContain(count.RootElement.EnumerateArray(), d => d.GetProperty("number").GetInt32() == 30);
    }

    [Fact]
    public async Task A_decision_added_on_the_command_line_is_reviewed_with_its_metric()
    {
        var database = await OrganisationAsync();
        var added = await CliProcess.RunAsync(database, null, "decision", "add", "--title", "Smaller pull requests", "--context", "Reviews wait for days.",
            "--decision", "Split work into changes under 200 lines.", "--option", "Small pull requests", "--option", "Pair instead of review",
            "--team", "Platform", "--reversibility", "two-way", "--metric", "lead-time", "--expected", "-20%", "--review-on", "2019-11-01",
            "--decided-on", "2019-12-01", "--as", "priya@example.com");
        Assert.Equal(1, added.ExitCode);
        Assert.Contains("A review comes after the decision", added.Error + added.Output, StringComparison.Ordinal);

        var ok = await CliProcess.RunAsync(database, null, "decision", "add", "--title", "Smaller pull requests", "--context", "Reviews wait for days.",
            "--decision", "Split work into changes under 200 lines.", "--option", "Small pull requests", "--option", "Pair instead of review",
            "--team", "Platform", "--reversibility", "two-way", "--metric", "lead-time", "--expected", "-20%", "--decided-on", "2026-01-05",
            "--review-on", "2026-02-02", "--as", "priya@example.com");
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal("Recorded decision 1: Smaller pull requests\n", ok.Output);
        var due = await CliProcess.RunAsync(database, null, "decision", "list", "--due");
        Assert.Contains("DUE since 2026-02-02", due.Output, StringComparison.Ordinal);
        var bad = await CliProcess.RunAsync(database, null, "decision", "add", "--title", "x", "--context", "y", "--decision", "z", "--expected", "lots");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("needs the metric", bad.Error, StringComparison.Ordinal);

        var reviewed = await CliProcess.RunAsync(database, null, "decision", "review", "1", "--outcome", "Reviews now take hours.", "--as", "priya@example.com");
        Assert.Equal(0, reviewed.ExitCode);
        // No deployments are known, so the figures are missing and the sentence says so.
        Assert.Contains("Change lead time: no figure before the decision (delivery of team Platform, 28 days each side)", reviewed.Output, StringComparison.Ordinal);
        var shown = await CliProcess.RunAsync(database, null, "decision", "show", "1", "--format", "markdown");
        Assert.Contains("outcome: Reviews now take hours.", shown.Output, StringComparison.Ordinal);
        Assert.Contains("team: Platform", shown.Output, StringComparison.Ordinal);
        Assert.Contains("* Small pull requests", shown.Output, StringComparison.Ordinal);
    }
}
