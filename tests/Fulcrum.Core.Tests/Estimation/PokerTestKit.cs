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
