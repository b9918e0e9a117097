using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>Pull requests in through files and the webhook, and the lead-time breakdown out through
/// the API, the CLI and the page, over a hand-built history whose stage times are known.</summary>
public sealed class PullRequestTests
{
    private const string Header = "id,service,opened_at,first_review_at,merged_at,merge_sha,first_commit_at\n";
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static Task<DeliveryImportReport> ImportAsync(FulcrumServer server, string text, bool json = false) =>
        server.WithServicesAsync(s => s.GetRequiredService<DeliveryImporter>().ImportPullRequestsAsync(new StringReader(text), json, "import"));

    private static Task<List<PullRequest>> StoredAsync(FulcrumServer server) =>
        server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().PullRequests.AsNoTracking().OrderBy(p => p.ExternalId).ToListAsync());

    private static string PullRequest(string id, string opened, string? review = null, string? merged = null, string? sha = null, string? firstCommit = null) =>
        JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["id"] = id, ["service"] = "payments", ["opened_at"] = opened, ["first_review_at"] = review,
            ["merged_at"] = merged, ["merge_sha"] = sha, ["first_commit_at"] = firstCommit,
        });

    /// <summary>
    /// Four pull requests merged on 3–4 March 2026 (window 2–5 March), with stage hours
    /// coding/pickup/review/deploy: #101 1/2/1/4, #102 3/4/2/1 (both shipped by d2), #103 2/1/3/5
    /// (shipped by d3), #104 5/–/–/– (merged without a review, not deployed). #105 is still open.
    /// </summary>
    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task The_breakdown_shows_the_known_stage_times_in_the_api_the_cli_and_the_page(DatabaseEngine engine)
    {
        using var repo = new TestRepository();
        var v1 = repo.Commit("first release", "2026-03-02T00:00:00Z");
        repo.Branch("pr101");
        repo.Commit("a", "2026-03-03T08:00:00Z");
        repo.Checkout("main");
        repo.Branch("pr102");
        repo.Commit("b", "2026-03-03T06:00:00Z");
        repo.Checkout("main");
        var m101 = repo.Merge("pr101", "2026-03-03T12:00:00Z");
        var m102 = repo.Merge("pr102", "2026-03-03T15:00:00Z");
        repo.Branch("pr103");
        repo.Commit("c", "2026-03-04T08:00:00Z");
        repo.Checkout("main");
        var m103 = repo.Merge("pr103", "2026-03-04T14:00:00Z");
        repo.Branch("pr104");
        repo.Commit("d", "2026-03-04T10:00:00Z");
        repo.Checkout("main");
        var m104 = repo.Merge("pr104", "2026-03-04T16:00:00Z");

        var database = TestDatabases.New(engine);
        await using var server = await FulcrumServer.StartAsync(database);
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        await server.WithServicesAsync(s => s.GetRequiredService<DeliveryIngest>().IngestAsync(repo.Path, "payments"));
        var deployed = await PostJsonAsync(ci, "/api/v1/deployments", $$"""
            [{"id":"d1","service":"payments","environment":"production","sha":"{{v1}}","finished_at":"2026-03-02T01:00:00Z","result":"success"},
             {"id":"d2","service":"payments","environment":"production","sha":"{{m102}}","finished_at":"2026-03-03T16:00:00Z","result":"success"},
             {"id":"d3","service":"payments","environment":"production","sha":"{{m103}}","finished_at":"2026-03-04T19:00:00Z","result":"success"}]
            """);
        Assert.Equal(HttpStatusCode.OK, deployed.StatusCode);
        const string report = "/api/v1/delivery/report?service=payments&since=2026-03-02&until=2026-03-05";

        var before = await ci.GetFromJsonAsync<JsonElement>(report);
        Assert.Equal("No pull-request data: import pull requests (docs/delivery.md) to see where lead time goes.",
            before.GetProperty("leadTimeBreakdown").GetProperty("reason").GetString());

        var sent = await PostJsonAsync(ci, "/api/v1/pull-requests", $"""
            [{PullRequest("101", "2026-03-03T09:00:00Z", "2026-03-03T11:00:00Z", "2026-03-03T12:00:00Z", m101, "2026-03-03T08:00:00Z")},
             {PullRequest("102", "2026-03-03T09:00:00Z", "2026-03-03T13:00:00Z", "2026-03-03T15:00:00Z", m102, "2026-03-03T06:00:00Z")},
             {PullRequest("103", "2026-03-04T10:00:00Z", "2026-03-04T11:00:00Z", "2026-03-04T14:00:00Z", m103, "2026-03-04T08:00:00Z")},
             {PullRequest("104", "2026-03-04T15:00:00Z", null, "2026-03-04T16:00:00Z", m104, "2026-03-04T10:00:00Z")},
             {PullRequest("105", "2026-03-04T17:00:00Z", firstCommit: "2026-03-04T16:30:00Z")}]
            """);
        Assert.Equal("""{"created":5,"updated":0,"ignored":[]}""", await sent.Content.ReadAsStringAsync());

        // The API: a sibling of the metrics, which keep their shape.
        var after = await ci.GetFromJsonAsync<JsonElement>(report);
        var breakdown = after.GetProperty("leadTimeBreakdown");
        Assert.Equal(JsonValueKind.Null, breakdown.GetProperty("reason").ValueKind);
        Assert.Equal(4, breakdown.GetProperty("pullRequestsMerged").GetInt32());
        var stages = breakdown.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        (double, double, int) Figures(string stage) => (stages[stage].GetProperty("medianHours").GetDouble(),
            stages[stage].GetProperty("p75Hours").GetDouble(), stages[stage].GetProperty("sampleSize").GetInt32());
        Assert.Equal((2.5, 3.5, 4), Figures("coding"));   // 1, 3, 2, 5 hours
        Assert.Equal((2.0, 3.0, 3), Figures("pickup"));   // 2, 4, 1
        Assert.Equal((2.0, 2.5, 3), Figures("review"));   // 1, 2, 3
        Assert.Equal((4.0, 4.5, 3), Figures("deploy"));   // 4, 1, 5; #104's merge is not deployed
        Assert.Equal(7, after.GetProperty("metrics").GetArrayLength());

        // The CLI, in its three formats, over the same database.
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;
        var json = await CliProcess.RunAsync(target, null, "delivery", "report", "--service", "payments", "--since", "2026-03-02", "--until", "2026-03-05", "--format", "json");
        Assert.True(json.ExitCode == 0, json.Error);
        var cliStages = JsonDocument.Parse(json.Output).RootElement.GetProperty("lead_time_breakdown").GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["coding", "pickup", "review", "deploy"], cliStages.Select(s => s.GetProperty("stage").GetString()));
        Assert.Equal((4.0, 4.5, 3), (cliStages[3].GetProperty("median_hours").GetDouble(), cliStages[3].GetProperty("p75_hours").GetDouble(), cliStages[3].GetProperty("sample_size").GetInt32()));
        // Through the running server (warm, and its access rules): the very same report, byte for byte.
        var viaServer = await CliProcess.RunAsync("unused.db", null, "delivery", "report", "--service", "payments", "--since", "2026-03-02", "--until", "2026-03-05",
            "--format", "json", "--server", server.BaseAddress.ToString(), "--token", await server.CreateTokenAsync("reader@example.com", Roles.Member));
        Assert.True(viaServer.ExitCode == 0, viaServer.Error);
        Assert.Equal(json.Output, viaServer.Output);
        var unknown = await CliProcess.RunAsync("unused.db", null, "delivery", "report", "--service", "nope", "--server", server.BaseAddress.ToString(),
            "--token", await server.CreateTokenAsync("other@example.com", Roles.Member));
        Assert.Equal(Fulcrum.Cli.ExitCodes.NotFound, unknown.ExitCode);
        Assert.Contains("No report (HTTP 404)", unknown.Error);
        var csv = await CliProcess.RunAsync(target, null, "delivery", "report", "--service", "payments", "--since", "2026-03-02", "--until", "2026-03-05", "--format", "csv");
        Assert.Contains("\nlead_time_coding,2.5,hours,4,,\n", csv.Output.ReplaceLineEndings("\n"));
        Assert.Contains("\nlead_time_deploy_p75,4.5,hours,3,,\n", csv.Output.ReplaceLineEndings("\n"));
        var table = await CliProcess.RunAsync(target, null, "delivery", "report", "--service", "payments", "--since", "2026-03-02", "--until", "2026-03-05");
        Assert.Contains("Where lead time goes (4 pull requests merged in the window)", table.Output);
        Assert.Matches(@"Pickup: opened → first review\s+2 h\s+3 h\s+3\n", table.Output.ReplaceLineEndings("\n"));

        // The page: four labelled stages under the lead-time figure.
        await server.CreateUserAsync("viewer@example.com", Roles.Member);
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "viewer@example.com");
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/delivery?scope=service:payments&since=2026-03-02&until=2026-03-04"));
        Assert.Contains("Medians over 4 pull requests merged in this window", page);
        Assert.Matches(@"data-stage=""deploy""><dt>\s*<svg[^>]*>.*?</svg>\s*Deploy\s*</dt>\s*<dd><span class=""stage-value"">4 h</span> <span class=""muted"">p75 4.5 h, from 3 pull requests</span>", page);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_file_of_pull_requests_is_stored_once_and_re_importing_it_updates_instead_of_adding(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var leader = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        await leader.PostAsJsonAsync("/api/v1/services", new { name = "payments" });
        var csv = Header +
            $"101,payments,2026-03-03T09:00:00Z,2026-03-03T11:00:00Z,2026-03-03T12:00:00Z,{Sha},2026-03-03T08:00:00Z\n" +
            "102,Payments,2026-03-04T09:00:00+01:00,,,,\n";

        var first = await ImportAsync(server, csv);
        var again = await ImportAsync(server, csv.Replace(",,,,\n", ",2026-03-04T10:00:00Z,,,\n"));
        var fromJson = await ImportAsync(server, """[{"id":"103","service":"payments","opened_at":"2026-03-05T09:00:00Z"}]""", json: true);

        Assert.Equal((2, 0), (first.Created, first.Updated));
        Assert.Equal((0, 2), (again.Created, again.Updated));
        Assert.Equal((1, 0), (fromJson.Created, fromJson.Updated));
        var stored = await StoredAsync(server);
        Assert.Equal(["101", "102", "103"], stored.Select(p => p.ExternalId));
        Assert.Equal((Sha, new DateTime(2026, 3, 3, 12, 0, 0, DateTimeKind.Utc)), (stored[0].MergeSha, stored[0].MergedAt));
        Assert.Equal(new DateTime(2026, 3, 4, 8, 0, 0, DateTimeKind.Utc), stored[1].OpenedAt);
        Assert.Equal(new DateTime(2026, 3, 4, 10, 0, 0, DateTimeKind.Utc), stored[1].FirstReviewAt);
        Assert.Equal(("import", "import"), (stored[0].Source, stored[2].Source));

        // Pull requests are delivery history: the service is not removed from under them.
        var serviceId = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Services.Select(x => x.Id).SingleAsync());
        var removal = await Assert.ThrowsAsync<ProblemException>(() => server.WithServicesAsync(async s =>
        {
            await s.GetRequiredService<OrganisationCommands>().RemoveServiceAsync(serviceId);
            return true;
        }));
        Assert.Contains("3 pull requests", removal.Message);
    }

    [Fact]
    public async Task A_file_with_bad_records_is_refused_whole_with_each_problem_named_and_nothing_stored()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        await leader.PostAsJsonAsync("/api/v1/services", new { name = "payments" });

        var report = await ImportAsync(server, Header +
            $"201,payments,2026-03-03T09:00:00Z,2026-03-03T11:00:00Z,2026-03-03T12:00:00Z,{Sha},2026-03-03T08:00:00Z\n" + // good
            "202,nowhere,2026-03-03T09:00:00Z,,,,\n" +                                                                    // unknown service
            "203,payments,03/03/2026,,,,\n" +                                                                             // not ISO 8601
            "204,payments,2026-03-03T09:00:00Z,,,,2026-03-03T10:00:00Z\n" +                                               // first commit after opening
            "205,payments,2026-03-03T09:00:00Z,2026-03-03T12:00:00Z,2026-03-03T11:00:00Z,,\n" +                           // merged before review
            "206,payments,2026-03-03T09:00:00Z,,2026-03-03T12:00:00Z,deadbeef,\n" +                                       // short sha
            "201,payments,2026-03-03T09:00:00Z,,,,\n");                                                                   // duplicate id
        var empty = await ImportAsync(server, Header);

        Assert.False(report.Succeeded);
        Assert.Equal(
        [
            "row 3, column 'service': no service named 'nowhere'; register it first",
            "row 4, column 'opened_at': '03/03/2026' is not an ISO 8601 time like 2026-03-01T14:30:00Z",
            "row 5, column 'first_commit_at': the first commit comes after the pull request was opened",
            "row 6, column 'merged_at': the pull request is merged before its first review",
            "row 7, column 'merge_sha': 'deadbeef' is not a full commit sha (40 hexadecimal characters)",
            "row 8, column 'id': pull request '201' of payments already appears in record 2",
        ], report.Problems.Select(p => p.ToString()));
        Assert.Equal("row 1: no pull requests in the file", Assert.Single(empty.Problems).ToString());
        Assert.Empty(await StoredAsync(server));
    }

    [Fact]
    public async Task The_cli_imports_a_pull_request_file_and_says_which_person_columns_it_left_out()
    {
        var database = TestDatabases.NewSqlite();
        await using (var server = await FulcrumServer.StartAsync(database))
        {
            using var leader = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
            await leader.PostAsJsonAsync("/api/v1/services", new { name = "payments" });
        }
        var file = Path.Combine(Path.GetTempPath(), $"pull-requests-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file,
            "id,service,author,opened_at,first_review_at,merged_at,merge_sha,first_commit_at,reviewers\n" +
            $"301,payments,ada,2026-03-03T09:00:00Z,2026-03-03T11:00:00Z,2026-03-03T12:00:00Z,{Sha},2026-03-03T08:00:00Z,bob\n");
        var path = database.ConnectionString.Split('=', ';')[1];

        var result = await CliProcess.RunAsync(path, null, "delivery", "import", "pull-requests", file);
        var bad = await CliProcess.RunAsync(path, null, "delivery", "import", "pull-requests", file.Replace(".csv", "-missing.csv"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Ignored column(s) author, reviewers: they name people, and Fulcrum keeps no per-person activity.", result.Output);
        Assert.Contains("Imported pull-requests: 1 created, 0 updated.", result.Output);
        Assert.NotEqual(0, bad.ExitCode);
    }

    [Fact]
    public async Task The_webhook_is_idempotent_refuses_bad_payloads_and_needs_a_valid_token()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        using var anonymous = server.CreateClient();
        using var forged = server.CreateClient("fulcrum_" + new string('x', 40));
        await server.WithServicesAsync(s => s.GetRequiredService<OrganisationCommands>().SaveServiceAsync(null, new ServiceInput("payments", null, null, null)));
        var body = PullRequest("401", "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z", "2026-03-03T11:00:00Z", Sha, "2026-03-03T08:00:00Z");

        var first = await PostJsonAsync(ci, "/api/v1/pull-requests", body);
        var retry = await PostJsonAsync(ci, "/api/v1/pull-requests", body);
        var withPeople = await PostJsonAsync(ci, "/api/v1/pull-requests",
            """{"id":"402","service":"payments","opened_at":"2026-03-03T09:00:00Z","author":"ada","requested_reviewers":["bob"]}""");
        var backwards = await PostJsonAsync(ci, "/api/v1/pull-requests", $"""
            [{PullRequest("403", "2026-03-03T09:00:00Z")},
             {PullRequest("404", "2026-03-03T09:00:00Z", "2026-03-03T08:00:00Z")}]
            """);
        var unknownService = await PostJsonAsync(ci, "/api/v1/pull-requests", """{"id":"405","service":"nope","opened_at":"2026-03-03T09:00:00Z"}""");
        var notJson = await PostJsonAsync(ci, "/api/v1/pull-requests", "{\"id\": ");
        var noToken = await PostJsonAsync(anonymous, "/api/v1/pull-requests", body);
        var wrongToken = await PostJsonAsync(forged, "/api/v1/pull-requests", body);

        Assert.Equal("""{"created":1,"updated":0,"ignored":[]}""", await first.Content.ReadAsStringAsync());
        Assert.Equal("""{"created":0,"updated":1,"ignored":[]}""", await retry.Content.ReadAsStringAsync());
        Assert.Equal("""{"created":1,"updated":0,"ignored":["author","requested_reviewers"]}""", await withPeople.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        var problem = await backwards.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Nothing was stored", problem.GetProperty("title").GetString());
        var named = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal((2, "first_review_at", "the first review comes before the pull request was opened"),
            (named.GetProperty("record").GetInt32(), named.GetProperty("field").GetString(), named.GetProperty("message").GetString()));
        Assert.Contains("record 1, column 'service': no service named 'nope'", await unknownService.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("application/problem+json", notJson.Content.Headers.ContentType?.MediaType);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (noToken.StatusCode, wrongToken.StatusCode));
        // 403 of the refused batch was good on its own, and was not stored: all or nothing.
        Assert.Equal(["401", "402"], (await StoredAsync(server)).Select(p => p.ExternalId));
    }
}
