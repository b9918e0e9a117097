using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Fulcrum.Core.Estimation;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>Who is on a socket: the signed-in person, and the teams whose rooms they may join.</summary>
public sealed record PokerIdentity(int PersonId, string Name, Func<int, bool> MayJoinTeam)
{
    /// <summary>A person's poker identity: the teams whose rooms they may join are their <see cref="Organisation.TeamScope"/>.</summary>
    public static PokerIdentity Of(Organisation.TeamScope scope) => new(scope.PersonId, scope.Name, scope.Includes);
}

/// <summary>Where the frames of one connection in a room go: a socket on this node, or one on another node (ADR 0014).</summary>
internal interface IPokerPeer
{
    void Send(OutgoingFrame frame);
    void CloseAfterSending();
}

/// <summary>
/// The live rooms. Each room is one <see cref="PokerRoomSession"/> (the engine: views, privacy,
/// rules) behind one lock; the hub only moves frames between sockets and the session, and keeps
/// the stored snapshot up to date. Sends never happen under the lock: every socket has its own
/// queue and writer, so a slow client cannot hold a room up.
/// <para>
/// Saving: a changed room is marked dirty and written by the background loop within
/// <see cref="EstimationOptions.SaveInterval"/> (longer when a pass itself takes long: saving gets
/// at most a third of the time), and at shutdown; accepted estimates are written the same way.
/// </para>
/// <para>
/// Several nodes on PostgreSQL (ADR 0014, <see cref="PokerCluster"/>): one node owns a room and
/// runs its engine; a node with sockets in a room it does not own forwards their hello, frames and
/// close to the owner by mail, and the owner sends back each of those sockets' frames, built by the
/// engine for that socket alone. The owner writes a change to the database before it sends the
/// change's frames, so whatever a client has seen survives the owner's death; when a node stops
/// beating, the nodes with sockets in its rooms take them over from the database.
/// </para>
/// </summary>
public sealed class PokerHub(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<EstimationOptions> options, IHostApplicationLifetime lifetime,
    PokerCluster cluster, ILogger<PokerHub> logger)
    : BackgroundService
{
    /// <summary>How long, at shutdown, a socket has to answer the server's close before it is dropped.</summary>
    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly EstimationOptions settings = options.Value;

    private readonly ConcurrentDictionary<string, Lazy<Task<LiveRoom?>>> rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PokerConnection> open = new(StringComparer.Ordinal);
    private readonly Channel<AcceptedEstimate> estimates = Channel.CreateUnbounded<AcceptedEstimate>();
    /// <summary>Wakes the save loop at once: with several nodes, frames wait for their change to be written.</summary>
    private readonly Channel<bool> saveNow = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim saving = new(1, 1);
    private ITimer? dropAtShutdown;
    private volatile bool shuttingDown;

    /// <summary>Rooms in memory now (for tests and the benchmark).</summary>
    public int LiveRooms => rooms.Count;

    /// <summary>Rooms whose engine runs on this node (with several nodes, the others run elsewhere).</summary>
    public int OwnedRooms => Loaded().Count(r => r.Session is not null);

    /// <summary>Serves one socket until it closes: hello first, then frames in, views out.</summary>
    public async Task RunAsync(WebSocket socket, PokerIdentity identity, CancellationToken requestAborted)
    {
        // Ends with the request, or when the server drops the sockets still open after its shutdown's grace.
        using var connection = new PokerConnection(socket, settings.SendQueueFrames, clock, logger, requestAborted, stopping.Token);
        var cancellationToken = connection.Token;
        var sending = connection.RunSenderAsync();
        open[connection.Id] = connection;
        if (shuttingDown)
        {
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, PokerConnection.RestartingReason);
        }
        LiveRoom? room = null;
        try
        {
            using var helloTimer = new CancellationTokenSource(settings.HelloTimeout, clock);
            using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, helloTimer.Token);
            // The first frame must be a hello: anything else is answered and the connection closed,
            // since a connection that has not joined has nothing else to do.
            var first = await connection.ReceiveAsync(helloTimeout.Token);
            switch (first.Kind)
            {
                case FrameKind.Closed:
                    return;
                case FrameKind.Binary:
                    connection.Close(WebSocketCloseStatus.InvalidMessageType, PokerConnection.TextOnlyReason);
                    return;
                case FrameKind.TooLarge:
                    connection.SendAndClose(PokerFrames.Error(TooLarge, null));
                    return;
            }
            var parsed = PokerFrameParser.Parse(first.Payload);
            if (parsed.Message is not HelloMessage hello)
            {
                connection.SendAndClose(PokerFrames.Error(parsed.Error ?? new PokerError(PokerErrorCodes.HelloRequired, "Send hello to join a room first."), parsed.Ref));
                return;
            }
            room = await FindAsync(hello.Room);
            if (room is null)
            {
                connection.SendAndClose(UnknownRoom(hello.Room, hello.Ref));
                return;
            }
            if (!identity.MayJoinTeam(room.TeamId))
            {
                connection.SendAndClose(PokerFrames.Error(new PokerError(PokerErrorCodes.NotAMember,
                    "This room belongs to a team you are not part of."), hello.Ref));
                return;
            }
            await room.Gate.WaitAsync(cancellationToken);
            try
            {
                var local = new LocalJoin(connection, identity, hello, first.Payload);
                room.Locals[connection.Id] = local;
                Join(room, local);
            }
            finally
            {
                room.Gate.Release();
            }

            while (!connection.Closing)
            {
                var frame = await connection.ReceiveAsync(cancellationToken);
                if (frame.Kind == FrameKind.Closed)
                {
                    break;
                }
                if (frame.Kind == FrameKind.Binary)
                {
                    // Frames are JSON text (RFC 6455 gives 1003 for a type of data an endpoint does not take).
                    connection.Close(WebSocketCloseStatus.InvalidMessageType, PokerConnection.TextOnlyReason);
                    break;
                }
                if (frame.Kind == FrameKind.TooLarge)
                {
                    // The rest of it was read and dropped; the connection stays usable.
                    connection.Send(PokerFrames.Error(TooLarge, null));
                    continue;
                }
                await room.Gate.WaitAsync(cancellationToken);
                try
                {
                    if (room.Session is { } session)
                    {
                        Dispatch(room, session.Receive(connection.Id, frame.Payload));
                    }
                    else if (room.Locals.ContainsKey(connection.Id))
                    {
                        cluster.Post(new PokerMail(PokerMailKind.Frame, room.Owner!, cluster.NodeId, room.Id, connection.Id, Payload: frame.Payload));
                    }
                }
                finally
                {
                    room.Gate.Release();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away or the server is stopping: presence is updated below.
        }
        finally
        {
            if (room is not null)
            {
                await room.Gate.WaitAsync(CancellationToken.None);
                try
                {
                    if (room.Locals.Remove(connection.Id))
                    {
                        if (room.Session is { } session)
                        {
                            room.Connections.Remove(connection.Id);
                            Dispatch(room, session.Disconnect(connection.Id));
                        }
                        else
                        {
                            cluster.Post(new PokerMail(PokerMailKind.Gone, room.Owner!, cluster.NodeId, room.Id, connection.Id));
                        }
                    }
                    room.LastActivity = clock.GetUtcNow();
                }
                finally
                {
                    room.Gate.Release();
                }
            }
            connection.Complete();
            await sending;
            open.TryRemove(connection.Id, out _);
        }
    }

    private static readonly PokerError TooLarge = new(PokerErrorCodes.FrameTooLarge, $"A frame may have at most {PokerLimits.MaxFrameBytes} bytes.");

    private static byte[] UnknownRoom(string roomId, string? reference) =>
        PokerFrames.Error(new PokerError(PokerErrorCodes.UnknownRoom, $"There is no open room '{roomId}'."), reference);

    /// <summary>Under the room's lock: a socket of this node joins, in the engine here or through the owner.</summary>
    private void Join(LiveRoom room, LocalJoin local)
    {
        var id = local.Connection.Id;
        if (room.Session is { } session)
        {
            room.Connections[id] = local.Connection;
            Dispatch(room, session.Join(id, local.Identity.PersonId, local.Identity.Name, local.Hello));
        }
        else
        {
            cluster.Post(new PokerMail(PokerMailKind.Hello, room.Owner!, cluster.NodeId, room.Id, id,
                local.Identity.PersonId, local.Identity.Name, local.HelloFrame));
        }
    }

    /// <summary>The rooms in memory whose load has finished (not those being read, nor unknown ones).</summary>
    private IEnumerable<LiveRoom> Loaded()
    {
        foreach (var lazy in rooms.Values)
        {
            if (Finished(lazy) is { } room)
            {
                yield return room;
            }
        }
    }

    /// <summary>The room <paramref name="roomId"/> if it is in memory and loaded; null otherwise (nothing is read).</summary>
    private LiveRoom? Loaded(string roomId) => rooms.TryGetValue(roomId, out var lazy) ? Finished(lazy) : null;

    private static LiveRoom? Finished(Lazy<Task<LiveRoom?>> lazy) =>
        lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;

    private async Task<LiveRoom?> FindAsync(string roomId)
    {
        var lazy = rooms.GetOrAdd(roomId, id => new Lazy<Task<LiveRoom?>>(() => LoadAsync(id)));
        LiveRoom? room;
        try
        {
            room = await lazy.Value;
        }
        catch
        {
            // The database could not be reached: the next hello tries again.
            rooms.TryRemove(new KeyValuePair<string, Lazy<Task<LiveRoom?>>>(roomId, lazy));
            throw;
        }
        if (room is null)
        {
            rooms.TryRemove(new KeyValuePair<string, Lazy<Task<LiveRoom?>>>(roomId, lazy));
        }
        return room;
    }

    /// <summary>An open room from the database: its engine when this node owns it (or the only node), else who does.</summary>
    private async Task<LiveRoom?> LoadAsync(string roomId)
    {
        var record = await ReadRoomAsync(roomId);
        if (record is null)
        {
            return null;
        }
        var room = new LiveRoom(roomId, record.TeamId, clock.GetUtcNow());
        if (cluster.Enabled && await cluster.ClaimAsync(roomId, CancellationToken.None) is var owner && owner != cluster.NodeId)
        {
            room.Owner = owner;
            return room;
        }
        // Owned now: read again, in case the last owner saved between the first read and the claim.
        record = cluster.Enabled ? await ReadRoomAsync(roomId) : record;
        if (record is null)
        {
            return null;
        }
        room.Session = Restore(record);
        return room;
    }

    private async Task<PokerRoomRecord?> ReadRoomAsync(string roomId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FulcrumDbContext>();
        return await db.PokerRooms.AsNoTracking().SingleOrDefaultAsync(r => r.Id == roomId && r.ClosedAt == null);
    }

    private PokerRoomSession Restore(PokerRoomRecord record) =>
        new(PokerRoom.Restore(PokerRoomSnapshot.FromJson(record.Snapshot), clock,
            record.OpenRound is null ? null : OpenRoundSnapshot.FromJson(record.OpenRound)));

    /// <summary>
    /// Called under the room's lock: marks the room for saving, then queues each frame on its socket.
    /// With several nodes, frames wait while a change of theirs, or one before them, is not yet
    /// written (<see cref="Release"/>): a client never sees what the room's next owner might not have.
    /// </summary>
    private void Dispatch(LiveRoom room, SessionResult result)
    {
        // Marked for saving before any frame goes out: a client that has seen the change and then
        // asks for a save finds it queued.
        room.MarkForSaving(result.Save);
        if (result.Estimate is { } estimate)
        {
            estimates.Writer.TryWrite(estimate);
        }
        room.LastActivity = clock.GetUtcNow();
        if (cluster.Enabled && (result.SaveRoom || room.Held.Count > 0))
        {
            foreach (var frame in result.Frames)
            {
                room.Held.Add((frame.ConnectionId, frame));
            }
            foreach (var id in result.Close)
            {
                room.Held.Add((id, null));
            }
            saveNow.Writer.TryWrite(true);
            return;
        }
        foreach (var frame in result.Frames)
        {
            SendTo(room, frame.ConnectionId, frame);
        }
        foreach (var id in result.Close)
        {
            SendTo(room, id, null);
        }
    }

    /// <summary>A frame to one connection of the room, or (null) its close once its frames are sent; none for a connection gone.</summary>
    private static void SendTo(LiveRoom room, string connectionId, OutgoingFrame? frame)
    {
        if (!room.Connections.TryGetValue(connectionId, out var target))
        {
            return;
        }
        if (frame is null)
        {
            target.CloseAfterSending();
        }
        else
        {
            target.Send(frame);
        }
    }

    /// <summary>Under the room's lock, after a save: sends the first <paramref name="count"/> frames held, and the rest when nothing waits to be written.</summary>
    private static void Release(LiveRoom room, int count)
    {
        if (!room.Dirty)
        {
            count = room.Held.Count;
        }
        for (var i = 0; i < count; i++)
        {
            SendTo(room, room.Held[i].ConnectionId, room.Held[i].Frame);
        }
        room.Held.RemoveRange(0, count);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastTick = clock.GetUtcNow();
        // The web server stops before this service does, and waits for open requests (every socket
        // is one) for up to the host's shutdown timeout: so the sockets are closed as soon as the
        // application starts stopping, not when this service is stopped.
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var nodes = cluster.Enabled ? RunClusterAsync(running.Token) : Task.CompletedTask;
        try
        {
            while (true)
            {
                await WaitToSaveAsync(running.Token);
                if (clock.GetUtcNow() - lastTick >= TimeSpan.FromSeconds(1))
                {
                    lastTick = clock.GetUtcNow();
                    await TickAsync();
                }
                var started = clock.GetTimestamp();
                await SaveAsync(CancellationToken.None);
                // Saving takes at most a third of the time: after a long pass (a thousand busy rooms
                // on a small machine), the next waits until twice as long again has passed, and the
                // rooms' own work gets the rest. Rooms are then saved less often, never less surely.
                var rest = clock.GetElapsedTime(started) * 2 - settings.SaveInterval;
                if (rest > TimeSpan.Zero && !cluster.Enabled)
                {
                    await Task.Delay(rest, clock, running.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: save, then close the sockets.
        }
        await Task.Yield();
        await CloseAllAsync();
        if (cluster.Enabled)
        {
            // Every room is saved: the other nodes may take them over now, not when this node's lease runs out.
            await LeaveClusterAsync();
        }
        await nodes;
    }

    private async Task LeaveClusterAsync()
    {
        try
        {
            await cluster.LeaveAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not tell the other nodes that this one is leaving; they take its rooms over when its lease runs out");
        }
    }

    /// <summary>
    /// Until the next save: <see cref="EstimationOptions.SaveInterval"/>, or (several nodes) as soon as
    /// frames wait for a save; the saves then follow each other, each writing what came in meanwhile.
    /// </summary>
    private async Task WaitToSaveAsync(CancellationToken cancellationToken)
    {
        if (!cluster.Enabled)
        {
            await Task.Delay(settings.SaveInterval, clock, cancellationToken);
            return;
        }
        using var interval = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        interval.CancelAfter(settings.SaveInterval);
        try
        {
            await saveNow.Reader.ReadAsync(interval.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The interval passed.
        }
    }

    /// <summary>
    /// Shutdown: every room is saved first, so that clients told to reconnect find on the restarted
    /// server what they had; then every socket is closed with 1001 (going away), and any that has not
    /// answered within <see cref="CloseGrace"/> is dropped.
    /// </summary>
    private async Task CloseAllAsync()
    {
        await SaveAsync(CancellationToken.None);
        shuttingDown = true;
        foreach (var connection in open.Values)
        {
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, PokerConnection.RestartingReason);
        }
        dropAtShutdown = clock.CreateTimer(_ => stopping.Cancel(), null, CloseGrace, Timeout.InfiniteTimeSpan);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (cluster.Enabled)
        {
            try
            {
                // Alive before the first socket: a room claimed by a node not yet beating could be claimed again at once.
                await cluster.HeartbeatAsync(cancellationToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                logger.LogWarning(e, "Could not announce this poker node; it tries again every few seconds");
            }
        }
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await stopping.CancelAsync();
        await SaveAsync(CancellationToken.None);
    }

    public override void Dispose()
    {
        dropAtShutdown?.Dispose();
        stopping.Dispose();
        base.Dispose();
    }

    /// <summary>Lets time act in every room run here (facilitator hand-over), and unloads idle, empty rooms.</summary>
    private async Task TickAsync()
    {
        foreach (var room in Loaded())
        {
            await room.Gate.WaitAsync();
            try
            {
                if (room.Session is { } session)
                {
                    Dispatch(room, session.Tick());
                }
                if (room.Connections.Count == 0 && room.Locals.Count == 0 && !room.Dirty && room.Held.Count == 0
                    && clock.GetUtcNow() - room.LastActivity > settings.IdleUnload)
                {
                    rooms.TryRemove(room.Id, out _);
                }
            }
            finally
            {
                room.Gate.Release();
            }
        }
    }

    /// <summary>
    /// Writes dirty rooms' snapshots and accepted estimates. Public so tests can wait for it. Saves
    /// run one at a time: when this returns, everything accepted before the call is stored, even
    /// what the periodic save had already taken and was still writing.
    /// </summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await saving.WaitAsync(cancellationToken);
        try
        {
            await SaveOnceAsync(cancellationToken);
        }
        finally
        {
            saving.Release();
        }
    }

    private async Task SaveOnceAsync(CancellationToken cancellationToken)
    {
        var snapshots = new List<(LiveRoom Room, PokerRoomSnapshot Snapshot)>();
        var openRounds = new List<(LiveRoom Room, OpenRoundSnapshot? OpenRound)>();
        var held = new List<(LiveRoom Room, int Count)>();
        foreach (var room in Loaded())
        {
            if (!room.Dirty && room.Held.Count == 0)
            {
                continue;
            }
            await room.Gate.WaitAsync(cancellationToken);
            try
            {
                // Copies; turning them into JSON happens outside the lock, so a save pass over a
                // hundred busy rooms does not hold up their votes. Most passes find only votes.
                if (room.Session is { } session && room.Dirty)
                {
                    if (room.Pending == RoomSave.Whole)
                    {
                        snapshots.Add((room, session.Room.Snapshot()));
                    }
                    else
                    {
                        openRounds.Add((room, session.Room.OpenRoundSnapshot()));
                    }
                }
                room.Pending = RoomSave.None;
                if (room.Held.Count > 0)
                {
                    held.Add((room, room.Held.Count));
                }
            }
            finally
            {
                room.Gate.Release();
            }
        }
        var changed = snapshots.Select(s => (s.Room.Id, s.Snapshot.ToJson())).ToList();
        var votes = openRounds.Select(s => (s.Room.Id, s.OpenRound?.ToJson())).ToList();
        var accepted = new List<AcceptedEstimate>();
        while (estimates.Reader.TryRead(out var estimate))
        {
            accepted.Add(estimate);
        }
        if (changed.Count == 0 && votes.Count == 0 && accepted.Count == 0 && held.Count == 0)
        {
            return;
        }
        IReadOnlySet<string> lost;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<PokerStore>();
            lost = await store.SaveAsync(changed, votes, accepted, cluster.Enabled ? cluster.NodeId : null, cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(e, "Could not save {Rooms} poker rooms, {Rounds} open rounds and {Estimates} estimates; will try again",
                changed.Count, votes.Count, accepted.Count);
            foreach (var (room, save) in snapshots.Select(s => (s.Room, RoomSave.Whole)).Concat(openRounds.Select(o => (o.Room, RoomSave.OpenRound))))
            {
                room.MarkForSaving(save);
            }
            foreach (var estimate in accepted)
            {
                estimates.Writer.TryWrite(estimate);
            }
            return;
        }
        foreach (var (room, count) in held)
        {
            await room.Gate.WaitAsync(CancellationToken.None);
            try
            {
                if (!lost.Contains(room.Id))
                {
                    Release(room, count);
                }
            }
            finally
            {
                room.Gate.Release();
            }
        }
        foreach (var room in snapshots.Select(s => s.Room).Concat(openRounds.Select(o => o.Room)).Where(r => lost.Contains(r.Id)))
        {
            await LetGoAsync(room, "its save found another node owning it");
        }
    }

    // ------------------------------------------------------------------ several nodes (ADR 0014)

    /// <summary>The heartbeat, the mail from other nodes, and every second a look at who owns the rooms with sockets here.</summary>
    private async Task RunClusterAsync(CancellationToken cancellationToken)
    {
        // The mail writer outlives the others: the sockets' last "gone" goes out as they close.
        using var writerStop = new CancellationTokenSource();
        var writer = cluster.RunWriterAsync(writerStop.Token);
        var reader = cluster.RunReaderAsync(DeliverAsync, cancellationToken);
        // Real time, not the app's clock (which tests move): leases are the database's real time.
        var time = TimeProvider.System;
        var lastBeat = time.GetTimestamp();
        var beat = TimeSpan.FromTicks(cluster.Lease.Ticks / 3);
        var nextBeat = TimeSpan.Zero;
        var sinceStart = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetElapsedTime(sinceStart) >= nextBeat)
                {
                    nextBeat = time.GetElapsedTime(sinceStart) + beat;
                    var renewed = await cluster.HeartbeatAsync(cancellationToken);
                    // Renewed late (a pause, a lost database): the others may have taken this node's rooms.
                    if (!renewed || time.GetElapsedTime(lastBeat) > cluster.Lease)
                    {
                        await LetGoOfEverythingAsync(cancellationToken);
                    }
                    lastBeat = time.GetTimestamp();
                }
                await WatchOwnersAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(e, "Could not reach the database to keep poker rooms across nodes; trying again");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await reader;
        // Every socket is closed by now or within the close grace; its "gone" is queued as it closes.
        await Task.Delay(CloseGrace, CancellationToken.None);
        await writerStop.CancelAsync();
        await writer;
    }

    /// <summary>This node was taken for dead: its sockets are closed (they reconnect) and its rooms dropped unsaved.</summary>
    private async Task LetGoOfEverythingAsync(CancellationToken cancellationToken)
    {
        foreach (var room in Loaded().ToList())
        {
            await LetGoAsync(room, "this node was taken for dead");
        }
        await cluster.RejoinAsync(cancellationToken);
    }

    private async Task LetGoAsync(LiveRoom room, string why)
    {
        await room.Gate.WaitAsync(CancellationToken.None);
        try
        {
            logger.LogWarning("Letting go of poker room {Room}: {Why}; its sockets here reconnect", room.Id, why);
            rooms.TryRemove(room.Id, out _);
            foreach (var local in room.Locals.Values)
            {
                local.Connection.Close(WebSocketCloseStatus.EndpointUnavailable, PokerConnection.RestartingReason);
            }
            room.Locals.Clear();
            room.Connections.Clear();
            room.Held.Clear();
            room.Pending = RoomSave.None;
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>
    /// Every second: in rooms run here, sockets on nodes that stopped beating are gone; rooms run
    /// elsewhere whose owner stopped beating are taken over (or followed to whoever took them), and
    /// this node's sockets in them say hello to the new owner.
    /// </summary>
    private async Task WatchOwnersAsync(CancellationToken cancellationToken)
    {
        var loaded = Loaded().ToList();
        var elsewhere = loaded.Where(r => r.Session is null).Select(r => r.Id).ToList();
        var (alive, owners) = await cluster.ReadAsync(elsewhere, cancellationToken);
        foreach (var room in loaded)
        {
            await room.Gate.WaitAsync(cancellationToken);
            try
            {
                if (room.Session is { } session)
                {
                    foreach (var (id, peer) in room.Connections.Where(c => c.Value is RemotePeer r && !alive.Contains(r.Node)).ToList())
                    {
                        room.Connections.Remove(id);
                        Dispatch(room, session.Disconnect(id));
                    }
                    continue;
                }
                if (room.Locals.Count == 0)
                {
                    // Nobody here: nothing to take over or follow; a socket that comes finds the owner then.
                    continue;
                }
                var owner = owners.GetValueOrDefault(room.Id);
                if (owner is null || !alive.Contains(owner))
                {
                    owner = await cluster.ClaimAsync(room.Id, cancellationToken);
                }
                await FollowAsync(room, owner);
            }
            finally
            {
                room.Gate.Release();
            }
        }
    }

    /// <summary>Under the room's lock, for a room run elsewhere: <paramref name="owner"/> runs it now, perhaps this node.</summary>
    private async Task FollowAsync(LiveRoom room, string owner)
    {
        if (owner == cluster.NodeId)
        {
            await TakeOverAsync(room);
        }
        else if (owner != room.Owner)
        {
            logger.LogInformation("Poker room {Room} moved from node {Old} to {New}", room.Id, room.Owner, owner);
            room.Owner = owner;
            foreach (var local in room.Locals.Values)
            {
                Join(room, local);
            }
        }
    }

    /// <summary>Under the room's lock: this node now owns a room that was run elsewhere; it reads it and its sockets join it again.</summary>
    private async Task TakeOverAsync(LiveRoom room)
    {
        var record = await ReadRoomAsync(room.Id);
        if (record is null)
        {
            foreach (var local in room.Locals.Values)
            {
                local.Connection.SendAndClose(UnknownRoom(room.Id, null));
            }
            rooms.TryRemove(room.Id, out _);
            return;
        }
        logger.LogInformation("Poker room {Room} taken over from node {Old}", room.Id, room.Owner);
        room.Session = Restore(record);
        room.Owner = null;
        room.Connections.Clear();
        foreach (var local in room.Locals.Values)
        {
            Join(room, local);
        }
    }

    /// <summary>Mail from other nodes, oldest first: frames for this node's sockets, and commands for the rooms run here.</summary>
    private async Task DeliverAsync(IReadOnlyList<PokerMail> batch)
    {
        foreach (var mail in batch)
        {
            try
            {
                await DeliverAsync(mail);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad piece of mail must not stop the others (nor the reader, which would leave this node deaf).
                logger.LogError(e, "Could not deliver poker mail {Kind} for room {Room} from node {Node}", mail.Kind, mail.RoomId, mail.From);
            }
        }
    }

    private async Task DeliverAsync(PokerMail mail)
    {
        switch (mail.Kind)
        {
            case PokerMailKind.Send when open.TryGetValue(mail.ConnectionId, out var connection):
                connection.Send(new OutgoingFrame(mail.ConnectionId, mail.Payload ?? []));
                return;
            case PokerMailKind.Close when open.TryGetValue(mail.ConnectionId, out var connection):
                connection.CloseAfterSending();
                return;
            case PokerMailKind.Send or PokerMailKind.Close:
                return;
        }
        LiveRoom? room;
        if (mail.Kind == PokerMailKind.Hello)
        {
            room = await FindAsync(mail.RoomId);
            if (room is null)
            {
                cluster.Post(mail with { Kind = PokerMailKind.Send, To = mail.From, From = cluster.NodeId, Payload = UnknownRoom(mail.RoomId, null) });
                cluster.Post(mail with { Kind = PokerMailKind.Close, To = mail.From, From = cluster.NodeId, Payload = null });
                return;
            }
        }
        else if (Loaded(mail.RoomId) is { } found)
        {
            room = found;
        }
        else
        {
            return;
        }
        await room.Gate.WaitAsync();
        try
        {
            if (room.Session is null)
            {
                // The sender takes this node for the owner: the database decides who is (perhaps this node, now).
                await FollowAsync(room, await cluster.ClaimAsync(room.Id, CancellationToken.None));
            }
            if (room.Session is not { } session)
            {
                cluster.Post(mail with { To = room.Owner! });
                return;
            }
            switch (mail.Kind)
            {
                case PokerMailKind.Hello:
                    var parsed = PokerFrameParser.Parse(mail.Payload ?? []);
                    if (parsed.Message is HelloMessage hello && mail.PersonId is int person)
                    {
                        room.Connections[mail.ConnectionId] = new RemotePeer(cluster, mail.From, room.Id, mail.ConnectionId);
                        Dispatch(room, session.Join(mail.ConnectionId, person, mail.Name ?? "", hello));
                    }
                    break;
                case PokerMailKind.Frame when room.Connections.ContainsKey(mail.ConnectionId):
                    Dispatch(room, session.Receive(mail.ConnectionId, mail.Payload ?? []));
                    break;
                case PokerMailKind.Gone when room.Connections.Remove(mail.ConnectionId):
                    Dispatch(room, session.Disconnect(mail.ConnectionId));
                    break;
            }
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>How a socket of this node said hello (and the frame as sent, for another node), to say it again when its room moves.</summary>
    private sealed record LocalJoin(PokerConnection Connection, PokerIdentity Identity, HelloMessage Hello, byte[] HelloFrame);

    /// <summary>A socket on another node, in a room run here: its frames go there by mail.</summary>
    private sealed class RemotePeer(PokerCluster cluster, string node, string roomId, string connectionId) : IPokerPeer
    {
        public string Node => node;

        public void Send(OutgoingFrame frame) =>
            cluster.Post(new PokerMail(PokerMailKind.Send, node, cluster.NodeId, roomId, connectionId, Payload: frame.Utf8));

        public void CloseAfterSending() =>
            cluster.Post(new PokerMail(PokerMailKind.Close, node, cluster.NodeId, roomId, connectionId));
    }

    private sealed class LiveRoom(string id, int teamId, DateTimeOffset now)
    {
        public string Id { get; } = id;
        public int TeamId { get; } = teamId;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        /// <summary>The engine, when the room runs on this node; null when another node (<see cref="Owner"/>) runs it.</summary>
        public PokerRoomSession? Session { get; set; }
        public string? Owner { get; set; }
        /// <summary>Where each connection in the room gets its frames (in a room run here: those of every node).</summary>
        public Dictionary<string, IPokerPeer> Connections { get; } = new(StringComparer.Ordinal);
        /// <summary>This node's sockets in the room.</summary>
        public Dictionary<string, LocalJoin> Locals { get; } = new(StringComparer.Ordinal);
        /// <summary>Frames (or, null, closes) waiting for their change to be written (several nodes only).</summary>
        public List<(string ConnectionId, OutgoingFrame? Frame)> Held { get; } = [];
        /// <summary>What of the room waits to be saved (the larger of the changes since the last save).</summary>
        public RoomSave Pending { get; set; }
        public bool Dirty => Pending != RoomSave.None;

        /// <summary>Asks for at least <paramref name="save"/> at the next save pass (RoomSave is ordered).</summary>
        public void MarkForSaving(RoomSave save) => Pending = save > Pending ? save : Pending;
        public DateTimeOffset LastActivity { get; set; } = now;
    }
}

internal enum FrameKind { Message, TooLarge, Binary, Closed }

internal readonly record struct IncomingFrame(FrameKind Kind, byte[] Payload);

/// <summary>
/// One socket: whole text messages in (bounded by <see cref="PokerLimits.MaxFrameBytes"/>), and a
/// queue of frames out written by a single sender, so frames keep their order and the room's lock
/// is never held while a client is slow. A protocol-2 change frame that arrives while another view
/// frame still waits is merged into it (<see cref="ViewFrame.Merge"/>): a client that reads slowly,
/// or a server that has fallen behind, sends fewer, larger frames instead of queueing them. A client
/// whose queue fills up all the same (protocol 1, or frames that cannot be merged) is closed with
/// 1008 (docs/poker-protocol.md, "Closing"): its view is stale anyway, and reconnecting gives it a fresh one.
/// </summary>
internal sealed class PokerConnection : IPokerPeer, IDisposable
{
    public const string TextOnlyReason = "Frames must be text messages holding JSON.";
    public const string RestartingReason = "The server is restarting; reconnect.";
    public const string SlowReaderReason = "Frames were not read in time; reconnect for a fresh view.";

    /// <summary>How long a client closed for not reading has to read the close before it is dropped.</summary>
    public static readonly TimeSpan SlowReaderGrace = TimeSpan.FromSeconds(10);

    private readonly WebSocket socket;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly CancellationTokenSource lifetime;
    /// <summary>
    /// Client frames are small (a vote is under 100 bytes): each connection reads into a buffer of
    /// this size, and only a larger frame (pasted stories) borrows one of the full limit from the
    /// pool for as long as it is read. With 10,000 sockets open, 16 KB each would be 160 MB.
    /// </summary>
    private const int SmallFrameBytes = 512;

    /// <summary>Where the rest of a frame over the limit is read to be dropped; never read back, so all connections share it.</summary>
    private static readonly byte[] Discard = new byte[4096];

    private readonly Channel<Queued> outgoing;
    private readonly Lock mergeGate = new();
    private Queued? lastQueued;
    private readonly byte[] small = new byte[SmallFrameBytes];
    private Closure? closure;
    private ITimer? dropTimer;

    /// <param name="requestAborted">The client went away.</param>
    /// <param name="serverStopping">The server drops the sockets still open after its shutdown's grace.</param>
    public PokerConnection(WebSocket socket, int queueLimit, TimeProvider clock, ILogger logger, CancellationToken requestAborted, CancellationToken serverStopping)
    {
        this.socket = socket;
        this.clock = clock;
        this.logger = logger;
        // One source for the three ways a connection ends (these two and Drop): at 10,000 sockets
        // every source, its registrations and their nodes count.
        lifetime = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, serverStopping);
        outgoing = Channel.CreateBounded<Queued>(new BoundedChannelOptions(queueLimit) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        // The sender reads without a token (RunSenderAsync): the end of the connection ends its queue.
        lifetime.Token.UnsafeRegister(static queue => ((Channel<Queued>)queue!).Writer.TryComplete(), outgoing);
    }

    /// <summary>How the server ends the connection: the close status and reason, and whether frames still queued are dropped.</summary>
    private sealed record Closure(WebSocketCloseStatus Status, string Reason, bool DropQueued);

    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Cancelled when the request ends, the server drops its sockets, or this one is dropped.</summary>
    public CancellationToken Token => lifetime.Token;

    public bool Closing => Volatile.Read(ref closure) is not null;

    public void Send(byte[] frame) => Send(new OutgoingFrame(Id, frame));

    public void Send(OutgoingFrame frame)
    {
        // Frames for a socket that closed still come (from a room run on another node, until it hears of the close): dropped.
        if (Closing || completed || TryEnqueue(frame) || completed)
        {
            return;
        }
        // The queue is full: the client is not reading. Its queued frames are out of date anyway.
        logger.LogWarning("Poker connection {Connection} is not reading its frames; closing it", Id);
        Close(WebSocketCloseStatus.PolicyViolation, SlowReaderReason, dropQueued: true);
        // A client that reads again soon gets the close and its reason; one that does not is dropped.
        dropTimer = clock.CreateTimer(_ => Drop(), null, SlowReaderGrace, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends <paramref name="frame"/> (an error that ends the connection), then closes normally.</summary>
    public void SendAndClose(byte[] frame)
    {
        TryEnqueue(new OutgoingFrame(Id, frame));
        CloseAfterSending();
    }

    public void CloseAfterSending() => Close(WebSocketCloseStatus.NormalClosure, "bye");

    /// <summary>Closes after the frames already queued (unless <paramref name="dropQueued"/>); the first closure wins.</summary>
    public void Close(WebSocketCloseStatus status, string reason, bool dropQueued = false)
    {
        if (Interlocked.CompareExchange(ref closure, new Closure(status, reason, dropQueued), null) is null)
        {
            outgoing.Writer.TryComplete();
        }
    }

    /// <summary>The socket closed: the sender finishes what is queued and ends.</summary>
    public void Complete()
    {
        completed = true;
        outgoing.Writer.TryComplete();
    }

    private volatile bool completed;

    /// <summary>
    /// A frame in the queue; a view frame not yet taken by the sender may still absorb later changes.
    /// What was merged into it is written out once, when the sender takes it, not at every merge.
    /// </summary>
    private sealed class Queued(OutgoingFrame frame)
    {
        public OutgoingFrame Frame { get; } = frame;
        public ViewFrame? Merged { get; set; }
        public ViewFrame? View => Merged ?? Frame.View;
        public bool Taken { get; set; }
    }

    /// <summary>Queues a frame, or merges a view frame into the one waiting last; false when the queue is full.</summary>
    private bool TryEnqueue(OutgoingFrame frame)
    {
        lock (mergeGate)
        {
            if (frame.View is { } view && lastQueued is { Taken: false, View: { } waiting } last && ViewFrame.Merge(waiting, view) is { } merged)
            {
                last.Merged = merged;
                return true;
            }
            var queued = new Queued(frame);
            if (!outgoing.Writer.TryWrite(queued))
            {
                return false;
            }
            lastQueued = queued;
            return true;
        }
    }

    /// <summary>Takes a frame off the queue: from now on nothing merges into it.</summary>
    private byte[] Take(Queued queued)
    {
        ViewFrame? merged;
        lock (mergeGate)
        {
            queued.Taken = true;
            merged = queued.Merged;
            // Nothing merges into a frame taken: let it go now, not when the next frame comes. Kept,
            // each connection held its last frame (up to a whole 9 KB view) for seconds, or for as
            // long as the room was quiet; the GC promoted them all to its oldest generation.
            if (ReferenceEquals(lastQueued, queued))
            {
                lastQueued = null;
            }
        }
        return merged?.Compose() ?? queued.Frame.Utf8;
    }

    private void Drop()
    {
        try
        {
            lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    public async Task RunSenderAsync()
    {
        var cancellationToken = lifetime.Token;
        try
        {
            // No token for the wait: a bounded channel's reader reuses its one waiter only for waits
            // that cannot be cancelled. With a token every wait was a new waiter and registration,
            // alive until the connection's next frame (seconds): at 3,000 frames a second, half a
            // megabyte a second of garbage old enough for the GC's oldest generation.
            await foreach (var queued in outgoing.Reader.ReadAllAsync())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var frame = Take(queued);
                if (Volatile.Read(ref closure) is { DropQueued: true })
                {
                    break;
                }
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                }
            }
            var close = Volatile.Read(ref closure) ?? new Closure(WebSocketCloseStatus.NormalClosure, "bye", false);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(close.Status, close.Reason, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Gone.
        }
        finally
        {
            Interlocked.CompareExchange(ref closure, new Closure(WebSocketCloseStatus.NormalClosure, "bye", false), null);
        }
    }

    /// <summary>
    /// The next whole message. A text message larger than the limit is read to its end and reported,
    /// not kept; a binary message is reported without being read further.
    /// </summary>
    /// <remarks>
    /// Pooled: a call waits for seconds (a client sends one vote a round), and its state would
    /// otherwise be a new object per frame, old enough by then for the GC's oldest generation.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<IncomingFrame> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = small;
        byte[]? borrowed = null;
        var length = 0;
        var tooLarge = false;
        try
        {
            while (true)
            {
                if (!tooLarge && length == buffer.Length && borrowed is null)
                {
                    borrowed = ArrayPool<byte>.Shared.Rent(PokerLimits.MaxFrameBytes);
                    buffer.AsSpan(0, length).CopyTo(borrowed);
                    buffer = borrowed;
                }
                var capacity = Math.Min(buffer.Length, PokerLimits.MaxFrameBytes);
                var segment = tooLarge || length == capacity ? Discard.AsMemory() : buffer.AsMemory(length, capacity - length);
                var result = await socket.ReceiveAsync(segment, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new IncomingFrame(FrameKind.Closed, []);
                }
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    return new IncomingFrame(FrameKind.Binary, []);
                }
                if (tooLarge || (length == capacity && result.Count > 0))
                {
                    tooLarge = true;
                }
                else
                {
                    length += result.Count;
                }
                if (result.EndOfMessage)
                {
                    return tooLarge ? new IncomingFrame(FrameKind.TooLarge, []) : new IncomingFrame(FrameKind.Message, buffer.AsSpan(0, length).ToArray());
                }
            }
        }
        finally
        {
            if (borrowed is not null)
            {
                ArrayPool<byte>.Shared.Return(borrowed);
            }
        }
    }

    public void Dispose()
    {
        dropTimer?.Dispose();
        lifetime.Dispose();
    }
}
