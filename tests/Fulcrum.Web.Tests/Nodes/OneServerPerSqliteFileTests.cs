using Fulcrum.Core;
using Fulcrum.Testing;
using Fulcrum.Web.Tests.Cli;

namespace Fulcrum.Web.Tests.Nodes;

/// <summary>SQLite is the one-node database: a second server on a file already served is refused, and
/// pointed at PostgreSQL; the CLI's other commands still work beside the running server.</summary>
public sealed class OneServerPerSqliteFileTests
{
    [Fact]
    public async Task A_second_fulcrum_serve_on_a_served_sqlite_file_exits_2_naming_the_file_the_server_and_PostgreSQL()
    {
        var database = TestDatabases.NewSqlite();
        await using var server = await FulcrumServer.StartAsync(database);
        var file = Path.GetFullPath(database.SqliteFile!);

        var second = await CliProcess.RunAsync(file, null, "serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"{file} is already served by another Fulcrum server (process {Environment.ProcessId} on", second.Error);
        Assert.Contains("to run several nodes, use PostgreSQL", second.Error);
        // Beside the running server, the other commands still work.
        var status = await CliProcess.RunAsync(file, null, "db", "status");
        Assert.Equal(0, status.ExitCode);
    }

    [Fact]
    public async Task A_second_server_in_the_same_process_is_refused_and_the_file_is_free_again_once_the_first_stops()
    {
        var database = TestDatabases.NewSqlite();
        var first = await FulcrumServer.StartAsync(database);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => FulcrumServer.StartAsync(database));
        Assert.Equal(ProblemKind.Unavailable, refused.Kind);
        Assert.Contains("is already served by another Fulcrum server", refused.Message);

        await first.DisposeAsync();
        await using var again = await FulcrumServer.StartAsync(database);
        using var client = again.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task The_file_is_free_again_when_the_serving_process_is_killed()
    {
        var database = TestDatabases.NewSqlite();
        // Disposing it kills it with SIGKILL: no shutdown, no clean-up; only the OS lets go of the lock.
        await using (var serving = await ServeProcess.StartAsync(database))
        {
            var refused = await Assert.ThrowsAsync<ProblemException>(() => FulcrumServer.StartAsync(database));
            Assert.Contains($"(process {serving.ProcessId} on", refused.Message);
        }

        await using var server = await FulcrumServer.StartAsync(database);
        using var client = server.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }
}
