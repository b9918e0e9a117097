using Fulcrum.Web.Data;
using System.Data.Common;

namespace Fulcrum.Web.Hosting;

/// <summary>
/// Nodes of one PostgreSQL database that start at the same moment (a deployment starts them all)
/// prepare the database one at a time, under a session advisory lock: one migrates and the others find
/// the schema current; one creates the key ring's first key and the others read it. Released when
/// disposed, or by PostgreSQL if the node dies. SQLite has one server per file (<see cref="ServeLock"/>).
/// </summary>
internal sealed class NodeStartLock(DbConnection? connection) : IAsyncDisposable
{
    // Any fixed number, the same on every node: "Fulcrum" in ASCII.
    private const long LockId = 0x46756c6372756d;

    public static async Task<NodeStartLock> TakeAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        if (target.Engine != DatabaseEngine.PostgreSql)
        {
            return new NodeStartLock(null);
        }
        var connection = await target.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_lock({LockId})";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new NodeStartLock(connection);
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            // Closing the session releases its advisory locks.
            await connection.DisposeAsync();
        }
    }
}
