using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fulcrum.Cli;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Tests.Cli;

namespace Fulcrum.Web.Tests.Accounts;

/// <summary>
/// Service tokens, for CI: a token that may only post deployments, incidents and pull requests for
/// named services, and nothing else, whatever its owner's role.
/// </summary>
public sealed partial class ServiceTokenTests
{
    private static string Deployment(string id, string service) =>
        $$"""{"id":"{{id}}","service":"{{service}}","environment":"production","finished_at":"2026-03-03T12:00:00Z","result":"success"}""";

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<int> DeploymentsAsync(HttpClient reader, string service) =>
        (await reader.GetFromJsonAsync<JsonElement>($"/api/v1/delivery/report?service={service}&since=2026-03-01&until=2026-03-05"))
            .GetProperty("coverage").GetProperty("deployments").GetInt32();

    private static async Task<HttpClient> OrganisationAsync(FulcrumServer server)
    {
        var leader = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        foreach (var name in new[] { "payments", "checkout", "billing" })
        {
            (await leader.PostAsJsonAsync("/api/v1/services", new { name })).EnsureSuccessStatusCode();
        }
        return leader;
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_service_token_posts_for_its_services_only_and_a_batch_naming_another_stores_nothing(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var leader = await OrganisationAsync(server);
        // Its owner is a leader: the service token must not inherit that.
        using var owner = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Leader));
        var created = await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "deploy pipeline", services = new[] { "payments", "Checkout" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var ci = server.CreateClient((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());

        var own = await PostJsonAsync(ci, "/api/v1/deployments", Deployment("d1", "payments"));
        var mixed = await PostJsonAsync(ci, "/api/v1/deployments", $"[{Deployment("d2", "checkout")}, {Deployment("d3", "billing")}]");
        var incident = await PostJsonAsync(ci, "/api/v1/incidents", """{"id":"INC-1","service":"checkout","started_at":"2026-03-03T13:00:00Z"}""");
        var pullRequest = await PostJsonAsync(ci, "/api/v1/pull-requests", """{"id":"7","service":"billing","opened_at":"2026-03-03T09:00:00Z"}""");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.OK, incident.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, mixed.StatusCode);
        var refusal = await mixed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Not this token's service", refusal.GetProperty("title").GetString());
        Assert.Equal("This token posts only for checkout, payments: record 2, column 'service': 'billing' is not one of this token's services. Nothing was stored.",
            refusal.GetProperty("detail").GetString());
        var named = Assert.Single(refusal.GetProperty("problems").EnumerateArray());
        Assert.Equal((2, "service"), (named.GetProperty("record").GetInt32(), named.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, pullRequest.StatusCode);
        Assert.Contains("'billing'", (await pullRequest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal((1, 0, 0), (await DeploymentsAsync(leader, "payments"), await DeploymentsAsync(leader, "checkout"), await DeploymentsAsync(leader, "billing")));

        var listed = (await owner.GetFromJsonAsync<JsonElement>("/api/v1/tokens")).EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "deploy pipeline");
        Assert.Equal("services", listed.GetProperty("scope").GetString());
        Assert.Equal(["checkout", "payments"], listed.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_service_token_reads_and_changes_nothing_else_whatever_its_owners_role(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var leader = await OrganisationAsync(server);
        using var owner = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Admin));
        var created = await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "deploy pipeline", services = new[] { "payments" } });
        using var ci = server.CreateClient((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["GET /api/v1/people"] = await ci.GetAsync("/api/v1/people"),
            ["GET /api/v1/me"] = await ci.GetAsync("/api/v1/me"),
            ["GET /api/v1/delivery/report"] = await ci.GetAsync("/api/v1/delivery/report?service=payments"),
            ["GET /api/v1/tokens"] = await ci.GetAsync("/api/v1/tokens"),
            ["POST /api/v1/tokens"] = await ci.PostAsJsonAsync("/api/v1/tokens", new { name = "another" }),
            ["POST /api/v1/teams"] = await ci.PostAsJsonAsync("/api/v1/teams", new { name = "Skunkworks" }),
            ["GET /api/v1/users"] = await ci.GetAsync("/api/v1/users"),
            ["GET /openapi/v1.json"] = await ci.GetAsync("/openapi/v1.json"),
            ["GET /teams"] = await ci.GetAsync("/teams"),
        };

        Assert.All(answers, a => Assert.True(a.Value.StatusCode == HttpStatusCode.Forbidden, $"{a.Key}: {(int)a.Value.StatusCode}"));
        var problem = await answers["GET /api/v1/people"].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Not for a service token", problem.GetProperty("title").GetString());
        Assert.StartsWith("This token may only post deployments, incidents and pull requests for payments.", problem.GetProperty("detail").GetString());
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/v1/teams")).EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(ci, "/api/v1/deployments", Deployment("d1", "payments"))).StatusCode);
    }

    [Fact]
    public async Task A_service_token_needs_registered_services()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = await OrganisationAsync(server);

        var unknown = await leader.PostAsJsonAsync("/api/v1/tokens", new { name = "deploy", services = new[] { "payments", "nope" } });
        var none = await leader.PostAsJsonAsync("/api/v1/tokens", new { name = "deploy", services = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("There is no service named 'nope'; register it first.",
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("services")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal("A service token needs at least one service it may post for.",
            (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("services")[0].GetString());
        Assert.Single((await leader.GetFromJsonAsync<JsonElement>("/api/v1/tokens")).EnumerateArray());
    }

    [Fact]
    public async Task A_member_creates_a_service_token_on_the_tokens_page_and_the_page_lists_its_services()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = await OrganisationAsync(server);
        await server.CreateUserAsync("ada@example.com", Roles.Member);
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "ada@example.com");
        var page = await browser.GetStringAsync("/account/tokens");

        var form = new List<KeyValuePair<string, string>>
        {
            new("_handler", "create-token"),
            new("__RequestVerificationToken", FulcrumServer.AntiforgeryToken(page)),
            new("Create.Name", "deploy pipeline"),
            new("Create.Days", "30"),
            new("Create.Services", "payments"),
            new("Create.Services", "checkout"),
        };
        var response = await browser.PostAsync("/account/tokens", new FormUrlEncodedContent(form));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        using var ci = server.CreateClient(NewTokenPattern().Match(html).Groups[1].Value);

        Assert.Contains("name=\"Create.Services\" value=\"billing\"", page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("It may only post deployments, incidents and pull requests for checkout, payments.", html);
        Assert.Contains("<td>posts deployments, incidents and pull requests for checkout, payments</td>", html);
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(ci, "/api/v1/deployments", Deployment("d1", "payments"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostJsonAsync(ci, "/api/v1/deployments", Deployment("d2", "billing"))).StatusCode);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task The_cli_creates_and_lists_service_tokens_that_the_server_keeps_to_their_services(DatabaseEngine engine)
    {
        var database = TestDatabases.New(engine);
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;
        await using var server = await FulcrumServer.StartAsync(database);
        using var leader = await OrganisationAsync(server);
        await server.CreateUserAsync("ci@example.com", Roles.Member);

        var created = await CliProcess.RunAsync(target, null,
            "token", "create", "--user", "ci@example.com", "--name", "deploy pipeline", "--service", "payments", "--service", "checkout");
        var unknown = await CliProcess.RunAsync(target, null,
            "token", "create", "--user", "ci@example.com", "--name", "other", "--service", "nope");
        var list = await CliProcess.RunAsync(target, null, "token", "list", "--user", "ci@example.com");
        using var ci = server.CreateClient(created.Output.Trim());

        Assert.Equal(ExitCodes.Ok, created.ExitCode);
        Assert.Contains("may only post deployments, incidents and pull requests for checkout, payments", created.Error);
        Assert.Equal(ExitCodes.BadInput, unknown.ExitCode);
        Assert.Contains("error: There is no service named 'nope'; register it first.", unknown.Error);
        Assert.Contains("services: checkout, payments", Assert.Single(list.Output.Split('\n'), l => l.Contains("deploy pipeline")));
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(ci, "/api/v1/deployments", Deployment("d1", "checkout"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostJsonAsync(ci, "/api/v1/deployments", Deployment("d2", "billing"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ci.GetAsync("/api/v1/people")).StatusCode);
    }

    [GeneratedRegex("""id="new-token" readonly value="([^"]+)" """)]
    private static partial Regex NewTokenPattern();
}
