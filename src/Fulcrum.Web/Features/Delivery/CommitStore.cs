using System.Data.Common;
using System.Globalization;
using System.Text;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>
/// Bulk reads and writes of commit metadata, below EF for speed: a prepared INSERT on SQLite and
/// binary COPY on PostgreSQL. Runs inside the caller's EF transaction, so an ingest is all or nothing.
/// </summary>
public static class CommitStore
{
    /// <summary>
    /// Reads the commits reachable from <paramref name="include"/> and not from <paramref name="exclude"/>
    /// and stores them for the repository, inside the caller's transaction. Returns how many were new.
    /// </summary>
    public static async Task<int> InsertAsync(
        FulcrumDbContext db, int repositoryId, GitRepository git, IReadOnlyCollection<string> include, IReadOnlyCollection<string> exclude,
        bool firstRead, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Commits are written inside a transaction.");
        if (db.Database.IsNpgsql())
        {
            await using var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
                """COPY "Commits" ("RepositoryId", "Sha", "Parents", "CommittedAt") FROM STDIN (FORMAT BINARY)""", cancellationToken);
            var copied = 0;
            // git is read on a worker thread and rows are written as they come: the writer's sync API
            // buffers and flushes to the server itself.
            await Task.Run(() => git.ReadCommits(include, exclude, (sha, seconds, parents) =>
            {
                writer.StartRow();
                writer.Write(repositoryId, NpgsqlDbType.Integer);
                writer.Write(Encoding.ASCII.GetString(sha), NpgsqlDbType.Varchar);
                writer.Write(Encoding.ASCII.GetString(parents), NpgsqlDbType.Text);
                writer.Write(DateTime.UnixEpoch.AddSeconds(seconds), NpgsqlDbType.TimestampTz);
                copied++;
            }, cancellationToken), cancellationToken);
            await writer.CompleteAsync(cancellationToken);
            return copied;
        }

        // A first read of a big history: maintaining the unique sha index row by row scatters writes
        // over the whole index; dropping it and building it again afterwards (one sort) is several
        // times faster. It is rebuilt inside the same transaction, so a duplicate would undo the
        // ingest. The commit-time index stays: git prints newest first, so its inserts all land at
        // one edge of the index, which costs less than building it again.
        await ExecuteAsync(connection, transaction, "PRAGMA cache_size = -65536", cancellationToken);
        if (firstRead)
        {
            await ExecuteAsync(connection, transaction, """DROP INDEX IF EXISTS "IX_Commits_RepositoryId_Sha" """, cancellationToken);
        }
        var count = await Task.Run(() => WriteRows(((SqliteConnection)connection).Handle!, repositoryId, git, include, exclude, cancellationToken), cancellationToken);
        if (firstRead)
        {
            await ExecuteAsync(connection, transaction, """CREATE UNIQUE INDEX "IX_Commits_RepositoryId_Sha" ON "Commits" ("RepositoryId", "Sha")""", cancellationToken);
        }
        return count;
    }

    /// <summary>
    /// Writes each commit as git prints it, straight from git's bytes through SQLite's C API: no
    /// strings, no per-row allocations, so the writer keeps pace with git on the other core. (The
    /// ADO.NET layer's per-parameter cost was the bottleneck at a million rows.)
    /// </summary>
    private static int WriteRows(
        SQLitePCL.sqlite3 handle, int repositoryId, GitRepository git, IReadOnlyCollection<string> include, IReadOnlyCollection<string> exclude,
        CancellationToken cancellationToken)
    {
        Check(handle, raw.sqlite3_prepare_v2(handle,
            """INSERT OR IGNORE INTO "Commits" ("RepositoryId", "Sha", "Parents", "CommittedAt") VALUES (?1, ?2, ?3, ?4)""", out var statement));
        using (statement)
        {
            var count = 0;
            var time = new byte[32];
            Check(handle, raw.sqlite3_bind_int(statement, 1, repositoryId));
            git.ReadCommits(include, exclude, (sha, seconds, parents) =>
            {
                // The text form EF Core's SQLite provider writes and compares.
                DateTime.UnixEpoch.AddSeconds(seconds).TryFormat(time, out var length, StoredTimeFormat, CultureInfo.InvariantCulture);
                raw.sqlite3_bind_text(statement, 2, sha);
                raw.sqlite3_bind_text(statement, 3, parents);
                raw.sqlite3_bind_text(statement, 4, time.AsSpan(0, length));
                var result = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (result != raw.SQLITE_DONE)
                {
                    Check(handle, result);
                }
                count += raw.sqlite3_changes(handle);
            }, cancellationToken);
            return count;
        }
    }

    /// <summary>How EF Core's SQLite provider stores a <see cref="DateTime"/>.</summary>
    private const string StoredTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private static void Check(SQLitePCL.sqlite3 handle, int result)
    {
        if (result != raw.SQLITE_OK && result != raw.SQLITE_DONE)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes a service's shipped changes in bulk (after the caller deleted the old ones).</summary>
    public static async Task InsertShippedAsync(FulcrumDbContext db, IEnumerable<ShippedChange> changes, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Shipped changes are written inside a transaction.");
        if (db.Database.IsNpgsql())
        {
            await using var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
                """COPY "ShippedChanges" ("CommitId", "ServiceId", "DeploymentId", "ShippedAt", "LeadTimeHours") FROM STDIN (FORMAT BINARY)""", cancellationToken);
            foreach (var change in changes)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(change.CommitId, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(change.ServiceId, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(change.DeploymentId, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(change.ShippedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(change.LeadTimeHours, NpgsqlDbType.Double, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO "ShippedChanges" ("CommitId", "ServiceId", "DeploymentId", "ShippedAt", "LeadTimeHours")
            VALUES ($commit, $service, $deployment, $at, $hours)
            """;
        var commit = Parameter(command, "$commit", 0L);
        var service = Parameter(command, "$service", 0);
        var deployment = Parameter(command, "$deployment", 0L);
        var at = Parameter(command, "$at", "");
        var hours = Parameter(command, "$hours", 0.0);
        await command.PrepareAsync(cancellationToken);
        foreach (var change in changes)
        {
            commit.Value = change.CommitId;
            service.Value = change.ServiceId;
            deployment.Value = change.DeploymentId;
            at.Value = change.ShippedAt.ToString(StoredTimeFormat, CultureInfo.InvariantCulture);
            hours.Value = change.LeadTimeHours;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Which of <paramref name="shas"/> are in the service's ingested history; null when no
    /// repository has been read for the service (so nothing can be known).</summary>
    public static async Task<HashSet<string>?> KnownShasAsync(
        FulcrumDbContext db, int serviceId, IEnumerable<string> shas, CancellationToken cancellationToken)
    {
        var repositories = await db.Repositories.Where(r => r.ServiceId == serviceId).Select(r => r.Id).ToListAsync(cancellationToken);
        if (repositories.Count == 0)
        {
            return null;
        }
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in shas.Distinct().Chunk(500))
        {
            known.UnionWith(await db.Commits.Where(c => repositories.Contains(c.RepositoryId) && chunk.Contains(c.Sha))
                .Select(c => c.Sha).ToListAsync(cancellationToken));
        }
        return known;
    }

    /// <summary>Loads the history of the given repositories as a graph tagged with commit ids.</summary>
    public static async Task<CommitGraph> LoadGraphAsync(FulcrumDbContext db, IReadOnlyCollection<int> repositoryIds, CancellationToken cancellationToken)
    {
        var builder = new CommitGraph.Builder();
        if (repositoryIds.Count == 0)
        {
            return builder.Build();
        }
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"""SELECT "Id", "Sha", "Parents", "CommittedAt" FROM "Commits" WHERE "RepositoryId" IN ({string.Join(',', repositoryIds)})""";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var committedAt = DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc);
            builder.Add(reader.GetString(1), reader.GetString(2), committedAt, reader.GetInt64(0));
        }
        return builder.Build();
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
