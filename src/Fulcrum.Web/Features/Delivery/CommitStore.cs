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
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR IGNORE INTO "Commits" ("RepositoryId", "Sha", "Parents", "CommittedAt") VALUES ($repository, $sha, $parents, $at)
            """;
        var repository = Parameter(command, "$repository", repositoryId);
        var sha = Parameter(command, "$sha", "");
        var parents = Parameter(command, "$parents", "");
        var at = Parameter(command, "$at", DateTime.UnixEpoch);
        await command.PrepareAsync(cancellationToken);
        await foreach (var commit in commits.WithCancellation(cancellationToken))
        {
            sha.Value = commit.Sha;
            parents.Value = string.Join(' ', commit.Parents);
            // The text form EF Core's SQLite provider writes and compares.
            at.Value = commit.CommittedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
            count += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (rebuildIndex)
        {
            await ExecuteAsync(connection, transaction, """CREATE UNIQUE INDEX "IX_Commits_RepositoryId_Sha" ON "Commits" ("RepositoryId", "Sha")""", cancellationToken);
        }
        return count;
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
