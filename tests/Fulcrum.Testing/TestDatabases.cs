using Fulcrum.Web.Data;
using Npgsql;

namespace Fulcrum.Testing;

/// <summary>
/// Fresh, empty databases for tests. SQLite: a new file in a temp folder. PostgreSQL: a new
/// database on the throwaway cluster that ./test.sh starts and names in FULCRUM_TEST_POSTGRES.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "FULCRUM_TEST_POSTGRES";

    public static DatabaseTarget NewSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fulcrum-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return DatabaseTarget.Parse(Path.Combine(directory, "fulcrum.db"));
    }

    /// <summary>Creates a new database on the test cluster. Fails, rather than skips, when the cluster
    /// is not configured: a suite that silently skips PostgreSQL proves nothing about it.</summary>
    public static DatabaseTarget NewPostgres()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests through ./test.sh, which starts a throwaway PostgreSQL cluster, " +
                $"or set {PostgresVariable} to a connection string for a server where the user may CREATE DATABASE.");
        }
        var name = "fulcrum_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return DatabaseTarget.Parse(builder.ConnectionString);
    }

    public static DatabaseTarget New(DatabaseEngine engine) =>
        engine == DatabaseEngine.PostgreSql ? NewPostgres() : NewSqlite();
}
