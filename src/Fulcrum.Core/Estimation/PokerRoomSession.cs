using System.Text.Json;
using static Fulcrum.Core.Estimation.PokerErrorCodes;

namespace Fulcrum.Core.Estimation;

/// <summary>A frame for one connection, as UTF-8 JSON text; for a view frame, also what it holds (<see cref="View"/>).</summary>
public sealed record OutgoingFrame(string ConnectionId, byte[] Utf8)
{
    /// <summary>Set on state and change frames, so a host can merge it with one still waiting to be sent (<see cref="ViewFrame.Merge"/>).</summary>
    public ViewFrame? View { get; init; }

    public static OutgoingFrame Of(string connectionId, ViewFrame view) => new(connectionId, view.Compose()) { View = view };
}

/// <summary>
/// A view frame before it is written: whole (state) or a change, its seq and ref, and the JSON of
/// each field of <see cref="RoomView"/> it carries (null: not in this frame), in the view's order.
/// </summary>
/// <param name="Mergeable">False for protocol 1, whose frames are sent one by one as they come.</param>
public sealed record ViewFrame(bool Whole, long Seq, string? Ref, byte[]?[] Fields, bool Mergeable)
{
    public const int RoomId = 0, TeamId = 1, Name = 2, ServerTime = 3, You = 4, FacilitatorId = 5, Deck = 6,
        Participants = 7, Stories = 8, Current = 9, Timer = 10, FieldCount = 11;

    private static readonly JsonEncodedText[] Names =
    [
        RoomFields.RoomId, RoomFields.TeamId, RoomFields.Name, RoomFields.ServerTime, RoomFields.You, RoomFields.FacilitatorId,
        RoomFields.Deck, RoomFields.Participants, RoomFields.Stories, RoomFields.Current, RoomFields.Timer,
    ];

    public byte[] Compose()
    {
        Span<RoomPart> parts = new RoomPart[FieldCount];
        var count = 0;
        for (var i = 0; i < FieldCount; i++)
        {
            if (Fields[i] is { } utf8)
            {
                parts[count++] = new RoomPart(Names[i], utf8);
            }
        }
        return PokerFrames.Compose(Whole ? "state" : "change", Seq, Ref, parts[..count]);
    }

    /// <summary>
    /// <paramref name="newer"/> folded into <paramref name="older"/>, which has not been sent yet:
    /// one frame that leaves the client with the same view as the two would, the fields of the
    /// newer replacing those of the older, with the newer seq (so seq skips one). A client that is
    /// slow to read so gets fewer, larger frames instead of a growing queue. Null when they cannot
    /// be merged: protocol 1, or both answer a frame of the client (each ref must come back).
    /// </summary>
    public static ViewFrame? Merge(ViewFrame older, ViewFrame newer)
    {
        if (!older.Mergeable || !newer.Mergeable || (older.Ref is not null && newer.Ref is not null))
        {
            return null;
        }
        var fields = (byte[]?[])older.Fields.Clone();
        for (var i = 0; i < FieldCount; i++)
        {
            if (newer.Fields[i] is { } utf8)
            {
                fields[i] = utf8;
            }
        }
        return new ViewFrame(older.Whole || newer.Whole, newer.Seq, older.Ref ?? newer.Ref, fields, Mergeable: true);
    }
}

/// <summary>
/// What to do after a frame or an event: send these frames (in order), close these connections
/// after sending, save the room (<see cref="Save"/>: the whole room, or only its open round's
/// votes), and write <see cref="Estimate"/> to its work item when an estimate was accepted.
/// </summary>
public sealed record SessionResult(
    IReadOnlyList<OutgoingFrame> Frames, IReadOnlyList<string> Close, RoomSave Save, AcceptedEstimate? Estimate)
{
    public bool SaveRoom => Save != RoomSave.None;
}

/// <summary>
/// The wire protocol around one room, still without I/O: it turns client frames into room commands
/// and outcomes into frames, each built for its recipient. A server needs only to authenticate the
/// connection, route the first frame (hello) to the room's session through <see cref="Join"/>,
/// pass every later frame to <see cref="Receive"/>, call <see cref="Disconnect"/> when a socket
/// closes and <see cref="Tick"/> every few seconds, all under one lock per room, and send what
/// comes back.
/// <para>
/// Every frame from a client is answered on its own connection: a view frame carrying the frame's
/// ref when it was accepted, an error frame with the ref when not. Other connections get a view
/// frame only when their person's view changed; a person who changes their vote changes no one
/// else's view, so no one else receives anything.
/// </para>
/// <para>
/// View frames: a connection that said hello with protocol 1 gets the whole view every time
/// (<c>state</c>). With protocol 2 it gets the whole view first (after hello, and after
/// <c>sync</c>), then <c>change</c> frames holding only the fields of its view that changed since
/// its last frame (docs/adr/0010-poker-change-frames.md). Either way the frame is assembled from
/// parts serialised once per change: the participants, the stories and the timer are the same
/// for everyone and reused; <c>you</c> and <c>current</c> (which holds the recipient's own
/// cards) are built per recipient, or shared only between recipients whose own cards are the same.
/// </para>
/// </summary>
public sealed class PokerRoomSession(PokerRoom room)
{
    private readonly Dictionary<string, Peer> peers = new(StringComparer.Ordinal);
    private readonly SharedParts shared = new(room);

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
            return new([new OutgoingFrame(connectionId, PokerFrames.Error(outcome.Error!, hello.Ref))], close, RoomSave.None, null);
        }
        peers[connectionId] = new Peer(hello.Protocol);
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
                return new([new OutgoingFrame(connectionId, PokerFrames.Pong(message.Ref))], [], RoomSave.None, null);
            case SyncMessage:
                // The whole view again, as after hello; change frames follow from there.
                if (peers.TryGetValue(connectionId, out var asking))
                {
                    asking.NeedsState = true;
                }
                return Result(PokerOutcome.Unchanged, connectionId, message.Ref);
            case LeaveMessage:
                var left = room.Leave(connectionId);
                peers.Remove(connectionId);
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
        peers.Remove(connectionId);
        return Result(room.Disconnect(connectionId), null, null);
    }

    /// <summary>Lets time act (facilitator hand-over after the grace period).</summary>
    public SessionResult Tick() => Result(room.Tick(), null, null);

    private SessionResult Result(PokerOutcome outcome, string? origin, string? reference)
    {
        var frames = new List<OutgoingFrame>();
        var originServed = false;
        Parts? parts = null;
        foreach (var personId in outcome.ChangedFor)
        {
            var connections = room.ConnectionsOf(personId);
            if (connections.Count == 0)
            {
                continue;
            }
            parts ??= new Parts(room, shared.Refresh(), PokerFrames.Json(room.Now));
            foreach (var connection in connections.Order(StringComparer.Ordinal))
            {
                var isOrigin = connection == origin;
                originServed |= isOrigin;
                frames.Add(OutgoingFrame.Of(connection, FrameFor(connection, personId, isOrigin ? reference : null, parts)));
            }
        }
        if (origin is not null && !originServed && room.PersonOf(origin) is int self)
        {
            // Accepted but nothing changed (the same card again): still answer, so the client knows.
            parts ??= new Parts(room, shared.Refresh(), PokerFrames.Json(room.Now));
            frames.Add(OutgoingFrame.Of(origin, FrameFor(origin, self, reference, parts)));
        }
        return new(frames, [], outcome.Save, outcome.Estimate);
    }

    /// <summary>The frame for one connection: its whole view, or (protocol 2) what changed in it since its last frame.</summary>
    private ViewFrame FrameFor(string connection, int personId, string? reference, Parts parts)
    {
        if (!peers.TryGetValue(connection, out var peer))
        {
            // Joined through the room directly (tests): as protocol 1.
            peers[connection] = peer = new Peer(1);
        }
        var you = parts.You(room.ViewerOf(personId));
        var current = parts.Current(personId);
        var fields = parts.Shared;
        var seq = ++peer.Seq;
        var slots = new byte[]?[ViewFrame.FieldCount];
        var whole = peer.Protocol < 2 || peer.NeedsState;
        slots[ViewFrame.ServerTime] = parts.ServerTime;
        if (whole)
        {
            slots[ViewFrame.RoomId] = fields.RoomId;
            slots[ViewFrame.TeamId] = fields.TeamId;
            slots[ViewFrame.Name] = fields.Name;
            slots[ViewFrame.Deck] = fields.Deck;
        }
        var youPrint = Fingerprint(you);
        var currentPrint = Fingerprint(current);
        if (whole || youPrint != peer.You)
        {
            slots[ViewFrame.You] = you;
        }
        if (whole || peer.FacilitatorVersion != fields.FacilitatorId.Version)
        {
            slots[ViewFrame.FacilitatorId] = fields.FacilitatorId.Utf8;
        }
        if (whole || peer.ParticipantsVersion != fields.Participants.Version)
        {
            slots[ViewFrame.Participants] = fields.Participants.Utf8;
        }
        if (whole || peer.StoriesVersion != fields.StoriesVersion)
        {
            slots[ViewFrame.Stories] = parts.Stories;
        }
        if (whole || currentPrint != peer.Current)
        {
            slots[ViewFrame.Current] = current;
        }
        if (whole || peer.TimerVersion != fields.Timer.Version)
        {
            slots[ViewFrame.Timer] = fields.Timer.Utf8;
        }
        // Protocol 1 always gets the whole view, and keeps it whole when frames wait for it (see ViewFrame.Merge).
        var view = new ViewFrame(whole, seq, reference, slots, Mergeable: peer.Protocol >= 2);
        if (peer.Protocol >= 2)
        {
            // What this connection now holds, to know what the next change frame must carry.
            peer.NeedsState = false;
            peer.You = youPrint;
            peer.Current = currentPrint;
            peer.FacilitatorVersion = fields.FacilitatorId.Version;
            peer.ParticipantsVersion = fields.Participants.Version;
            peer.StoriesVersion = fields.StoriesVersion;
            peer.TimerVersion = fields.Timer.Version;
        }
        return view;
    }

    /// <summary>
    /// What a peer keeps of the parts built for it alone: a 128-bit hash, not the bytes. Keeping the
    /// bytes kept every recipient's last `current` alive for seconds, long enough for the GC to move
    /// it to its oldest generation, where a thousand busy rooms piled up hundreds of megabytes of
    /// garbage between full collections. Two different parts with the same 128-bit hash would leave
    /// a client one change behind until the next; the chance is about 2^-128 per comparison.
    /// </summary>
    private static UInt128 Fingerprint(byte[] utf8) => System.IO.Hashing.XxHash128.HashToUInt128(utf8);

    private static SessionResult ErrorTo(string connectionId, PokerError error, string? reference) =>
        new([new OutgoingFrame(connectionId, PokerFrames.Error(error, reference))], [], RoomSave.None, null);

    /// <summary>A joined connection: its protocol, its frame count, and (protocol 2) what its view holds.</summary>
    private sealed class Peer(int protocol)
    {
        public int Protocol { get; } = protocol;
        public long Seq { get; set; }
        public bool NeedsState { get; set; } = true;
        public UInt128? You { get; set; }
        public UInt128? Current { get; set; }
        public int FacilitatorVersion { get; set; } = -1;
        public int ParticipantsVersion { get; set; } = -1;
        public int StoriesVersion { get; set; } = -1;
        public int TimerVersion { get; set; } = -1;
    }

    /// <summary>A shared field's JSON and a number that moves whenever its value does.</summary>
    private readonly record struct Versioned(byte[] Utf8, int Version);

    /// <summary>The fields of the room's view that are the same for everyone, serialised only when they change.</summary>
    private sealed class SharedParts(PokerRoom room)
    {
        private int facilitatorId = int.MinValue;
        private List<ParticipantView>? participants;
        private UInt128? stories;
        private TimerView? timer;
        private SharedFields? last;

        public SharedFields Refresh()
        {
            var fixedParts = last ?? new SharedFields(
                PokerFrames.Json(room.Id), PokerFrames.Json(room.TeamId), PokerFrames.Json(room.Name), PokerFrames.Json(room.Deck),
                default, default, 0, default);
            // Compared with what was last serialised without building new lists: this runs on every vote.
            var next = fixedParts;
            if (last is null || room.FacilitatorId != facilitatorId)
            {
                facilitatorId = room.FacilitatorId;
                next = next with { FacilitatorId = Bump(last?.FacilitatorId, PokerFrames.Json(facilitatorId)) };
            }
            if (participants is null || !room.SameParticipants(participants))
            {
                participants = room.ParticipantViews();
                next = next with { Participants = Bump(last?.Participants, PokerFrames.Json<IReadOnlyList<ParticipantView>>(participants)) };
            }
            // The stories' JSON (the longest part, ~7 KB at 50 stories) is not kept from one change to
            // the next: each change that needs it serialises it once (Parts.Stories).
            var storiesPrint = room.StoriesPrint();
            if (stories != storiesPrint)
            {
                stories = storiesPrint;
                next = next with { StoriesVersion = (last?.StoriesVersion ?? 0) + 1 };
            }
            if (last is null || !Equals(timer, room.Timer))
            {
                timer = room.Timer;
                next = next with { Timer = Bump(last?.Timer, PokerFrames.Json(timer)) };
            }
            return last = next;
        }

        private static Versioned Bump(Versioned? previous, byte[] utf8) => new(utf8, (previous?.Version ?? 0) + 1);
    }

    private sealed record SharedFields(byte[] RoomId, byte[] TeamId, byte[] Name, byte[] Deck,
        Versioned FacilitatorId, Versioned Participants, int StoriesVersion, Versioned Timer);

    /// <summary>The parts of one change, each serialised at most once, for however many recipients.</summary>
    private sealed class Parts(PokerRoom room, SharedFields shared, byte[] serverTime)
    {
        private byte[]? stories;

        private readonly Dictionary<ViewerView, byte[]> you = [];
        private readonly Dictionary<string, byte[]> current = new(StringComparer.Ordinal);

        public SharedFields Shared => shared;

        public byte[] ServerTime => serverTime;

        public byte[] Stories => stories ??= PokerFrames.Json<IReadOnlyList<StorySummaryView>>(room.StoryViews());

        public byte[] You(ViewerView viewer)
        {
            if (!you.TryGetValue(viewer, out var utf8))
            {
                you[viewer] = utf8 = PokerFrames.Json(viewer);
            }
            return utf8;
        }

        /// <summary>`current` for <paramref name="personId"/>, shared only with those whose own cards are the same.</summary>
        public byte[] Current(int personId)
        {
            var key = room.OwnCardsKey(personId);
            if (!current.TryGetValue(key, out var utf8))
            {
                current[key] = utf8 = PokerFrames.Json(room.CurrentFor(personId));
            }
            return utf8;
        }
    }
}
