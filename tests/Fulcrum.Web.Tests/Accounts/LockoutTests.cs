using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Accounts;

/// <summary>
/// Wrong passwords lock a login for a while. Anyone who knows an email can type them, so that lockout
/// must neither stop the account's API tokens (a CI pipeline's deploy webhook) nor tell a stranger
/// that the email has an account. An admin's lock is different: it stops tokens too.
/// </summary>
public sealed partial class LockoutTests
{
    private static readonly Dictionary<string, string?> ThreeTries = new() { ["Fulcrum:Accounts:MaxFailedLogins"] = "3" };

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Wrong_passwords_lock_the_login_but_the_accounts_token_still_posts_deployments(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine), settings: ThreeTries);
        using var leader = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        (await leader.PostAsJsonAsync("/api/v1/services", new { name = "payments" })).EnsureSuccessStatusCode();
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        using var stranger = server.CreateClient();
        using var owner = server.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            await LogInAsync(stranger, "ci@example.com", "a-wrong-guess");
        }
        var deployed = await ci.PostAsync("/api/v1/deployments", new StringContent(
            """{"id":"d1","service":"payments","environment":"production","finished_at":"2026-03-03T12:00:00Z","result":"success"}""",
            Encoding.UTF8, "application/json"));

        // The login itself is locked: even the right password is refused for now.
        await Assert.ThrowsAsync<InvalidOperationException>(() => FulcrumServer.LogInAsync(owner, "ci@example.com"));
        Assert.Equal(HttpStatusCode.OK, deployed.StatusCode);
        Assert.Equal(1, (await deployed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
        var report = await leader.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report?service=payments&since=2026-03-01&until=2026-03-05");
        Assert.Equal(1, report.GetProperty("coverage").GetProperty("deployments").GetInt32());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task An_admins_lock_still_stops_the_accounts_tokens(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var admin = server.CreateClient(await server.CreateTokenAsync("admin@example.com", Roles.Admin));
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray()
            .Single(u => u.GetProperty("email").GetString() == "ci@example.com").GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{id}/lock", null)).StatusCode);
        var response = await ci.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("the account is locked", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_login_page_answers_a_locked_account_as_it_answers_a_wrong_password_or_an_unknown_email()
    {
        await using var server = await FulcrumServer.StartAsync(settings: ThreeTries);
        await server.CreateUserAsync("ada@example.com", Roles.Member);
        await server.CreateUserAsync("grace@example.com", Roles.Member);
        using var browser = server.CreateClient();

        var wrongPassword = await LogInAsync(browser, "ada@example.com", "not-the-password");
        var unknownEmail = await LogInAsync(browser, "nobody@example.com", "not-the-password");
        for (var i = 0; i < 3; i++)
        {
            await LogInAsync(browser, "grace@example.com", "not-the-password");
        }
        var lockedWrong = await LogInAsync(browser, "grace@example.com", "not-the-password");
        var lockedRight = await LogInAsync(browser, "grace@example.com", FulcrumServer.Password);

        Assert.StartsWith("The email or password is not right.", wrongPassword);
        Assert.Equal(wrongPassword, unknownEmail);
        Assert.Equal(wrongPassword, lockedWrong);
        Assert.Equal(wrongPassword, lockedRight);
    }

    /// <summary>Posts the login form; the error the page shows (empty when it signed in).</summary>
    private static async Task<string> LogInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(page),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var match = ErrorPattern().Match(await response.Content.ReadAsStringAsync());
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";
    }

    [GeneratedRegex("""<p class="notice error" role="alert">([^<]*)</p>""")]
    private static partial Regex ErrorPattern();
}
