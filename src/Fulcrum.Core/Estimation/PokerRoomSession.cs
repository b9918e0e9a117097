using static Fulcrum.Core.Estimation.PokerErrorCodes;

namespace Fulcrum.Core.Estimation;

/// <summary>A frame for one connection, as UTF-8 JSON text.</summary>
public sealed record OutgoingFrame(string ConnectionId, byte[] Utf8);

/// <summary>
/// What to do after a frame or an event: send these frames (in order), close these connections
/// after sending, save the room's snapshot when <see cref="SaveRoom"/> is set, and write
/// <see cref="Estimate"/> to its work item when an estimate was accepted.
/// </summary>
public sealed record SessionResult(
    IReadOnlyList<OutgoingFrame> Frames, IReadOnlyList<string> Close, bool SaveRoom, AcceptedEstimate? Estimate);

/// <summary>
/// The wire protocol around one room, still without I/O: it turns client frames into room commands
/// and outcomes into frames, each built for its recipient. A server needs only to authenticate the
/// connection, route the first frame (hello) to the room's session through <see cref="Join"/>,
/// pass every later frame to <see cref="Receive"/>, call <see cref="Disconnect"/> when a socket
/// closes and <see cref="Tick"/> every few seconds, all under one lock per room, and send what
/// comes back.
/// <para>
/// Every frame from a client is answered on its own connection: a state frame carrying the frame's
/// ref when it was accepted, an error frame with the ref when not. Other connections get a state
/// frame only when their person's view changed; a person who changes their vote changes no one
/// else's view, so no one else receives anything.
/// </para>
/// </summary>
public sealed class PokerRoomSession(PokerRoom room)
{
    private readonly Dictionary<string, long> sequence = new(StringComparer.Ordinal);

    public PokerRoom Room => room;

    /// <summary>
    /// A hello for this room on a connection authenticated as <paramref name="personId"/>. The
    /// server has already answered unknown rooms (<c>unknown_room</c>) and people who may not
    /// join (<c>not_a_member</c>). A refused join closes the connection.
    /// </summary>
    public SessionResult Join(string connectionId, int personId, string displayName, HelloMessage hello)
    {
        var outcome = room.Connect(connectionId, personId, displayName, hello.Role);
        if (!outcome.IsAccepted)
        {
            // A connection id already in use belongs to another socket: that one must stay open.
            var close = outcome.Error!.Code == ConnectionInUse ? [] : new[] { connectionId };
            return new([new OutgoingFrame(connectionId, PokerFrames.Error(outcome.Error!, hello.Ref))], close, false, null);
        }
        sequence[connectionId] = 0;
        return Result(outcome, connectionId, hello.Ref);
    }

    /// <summary>A frame on a connection that has joined. Bad frames get an error frame and the connection stays open.</summary>
    public SessionResult Receive(string connectionId, ReadOnlySpan<byte> utf8)
    {
        var parsed = PokerFrameParser.Parse(utf8);
        return parsed.Succeeded ? Handle(connectionId, parsed.Message!) : ErrorTo(connectionId, parsed.Error!, parsed.Ref);
    }

    public SessionResult Handle(string connectionId, ClientMessage message)
    {
        if (room.PersonOf(connectionId) is not int actor)
        {
            return ErrorTo(connectionId, new PokerError(HelloRequired, "Send hello to join a room first."), message.Ref);
        }
        switch (message)
        {
            case HelloMessage:
                return ErrorTo(connectionId, new PokerError(AlreadyJoined,
                    "This connection has already joined; open a new connection to join again."), message.Ref);
            case PingMessage:
                return new([new OutgoingFrame(connectionId, PokerFrames.Pong(message.Ref))], [], false, null);
            case LeaveMessage:
                var left = room.Leave(connectionId);
                sequence.Remove(connectionId);
                var result = Result(left, null, null);
                return result with { Close = [connectionId] };
            case RoomCommand command:
                var outcome = room.Apply(actor, command);
                return outcome.IsAccepted ? Result(outcome, connectionId, message.Ref) : ErrorTo(connectionId, outcome.Error!, message.Ref);
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "Unknown client message.");
        }
    }

    /// <summary>The socket closed or dropped. The person stays in the room and keeps their vote.</summary>
    public SessionResult Disconnect(string connectionId)
    {
        sequence.Remove(connectionId);
        return Result(room.Disconnect(connectionId), null, null);
    }

    /// <summary>Lets time act (facilitator hand-over after the grace period).</summary>
    public SessionResult Tick() => Result(room.Tick(), null, null);

    private SessionResult Result(PokerOutcome outcome, string? origin, string? reference)
    {
        var frames = new List<OutgoingFrame>();
        var originServed = false;
        foreach (var personId in outcome.ChangedFor)
        {
            var connections = room.ConnectionsOf(personId);
            if (connections.Count == 0)
            {
                continue;
            }
            var view = room.For(personId);
            foreach (var connection in connections.Order(StringComparer.Ordinal))
            {
                var isOrigin = connection == origin;
                originServed |= isOrigin;
                frames.Add(new OutgoingFrame(connection, PokerFrames.State(Next(connection), isOrigin ? reference : null, view)));
            }
        }
        if (origin is not null && !originServed && room.PersonOf(origin) is int self)
        {
            // Accepted but nothing changed (the same card again): still answer, so the client knows.
            frames.Add(new OutgoingFrame(origin, PokerFrames.State(Next(origin), reference, room.For(self))));
        }
        return new(frames, [], outcome.StateChanged, outcome.Estimate);
    }

    private long Next(string connectionId) => sequence[connectionId] = sequence.GetValueOrDefault(connectionId) + 1;

    private static SessionResult ErrorTo(string connectionId, PokerError error, string? reference) =>
        new([new OutgoingFrame(connectionId, PokerFrames.Error(error, reference))], [], false, null);
}
