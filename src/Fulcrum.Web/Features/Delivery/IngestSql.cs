using System.Data.Common;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>
/// The bookkeeping of an ingest (the service, its repositories, their tips) in plain SQL on either
/// engine, so that nothing before the first commit is read waits for EF Core. It works either on a
/// connection and transaction of its own, handed to EF Core afterwards (<see cref="HandToAsync"/>), or
/// on EF Core's, joining the caller's transaction when one is open.
/// </summary>
public sealed class IngestSql : IAsyncDisposable
{
    private readonly DbConnection connection;
    private readonly DirectQuery sql;
    private FulcrumDbContext? ef;
    private DbTransaction? ownTransaction;
    private IDbContextTransaction? efTransaction;

    private IngestSql(DbConnection connection, FulcrumDbContext? ef, bool isNpgsql)
    {
        this.connection = connection;
        this.ef = ef;
        IsNpgsql = isNpgsql;
        sql = DirectQuery.On(connection, isSqlite: !isNpgsql, () => CurrentTransaction);
    }

    public DbConnection Connection => connection;

    public bool IsNpgsql { get; }

    /// <summary>The transaction commands run in: this ingest's, or the caller's EF Core one; null before <see cref="BeginAsync"/> unless the caller has one.</summary>
    public DbTransaction? CurrentTransaction => ownTransaction ?? ef?.Database.CurrentTransaction?.GetDbTransaction();

    public DbTransaction Transaction => CurrentTransaction ?? throw new InvalidOperationException("Commits are written inside a transaction.");

    /// <summary>A connection of its own, not EF Core's.</summary>
    public static async Task<IngestSql> OpenAsync(DatabaseTarget database, CancellationToken cancellationToken) =>
        new(await database.OpenConnectionAsync(cancellationToken), null, database.Engine == DatabaseEngine.PostgreSql);

    /// <summary>EF Core's connection, in the caller's transaction if one is open.</summary>
    public static async Task<IngestSql> OnAsync(FulcrumDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new IngestSql(db.Database.GetDbConnection(), db, db.Database.IsNpgsql());
    }

    /// <summary>Starts this ingest's transaction, unless the caller's EF Core transaction is open (then the ingest is part of it).</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        if (ef is null)
        {
            ownTransaction = await connection.BeginTransactionAsync(cancellationToken);
        }
        else if (ef.Database.CurrentTransaction is null)
        {
            efTransaction = await ef.Database.BeginTransactionAsync(cancellationToken);
        }
    }

    /// <summary>Commits the transaction this ingest began; the caller's is the caller's to commit.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (ownTransaction is not null)
        {
            await ownTransaction.CommitAsync(cancellationToken);
            if (ef?.Database.CurrentTransaction is not null)
            {
                await ef.Database.UseTransactionAsync(null, cancellationToken);
            }
            await ownTransaction.DisposeAsync();
            ownTransaction = null;
        }
        else if (efTransaction is not null)
        {
            await efTransaction.CommitAsync(cancellationToken);
            await efTransaction.DisposeAsync();
            efTransaction = null;
        }
    }

    /// <summary>
    /// Lets EF Core work on this connection and in this ingest's transaction, once <paramref name="efCore"/>
    /// (its model, built on another thread) is ready. Nothing to do when the ingest is on EF Core's connection.
    /// </summary>
    public async Task HandToAsync(FulcrumDbContext db, Task efCore, CancellationToken cancellationToken)
    {
        await efCore;
        if (ef is not null)
        {
            return;
        }
        db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        if (ownTransaction is not null)
        {
            await db.Database.UseTransactionAsync(ownTransaction, cancellationToken);
        }
        // Later commands of this ingest go through EF Core's view of the transaction.
        (ef, efHandedOver) = (db, true);
    }

    private bool efHandedOver;

    public async Task<(int Id, string Name)?> ServiceAsync(string name, CancellationToken cancellationToken) =>
        (await sql.ListAsync("""SELECT "Id", "Name" FROM "Services" WHERE "Name" = @p0""", [name], r => ((int Id, string Name)?)(r.GetInt32(0), r.GetString(1)), cancellationToken))
        .SingleOrDefault();

    public async Task<(int Id, string Name)> RegisterServiceAsync(string name, string repository, DateTime now, CancellationToken cancellationToken)
    {
        var id = await sql.ScalarAsync("""INSERT INTO "Services" ("Name", "Repository", "CreatedAt") VALUES (@p0, @p1, @p2) RETURNING "Id" """,
            [name, repository, now], cancellationToken);
        return ((int)id, name);
    }

    public async Task<(int Id, string Tips)?> RepositoryAsync(int serviceId, string path, CancellationToken cancellationToken) =>
        (await sql.ListAsync("""SELECT "Id", "Tips" FROM "Repositories" WHERE "ServiceId" = @p0 AND "Path" = @p1""", [serviceId, path],
            r => ((int Id, string Tips)?)(r.GetInt32(0), r.GetString(1)), cancellationToken)).SingleOrDefault();

    public async Task<int> AddRepositoryAsync(int serviceId, string path, CancellationToken cancellationToken) =>
        (int)await sql.ScalarAsync("""
            INSERT INTO "Repositories" ("ServiceId", "Path", "Tips", "CommitCount", "LastIngestedAt") VALUES (@p0, @p1, '', 0, NULL) RETURNING "Id"
            """, [serviceId, path], cancellationToken);

    public async Task UpdateRepositoryAsync(int repositoryId, string tips, int added, DateTime now, CancellationToken cancellationToken)
    {
        await sql.ExecuteAsync("""
            UPDATE "Repositories" SET "Tips" = @p0, "CommitCount" = "CommitCount" + @p1, "LastIngestedAt" = @p2 WHERE "Id" = @p3
            """, [tips, added, now, repositoryId], cancellationToken);
    }

    /// <summary>Keeps the release-tag glob the repository was read with, for the scheduled re-reads.</summary>
    public Task RememberReleaseTagsAsync(int repositoryId, string pattern, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("""UPDATE "Repositories" SET "ReleaseTags" = @p0 WHERE "Id" = @p1""", [pattern, repositoryId], cancellationToken);

    public async Task<bool> HasCommitsAsync(int serviceId, CancellationToken cancellationToken) =>
        await sql.ScalarAsync("""SELECT count(*) FROM (SELECT 1 FROM "Commits" WHERE "ServiceId" = @p0 LIMIT 1) AS c""", [serviceId], cancellationToken) > 0;

    public async Task<bool> HasDeploymentsOrIncidentsAsync(int serviceId, CancellationToken cancellationToken) =>
        await sql.ScalarAsync("""
            SELECT (SELECT count(*) FROM (SELECT 1 FROM "Deployments" WHERE "ServiceId" = @p0 LIMIT 1) AS d)
                 + (SELECT count(*) FROM (SELECT 1 FROM "Incidents" WHERE "ServiceId" = @p0 LIMIT 1) AS i)
            """, [serviceId], cancellationToken) > 0;

    /// <summary>Commits stored for the service: each is counted in the one repository it was first read from.</summary>
    public async Task<int> TotalCommitsAsync(int serviceId, CancellationToken cancellationToken) =>
        (int)await sql.ScalarAsync("""SELECT coalesce(sum("CommitCount"), 0) FROM "Repositories" WHERE "ServiceId" = @p0""", [serviceId], cancellationToken);

    /// <summary>The tips of the service's other repositories, one string of shas per repository.</summary>
    public Task<List<string>> OtherTipsAsync(int serviceId, int repositoryId, CancellationToken cancellationToken) =>
        sql.ListAsync("""SELECT "Tips" FROM "Repositories" WHERE "ServiceId" = @p0 AND "Id" <> @p1""", [serviceId, repositoryId], r => r.GetString(0), cancellationToken);

    /// <summary>The parents of those of <paramref name="shas"/> the service has, as stored (space-separated).</summary>
    public Task<List<string>> ParentsAsync(int serviceId, IReadOnlyList<string> shas, CancellationToken cancellationToken)
    {
        var parameters = new List<object?> { serviceId };
        var list = DirectQuery.In(parameters, shas);
        return sql.ListAsync($"""SELECT "Parents" FROM "Commits" WHERE "ServiceId" = @p0 AND "Sha" IN {list}""", parameters, r => r.GetString(0), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (ownTransaction is not null)
        {
            await ownTransaction.DisposeAsync(); // not committed: rolled back
        }
        if (efTransaction is not null)
        {
            await efTransaction.DisposeAsync();
        }
        if (ef is not null && !efHandedOver)
        {
            await ef.Database.CloseConnectionAsync();
        }
        else
        {
            await connection.DisposeAsync();
        }
    }
}
