using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Accounts;

public sealed class AccountAdministrationTests
{
    [Fact]
    public async Task A_locked_account_loses_its_tokens_and_cannot_log_in_until_unlocked()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var admin = server.CreateClient(await server.CreateTokenAsync("admin@example.com", Roles.Admin));
        var token = await server.CreateTokenAsync("leaver@example.com", Roles.Member);
        using var leaver = server.CreateClient(token);
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray()
            .Single(u => u.GetProperty("email").GetString() == "leaver@example.com").GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{id}/lock", null)).StatusCode);
        var withToken = await leaver.GetAsync("/api/v1/me");
        using var browser = server.CreateClient();
        var login = () => FulcrumServer.LogInAsync(browser, "leaver@example.com");

        Assert.Equal(HttpStatusCode.Unauthorized, withToken.StatusCode);
        Assert.Contains("locked", withToken.Headers.WwwAuthenticate.ToString());
        await Assert.ThrowsAsync<InvalidOperationException>(login);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{id}/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leaver.GetAsync("/api/v1/me")).StatusCode);
        await login();
    }

    [Fact]
    public async Task The_last_admin_can_neither_be_locked_nor_demoted()
    {
        await using var server = await FulcrumServer.StartAsync();
        var only = await server.CreateUserAsync("only-admin@example.com", Roles.Admin);
        using var admin = server.CreateClient(await server.CreateTokenAsync("second@example.com", Roles.Admin));
        var secondId = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetString();

        var lockSelf = await admin.PostAsync($"/api/v1/users/{secondId}/lock", null);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{only.Id}/lock", null)).StatusCode);
        var demoteLast = await admin.PutAsJsonAsync($"/api/v1/users/{secondId}/role", new { role = "member" });

        Assert.Equal(HttpStatusCode.BadRequest, lockSelf.StatusCode);
        Assert.Contains("You cannot lock your own account.", await lockSelf.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, demoteLast.StatusCode);
        Assert.Contains("last admin", await demoteLast.Content.ReadAsStringAsync());
        Assert.Equal("admin", (await admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_second_account_for_an_email_is_a_conflict_and_other_refusals_name_their_field()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var admin = server.CreateClient(await server.CreateTokenAsync("admin@example.com", Roles.Admin));

        var again = await admin.PostAsJsonAsync("/api/v1/users", new { email = "admin@example.com", password = "a-long-passphrase" });
        var badRole = await admin.PostAsJsonAsync("/api/v1/users", new { email = "new@example.com", password = "a-long-passphrase", role = "king" });
        var nameless = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = " " });
        var forever = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "ci", expiresInDays = 1000 });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("An account for admin@example.com already exists.", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.StartsWith("Unknown role 'king'.", (await badRole.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("account")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.Equal("A token needs a name that says where it is used, e.g. 'CI pipeline'.",
            (await nameless.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal("A token lives from 1 to 730 days.",
            (await forever.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("expiresInDays")[0].GetString());
        Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray());
    }

    [Fact]
    public async Task Unknown_accounts_get_404()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var admin = server.CreateClient(await server.CreateTokenAsync("admin@example.com", Roles.Admin));

        var response = await admin.PostAsync("/api/v1/users/no-such-id/lock", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No such account", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }
}
