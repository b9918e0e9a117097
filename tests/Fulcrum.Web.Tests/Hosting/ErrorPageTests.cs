using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Hosting;

/// <summary>
/// How refusals look: a browser gets the app's HTML error page with the right status, the API gets
/// ProblemDetails. One server serves every case; each case makes what it needs.
/// </summary>
public sealed class ErrorPageTests
{
    [Fact]
    public async Task Pages_answer_refusals_with_html_and_their_status_and_the_api_with_problem_details()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("member@example.com", Roles.Member, "Mo Member");
        using var member = server.CreateClient();
        await FulcrumServer.LogInAsync(member, "member@example.com");

        var unknown = await member.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("text/html", unknown.Content.Headers.ContentType?.MediaType);
        var body = await unknown.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Not found</h1>", body);
        Assert.Contains("There is nothing at this address.", body);
        Assert.Contains("aria-label=\"Main\"", body); // inside the app's layout, menu and all

        var team = await member.GetAsync("/teams/4242");
        Assert.Equal(HttpStatusCode.NotFound, team.StatusCode);
        Assert.Contains("<h1>No such team</h1>", await team.Content.ReadAsStringAsync());
        var person = await member.GetAsync("/people/4242");
        Assert.Equal(HttpStatusCode.NotFound, person.StatusCode);
        Assert.Contains("<h1>No such person</h1>", await person.Content.ReadAsStringAsync());
        var edit = await member.GetAsync("/services/4242/edit");
        Assert.Equal(HttpStatusCode.Found, edit.StatusCode); // a member may not edit services at all

        var admin = await member.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Found, admin.StatusCode);
        var denied = await member.GetAsync(admin.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("Your role does not allow this page.", await denied.Content.ReadAsStringAsync());

        var api = await member.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        // An account linked to no person asks for something only a person has: 403 from the one filter.
        var notLinked = await member.GetAsync("/api/v1/assessments");
        Assert.Equal(HttpStatusCode.Forbidden, notLinked.StatusCode);
        var problem = await notLinked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Not linked to a person", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_leader_gets_404_for_an_unknown_team_or_person_to_edit()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("lead@example.com", Roles.Leader, "Lee Leader");
        using var leader = server.CreateClient();
        await FulcrumServer.LogInAsync(leader, "lead@example.com");

        foreach (var (path, words) in new[]
        {
            ("/teams/4242/edit", "There is no team with id 4242."),
            ("/people/4242/edit", "There is no person with id 4242."),
            ("/services/4242/edit", "There is no service with id 4242."),
        })
        {
            var response = await leader.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(words, await response.Content.ReadAsStringAsync());
        }
    }
}
