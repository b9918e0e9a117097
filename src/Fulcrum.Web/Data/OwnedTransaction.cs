using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Fulcrum.Web.Data;

/// <summary>
/// A transaction that joins the caller's if one is open (the demo seeds everything in one) and
/// otherwise starts its own. Only the owner commits; disposing an uncommitted owned one rolls back.
/// </summary>
public sealed class OwnedTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? owned;

    private OwnedTransaction(IDbContextTransaction? owned) => this.owned = owned;

    public static async Task<OwnedTransaction> BeginAsync(FulcrumDbContext db, CancellationToken cancellationToken = default) =>
        new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null);

    public Task CommitAsync(CancellationToken cancellationToken = default) =>
        owned?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
