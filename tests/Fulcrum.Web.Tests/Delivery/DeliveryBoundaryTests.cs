using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Cli;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Tests.Cli;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>What delivery webhooks and files may carry: text the columns can hold, UTF-8, times as
/// RFC 3339 writers write them; and how a refusal of a big bad file reads.</summary>
public sealed class DeliveryBoundaryTests
{
    private const string Window = "since=2026-03-01&until=2026-04-01";

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<(FulcrumServer Server, HttpClient Ci)> StartAsync(DatabaseEngine engine = DatabaseEngine.Sqlite)
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Leader));
        await ci.PostAsJsonAsync("/api/v1/services", new { name = "payments" });
        return (server, ci);
    }

    private static string Deployment(string id, string environment = "production", string finishedAt = "2026-03-03T12:00:00Z") =>
        JsonSerializer.Serialize(new { id, service = "payments", environment, finished_at = finishedAt, result = "success" });

    private static async Task<List<string>> ProblemsAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray()
            .Select(p => $"record {p.GetProperty("record").GetInt32()}, {p.GetProperty("field").GetString()}: {p.GetProperty("message").GetString()}")];

    private static async Task<JsonElement> ReportAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/delivery/report?service=payments&{Window}");

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Text_longer_than_its_column_or_with_control_characters_is_422_naming_record_and_field_and_nothing_is_stored(DatabaseEngine engine)
    {
        var (server, ci) = await StartAsync(engine);
        await using var _ = server;
        using var __ = ci;

        var deployments = await PostJsonAsync(ci, "/api/v1/deployments",
            $"[{Deployment("d1")},{Deployment(new string('x', 201))},{Deployment("d3", "prod\u0000uction")}]");
        var huge = await PostJsonAsync(ci, "/api/v1/deployments", Deployment(new string('x', 1_000_000)));
        var incidents = await PostJsonAsync(ci, "/api/v1/incidents", JsonSerializer.Serialize(new[]
        {
            new { id = "INC-1", service = "payments", started_at = "2026-03-04T10:00:00Z", severity = new string('s', 51), title = "Checkout errors" },
            new { id = "INC-2", service = "payments", started_at = "2026-03-04T11:00:00Z", severity = "sev2", title = "Check\u0000out" },
        }));
        var pullRequest = await PostJsonAsync(ci, "/api/v1/pull-requests", """{"id":"pr\u00001","service":"payments","opened_at":"2026-03-04T10:00:00Z"}""");
        var halfCharacter = await PostJsonAsync(ci, "/api/v1/deployments", """{"id":"d\ud800","service":"payments","environment":"production","finished_at":"2026-03-03T12:00:00Z","result":"success"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, deployments.StatusCode);
        Assert.Equal(
            [
                "record 2, id: longer than 200 characters",
                "record 3, environment: holds a control character (U+0000) at character 5; only printable text is stored",
            ],
            await ProblemsAsync(deployments));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, huge.StatusCode);
        Assert.Equal(["record 1, id: longer than 200 characters"], await ProblemsAsync(huge));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, incidents.StatusCode);
        Assert.Equal(
            [
                "record 1, severity: longer than 50 characters",
                "record 2, title: holds a control character (U+0000) at character 6; only printable text is stored",
            ],
            await ProblemsAsync(incidents));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pullRequest.StatusCode);
        Assert.Equal(["record 1, id: holds a control character (U+0000) at character 3; only printable text is stored"], await ProblemsAsync(pullRequest));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, halfCharacter.StatusCode);
        Assert.Equal(["record 1, id: holds half a character (an unpaired surrogate escape such as \\ud800); only whole characters are stored"], await ProblemsAsync(halfCharacter));
        var report = await ReportAsync(ci);
        Assert.Equal((0, 0, 0), (report.GetProperty("metrics")[0].GetProperty("sampleSize").GetInt32(),
            report.GetProperty("coverage").GetProperty("incidents").GetInt32(), report.GetProperty("leadTimeBreakdown").GetProperty("pullRequestsMerged").GetInt32()));
    }

    [Fact]
    public async Task A_work_items_file_with_a_title_too_long_or_a_nul_is_refused_by_the_cli_naming_row_and_column()
    {
        var path = TestDatabases.NewSqlite().ConnectionString.Split('=', ';')[1];
        await CliProcess.RunAsync(path, null, "db", "migrate"); // only serve, db migrate and user add create a database
        var file = Path.Combine(Path.GetTempPath(), $"work-items-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, $"id,title\nw1,Fine\nw2,{new string('t', 501)}\nw3,Ti\u0000tle\n");

        var result = await CliProcess.RunAsync(path, null, "delivery", "import", "work-items", file);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        var name = Path.GetFileName(file);
        Assert.Contains($"{name}: row 3, column 'title': longer than 500 characters", result.Error);
        Assert.Contains($"{name}: row 4, column 'title': holds a control character (U+0000) at character 3; only printable text is stored", result.Error);
        Assert.Contains("error: Nothing was imported: 2 problem(s)", result.Error);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_webhook_body_that_is_not_utf8_is_400_naming_the_byte_offset_and_nothing_is_stored(DatabaseEngine engine)
    {
        var (server, ci) = await StartAsync(engine);
        await using var _ = server;
        using var __ = ci;
        var text = Encoding.UTF8.GetBytes(Deployment("d1", "production"));
        var offset = Array.IndexOf(text, (byte)'p', Encoding.UTF8.GetString(text).IndexOf("production", StringComparison.Ordinal));
        text[offset] = 0xFF;

        var response = await ci.PostAsync("/api/v1/deployments", new ByteArrayContent(text) { Headers = { { "Content-Type", "application/json" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The body is not UTF-8", problem.GetProperty("title").GetString());
        Assert.Equal($"The body is not valid UTF-8 at byte offset {offset}; send UTF-8.", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await ReportAsync(ci)).GetProperty("metrics")[0].GetProperty("sampleSize").GetInt32());
    }

    [Fact]
    public async Task A_delivery_file_that_is_not_utf8_is_refused_by_the_cli_naming_the_row_or_the_line()
    {
        var path = TestDatabases.NewSqlite().ConnectionString.Split('=', ';')[1];
        await CliProcess.RunAsync(path, null, "db", "migrate"); // only serve, db migrate and user add create a database
        var csv = Path.Combine(Path.GetTempPath(), $"deployments-{Guid.NewGuid():N}.csv");
        var csvBytes = Encoding.UTF8.GetBytes("id,service,environment,finished_at,result\nd1,payments,production,2026-03-03T12:00:00Z,success\nd2,pay?ents,production,2026-03-03T12:00:00Z,success\n");
        var csvOffset = Array.IndexOf(csvBytes, (byte)'?');
        csvBytes[csvOffset] = 0xC3; // a two-byte sequence cut short by the next plain letter
        await File.WriteAllBytesAsync(csv, csvBytes);
        var json = Path.Combine(Path.GetTempPath(), $"incidents-{Guid.NewGuid():N}.json");
        var jsonBytes = Encoding.UTF8.GetBytes("[\n  {\"id\": \"INC-1\",\n   \"service\": \"pay?ents\", \"started_at\": \"2026-03-04T10:00:00Z\"}\n]\n");
        var jsonOffset = Array.IndexOf(jsonBytes, (byte)'?');
        jsonBytes[jsonOffset] = 0xFF;
        await File.WriteAllBytesAsync(json, jsonBytes);

        var fromCsv = await CliProcess.RunAsync(path, null, "delivery", "import", "deployments", csv);
        var fromJson = await CliProcess.RunAsync(path, null, "delivery", "import", "incidents", json);

        Assert.Equal(ExitCodes.BadInput, fromCsv.ExitCode);
        Assert.Contains($"error: Nothing was imported: {Path.GetFileName(csv)}: row 3: not valid UTF-8 (at byte offset {csvOffset}); save the file as UTF-8.", fromCsv.Error);
        Assert.Equal(ExitCodes.BadInput, fromJson.ExitCode);
        Assert.Contains($"error: Nothing was imported: {Path.GetFileName(json)}: line 3: not valid UTF-8 (at byte offset {jsonOffset}); save the file as UTF-8.", fromJson.Error);
    }

    [Fact]
    public async Task Times_as_go_writes_them_are_read_with_lower_case_letters_and_nine_fraction_digits()
    {
        var (server, ci) = await StartAsync();
        await using var _ = server;
        using var __ = ci;

        var response = await PostJsonAsync(ci, "/api/v1/deployments", JsonSerializer.Serialize(new
        {
            id = "d1", service = "payments", environment = "production",
            started_at = "2026-03-03t10:58:00.123456789z", finished_at = "2026-03-03t12:00:00.987654321+01:00", result = "success",
        }));

        Assert.Equal("""{"created":1,"updated":0}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, (await ReportAsync(ci)).GetProperty("metrics")[0].GetProperty("sampleSize").GetInt32());
    }

    [Fact]
    public async Task A_report_window_out_of_range_is_refused_by_the_cli_with_exit_1_and_by_the_api_with_400()
    {
        var (server, ci) = await StartAsync();
        await using var _ = server;
        using var __ = ci;
        var path = TestDatabases.NewSqlite().ConnectionString.Split('=', ';')[1];
        await CliProcess.RunAsync(path, null, "db", "migrate"); // only serve, db migrate and user add create a database

        var cli = await CliProcess.RunAsync(path, null, "delivery", "report", "--since", "0001-01-01");
        var api = await ci.GetAsync("/api/v1/delivery/report?since=0001-01-01&until=2026-01-01");

        Assert.Equal(ExitCodes.BadInput, cli.ExitCode);
        Assert.Contains("error: since (0001-01-01) is out of range: a window runs within 1970-01-01 to 9999-01-01.", cli.Error);
        Assert.DoesNotContain("Unhandled exception", cli.Error);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("since (0001-01-01) is out of range: a window runs within 1970-01-01 to 9999-01-01.",
            (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("since")[0].GetString());
    }

    [Fact]
    public async Task Json_that_does_not_parse_is_located_by_its_line()
    {
        var (server, ci) = await StartAsync();
        await using var _ = server;
        using var __ = ci;

        var response = await PostJsonAsync(ci, "/api/v1/deployments", $"[\n{Deployment("d1")},\n{{oops}}\n]");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("line 3: not valid JSON", problem.GetProperty("detail").GetString());
        var located = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal(3, located.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_megabyte_of_junk_lists_its_first_100_problems_and_counts_the_rest_in_the_cli_and_the_api()
    {
        var (server, ci) = await StartAsync();
        await using var _ = server;
        using var __ = ci;
        var path = server.Database.ConnectionString.Split('=', ';')[1];
        var junk = new StringBuilder("id,service,environment,finished_at,result\n");
        while (junk.Length < 1024 * 1024)
        {
            junk.Append(new string('#', 199)).Append('\n');
        }
        var rows = junk.ToString().Count(c => c == '\n') - 1;
        var file = Path.Combine(Path.GetTempPath(), $"junk-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, junk.ToString());
        var records = "[" + string.Join(",", Enumerable.Range(1, 250).Select(i => Deployment($"d{i}", finishedAt: "yesterday"))) + "]";

        var cli = await CliProcess.RunAsync(path, null, "delivery", "import", "deployments", file);
        var api = await PostJsonAsync(ci, "/api/v1/deployments", records);

        Assert.Equal(ExitCodes.BadInput, cli.ExitCode);
        var lines = cli.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith(Path.GetFileName(file), StringComparison.Ordinal)).ToList();
        Assert.Equal(101, lines.Count);
        Assert.EndsWith($"row 101: has 1 fields but the header has 5", lines[99]);
        Assert.EndsWith($": … and {rows - 100} more problems (the first 100 are listed)", lines[100]);
        Assert.Contains($"error: Nothing was imported: {rows} problem(s)", cli.Error);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, api.StatusCode);
        var refused = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((100, 250), (refused.GetProperty("problems").GetArrayLength(), refused.GetProperty("problemCount").GetInt32()));
        Assert.EndsWith("… and 150 more problems (the first 100 are listed)", refused.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Ingesting_for_a_service_name_too_long_or_with_a_terminal_escape_exits_1_and_registers_nothing(DatabaseEngine engine)
    {
        var database = TestDatabases.New(engine);
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;
        await using var server = await FulcrumServer.StartAsync(database);
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));
        using var repository = new TestRepository();
        repository.Commit("First", "2026-03-02T10:00:00Z");

        var escape = await CliProcess.RunAsync(target, null, "delivery", "ingest", "--repo", repository.Path, "--service", "pay\u001b[2Jments");
        var tooLong = await CliProcess.RunAsync(target, null, "delivery", "ingest", "--repo", repository.Path, "--service", new string('s', 201));

        Assert.Equal(ExitCodes.BadInput, escape.ExitCode);
        Assert.Contains("error: A service name holds a control character (U+001B) at character 4; only printable text is stored.", escape.Error);
        Assert.Equal(ExitCodes.BadInput, tooLong.ExitCode);
        Assert.Contains("error: A service name has at most 200 characters.", tooLong.Error);
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/v1/services")).EnumerateArray());
    }
}
