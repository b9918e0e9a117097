using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>
/// Repositories as they are found in the wild — history rewritten and collected, old history merged
/// in, stashes and notes, the same repository cloned again elsewhere — read through the real git,
/// server and database, and checked by the figures a person reads in the report.
/// </summary>
public sealed class HistoryReadingTests
{
    private static Task<IngestReport> IngestAsync(FulcrumServer server, TestRepository repo, string service = "payments") =>
        server.WithServicesAsync(s => s.GetRequiredService<DeliveryIngest>().IngestAsync(repo.Path, service));

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static string Deployment(string id, string sha, string finished) =>
        $$"""{"id":"{{id}}","service":"payments","environment":"production","sha":"{{sha}}","finished_at":"{{finished}}","result":"success"}""";

    private static async Task<JsonElement> ReportAsync(HttpClient client, string since, string until) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/delivery/report?service=payments&since={since}&until={until}");

    private static JsonElement Metric(JsonElement report, string name) =>
        report.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == name);

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Reading_again_after_a_force_push_and_gc_reads_only_the_new_commit_and_keeps_the_old_ones(DatabaseEngine engine)
    {
        using var repo = new TestRepository();
        var c1 = repo.Commit("one", "2026-03-01T08:00:00Z");
        repo.Commit("two", "2026-03-02T08:00:00Z");
        repo.Commit("three", "2026-03-03T08:00:00Z");
        var c4 = repo.Commit("four", "2026-03-04T08:00:00Z");
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        Assert.Equal(4, (await IngestAsync(server, repo)).NewCommits);
        (await PostJsonAsync(ci, "/api/v1/deployments", $"""
            [{Deployment("d1", c1, "2026-03-01T09:00:00Z")}, {Deployment("d2", c4, "2026-03-04T09:00:00Z")}]
            """)).EnsureSuccessStatusCode();

        // Someone rewrote the last two commits and force-pushed; the old ones were collected.
        repo.DropCommitsAndCollectGarbage(2);
        Assert.False(repo.Has(c4));
        repo.Commit("three, rewritten", "2026-03-05T08:00:00Z");
        var after = await IngestAsync(server, repo);
        var again = await IngestAsync(server, repo);

        Assert.Equal((true, 1, 5), (after.Changed, after.NewCommits, after.TotalCommits));
        Assert.False(again.Changed);
        var report = await ReportAsync(ci, "2026-03-01", "2026-03-06");
        // Nothing lost (d2 shipped the commits that were rewritten away) and nothing counted twice.
        Assert.Equal(5, report.GetProperty("coverage").GetProperty("commitsInWindow").GetInt32());
        Assert.Equal(3, Metric(report, "change_lead_time").GetProperty("sampleSize").GetInt32());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Stashes_and_notes_are_not_history_and_a_second_clone_of_the_same_repository_adds_nothing(DatabaseEngine engine)
    {
        using var repo = new TestRepository();
        var c1 = repo.Commit("one", "2026-03-01T08:00:00Z");
        var c2 = repo.Commit("two", "2026-03-02T08:00:00Z");
        repo.Commit("three", "2026-03-03T08:00:00Z");
        repo.Tag("v1", c1, "2026-03-01T09:00:00Z");
        repo.Stash("2026-03-03T12:00:00Z");
        repo.AddNote(c2, "flaky on Tuesdays", "2026-03-03T13:00:00Z");
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));

        var first = await IngestAsync(server, repo);
        using var clone = repo.CloneToNewPath();
        var fromClone = await IngestAsync(server, clone);
        clone.Commit("four, in the new clone", "2026-03-04T08:00:00Z");
        var next = await IngestAsync(server, clone);

        Assert.Equal((3, 3), (first.NewCommits, first.TotalCommits));
        Assert.Equal((0, 3), (fromClone.NewCommits, fromClone.TotalCommits));
        Assert.Equal((1, 4), (next.NewCommits, next.TotalCommits));
        var report = await ReportAsync(ci, "2026-03-01", "2026-03-05");
        Assert.Equal(4, report.GetProperty("coverage").GetProperty("commitsInWindow").GetInt32());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task The_cli_ingest_on_its_own_connection_registers_reads_again_after_a_rewrite_and_records_tags_as_the_server_does(DatabaseEngine engine)
    {
        using var repo = new TestRepository();
        var c1 = repo.Commit("one", "2026-03-01T08:00:00Z");
        repo.Commit("two", "2026-03-02T08:00:00Z");
        var c3 = repo.Commit("three", "2026-03-03T08:00:00Z");
        var c4 = repo.Commit("four", "2026-03-04T08:00:00Z");
        repo.Tag("v1", c1, "2026-03-01T09:00:00Z");
        repo.Tag("v4", c4, "2026-03-04T09:00:00Z");
        var database = TestDatabases.New(engine);
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;
        Assert.Equal(0, (await CliProcess.RunAsync(target, null, "db", "migrate")).ExitCode);
        Task<CliResult> Ingest(params string[] more) =>
            CliProcess.RunAsync(target, null, ["delivery", "ingest", "--repo", repo.Path, "--service", "payments", .. more]);

        var first = await Ingest("--release-tags", "v*");
        var unchanged = await Ingest();
        repo.Git("tag", "-d", "v4");
        repo.DropCommitsAndCollectGarbage(2); // "three" and "four" rewritten and collected; their deployment stays
        repo.Commit("three, rewritten", "2026-03-05T08:00:00Z");
        var rewritten = await Ingest();
        using var clone = repo.CloneToNewPath();
        var cloned = await CliProcess.RunAsync(target, null, "delivery", "ingest", "--repo", clone.Path, "--service", "payments");
        var json = await CliProcess.RunAsync(target, null, "delivery", "report", "--service", "payments", "--since", "2026-03-01", "--until", "2026-03-06", "--format", "json");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(
            $"Registered the service 'payments' (no owning team yet: set it in the web app).\nRead 4 new commits for payments (4 in all) in {Seconds(first.Output)} s.\n" +
            "Recorded 2 release tag(s) as production deployments.\n", first.Output.ReplaceLineEndings("\n"));
        Assert.StartsWith($"No new commits in {repo.Path} (4 commits); checked in ", unchanged.Output);
        Assert.StartsWith("Read 1 new commits for payments (5 in all)", rewritten.Output);
        Assert.StartsWith($"No new commits in {clone.Path} (5 commits)", cloned.Output);
        Assert.True(json.ExitCode == 0, json.Error);
        var report = JsonDocument.Parse(json.Output).RootElement;
        var lead = report.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "change_lead_time");
        // v4 shipped "two", "three" and "four" (49, 25 and 1 hours, kept after the rewrite); "one" is the first deployment's, cut off.
        Assert.Equal((25.0, 3), (lead.GetProperty("value").GetDouble(), lead.GetProperty("sample_size").GetInt32()));
        Assert.Equal((2, 2), (report.GetProperty("coverage").GetProperty("deployments").GetInt32(), report.GetProperty("coverage").GetProperty("deployments_with_known_sha").GetInt32()));
        Assert.False(repo.Has(c3));
    }

    private static string Seconds(string output) =>
        System.Text.RegularExpressions.Regex.Match(output, @"in all\) in ([0-9.]+) s").Groups[1].Value;

    [Fact]
    public async Task Old_history_merged_in_after_the_first_deployment_is_cut_off_and_the_report_says_how_much()
    {
        using var repo = new TestRepository();
        var c1 = repo.Commit("first release", "2026-03-01T08:00:00Z");
        repo.Commit("a change", "2026-03-02T08:00:00Z");
        using (var legacy = new TestRepository())
        {
            for (var day = 1; day <= 8; day++)
            {
                legacy.Commit($"legacy {day}", $"2024-03-0{day}T12:00:00Z");
            }
            repo.Fetch(legacy, "main", "legacy");
        }
        var merge = repo.MergeUnrelated("legacy", "2026-03-02T10:00:00Z");
        // The CLI throughout, as an operator would (only db migrate creates the database file).
        var path = TestDatabases.NewSqlite().ConnectionString.Split('=', ';')[1];
        await CliProcess.RunAsync(path, null, "db", "migrate");
        var deployments = Path.Combine(Path.GetTempPath(), $"deployments-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(deployments, $"""
            id,service,environment,sha,started_at,finished_at,result
            d1,payments,production,{c1},,2026-03-01T09:00:00Z,success
            d2,payments,production,{merge},,2026-03-02T12:00:00Z,success

            """);

        var ingest = await CliProcess.RunAsync(path, null, "delivery", "ingest", "--repo", repo.Path, "--service", "payments");
        var import = await CliProcess.RunAsync(path, null, "delivery", "import", "deployments", deployments);
        var json = await CliProcess.RunAsync(path, null, "delivery", "report", "--service", "payments", "--since", "2026-03-02", "--until", "2026-03-03", "--format", "json");
        var table = await CliProcess.RunAsync(path, null, "delivery", "report", "--service", "payments", "--since", "2026-03-02", "--until", "2026-03-03");

        Assert.True(ingest.ExitCode == 0 && import.ExitCode == 0 && json.ExitCode == 0, ingest.Error + import.Error + json.Error);
        var report = JsonDocument.Parse(json.Output).RootElement;
        var lead = Metric(report, "change_lead_time");
        // "a change" 4 h and the merge 2 h; the eight legacy commits of 2024 predate the first deployment.
        Assert.Equal((3.0, 2), (lead.GetProperty("value").GetDouble(), lead.GetProperty("sample_size").GetInt32()));
        Assert.Equal(8, report.GetProperty("coverage").GetProperty("commits_cut_off").GetInt32());
        Assert.Contains("8 commits older than the service's first production deployment were cut off", table.Output);
    }
}
