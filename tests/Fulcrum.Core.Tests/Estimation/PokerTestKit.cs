using System.Text;
using Fulcrum.Core.Estimation;

namespace Fulcrum.Core.Tests.Estimation;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private DateTimeOffset now = start;

    public ManualClock() : this(Start)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

/// <summary>
/// A room with a facilitator (person 1, Fran) who votes, and voters connected one connection each
/// ("p2", "p3", ...), on the modified Fibonacci deck with the stories given.
/// </summary>
public sealed class PokerTable
{
    public const int Fran = 1;

    public PokerTable(int voters = 3, Deck? deck = null, bool facilitatorVotes = true, params string[] stories)
    {
        Room = PokerRoom.Create("room-1", 7, "Sprint 12 planning", deck ?? Deck.ModifiedFibonacci, Fran, "Fran", Clock, facilitatorVotes);
        Assert.True(Room.Connect(Connection(Fran), Fran, "Fran").IsAccepted);
        for (var id = 2; id < 2 + voters; id++)
        {
            Assert.True(Room.Connect(Connection(id), id, $"Voter {id}").IsAccepted);
        }
        if (stories.Length > 0)
        {
            Assert.True(Room.AddStories(Fran, stories.Select(s => new StoryInput(s)).ToList()).IsAccepted);
        }
    }

    public ManualClock Clock { get; } = new();

    public PokerRoom Room { get; }

    public static string Connection(int personId) => $"p{personId}";

    public RoundView CurrentRound(int viewer) => Room.For(viewer).Current!.Rounds[^1];

    /// <summary>The frame the server would send this person.</summary>
    public string Frame(int viewer) => Encoding.UTF8.GetString(PokerFrames.State(1, null, Room.For(viewer)));

    public static void Accepted(PokerOutcome outcome) =>
        Assert.True(outcome.IsAccepted, outcome.Error is { } e ? $"{e.Code}: {e.Message}" : null);

    public static void Rejected(string code, PokerOutcome outcome)
    {
        Assert.False(outcome.IsAccepted, $"expected {code}, but the command was accepted");
        Assert.Equal(code, outcome.Error!.Code);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error.Message));
        Assert.Empty(outcome.ChangedFor);
        Assert.False(outcome.StateChanged);
    }
}

/// <summary>Everything observable about a room: its persisted state and every participant's view.</summary>
public static class RoomFingerprint
{
    public static string Of(PokerRoom room, params int[] extraViewers)
    {
        var views = room.ParticipantIds.Concat(extraViewers)
            .Select(id => System.Text.Encoding.UTF8.GetString(PokerFrames.State(0, null, room.For(id))));
        return room.Snapshot().ToJson() + "\n" + string.Join("\n", views);
    }

    public static void AssertRejectedWithoutChange(PokerRoom room, string code, Func<PokerOutcome> command)
    {
        var before = Of(room, 99);
        PokerTable.Rejected(code, command());
        Assert.Equal(before, Of(room, 99));
    }
}

/// <summary>
/// Clients on the wire around one room's session: each connection has an inbox of the frames the
/// server sent it, and the set of connections the server closed.
/// </summary>
public sealed class Wire
{
    public Wire(bool facilitatorVotes = false, Deck? deck = null)
    {
        Room = PokerRoom.Create("room-1", 7, "Sprint 12 planning", deck ?? Deck.ModifiedFibonacci, PokerTable.Fran, "Fran", Clock, facilitatorVotes);
        Session = new PokerRoomSession(Room);
    }

    public ManualClock Clock { get; } = new();
    public PokerRoom Room { get; }
    public PokerRoomSession Session { get; }
    public Dictionary<string, List<System.Text.Json.JsonElement>> Inbox { get; } = [];
    public HashSet<string> Closed { get; } = [];
    public Dictionary<string, int> PersonOf { get; } = [];

    public SessionResult Hello(string connection, int personId, string name, string? role = null, string? reference = null, int protocol = 1)
    {
        var frame = role is null
            ? $$"""{"type":"hello","protocol":{{protocol}},"room":"room-1","ref":"{{reference ?? connection}}"}"""
            : $$"""{"type":"hello","protocol":{{protocol}},"room":"room-1","role":"{{role}}","ref":"{{reference ?? connection}}"}""";
        var hello = (HelloMessage)PokerFrameParser.Parse(frame).Message!;
        PersonOf[connection] = personId;
        Inbox.TryAdd(connection, []);
        return Deliver(Session.Join(connection, personId, name, hello));
    }

    public SessionResult Send(string connection, string json) =>
        Deliver(Session.Receive(connection, System.Text.Encoding.UTF8.GetBytes(json)));

    public SessionResult Drop(string connection) => Deliver(Session.Disconnect(connection));

    public SessionResult Deliver(SessionResult result)
    {
        foreach (var frame in result.Frames)
        {
            Assert.DoesNotContain(frame.ConnectionId, Closed);
            using var document = System.Text.Json.JsonDocument.Parse(frame.Utf8);
            if (!Inbox.TryGetValue(frame.ConnectionId, out var inbox))
            {
                Inbox[frame.ConnectionId] = inbox = [];
            }
            inbox.Add(document.RootElement.Clone());
        }
        Closed.UnionWith(result.Close);
        return result;
    }

    /// <summary>Takes every connection's unread frames.</summary>
    public Dictionary<string, List<System.Text.Json.JsonElement>> TakeAll()
    {
        var all = Inbox.ToDictionary(p => p.Key, p => p.Value.ToList());
        foreach (var list in Inbox.Values)
        {
            list.Clear();
        }
        return all;
    }

    public List<System.Text.Json.JsonElement> Take(string connection) => TakeAll()[connection];

    public System.Text.Json.JsonElement Last(string connection) => Inbox[connection][^1];
}

/// <summary>Finds card labels in a frame anywhere except the deck's own list of cards.</summary>
public static class FrameSearch
{
    public static List<(string Path, string Label)> CardLabelsOutsideDeck(System.Text.Json.JsonElement frame, Deck deck)
    {
        var found = new List<(string, string)>();
        Walk(frame, "$", deck, found);
        return found;
    }

    private static void Walk(System.Text.Json.JsonElement element, string path, Deck deck, List<(string, string)> found)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var child = path + "." + property.Name;
                    if (child != "$.room.deck")
                    {
                        Walk(property.Value, child, deck, found);
                    }
                }
                break;
            case System.Text.Json.JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", deck, found);
                }
                break;
            case System.Text.Json.JsonValueKind.String when deck.Find(element.GetString()!) is not null:
                found.Add((path, element.GetString()!));
                break;
        }
    }
}
