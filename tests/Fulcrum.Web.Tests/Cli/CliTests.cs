using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Cli;

public sealed class CliTests
{
    private static string NewSqlitePath() => TestDatabases.NewSqlite().ConnectionString.Split('=', ';')[1];

    [Fact]
    public async Task Help_lists_every_command()
    {
        var result = await CliProcess.RunAsync(NewSqlitePath(), null, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "serve", "db", "user", "token", "org" })
        {
            Assert.Contains($"  {command} ", result.Output);
        }
    }

    [Fact]
    public async Task First_run_bootstrap_creates_an_admin_on_a_new_database()
    {
        var path = NewSqlitePath();

        var result = await CliProcess.RunAsync(path, "a-long-passphrase\n", "user", "add", "root@example.com", "--admin", "--password-stdin");
        var list = await CliProcess.RunAsync(path, null, "user", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Created root@example.com (admin)", result.Output);
        Assert.Matches(@"root@example\.com\s+admin", list.Output);
    }

    [Fact]
    public async Task A_second_account_with_the_same_email_is_refused_with_exit_code_1()
    {
        var path = NewSqlitePath();
        await CliProcess.RunAsync(path, "a-long-passphrase\n", "user", "add", "ada@example.com", "--password-stdin");

        var again = await CliProcess.RunAsync(path, "a-long-passphrase\n", "user", "add", "ada@example.com", "--password-stdin");
        var tooShort = await CliProcess.RunAsync(path, "short\n", "user", "add", "bob@example.com", "--password-stdin");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("An account for ada@example.com already exists.", again.Error);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Contains("at least 10 characters", tooShort.Error);
    }

    [Fact]
    public async Task The_cli_imports_into_the_same_sqlite_file_while_the_server_runs()
    {
        var database = TestDatabases.NewSqlite();
        await using var server = await FulcrumServer.StartAsync(database);
        using var client = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/teams")).EnumerateArray());
        var file = Path.Combine(Path.GetTempPath(), $"teams-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "name,parent\nEngineering,\nPlatform,Engineering\n");

        // Keep the server busy writing while the CLI writes too.
        var serverWrites = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await client.PostAsJsonAsync("/api/v1/services", new { name = $"svc-{i}" });
            }
        });
        var result = await CliProcess.RunAsync(database.ConnectionString.Split('=', ';')[1], null, "org", "import", "teams", file);
        await serverWrites;

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Imported teams: 2 created, 0 updated.", result.Output);
        var teams = await client.GetFromJsonAsync<JsonElement>("/api/v1/teams");
        Assert.Equal(["Engineering", "Platform"], teams.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(20, (await client.GetFromJsonAsync<JsonElement>("/api/v1/services")).GetArrayLength());
    }

    [Fact]
    public async Task A_bad_import_file_exits_1_naming_row_and_column_and_imports_nothing()
    {
        var path = NewSqlitePath();
        await CliProcess.RunAsync(path, null, "db", "migrate"); // only serve, db migrate and user add create a database
        var file = Path.Combine(Path.GetTempPath(), $"people-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "name,email\nAda,ada@example.com\nBob,bob-at-example\n");

        var result = await CliProcess.RunAsync(path, null, "org", "import", "people", file);
        var show = await CliProcess.RunAsync(path, null, "org", "show", "--format", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("row 3, column 'email': 'bob-at-example' is not an email address", result.Error);
        Assert.Contains("Nothing was imported", result.Error);
        Assert.Equal(0, JsonDocument.Parse(show.Output).RootElement.GetProperty("people").GetArrayLength());
    }

    [Fact]
    public async Task Export_writes_the_import_format()
    {
        var path = NewSqlitePath();
        await CliProcess.RunAsync(path, null, "db", "migrate"); // only serve, db migrate and user add create a database
        var file = Path.Combine(Path.GetTempPath(), $"teams-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "name,parent,description\nEngineering,,\nMobile,Engineering,\"iOS, Android\"\n");
        await CliProcess.RunAsync(path, null, "org", "import", "teams", file);

        var export = await CliProcess.RunAsync(path, null, "org", "export", "teams");

        Assert.Equal(0, export.ExitCode);
        Assert.Equal("name,parent,description\nEngineering,,\nMobile,Engineering,\"iOS, Android\"\n", export.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused_with_exit_code_2()
    {
        var database = TestDatabases.NewSqlite();
        var path = database.ConnectionString.Split('=', ';')[1];
        Assert.Equal(0, (await CliProcess.RunAsync(path, null, "db", "migrate")).ExitCode);
        var options = new DbContextOptionsBuilder<FulcrumDbContext>();
        database.Configure(options);
        await using (var db = new FulcrumDbContext(options.Options))
        {
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "__EFMigrationsHistory" VALUES ('20991231000000_FromTheFuture', '99.0.0')""");
        }

        var result = await CliProcess.RunAsync(path, null, "org", "show");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("written by a newer version of Fulcrum", result.Error);
    }

    [Fact]
    public async Task Tokens_made_by_the_cli_work_against_the_server_until_revoked()
    {
        var database = TestDatabases.NewSqlite();
        var path = database.ConnectionString.Split('=', ';')[1];
        await CliProcess.RunAsync(path, "a-long-passphrase\n", "user", "add", "ci@example.com", "--role", "leader", "--password-stdin");
        var created = await CliProcess.RunAsync(path, null, "token", "create", "--user", "ci@example.com", "--name", "pipeline", "--days", "30");
        var token = created.Output.Trim();
        await using var server = await FulcrumServer.StartAsync(database);
        using var client = server.CreateClient(token);

        var before = await client.GetAsync("/api/v1/me");
        var id = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().ApiTokens.Select(t => t.Id).SingleAsync());
        var revoked = await CliProcess.RunAsync(path, null, "token", "revoke", "--user", "ci@example.com", id.ToString());
        var after = await client.GetAsync("/api/v1/me");

        Assert.Equal(0, created.ExitCode);
        Assert.StartsWith("fulcrum_", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, before.StatusCode);
        Assert.Contains($"Revoked token {id}.", revoked.Output);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
