using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Accounts;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task Api_without_credentials_gets_401_problem_details_and_no_data()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.GetAsync("/api/v1/people");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Authentication required", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_valid_token_acts_as_its_owner_with_their_role()
    {
        await using var server = await FulcrumServer.StartAsync();
        var token = await server.CreateTokenAsync("lead@example.com", Roles.Leader);
        using var client = server.CreateClient(token);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Equal("lead@example.com", me.GetProperty("email").GetString());
        Assert.Equal("leader", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes()
    {
        await using var server = await FulcrumServer.StartAsync();
        var token = await server.CreateTokenAsync("ci@example.com", Roles.Member);

        var stored = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().ApiTokens.SingleAsync());

        Assert.NotEqual(token, stored.Hash);
        Assert.DoesNotContain(token[8..], stored.Hash + stored.Prefix + stored.Name);
        Assert.Equal(64, stored.Hash.Length);
    }

    [Fact]
    public async Task A_revoked_token_gets_401_saying_so()
    {
        await using var server = await FulcrumServer.StartAsync();
        var token = await server.CreateTokenAsync("ci@example.com", Roles.Member);
        using var client = server.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        var id = (await client.GetFromJsonAsync<JsonElement>("/api/v1/tokens"))[0].GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode);

        var response = await client.GetAsync("/api/v1/teams");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("revoked", response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain("[", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_expired_token_gets_401_saying_so()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await FulcrumServer.StartAsync(clock: clock);
        var user = await server.CreateUserAsync("ci@example.com", Roles.Member);
        var created = await server.WithServicesAsync(s => s.GetRequiredService<ApiTokenService>().CreateAsync(user.Id, "short", 1));
        using var client = server.CreateClient(created.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        clock.Advance(TimeSpan.FromDays(2));
        var response = await client.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("Bearer fulcrum_ThisIsNotARealTokenButHasTheRightLength1")]
    [InlineData("Bearer not-a-fulcrum-token")]
    [InlineData("Bearer ")]
    public async Task Unknown_or_malformed_tokens_get_401(string header)
    {
        await using var server = await FulcrumServer.StartAsync();
        using var client = server.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/teams");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_member_may_read_the_organisation_but_not_change_it()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var member = server.CreateClient(await server.CreateTokenAsync("member@example.com", Roles.Member));
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));

        var forbidden = await member.PostAsJsonAsync("/api/v1/teams", new { name = "Skunkworks" });
        var created = await leader.PostAsJsonAsync("/api/v1/teams", new { name = "Platform" });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var teams = await member.GetFromJsonAsync<JsonElement>("/api/v1/teams");
        Assert.Equal(["Platform"], teams.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Only_admins_manage_accounts()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));
        using var admin = server.CreateClient(await server.CreateTokenAsync("admin@example.com", Roles.Admin));

        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/api/v1/users")).StatusCode);
        var created = await admin.PostAsJsonAsync("/api/v1/users",
            new { email = "new@example.com", password = "long-enough-pass", role = "member" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/v1/users");
        Assert.Contains("new@example.com", users.EnumerateArray().Select(u => u.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task Pages_send_anonymous_visitors_to_the_login_page()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.GetAsync("/teams");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Wrong_password_shows_an_error_and_signs_nobody_in()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("ada@example.com", Roles.Member);
        using var client = server.CreateClient();
        var page = await client.GetStringAsync("/Account/Login");

        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(page),
            ["Input.Email"] = "ada@example.com",
            ["Input.Password"] = "not-the-password",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not right.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/teams")).StatusCode);
    }

    [Fact]
    public async Task A_logged_in_leader_is_refused_the_admin_pages()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("leader@example.com", Roles.Leader);
        using var client = server.CreateClient();
        await FulcrumServer.LogInAsync(client, "leader@example.com");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/teams")).StatusCode);
        var admin = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", admin.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_login_session_survives_a_server_restart()
    {
        var database = TestDatabases.NewSqlite();
        var cookies = new CookieContainer();
        await using (var first = await FulcrumServer.StartAsync(database))
        {
            await first.CreateUserAsync("ada@example.com", Roles.Member);
            using var client = first.CreateClient(cookies: cookies);
            await FulcrumServer.LogInAsync(client, "ada@example.com");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/teams")).StatusCode);
        }

        await using var second = await FulcrumServer.StartAsync(database);
        using var again = second.CreateClient(cookies: cookies);

        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/teams")).StatusCode);
        // The key that signs the cookie lives in the database, not on one machine's disk.
        var keys = await second.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().DataProtectionKeys.CountAsync());
        Assert.Equal(1, keys);
    }

    [Fact]
    public async Task Health_is_open_and_the_api_description_is_not()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var anonymous = server.CreateClient();
        using var member = server.CreateClient(await server.CreateTokenAsync("m@example.com", Roles.Member));

        Assert.Equal("Healthy", await anonymous.GetStringAsync("/healthz"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/api/docs/index.html")).StatusCode);
        var document = await member.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/teams", document);
        Assert.Contains("/api/v1/import/people", document);
        var security = JsonDocument.Parse(document).RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("token");
        Assert.Equal("bearer", security.GetProperty("scheme").GetString());
    }
}
