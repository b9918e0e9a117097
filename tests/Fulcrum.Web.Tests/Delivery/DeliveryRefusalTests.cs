using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Cli;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Tests.Cli;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>How delivery refuses: the kind of each problem decides the status or exit code, and the
/// texts say where the problem is.</summary>
public sealed class DeliveryRefusalTests
{
    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_body_that_is_not_json_records_is_400_and_a_bad_record_is_422_each_naming_the_record()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Leader));
        await ci.PostAsJsonAsync("/api/v1/services", new { name = "payments" });

        var notJson = await PostJsonAsync(ci, "/api/v1/incidents", "{\"id\": ");
        var notArray = await PostJsonAsync(ci, "/api/v1/deployments", "\"a deployment\"");
        var badRecord = await PostJsonAsync(ci, "/api/v1/deployments", """
            [{"id":"d1","service":"payments","environment":"production","finished_at":"2026-03-03T12:00:00Z","result":"success"},
             {"id":"d2","service":"nope","environment":"production","finished_at":"2026-03-03T12:00:00Z","result":"success"}]
            """);

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var unreadable = await notJson.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The body is not JSON Fulcrum can read", unreadable.GetProperty("title").GetString());
        // JSON that does not parse is located by its line: no record has been read.
        Assert.StartsWith("line 1: not valid JSON", unreadable.GetProperty("detail").GetString());
        var located = Assert.Single(unreadable.GetProperty("problems").EnumerateArray());
        Assert.Equal(1, located.GetProperty("line").GetInt32());
        Assert.StartsWith("not valid JSON", located.GetProperty("message").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, notArray.StatusCode);
        Assert.Equal("record 1: expected a JSON array of objects", (await notArray.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, badRecord.StatusCode);
        var refused = await badRecord.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Nothing was stored", "record 2, column 'service': no service named 'nope'; register it first"),
            (refused.GetProperty("title").GetString(), refused.GetProperty("detail").GetString()));
        var named = Assert.Single(refused.GetProperty("problems").EnumerateArray());
        Assert.Equal((2, "service"), (named.GetProperty("record").GetInt32(), named.GetProperty("field").GetString()));
        Assert.Equal(0, (await ci.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report?service=payments&since=2026-03-01&until=2026-03-05"))
            .GetProperty("metrics")[0].GetProperty("sampleSize").GetInt32());
    }

    [Fact]
    public async Task The_report_window_defaults_to_the_90_days_up_to_the_servers_clock_and_a_bad_window_is_400()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await FulcrumServer.StartAsync(clock: clock);
        using var reader = server.CreateClient(await server.CreateTokenAsync("reader@example.com", Roles.Member));

        var report = await reader.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report");
        var empty = await reader.GetAsync("/api/v1/delivery/report?since=2026-03-05&until=2026-03-01");
        var unreadable = await reader.GetAsync("/api/v1/delivery/report?since=yesterday");
        var bands = await reader.GetAsync("/api/v1/delivery/report?bands=2019");
        var unknown = await reader.GetAsync("/api/v1/delivery/report?service=nope");

        Assert.Equal((new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 4, 1, 12, 0, 0, DateTimeKind.Utc)),
            (report.GetProperty("since").GetDateTime().ToUniversalTime(), report.GetProperty("until").GetDateTime().ToUniversalTime()));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var window = await empty.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bad window", window.GetProperty("title").GetString());
        Assert.StartsWith("The window is empty", window.GetProperty("errors").GetProperty("until")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Equal("since and until are ISO 8601 dates like 2026-01-31.", (await unreadable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bands.StatusCode);
        Assert.Equal("Unknown bands", (await bands.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("There is no service named 'nope'.", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_cli_exits_3_for_a_repository_that_is_not_there_and_1_for_an_empty_window()
    {
        var path = TestDatabases.NewSqlite().ConnectionString.Split('=', ';')[1];
        await CliProcess.RunAsync(path, null, "db", "migrate"); // only serve, db migrate and user add create a database
        var missing = Path.Combine(Path.GetTempPath(), $"fulcrum-no-repo-{Guid.NewGuid():N}");

        var ingest = await CliProcess.RunAsync(path, null, "delivery", "ingest", "--repo", missing, "--service", "payments");
        var window = await CliProcess.RunAsync(path, null, "delivery", "report", "--since", "2026-03-05", "--until", "2026-03-01");

        Assert.Equal(ExitCodes.NotFound, ingest.ExitCode);
        Assert.Contains($"error: {missing} does not exist.", ingest.Error);
        Assert.Equal(ExitCodes.BadInput, window.ExitCode);
        Assert.Contains("error: The window is empty: --until (2026-03-01) must be after --since (2026-03-05).", window.Error);
    }
}
