using System.Data.Common;
using Fulcrum.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Web.Data;

/// <summary>Raised when the database holds migrations this build does not know: it was written
/// by a newer Fulcrum, and touching it could lose data.</summary>
public sealed class SchemaTooNewException(string message) : Exception(message);

public sealed record SchemaStatus(IReadOnlyList<string> Applied, IReadOnlyList<string> Pending, IReadOnlyList<string> Unknown)
{
    public string Current => Applied.Count == 0 ? "(empty)" : Applied[^1];
}

/// <summary>Upgrades a database in place to this build's schema, on SQLite and PostgreSQL alike.</summary>
public static class DatabaseSchema
{
    public static async Task<SchemaStatus> GetStatusAsync(FulcrumDbContext db, CancellationToken cancellationToken = default)
    {
        var known = db.Database.GetMigrations().ToList();
        var applied = await HasHistoryTableAsync(db, cancellationToken)
            ? (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList()
            : [];
        return new SchemaStatus(
            applied,
            known.Except(applied).ToList(),
            applied.Except(known).ToList());
    }

    /// <summary>
    /// Opens <paramref name="target"/> and reads its schema version. A database that cannot be
    /// opened (unreachable, not a database) is refused naming it. Unless <paramref name="mayCreate"/>
    /// (only `serve`, `db migrate` and the first-run `user add` create), a database that does not
    /// exist yet is refused too, so a mistyped --database never becomes a new, empty database.
    /// </summary>
    public static async Task<SchemaStatus> OpenAsync(FulcrumDbContext db, DatabaseTarget target, bool mayCreate, CancellationToken cancellationToken = default)
    {
        const string create = "Create one with `fulcrum db migrate` (or start `fulcrum serve`), or check --database; the demo's is ./fulcrum-demo.db (--demo).";
        if (!mayCreate && target.SqliteFile is { } file && !File.Exists(file))
        {
            throw ProblemException.NotFound($"There is no Fulcrum database at {file}. {create}", "No database");
        }
        if (mayCreate && Path.GetDirectoryName(target.SqliteFile) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
        SchemaStatus status;
        try
        {
            status = await GetStatusAsync(db, cancellationToken);
        }
        catch (Exception e) when (DatabaseFailure(e) is { } failure)
        {
            throw ProblemException.Unavailable("The database cannot be used", $"Cannot use the {target.Description}: {failure.Message}");
        }
        if (!mayCreate && status.Applied.Count == 0)
        {
            throw ProblemException.NotFound($"The {target.Description} holds no Fulcrum data yet. {create}", "No database");
        }
        return status;
    }

    /// <summary>
    /// The migrations this build knows, in order, read from the migration classes' attributes as EF Core
    /// reads them (<c>db.Database.GetMigrations()</c>), but without starting EF Core.
    /// </summary>
    public static IReadOnlyList<string> KnownMigrations { get; } = typeof(FulcrumDbContext).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract
            && (t.GetCustomAttributes(typeof(DbContextAttribute), false) is [DbContextAttribute { ContextType: var context }]) && context == typeof(FulcrumDbContext))
        .Select(t => ((MigrationAttribute)t.GetCustomAttributes(typeof(MigrationAttribute), false).Single()).Id)
        .Order(StringComparer.OrdinalIgnoreCase)
        .ToList();

    /// <summary>
    /// Whether <paramref name="target"/> holds exactly this build's migrations, asked with one query on
    /// a connection of its own. Every CLI command asks first: going through EF Core instead builds its
    /// model of every table, half a second of a command that starts cold (docs/benchmarks.md). False
    /// for anything else — a new, older, newer or unusable database, or one that cannot be asked — and
    /// the caller then goes the full way (<see cref="OpenAsync"/>, <see cref="MigrateAsync"/>), which
    /// creates, migrates or refuses with the right message.
    /// </summary>
    public static async Task<bool> IsCurrentAsync(DatabaseTarget target, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (target.SqliteFile is { } file && !File.Exists(file))
        {
            return false;
        }
        try
        {
            await using var connection = await target.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = target.Engine == DatabaseEngine.Sqlite
                ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{HistoryRepository.DefaultTableName}'"
                : $"SELECT count(*)::int FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{HistoryRepository.DefaultTableName}'";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }
            command.CommandText = $"SELECT \"MigrationId\" FROM \"{HistoryRepository.DefaultTableName}\"";
            var applied = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }
            applied.Sort(StringComparer.OrdinalIgnoreCase);
            if (!applied.SequenceEqual(KnownMigrations, StringComparer.Ordinal))
            {
                return false;
            }
            if (target.Engine == DatabaseEngine.Sqlite)
            {
                // As MigrateAsync does every time: write-ahead logging lets the CLI read and write while `fulcrum serve` holds the file.
                command.CommandText = "PRAGMA journal_mode=WAL;";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (Exception e) when (DatabaseFailure(e) is not null)
        {
            return false;
        }
        logger.LogInformation("Database schema is up to date at {SchemaVersion}", KnownMigrations[^1]);
        return true;
    }

    /// <summary>The database's own error inside <paramref name="e"/> (EF wraps some in its own), or null when there is none.</summary>
    public static DbException? DatabaseFailure(Exception e) =>
        e as DbException ?? (e.InnerException is { } inner ? DatabaseFailure(inner) : null);

    /// <summary>Whether <paramref name="exception"/> says the database is down, restarting or gone — a
    /// connection's failure, not a refused statement — so the answer is 503 and a retry may succeed.</summary>
    public static bool IsUnavailable(Exception exception) => DatabaseFailure(exception) switch
    {
        null => false,
        { IsTransient: true } => true,
        // Npgsql's own (not the server's): the connection failed or broke.
        Npgsql.NpgsqlException and not Npgsql.PostgresException => true,
        // Connection exceptions, operator intervention (shutdown, restart), the database gone.
        Npgsql.PostgresException { SqlState: var state } => state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57", StringComparison.Ordinal) || state == "3D000",
        // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN.
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 or 10 or 14 } => true,
        _ => false,
    };

    // Asking a brand-new database for its history would log a failed query: look for the table first.
    private static async Task<bool> HasHistoryTableAsync(FulcrumDbContext db, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsSqlite()
            ? $"SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '{HistoryRepository.DefaultTableName}'"
            : $"SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{HistoryRepository.DefaultTableName}'";
        return await db.Database.SqlQueryRaw<int>(sql).SingleAsync(cancellationToken) > 0;
    }

    /// <summary>Applies every pending migration (or those up to <paramref name="targetMigration"/>),
    /// logging each, after refusing a database written by a newer version.</summary>
    public static async Task<SchemaStatus> MigrateAsync(
        FulcrumDbContext db, ILogger logger, string? targetMigration = null, CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(db, cancellationToken);
        if (status.Unknown.Count > 0)
        {
            throw new SchemaTooNewException(
                $"This database was written by a newer version of Fulcrum: it has schema version {status.Unknown[^1]}, " +
                $"and this version knows up to {db.Database.GetMigrations().LastOrDefault()}. " +
                "Upgrade Fulcrum, or point --database at another database. Nothing was changed.");
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets the CLI read and write while `fulcrum serve` holds the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var pending = targetMigration is null
            ? status.Pending
            : status.Pending.TakeWhile(m => string.CompareOrdinal(m, targetMigration) <= 0).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database schema is up to date at {SchemaVersion}", status.Current);
            return status;
        }

        foreach (var migration in pending)
        {
            logger.LogInformation("Applying schema migration {Migration}", migration);
        }
        if (!await HasHistoryTableAsync(db, cancellationToken))
        {
            // EF reads the history before creating it; on PostgreSQL that logs a failed query on every
            // new database, which reads like an error to an operator. Creating it first avoids that.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
        }
        var migrator = db.GetService<IMigrator>();
        foreach (var (target, rebuildsTables) in Steps(db, pending))
        {
            await MigrateToAsync(db, migrator, target, rebuildsTables, cancellationToken);
        }
        var after = await GetStatusAsync(db, cancellationToken);
        logger.LogInformation("Database schema migrated from {From} to {To}", status.Current, after.Current);
        return after;
    }

    /// <summary>The pending migrations in runs: on SQLite, those that rebuild a table apart from the rest.</summary>
    private static List<(string Target, bool RebuildsTables)> Steps(FulcrumDbContext db, IReadOnlyList<string> pending)
    {
        var migrations = db.GetService<IMigrationsAssembly>();
        var steps = new List<(string Target, bool RebuildsTables)>();
        foreach (var id in pending)
        {
            var rebuildsTables = db.Database.IsSqlite() && SqliteTableRebuild.IsNeededFor(
                migrations.CreateMigration(migrations.Migrations[id], db.Database.ProviderName!).UpOperations);
            if (steps.Count > 0 && steps[^1].RebuildsTables == rebuildsTables)
            {
                steps[^1] = (id, rebuildsTables);
            }
            else
            {
                steps.Add((id, rebuildsTables));
            }
        }
        return steps;
    }

    private static async Task MigrateToAsync(
        FulcrumDbContext db, IMigrator migrator, string target, bool rebuildsTables, CancellationToken cancellationToken)
    {
        if (!rebuildsTables)
        {
            await migrator.MigrateAsync(target, cancellationToken);
            return;
        }

        // A SQLite table rebuild drops the old table, which with foreign keys enforced deletes its rows and
        // cascades to every table that points at it. SQLite's own procedure for such changes turns enforcement
        // off first, outside any transaction (inside one the pragma does nothing), and checks the foreign keys
        // before committing; each rebuilding migration ends with that check (SqliteRebuildingMigrationsSqlGenerator).
        // The connection is held open so that the migrator runs on the one the pragma was set on.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var enforced = await db.Database
                .SqlQueryRaw<long>("SELECT foreign_keys AS \"Value\" FROM pragma_foreign_keys")
                .SingleAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;", cancellationToken);
            try
            {
                await migrator.MigrateAsync(target, cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync(enforced == 1 ? "PRAGMA foreign_keys = ON;" : "PRAGMA foreign_keys = OFF;", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
