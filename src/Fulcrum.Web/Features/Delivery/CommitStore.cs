using System.Data.Common;
using System.Text;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>
/// Bulk reads and writes of commit metadata, below EF for speed: a prepared INSERT on SQLite and
/// binary COPY on PostgreSQL. Runs inside the caller's transaction, so an ingest is all or nothing.
/// </summary>
public static class CommitStore
{
    /// <summary>One commit's first shipping: the row of <see cref="ShippedChange"/> without the entity's weight.</summary>
    public readonly record struct ShippedRow(long CommitId, long DeploymentId, DateTime ShippedAt, double LeadTimeHours);

    /// <summary>
    /// Reads the commits reachable from <paramref name="include"/> and not from <paramref name="exclude"/>
    /// and stores those the service does not have yet, for the repository, inside the caller's
    /// transaction. Returns how many were new. A commit is stored once per service: one already read
    /// from another of its repositories (a new clone, a fork) or read again after history was
    /// rewritten is skipped, not stored twice.
    /// </summary>
    /// <param name="firstRead">The service has no commits yet, so nothing read can be a duplicate: the
    /// bulk paths that skip the duplicate check are safe.</param>
    public static async Task<int> InsertAsync(
        DbConnection connection, DbTransaction transaction, bool npgsql, int serviceId, int repositoryId, GitRepository git,
        IReadOnlyCollection<string> include, IReadOnlyCollection<string> exclude, bool firstRead, CancellationToken cancellationToken)
    {
        if (npgsql)
        {
            // COPY cannot skip a row it conflicts with: after the first read, rows go to a scratch table
            // and from there into the commits the service does not have.
            var into = firstRead ? "\"Commits\" (\"ServiceId\", \"RepositoryId\", \"Sha\", \"Parents\", \"CommittedAt\")" : "\"IncomingCommits\" (\"Sha\", \"Parents\", \"CommittedAt\")";
            if (!firstRead)
            {
                await ExecuteAsync(connection, transaction,
                    """CREATE TEMPORARY TABLE "IncomingCommits" ("Ordinal" bigserial, "Sha" varchar(64) NOT NULL, "Parents" text NOT NULL, "CommittedAt" timestamptz NOT NULL) ON COMMIT DROP""",
                    cancellationToken);
            }
            var copied = 0;
            await using (var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY {into} FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                // git is read on a worker thread and rows are written as they come: the writer's sync API
                // buffers and flushes to the server itself.
                await Task.Run(() => git.ReadCommits(include, exclude, (sha, seconds, parents) =>
                {
                    writer.StartRow();
                    if (firstRead)
                    {
                        writer.Write(serviceId, NpgsqlDbType.Integer);
                        writer.Write(repositoryId, NpgsqlDbType.Integer);
                    }
                    writer.Write(Encoding.ASCII.GetString(sha), NpgsqlDbType.Varchar);
                    writer.Write(Encoding.ASCII.GetString(parents), NpgsqlDbType.Text);
                    writer.Write(DateTime.UnixEpoch.AddSeconds(seconds), NpgsqlDbType.TimestampTz);
                    copied++;
                }, cancellationToken), cancellationToken);
                await writer.CompleteAsync(cancellationToken);
            }
            if (firstRead)
            {
                return copied;
            }
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            // In the order git printed them, as the first read stores them.
            insert.CommandText = """
                INSERT INTO "Commits" ("ServiceId", "RepositoryId", "Sha", "Parents", "CommittedAt")
                SELECT @service, @repository, "Sha", "Parents", "CommittedAt" FROM "IncomingCommits" ORDER BY "Ordinal"
                ON CONFLICT ("ServiceId", "Sha") DO NOTHING;
                DROP TABLE "IncomingCommits";
                """;
            Parameter(insert, "service", serviceId);
            Parameter(insert, "repository", repositoryId);
            return await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // A first read of a big history: maintaining the unique sha index row by row scatters writes
        // over the whole index; dropping it and building it again afterwards (one sort) is several
        // times faster. It is rebuilt inside the same transaction, so a duplicate would undo the
        // ingest. The commit-time index stays: git prints newest first, so its inserts all land at
        // one edge of the index, which costs less than building it again.
        await ExecuteAsync(connection, transaction, "PRAGMA cache_size = -65536", cancellationToken);
        if (firstRead)
        {
            await ExecuteAsync(connection, transaction, """DROP INDEX IF EXISTS "IX_Commits_ServiceId_Sha" """, cancellationToken);
        }
        var count = await Task.Run(() => WriteRows(connection, serviceId, repositoryId, git, include, exclude, cancellationToken), cancellationToken);
        if (firstRead)
        {
            await ExecuteAsync(connection, transaction, """CREATE UNIQUE INDEX "IX_Commits_ServiceId_Sha" ON "Commits" ("ServiceId", "Sha")""", cancellationToken);
        }
        return count;
    }

    /// <summary>
    /// Writes each commit as git prints it, straight from git's bytes through SQLite's C API: no
    /// strings, no per-row allocations, so the writer keeps pace with git on the other core. (The
    /// ADO.NET layer's per-parameter cost was the bottleneck at a million rows.) A commit the service
    /// already has is ignored by the unique (service, sha) index and not counted.
    /// </summary>
    private static int WriteRows(
        DbConnection connection, int serviceId, int repositoryId, GitRepository git, IReadOnlyCollection<string> include, IReadOnlyCollection<string> exclude,
        CancellationToken cancellationToken)
    {
        using var insert = SqliteStatement.Prepare(connection,
            """INSERT OR IGNORE INTO "Commits" ("ServiceId", "RepositoryId", "Sha", "Parents", "CommittedAt") VALUES (?5, ?1, ?2, ?3, ?4)""");
        var count = 0;
        var time = new byte[32];
        insert.Bind(1, repositoryId);
        insert.Bind(5, serviceId);
        git.ReadCommits(include, exclude, (sha, seconds, parents) =>
        {
            insert.Bind(2, sha);
            insert.Bind(3, parents);
            insert.Bind(4, time.AsSpan(0, SqliteTime.Write(DateTime.UnixEpoch.AddSeconds(seconds), time)));
            count += insert.Execute();
        }, cancellationToken);
        return count;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Makes the service's shipped changes equal to <paramref name="rows"/> (sorted by commit id).
    /// On SQLite only the difference is written: a new commit or deployment changes a handful of
    /// rows, and rewriting a million of them took 20 s. PostgreSQL replaces them with one COPY.
    /// Returns how many rows were written or removed.
    /// </summary>
    public static async Task<int> ReplaceShippedAsync(FulcrumDbContext db, int serviceId, IReadOnlyList<ShippedRow> rows, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Shipped changes are written inside a transaction.");
        if (db.Database.IsNpgsql())
        {
            var removed = await db.ShippedChanges.Where(c => c.ServiceId == serviceId).ExecuteDeleteAsync(cancellationToken);
            await using var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
                """COPY "ShippedChanges" ("CommitId", "ServiceId", "DeploymentId", "ShippedAt", "LeadTimeHours") FROM STDIN (FORMAT BINARY)""", cancellationToken);
            foreach (var change in rows)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(change.CommitId, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(serviceId, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(change.DeploymentId, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(change.ShippedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(change.LeadTimeHours, NpgsqlDbType.Double, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
            return removed + rows.Count;
        }

        // SQLite's default 2 MB page cache makes the two indexes spill and re-read pages from the WAL
        // every few rows (40 s for a million rows); with 64 MB and rows in key order, a few seconds.
        await ExecuteAsync(connection, transaction, "PRAGMA cache_size = -65536", cancellationToken);
        var stored = new List<ShippedRow>(rows.Count);
        using (var select = SqliteStatement.Prepare(connection, """
            SELECT "CommitId", "DeploymentId", "ShippedAt", "LeadTimeHours" FROM "ShippedChanges" WHERE "ServiceId" = ?1 ORDER BY "CommitId"
            """))
        {
            select.Bind(1, serviceId);
            while (select.Read())
            {
                stored.Add(new ShippedRow(select.Int64(0), select.Int64(1), SqliteTime.Parse(select.Text(2)), select.Double(3)));
            }
        }
        using var insert = SqliteStatement.Prepare(connection, """
            INSERT INTO "ShippedChanges" ("CommitId", "ServiceId", "DeploymentId", "ShippedAt", "LeadTimeHours") VALUES (?1, ?5, ?2, ?3, ?4)
            """);
        using var update = SqliteStatement.Prepare(connection, """
            UPDATE "ShippedChanges" SET "DeploymentId" = ?2, "ShippedAt" = ?3, "LeadTimeHours" = ?4 WHERE "CommitId" = ?1
            """);
        using var delete = SqliteStatement.Prepare(connection, """DELETE FROM "ShippedChanges" WHERE "CommitId" = ?1""");
        insert.Bind(5, serviceId);
        var time = new byte[32];
        void Write(SqliteStatement statement, ShippedRow row)
        {
            statement.Bind(1, row.CommitId);
            statement.Bind(2, row.DeploymentId);
            statement.Bind(3, time.AsSpan(0, SqliteTime.Write(row.ShippedAt, time)));
            statement.Bind(4, row.LeadTimeHours);
            statement.Execute();
        }
        // Both lists are in commit-id order: one merge pass finds what went, came and changed.
        var written = 0;
        int old = 0, next = 0;
        while (old < stored.Count || next < rows.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var oldId = old < stored.Count ? stored[old].CommitId : long.MaxValue;
            var newId = next < rows.Count ? rows[next].CommitId : long.MaxValue;
            if (oldId < newId)
            {
                delete.Bind(1, oldId);
                delete.Execute();
                old++;
                written++;
            }
            else if (newId < oldId)
            {
                Write(insert, rows[next++]);
                written++;
            }
            else
            {
                if (stored[old] != rows[next])
                {
                    Write(update, rows[next]);
                    written++;
                }
                old++;
                next++;
            }
        }
        return written;
    }

    /// <summary>Which of <paramref name="shas"/> are in the service's ingested history; null when no
    /// repository has been read for the service (so nothing can be known).</summary>
    public static async Task<HashSet<string>?> KnownShasAsync(
        FulcrumDbContext db, int serviceId, IEnumerable<string> shas, CancellationToken cancellationToken)
    {
        if (!await db.Repositories.AnyAsync(r => r.ServiceId == serviceId, cancellationToken))
        {
            return null;
        }
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in shas.Distinct().Chunk(500))
        {
            // By service and sha: the unique index answers it.
            known.UnionWith(await db.Commits.Where(c => c.ServiceId == serviceId && chunk.Contains(c.Sha))
                .Select(c => c.Sha).ToListAsync(cancellationToken));
        }
        return known;
    }

    /// <summary>Loads the history of the given repositories as a graph tagged with commit ids.</summary>
    public static async Task<CommitGraph> LoadGraphAsync(FulcrumDbContext db, IReadOnlyCollection<int> repositoryIds, CancellationToken cancellationToken)
    {
        if (repositoryIds.Count == 0)
        {
            return new CommitGraph.Builder().Build();
        }
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        // In time order, through the commit-time index: by sha the rows would come in random places
        // of the table (3 times slower), and the graph's order is the order lead times are written in.
        var sql = $"""
            SELECT "Id", "Sha", "Parents", "CommittedAt" FROM "Commits"
            WHERE "RepositoryId" IN ({string.Join(',', repositoryIds)}) ORDER BY "RepositoryId", "CommittedAt"
            """;
        var count = await db.Commits.CountAsync(c => repositoryIds.Contains(c.RepositoryId), cancellationToken);
        var builder = new CommitGraph.Builder(count);
        if (!db.Database.IsNpgsql())
        {
            using var select = SqliteStatement.Prepare(connection, sql);
            while (select.Read())
            {
                builder.Add(select.Text(1), select.Text(2), SqliteTime.Parse(select.Text(3)), select.Int64(0));
            }
            return builder.Build();
        }
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
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
