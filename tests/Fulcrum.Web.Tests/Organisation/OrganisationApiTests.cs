using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Organisation;

public sealed class OrganisationApiTests
{
    private static async Task<(FulcrumServer Server, HttpClient Leader)> StartAsync(DatabaseEngine engine)
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        return (server, server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader)));
    }

    private static async Task<int> CreateAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Teams_nest_people_have_managers_and_services_have_owners(DatabaseEngine engine)
    {
        var (server, leader) = await StartAsync(engine);
        await using var running = server;
        var engineering = await CreateAsync(leader, "/api/v1/teams", new { name = "Engineering" });
        var payments = await CreateAsync(leader, "/api/v1/teams", new { name = "Payments", parentTeamId = engineering });
        var boss = await CreateAsync(leader, "/api/v1/people", new { name = "Grace Hopper", email = "grace@example.com", teamId = engineering, track = "management", level = 7 });
        await CreateAsync(leader, "/api/v1/people", new { name = "Alan Turing", email = "alan@example.com", teamId = payments, managerId = boss, track = "IC", level = 4 });
        await CreateAsync(leader, "/api/v1/services", new { name = "ledger", teamId = payments, repository = "/srv/git/ledger" });

        var team = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{payments}");
        Assert.Equal("Engineering", team.GetProperty("parentTeamName").GetString());
        Assert.Equal(1, team.GetProperty("memberCount").GetInt32());
        Assert.Equal(1, team.GetProperty("serviceCount").GetInt32());
        var people = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/people?teamId={payments}");
        var alan = Assert.Single(people.EnumerateArray());
        Assert.Equal("Grace Hopper", alan.GetProperty("managerName").GetString());
        Assert.Equal("ic", alan.GetProperty("track").GetString());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Loops_in_teams_or_reporting_lines_are_refused(DatabaseEngine engine)
    {
        var (server, leader) = await StartAsync(engine);
        await using var running = server;
        var outer = await CreateAsync(leader, "/api/v1/teams", new { name = "Outer" });
        var inner = await CreateAsync(leader, "/api/v1/teams", new { name = "Inner", parentTeamId = outer });
        var a = await CreateAsync(leader, "/api/v1/people", new { name = "A", email = "a@example.com" });
        var b = await CreateAsync(leader, "/api/v1/people", new { name = "B", email = "b@example.com", managerId = a });

        var teamLoop = await leader.PutAsJsonAsync($"/api/v1/teams/{outer}", new { name = "Outer", parentTeamId = inner });
        var managerLoop = await leader.PutAsJsonAsync($"/api/v1/people/{a}", new { name = "A", email = "a@example.com", managerId = b });

        Assert.Equal(HttpStatusCode.BadRequest, teamLoop.StatusCode);
        Assert.Contains("parentTeamId", await teamLoop.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, managerLoop.StatusCode);
        Assert.Contains("their own manager", await managerLoop.Content.ReadAsStringAsync());
        var stored = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{outer}");
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("parentTeamId").ValueKind);
    }

    [Fact]
    public async Task Bad_payloads_get_400_naming_the_field_and_unknown_ids_get_404()
    {
        var (server, leader) = await StartAsync(DatabaseEngine.Sqlite);
        await using var running = server;
        await CreateAsync(leader, "/api/v1/people", new { name = "Ada", email = "ada@example.com" });

        var duplicate = await leader.PostAsJsonAsync("/api/v1/people", new { name = "Other Ada", email = "ada@example.com" });
        var badEmail = await leader.PostAsJsonAsync("/api/v1/people", new { name = "Bob", email = "not an email", level = 99 });
        var notJson = await leader.PostAsync("/api/v1/teams", new StringContent("{ name: ", Encoding.UTF8, "application/json"));
        var unknownTeam = await leader.PostAsJsonAsync("/api/v1/people", new { name = "Cy", email = "cy@example.com", teamId = 4242 });
        var missing = await leader.GetAsync("/api/v1/teams/4242");

        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("ada@example.com already belongs to someone else", await duplicate.Content.ReadAsStringAsync());
        var errors = (await badEmail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("level", out _));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("There is no team with id 4242", await unknownTeam.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("No such team", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Single((await leader.GetFromJsonAsync<JsonElement>("/api/v1/people")).EnumerateArray());
    }
}
