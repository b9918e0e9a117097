using System.Data.Common;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>
/// Bulk reads and writes of commit metadata, below EF for speed: a prepared INSERT on SQLite and
/// binary COPY on PostgreSQL. Runs inside the caller's EF transaction, so an ingest is all or nothing.
/// </summary>
public static class CommitStore
{
    public static async Task<int> InsertAsync(
        FulcrumDbContext db, int repositoryId, IAsyncEnumerable<GitCommit> commits, bool firstRead, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Commits are written inside a transaction.");
        var count = 0;
        if (db.Database.IsNpgsql())
        {
            await using var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
                """COPY "Commits" ("RepositoryId", "Sha", "Parents", "CommittedAt") FROM STDIN (FORMAT BINARY)""", cancellationToken);
            await foreach (var commit in commits.WithCancellation(cancellationToken))
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(repositoryId, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(commit.Sha, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(string.Join(' ', commit.Parents), NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(commit.CommittedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                count++;
            }
            await writer.CompleteAsync(cancellationToken);
            return count;
        }

        // A first read of a big history: maintaining the unique index row by row scatters writes over
        // the whole index; dropping it and building it again afterwards (one sort) is several times
        // faster. It is rebuilt inside the same transaction, so a duplicate would undo the ingest.
        var rebuildIndex = firstRead;
        await ExecuteAsync(connection, transaction, "PRAGMA cache_size = -65536", cancellationToken);
        if (rebuildIndex)
        {
            await ExecuteAsync(connection, transaction, """DROP INDEX IF EXISTS "IX_Commits_RepositoryId_Sha" """, cancellationToken);
            await ExecuteAsync(connection, transaction, """DROP INDEX IF EXISTS "IX_Commits_RepositoryId_CommittedAt" """, cancellationToken);
        }
        // Reading git's output and writing rows overlap: a bounded channel between a parsing task and
        // this writer keeps the second core busy and memory flat. Rows go in statements of
        // RowsPerStatement, which halves the per-statement cost that dominates a million inserts.
        var channel = System.Threading.Channels.Channel.CreateBounded<(string Sha, string Parents, string At)>(
            new System.Threading.Channels.BoundedChannelOptions(20_000) { SingleReader = true, SingleWriter = true });
        // If writing fails, stop the reader too rather than leave it blocked on a full channel.
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var commit in commits.WithCancellation(stopReading.Token))
                {
                    // The text form EF Core's SQLite provider writes and compares.
                    await channel.Writer.WriteAsync((commit.Sha, string.Join(' ', commit.Parents),
                        commit.CommittedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture)), stopReading.Token);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);

        try
        {
            count = await WriteRowsAsync(connection, transaction, repositoryId, channel.Reader, cancellationToken);
        }
        catch
        {
            await stopReading.CancelAsync();
            throw;
        }
        await producer;
        if (rebuildIndex)
        {
            await ExecuteAsync(connection, transaction, """CREATE UNIQUE INDEX "IX_Commits_RepositoryId_Sha" ON "Commits" ("RepositoryId", "Sha")""", cancellationToken);
            await ExecuteAsync(connection, transaction, """CREATE INDEX "IX_Commits_RepositoryId_CommittedAt" ON "Commits" ("RepositoryId", "CommittedAt")""", cancellationToken);
        }
        return count;
    }


    private static async Task<int> WriteRowsAsync(
        DbConnection connection, DbTransaction transaction, int repositoryId,
        System.Threading.Channels.ChannelReader<(string Sha, string Parents, string At)> rows, CancellationToken cancellationToken)
    {
        var count = 0;
        await using var batch = InsertCommand(connection, transaction, repositoryId, RowsPerStatement);
        await using var single = InsertCommand(connection, transaction, repositoryId, 1);
        await batch.PrepareAsync(cancellationToken);
        await single.PrepareAsync(cancellationToken);
        var filled = 0;
        await foreach (var (sha, parents, at) in rows.ReadAllAsync(cancellationToken))
        {
            batch.Parameters[filled * 3].Value = sha;
            batch.Parameters[filled * 3 + 1].Value = parents;
            batch.Parameters[filled * 3 + 2].Value = at;
            if (++filled == RowsPerStatement)
            {
                count += batch.ExecuteNonQuery();
                filled = 0;
            }
        }
        for (var i = 0; i < filled; i++)
        {
            single.Parameters[0].Value = batch.Parameters[i * 3].Value;
            single.Parameters[1].Value = batch.Parameters[i * 3 + 1].Value;
            single.Parameters[2].Value = batch.Parameters[i * 3 + 2].Value;
            count += single.ExecuteNonQuery();
        }
        return count;
    }

    private const int RowsPerStatement = 64;

    /// <summary>INSERT of <paramref name="rows"/> commits with parameters sha, parents, time per row.</summary>
    private static DbCommand InsertCommand(DbConnection connection, DbTransaction transaction, int repositoryId, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var values = new System.Text.StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            values.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture, $"({repositoryId}, $s{i}, $p{i}, $t{i})");
            Parameter(command, $"$s{i}", "");
            Parameter(command, $"$p{i}", "");
            Parameter(command, $"$t{i}", "");
        }
        command.CommandText = $"""INSERT OR IGNORE INTO "Commits" ("RepositoryId", "Sha", "Parents", "CommittedAt") VALUES {values}""";
        return command;
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
            at.Value = change.ShippedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
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
