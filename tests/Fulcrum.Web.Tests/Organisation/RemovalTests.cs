using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Organisation;

public sealed class RemovalTests
{
    private static async Task<int> CreateAsync(HttpClient client, string path, object body) =>
        (await (await client.PostAsJsonAsync(path, body)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Records_in_use_are_not_removed_and_say_why(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));
        var team = await CreateAsync(leader, "/api/v1/teams", new { name = "Payments" });
        var boss = await CreateAsync(leader, "/api/v1/people", new { name = "Grace", email = "grace@example.com", teamId = team });
        var report = await CreateAsync(leader, "/api/v1/people", new { name = "Alan", email = "alan@example.com", teamId = team, managerId = boss });
        var service = await CreateAsync(leader, "/api/v1/services", new { name = "ledger", teamId = team });

        var teamInUse = await leader.DeleteAsync($"/api/v1/teams/{team}");
        var managerInUse = await leader.DeleteAsync($"/api/v1/people/{boss}");

        Assert.Equal(HttpStatusCode.Conflict, teamInUse.StatusCode);
        Assert.Equal("Payments still has 2 people, 1 service; move them to another team first.",
            (await teamInUse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, managerInUse.StatusCode);
        Assert.Contains("1 person reports to Grace", await managerInUse.Content.ReadAsStringAsync());
        Assert.Equal(2, (await leader.GetFromJsonAsync<JsonElement>("/api/v1/people")).GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await leader.DeleteAsync($"/api/v1/people/{report}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await leader.DeleteAsync($"/api/v1/people/{boss}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await leader.DeleteAsync($"/api/v1/services/{service}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await leader.DeleteAsync($"/api/v1/teams/{team}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.DeleteAsync($"/api/v1/teams/{team}")).StatusCode);
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/v1/teams")).EnumerateArray());
    }

    [Fact]
    public async Task A_service_with_delivery_history_is_refused_with_409_and_unknown_ids_are_404()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));
        var service = await CreateAsync(leader, "/api/v1/services", new { name = "ledger" });
        (await leader.PostAsync("/api/v1/deployments", new StringContent(
            """{"id":"d1","service":"ledger","environment":"production","finished_at":"2026-03-03T12:00:00Z","result":"success"}""",
            Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var inUse = await leader.DeleteAsync($"/api/v1/services/{service}");
        var unknownUpdate = await leader.PutAsJsonAsync("/api/v1/teams/4242", new { name = "Nobody" });
        var unknownRemoval = await leader.DeleteAsync("/api/v1/people/4242");

        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        var problem = await inUse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The service is still in use", problem.GetProperty("title").GetString());
        Assert.Equal("ledger has delivery history (1 deployment, 0 incidents, 0 repositories, 0 pull requests); removing it would lose that history.",
            problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknownUpdate.StatusCode);
        var missingTeam = await unknownUpdate.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("No such team", "There is no team with id 4242."), (missingTeam.GetProperty("title").GetString(), missingTeam.GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknownRemoval.StatusCode);
        Assert.Contains("There is no person with id 4242.", await unknownRemoval.Content.ReadAsStringAsync());
        Assert.Single((await leader.GetFromJsonAsync<JsonElement>("/api/v1/services")).EnumerateArray());
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/v1/teams")).EnumerateArray());
    }

    [Fact]
    public async Task The_remove_button_on_the_edit_page_explains_a_refusal_and_removes_an_empty_team()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var api = server.CreateClient(await server.CreateTokenAsync("api@example.com", Roles.Leader));
        var busy = await CreateAsync(api, "/api/v1/teams", new { name = "Busy" });
        await CreateAsync(api, "/api/v1/services", new { name = "ledger", teamId = busy });
        var empty = await CreateAsync(api, "/api/v1/teams", new { name = "Empty" });
        await server.CreateUserAsync("lead@example.com", Roles.Leader);
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "lead@example.com");

        async Task<HttpResponseMessage> PressRemove(int id)
        {
            var page = await browser.GetStringAsync($"/teams/{id}/edit");
            return await browser.PostAsync($"/teams/{id}/edit", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "remove",
                ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(page),
            }));
        }

        var refused = await PressRemove(busy);
        var removed = await PressRemove(empty);

        Assert.Contains("Busy still has 1 service; move them to another team first.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal("/teams", removed.Headers.Location!.OriginalString.Replace(server.BaseAddress.ToString().TrimEnd('/'), ""));
        var teams = await api.GetFromJsonAsync<JsonElement>("/api/v1/teams");
        Assert.Equal(["Busy"], teams.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Members_cannot_remove_anything()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));
        using var member = server.CreateClient(await server.CreateTokenAsync("member@example.com", Roles.Member));
        var team = await CreateAsync(leader, "/api/v1/teams", new { name = "Payments" });

        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync($"/api/v1/teams/{team}")).StatusCode);
        Assert.Single((await member.GetFromJsonAsync<JsonElement>("/api/v1/teams")).EnumerateArray());
    }
}
