using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace Fulcrum.Bench.PokerLoad;

/// <summary>The benchmark's own queries on the PostgreSQL database the nodes share (issue 14).</summary>
internal static class PostgresLoad
{
    /// <summary>Makes a fresh database for the run on the server of <paramref name="connectionString"/>; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Database ??= "postgres";
        var name = $"poker_load_{DateTime.UtcNow:yyyyMMdd_HHmmss}_{Environment.ProcessId}";
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        builder.Database = name;
        return builder.ConnectionString;
    }

    /// <summary>Waits for a node that has just become ready to write its first heartbeat; its id.</summary>
    public static async Task<string> WaitForNewNodeAsync(string database, IReadOnlySet<string> known)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var fresh = (await NodeIdsAsync(database)).Where(id => !known.Contains(id)).ToList();
            if (fresh.Count == 1)
            {
                return fresh[0];
            }
            if (fresh.Count > 1)
            {
                throw new InvalidOperationException($"Expected one new row in \"PokerNodes\", found {fresh.Count}: {string.Join(", ", fresh)}");
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The node was ready but wrote no row in \"PokerNodes\" within 30 s");
    }

    public static async Task<HashSet<string>> NodeIdsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Id" FROM "PokerNodes" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>How many rooms each node owns ("PokerRoomOwners").</summary>
    public static async Task<Dictionary<string, int>> OwnersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "NodeId", count(*)::int FROM "PokerRoomOwners" GROUP BY "NodeId" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            owners[reader.GetString(0)] = reader.GetInt32(1);
        }
        return owners;
    }

    /// <summary>
    /// Mail rows written so far: the last value handed out by the sequence of "PokerMail"."Id" (the
    /// rows themselves are deleted as they are read, so counting them says nothing).
    /// </summary>
    public static async Task<long> MailRowsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var name = new NpgsqlCommand("""SELECT pg_get_serial_sequence('"PokerMail"', 'Id')""", connection);
        var sequence = (string?)await name.ExecuteScalarAsync() ?? throw new InvalidOperationException("\"PokerMail\".\"Id\" has no sequence");
        // A sequence never used has last_value 1 and is_called false.
        await using var read = new NpgsqlCommand($"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}", connection);
        return Convert.ToInt64(await read.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// One connection LISTENing on every node's poker channel (<c>PokerCluster.ChannelOf</c>),
/// counting the notifications each node is sent: what the nodes make PostgreSQL deliver.
/// </summary>
internal sealed class NotificationCounter : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly Dictionary<string, int> nodeOfChannel;
    private readonly long[] counts;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, int> unknown = new(StringComparer.Ordinal);
    private Task? waiting;

    private NotificationCounter(NpgsqlConnection connection, Dictionary<string, int> nodeOfChannel, int nodes)
    {
        this.connection = connection;
        this.nodeOfChannel = nodeOfChannel;
        counts = new long[nodes];
    }

    public long Total => PerNode().Sum();

    public long[] PerNode() => [.. counts.Select(c => Interlocked.Read(ref c))];

    public static async Task<NotificationCounter> StartAsync(string database, IReadOnlyList<ServerNode> nodes)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false, KeepAlive = 30 }.ConnectionString);
        await connection.OpenAsync();
        var channels = nodes.ToDictionary(n => Fulcrum.Web.Features.Estimation.PokerCluster.ChannelOf(n.NodeId!), n => n.Index, StringComparer.Ordinal);
        var counter = new NotificationCounter(connection, channels, nodes.Count);
        connection.Notification += (_, e) =>
        {
            if (counter.nodeOfChannel.TryGetValue(e.Channel, out var node))
            {
                Interlocked.Increment(ref counter.counts[node]);
            }
            else
            {
                counter.unknown.AddOrUpdate(e.Channel, 1, (_, n) => n + 1);
            }
        };
        foreach (var channel in channels.Keys)
        {
            await using var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection);
            await listen.ExecuteNonQueryAsync();
        }
        counter.waiting = Task.Run(counter.WaitAsync);
        return counter;
    }

    private async Task WaitAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await connection.WaitAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }
        await stop.CancelAsync();
        if (waiting is not null)
        {
            await waiting;
        }
        await connection.DisposeAsync();
        stop.Dispose();
    }
}
