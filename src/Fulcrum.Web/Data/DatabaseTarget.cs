using Fulcrum.Core;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Fulcrum.Web.Data;

public enum DatabaseEngine
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Where the data lives, from one string: a SQLite file path (the default, nothing to install) or
/// a PostgreSQL connection string, either <c>Host=…;Database=…</c> or <c>postgresql://user:pw@host/db</c>.
/// </summary>
public sealed record DatabaseTarget(DatabaseEngine Engine, string ConnectionString, string Description)
{
    public const string DefaultSqlitePath = "fulcrum.db";
    public const string EnvironmentVariable = "FULCRUM_DATABASE";

    public static DatabaseTarget Parse(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? DefaultSqlitePath : value.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                throw ProblemException.InvalidField("database", $"'{text}' is not a PostgreSQL URL like postgresql://user:password@host:5432/fulcrum.", "The database is not valid");
            }
            return FromPostgresBuilder(FromUri(uri));
        }
        if (LooksLikeKeyValue(text))
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException e)
            {
                throw ProblemException.InvalidField("database", $"The PostgreSQL connection string is not valid: {e.Message}", "The database is not valid");
            }
            return FromPostgresBuilder(builder);
        }
        var path = Path.GetFullPath(text);
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            // Wait for another process's write (the CLI while `serve` runs) instead of failing at once.
            DefaultTimeout = 30,
        };
        return new DatabaseTarget(DatabaseEngine.Sqlite, sqlite.ToString(), $"SQLite file {path}");
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        switch (Engine)
        {
            case DatabaseEngine.Sqlite:
                options.UseSqlite(ConnectionString);
                // Hand-written migrations have no model for EF to rebuild a table from (ADR 0001).
                options.ReplaceService<IMigrationsSqlGenerator, SqliteRebuildingMigrationsSqlGenerator>();
                break;
            case DatabaseEngine.PostgreSql:
                options.UseNpgsql(ConnectionString);
                break;
        }
        // Migrations are hand-written without a model snapshot (ADR 0001); the schema test
        // compares the migrated schema with the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>The SQLite file's path; null for PostgreSQL.</summary>
    public string? SqliteFile => Engine == DatabaseEngine.Sqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource : null;

    /// <summary>A connection of its own (not EF Core's), closed, for the few reads that must not wait for EF Core's model.</summary>
    public System.Data.Common.DbConnection CreateConnection() => Engine switch
    {
        DatabaseEngine.Sqlite => new SqliteConnection(ConnectionString),
        _ => new NpgsqlConnection(ConnectionString),
    };

    /// <summary>A connection of its own, opened; nothing is left open when opening fails.</summary>
    public async Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }

    private static bool LooksLikeKeyValue(string text) =>
        text.Contains('=') && text.Split(';').Any(part =>
        {
            var key = part.Split('=', 2)[0].Trim();
            return key.Equals("Host", StringComparison.OrdinalIgnoreCase)
                || key.Equals("Server", StringComparison.OrdinalIgnoreCase);
        });

    private static NpgsqlConnectionStringBuilder FromUri(Uri uri)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        return builder;
    }

    private static DatabaseTarget FromPostgresBuilder(NpgsqlConnectionStringBuilder builder) =>
        new(DatabaseEngine.PostgreSql, builder.ConnectionString,
            $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}");
}
