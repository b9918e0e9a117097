namespace Fulcrum.Core.Estimation;

/// <summary>
/// A frame from a client, parsed. <see cref="Ref"/> is the client's own label for the frame; the
/// server echoes it on the reply (state or error) so the client knows what was answered.
/// Who sends a message is never in it: it is the person authenticated on the connection.
/// </summary>
public abstract record ClientMessage
{
    public string? Ref { get; init; }
}

/// <summary>Joins a room on this connection (first frame, and again after every reconnect).</summary>
public sealed record HelloMessage(int Protocol, string Room, PokerRole? Role) : ClientMessage;

public sealed record PingMessage : ClientMessage;

/// <summary>Asks for the whole view again (a state frame); protocol 2 clients then apply change frames from it.</summary>
public sealed record SyncMessage : ClientMessage;

/// <summary>Leaving on purpose: the server closes the connection after applying <see cref="PokerRoom.Leave"/>.</summary>
public sealed record LeaveMessage : ClientMessage;

/// <summary>A command a room applies (<see cref="PokerRoom.Apply"/>).</summary>
public abstract record RoomCommand : ClientMessage;

/// <param name="StoryId">The story the client saw when voting; a vote for another story is refused.</param>
/// <param name="Round">The round the client saw; a vote for a round since revealed or replaced is refused.</param>
/// <param name="Voter">Optional; when present it must be the person signed in on the connection.</param>
public sealed record VoteCommand(string Card, int? StoryId = null, int? Round = null, int? Voter = null) : RoomCommand;

public sealed record ClearVoteCommand : RoomCommand;

public sealed record RevealCommand : RoomCommand;

public sealed record RevoteCommand : RoomCommand;

public sealed record AcceptCommand(string Card) : RoomCommand;

public sealed record NextStoryCommand : RoomCommand;

public sealed record SelectStoryCommand(int StoryId) : RoomCommand;

public sealed record AddStoriesCommand(IReadOnlyList<StoryInput> Stories) : RoomCommand;

public sealed record RemoveStoryCommand(int StoryId) : RoomCommand;

public sealed record MoveStoryCommand(int StoryId, int Position) : RoomCommand;

public sealed record StartTimerCommand(int Seconds) : RoomCommand;

public sealed record StopTimerCommand : RoomCommand;

public sealed record HandOverCommand(int PersonId) : RoomCommand;

/// <param name="PersonId">Whose role; omitted means one's own.</param>
public sealed record SetRoleCommand(PokerRole Role, int? PersonId = null) : RoomCommand;
