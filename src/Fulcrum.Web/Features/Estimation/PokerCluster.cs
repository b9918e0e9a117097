using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>What a piece of <see cref="PokerMail"/> carries (ADR 0014).</summary>
public enum PokerMailKind
{
    /// <summary>To the owner: a socket on the sender said hello (the frame in the payload).</summary>
    Hello = 1,
    /// <summary>To the owner: a frame from a socket on the sender that has joined.</summary>
    Frame = 2,
    /// <summary>To the owner: a socket on the sender closed.</summary>
    Gone = 3,
    /// <summary>To a socket's node: a frame the owner built for that socket.</summary>
    Send = 4,
    /// <summary>To a socket's node: close the socket once its frames are sent.</summary>
    Close = 5,
}

/// <summary>One message between nodes about a room's socket.</summary>
public sealed record PokerMail(PokerMailKind Kind, string To, string From, string RoomId, string ConnectionId,
    int? PersonId = null, string? Name = null, byte[]? Payload = null)
{
    /// <summary>
    /// Messages for one node, in order, as one row's payload: a room's change sends a frame to each
    /// of its sockets on that node, and a busy node sends many in a few milliseconds, so one row per
    /// message would cost PostgreSQL a row each for what one row carries.
    /// </summary>
    public static byte[] Pack(IEnumerable<PokerMail> mail)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var m in mail)
            {
                writer.Write((byte)m.Kind);
                writer.Write(m.From);
                writer.Write(m.RoomId);
                writer.Write(m.ConnectionId);
                writer.Write(m.PersonId ?? -1);
                writer.Write(m.Name is not null);
                writer.Write(m.Name ?? "");
                writer.Write(m.Payload?.Length ?? -1);
                writer.Write(m.Payload ?? []);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The messages <see cref="Pack"/> wrote, for <paramref name="to"/>.</summary>
    public static IEnumerable<PokerMail> Unpack(string to, byte[] packed)
    {
        using var reader = new BinaryReader(new MemoryStream(packed), Encoding.UTF8);
        while (reader.BaseStream.Position < packed.Length)
        {
            var kind = (PokerMailKind)reader.ReadByte();
            var from = reader.ReadString();
            var room = reader.ReadString();
            var connection = reader.ReadString();
            var person = reader.ReadInt32();
            var hasName = reader.ReadBoolean();
            var name = reader.ReadString();
            var length = reader.ReadInt32();
            var payload = length < 0 ? null : reader.ReadBytes(length);
            yield return new PokerMail(kind, to, from, room, connection, person < 0 ? null : person, hasName ? name : null, payload);
        }
    }
}

/// <summary>
/// The poker rooms' link between the nodes of one PostgreSQL database (ADR 0014): this node's
/// heartbeat, each room's owner, and mail between nodes, written in batches to the <c>PokerMail</c>
/// table and announced with one <c>NOTIFY</c> per receiving node and batch (a few bytes: the mail
/// itself is read from the table, so the 8,000-byte limit of a notification never matters).
/// Off on SQLite, which serves one node.
/// </summary>
public sealed class PokerCluster(DatabaseTarget database, JobNode node, IOptions<EstimationOptions> options, ILogger<PokerCluster> logger)
{
    private readonly Channel<PokerMail> outbox = Channel.CreateUnbounded<PokerMail>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>On when the database is PostgreSQL: rooms then have owners, and sockets in one room may sit on several nodes.</summary>
    public bool Enabled { get; } = database.Engine == DatabaseEngine.PostgreSql;

    public string NodeId { get; private set; } = node.Id;

    public TimeSpan Lease => options.Value.NodeLease;

    /// <summary>Queues mail; one writer sends it in order, so a socket's frames arrive in the order they were posted.</summary>
    public void Post(PokerMail mail) => outbox.Writer.TryWrite(mail);

    /// <summary>The notification channel of a node: a short name PostgreSQL accepts whatever the node's id.</summary>
    public static string ChannelOf(string nodeId) =>
        "fulcrum_poker_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(nodeId)).AsSpan(0, 8));

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        (NpgsqlConnection)await database.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Renews this node's lease. False when the node had been taken for dead (its lease ran out
    /// before it renewed: a pause, or a lost database): another node may then own its rooms, so it
    /// must let go of everything; it comes back as a new node (<see cref="RejoinAsync"/>).
    /// Also clears what nodes dead for a minute left behind.
    /// </summary>
    public async Task<bool> HeartbeatAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("""
                    INSERT INTO "PokerNodes" ("Id", "AliveUntil") VALUES ($1, now() + $2)
                    ON CONFLICT ("Id") DO UPDATE SET "AliveUntil" = excluded."AliveUntil" WHERE "PokerNodes"."AliveUntil" > now()
                    """) { Parameters = { new() { Value = NodeId }, new() { Value = Lease } } },
                new("""
                    DELETE FROM "PokerMail" m WHERE NOT EXISTS (
                        SELECT 1 FROM "PokerNodes" n WHERE n."Id" = m."NodeId" AND n."AliveUntil" > now() - interval '1 minute')
                    """),
                new("""DELETE FROM "PokerNodes" WHERE "AliveUntil" < now() - interval '1 minute'"""),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[0].RecordsAffected > 0;
    }

    /// <summary>After being taken for dead: a new node id, its mail and ownerships under the old one dropped.</summary>
    public async Task RejoinAsync(CancellationToken cancellationToken)
    {
        var old = NodeId;
        NodeId = JobNode.Create().Id;
        await ForgetAsync(old, cancellationToken);
        logger.LogWarning("Poker node {Old} was taken for dead by the others; it let go of its rooms and rejoined as {New}", old, NodeId);
    }

    /// <summary>Leaving at shutdown: the rooms this node owned can be taken over at once, not after the lease.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken) => ForgetAsync(NodeId, cancellationToken);

    private async Task ForgetAsync(string node, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            DELETE FROM "PokerRoomOwners" WHERE "NodeId" = @node;
            DELETE FROM "PokerNodes" WHERE "Id" = @node;
            DELETE FROM "PokerMail" WHERE "NodeId" = @node;
            """, connection);
        command.Parameters.AddWithValue("node", node);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The room's owner, after making this node the owner if the room has none alive. Two nodes
    /// asking at once get the same answer: the row is locked by the first.
    /// </summary>
    public async Task<string> ClaimAsync(string roomId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO "PokerRoomOwners" ("RoomId", "NodeId") VALUES (@room, @node)
            ON CONFLICT ("RoomId") DO UPDATE SET "NodeId" = excluded."NodeId"
            WHERE NOT EXISTS (SELECT 1 FROM "PokerNodes" n WHERE n."Id" = "PokerRoomOwners"."NodeId" AND n."AliveUntil" > now());
            SELECT "NodeId" FROM "PokerRoomOwners" WHERE "RoomId" = @room;
            """, connection);
        command.Parameters.AddWithValue("room", roomId);
        command.Parameters.AddWithValue("node", NodeId);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The nodes alive now, and the owners of <paramref name="roomIds"/> (a room without one is missing).</summary>
    public async Task<(HashSet<string> Alive, Dictionary<string, string> Owners)> ReadAsync(IReadOnlyCollection<string> roomIds, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT "Id" FROM "PokerNodes" WHERE "AliveUntil" > now();
            SELECT "RoomId", "NodeId" FROM "PokerRoomOwners" WHERE "RoomId" = ANY(@rooms);
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("rooms", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. roomIds] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alive = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            alive.Add(reader.GetString(0));
        }
        await reader.NextResultAsync(cancellationToken);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            owners[reader.GetString(0)] = reader.GetString(1);
        }
        return (alive, owners);
    }

    /// <summary>
    /// Writes queued mail until <paramref name="cancellationToken"/>, then what is left: every batch
    /// is one insert and one notification per receiving node, in one round trip.
    /// </summary>
    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        var batch = new List<PokerMail>();
        while (true)
        {
            try
            {
                if (!await outbox.Reader.WaitToReadAsync(cancellationToken))
                {
                    await DropWriterConnectionAsync();
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping: write what is queued (the sockets' last "gone"), then end.
            }
            while (batch.Count < 5000 && outbox.Reader.TryRead(out var mail))
            {
                batch.Add(mail);
            }
            if (batch.Count > 0)
            {
                await WriteAsync(batch, cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken);
                batch.Clear();
            }
            if (cancellationToken.IsCancellationRequested && !outbox.Reader.TryPeek(out _))
            {
                await DropWriterConnectionAsync();
                return;
            }
        }
    }

    /// <summary>The writer's own connection, kept between batches (a batch every few milliseconds under load).</summary>
    private NpgsqlConnection? writing;

    private async Task WriteAsync(List<PokerMail> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var connection = writing ??= await OpenAsync(cancellationToken);
                // One row per receiving node, its messages in the order they were posted.
                var byNode = batch.GroupBy(m => m.To, StringComparer.Ordinal).ToList();
                await using var command = new NpgsqlCommand("""
                    INSERT INTO "PokerMail" ("NodeId", "Payload") SELECT * FROM unnest(@to, @payload);
                    SELECT pg_notify(c, '') FROM unnest(@channels) AS c;
                    """, connection);
                Text(command, "to", byNode.Select(g => g.Key));
                command.Parameters.Add(new NpgsqlParameter<byte[][]>("payload", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = [.. byNode.Select(g => PokerMail.Pack(g))] });
                Text(command, "channels", byNode.Select(g => ChannelOf(g.Key)));
                await command.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is DbException or InvalidOperationException && attempt < 5 && !cancellationToken.IsCancellationRequested)
            {
                await DropWriterConnectionAsync();
                logger.LogWarning(e, "Could not send {Count} poker messages to other nodes (attempt {Attempt}); trying again", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), CancellationToken.None);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or OperationCanceledException)
            {
                // The nodes waiting for it find out from the heartbeats: the sender's sockets count as gone.
                await DropWriterConnectionAsync();
                logger.LogError(e, "Dropped {Count} poker messages to other nodes", batch.Count);
                return;
            }
        }

        static void Text(NpgsqlCommand command, string name, IEnumerable<string> values) =>
            command.Parameters.Add(new NpgsqlParameter<string[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] });
    }

    private async Task DropWriterConnectionAsync()
    {
        if (writing is not null)
        {
            await writing.DisposeAsync();
            writing = null;
        }
    }

    /// <summary>
    /// Listens for this node's notification and hands its mail, oldest first, to <paramref name="deliver"/>;
    /// also looks every second, so mail is never left waiting for a notification lost with a connection.
    /// </summary>
    public async Task RunReaderAsync(Func<IReadOnlyList<PokerMail>, Task> deliver, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await OpenAsync(cancellationToken);
                var listening = NodeId;
                var notified = false;
                connection.Notification += (_, _) => notified = true;
                await using (var listen = new NpgsqlCommand($"LISTEN \"{ChannelOf(listening)}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }
                while (!cancellationToken.IsCancellationRequested && listening == NodeId)
                {
                    notified = false;
                    var mail = await TakeMailAsync(connection, cancellationToken);
                    if (mail.Count > 0)
                    {
                        await deliver(mail);
                    }
                    // A notification during the read (more mail, perhaps after the read's snapshot): read again at once.
                    if (!notified && mail.Count == 0)
                    {
                        await connection.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
            {
                logger.LogWarning(e, "Lost the connection that reads poker mail from other nodes; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<List<PokerMail>> TakeMailAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""DELETE FROM "PokerMail" WHERE "NodeId" = @node RETURNING "Id", "Payload" """, connection);
        command.Parameters.AddWithValue("node", NodeId);
        var rows = new List<(long Id, byte[] Packed)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
            }
        }
        rows.Sort((a, b) => a.Id.CompareTo(b.Id));
        return [.. rows.SelectMany(r => PokerMail.Unpack(NodeId, r.Packed))];
    }
}
