using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Npgsql;

namespace Fulcrum.Web.Tests.Hosting;

/// <summary>What a load balancer asks a node: is it up (/health/live), should it get requests (/health/ready).</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Live_and_ready_answer_Healthy_without_a_login()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var client = server.CreateClient();

        foreach (var path in new[] { "/health/live", "/health/ready", "/healthz" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Ready_is_503_when_the_PostgreSQL_database_is_gone_and_live_stays_200()
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.NewPostgres());
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await AdministerAsync($"DROP DATABASE {NameOf(server.Database)} WITH (FORCE)");

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_node_answers_503_while_PostgreSQL_refuses_connections_and_recovers_without_a_restart()
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.NewPostgres());
        var token = await server.CreateTokenAsync("ci@example.com", Roles.Member);
        using var api = server.CreateClient(bearerToken: token);
        // The balancer asks without a login.
        using var balancer = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
        var name = NameOf(server.Database);

        // As a PostgreSQL restart looks to a node: every connection cut, new ones refused for a while
        // (the database is renamed away, so they fail the way connections to a missing database do).
        await AdministerAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS false");
        await AdministerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        await AdministerAsync($"ALTER DATABASE {name} RENAME TO {name}_away");

        var during = await api.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(503, (await during.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await balancer.GetAsync("/health/ready")).StatusCode);

        await AdministerAsync($"ALTER DATABASE {name}_away RENAME TO {name}");
        await AdministerAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");

        // A pooled connection cut above may fail one more request; then the node is back.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await balancer.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.OK, (await balancer.GetAsync("/health/ready")).StatusCode);
        Assert.Equal("ci@example.com", (await api.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Ready_is_503_once_the_node_is_told_to_stop()
    {
        var server = await FulcrumServer.StartAsync();
        using var client = server.CreateClient();
        HttpStatusCode? whileStopping = null;
        // Runs as the node starts stopping, before it stops listening: what the balancer sees then.
        server.App.Lifetime.ApplicationStopping.Register(() =>
            whileStopping = client.GetAsync("/health/ready").GetAwaiter().GetResult().StatusCode);

        await server.DisposeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileStopping);
    }

    private static string NameOf(DatabaseTarget database) => new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;

    private static async Task AdministerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(TestDatabases.PostgresVariable));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
