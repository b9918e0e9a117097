using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Cli;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Tests.Cli;

namespace Fulcrum.Web.Tests.Accounts;

/// <summary>What accounts and tokens may carry: emails, names and token names their columns can hold, without
/// control characters (PostgreSQL refused a NUL, even in a lookup, with a 500; SQLite stored it), alike on both engines.</summary>
public sealed class AccountsBoundaryTests
{
    private const string Nul = "\u0000";

    private static async Task<string> ErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Accounts_and_tokens_with_control_characters_or_too_long_are_400_naming_the_field_and_nothing_is_stored(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var admin = server.CreateClient(await server.CreateTokenAsync("admin@example.com", Roles.Admin));
        object User(string email, string? displayName = null) => new { email, displayName, password = "a-long-passphrase", role = Roles.Member };

        var nulEmail = await admin.PostAsJsonAsync("/api/v1/users", User($"ada{Nul}@example.com"));
        var longEmail = await admin.PostAsJsonAsync("/api/v1/users", User(new string('a', 250) + "@example.com"));
        var nulName = await admin.PostAsJsonAsync("/api/v1/users", User("ada@example.com", $"Ada{Nul}"));
        var longName = await admin.PostAsJsonAsync("/api/v1/users", User("ada@example.com", new string('n', 201)));
        var nulToken = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = $"CI{Nul}", expiresInDays = 30 });
        var longToken = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = new string('t', 201), expiresInDays = 30 });

        Assert.Equal("An email address holds a control character (U+0000) at character 4; only printable text is stored.", await ErrorAsync(nulEmail, "email"));
        Assert.Equal("An email address has at most 256 characters.", await ErrorAsync(longEmail, "email"));
        Assert.Equal("A name holds a control character (U+0000) at character 4; only printable text is stored.", await ErrorAsync(nulName, "displayName"));
        Assert.Equal("A name has at most 200 characters.", await ErrorAsync(longName, "displayName"));
        Assert.Equal("A token name holds a control character (U+0000) at character 3; only printable text is stored.", await ErrorAsync(nulToken, "name"));
        Assert.Equal("A token name has at most 200 characters.", await ErrorAsync(longToken, "name"));
        Assert.Equal(["admin@example.com"], (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray().Select(u => u.GetProperty("email").GetString()));
        Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/v1/tokens")).EnumerateArray());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task The_cli_refuses_a_name_too_long_or_a_token_name_with_a_terminal_escape_with_exit_1_and_stores_nothing(DatabaseEngine engine)
    {
        var database = TestDatabases.New(engine);
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;
        await using var server = await FulcrumServer.StartAsync(database);
        using var admin = server.CreateClient(await server.CreateTokenAsync("admin@example.com", Roles.Admin));

        var user = await CliProcess.RunAsync(target, "a-long-passphrase\n", "user", "add", "ada@example.com", "--name", new string('n', 201), "--password-stdin");
        var token = await CliProcess.RunAsync(target, null, "token", "create", "--user", "admin@example.com", "--name", "CI\u001b[2J");

        Assert.Equal(ExitCodes.BadInput, user.ExitCode);
        Assert.Contains("error: A name has at most 200 characters.", user.Error);
        Assert.Equal(ExitCodes.BadInput, token.ExitCode);
        Assert.Contains("error: A token name holds a control character (U+001B) at character 3; only printable text is stored.", token.Error);
        Assert.Equal(["admin@example.com"], (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray().Select(u => u.GetProperty("email").GetString()));
        Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/v1/tokens")).EnumerateArray());
    }
}
