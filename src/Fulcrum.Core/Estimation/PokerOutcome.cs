namespace Fulcrum.Core.Estimation;

/// <summary>Why a frame or a command was refused: a stable code for programs, a sentence for people.</summary>
public sealed record PokerError(string Code, string Message);

/// <summary>
/// What a command did. Accepted: whose views changed (send each of them a fresh snapshot), whether
/// the persisted state changed and how much of it (<see cref="Save"/>), and, for an accepted
/// estimate, what to write to the work item. Rejected: the error, and nothing changed.
/// </summary>
public sealed record PokerOutcome
{
    private PokerOutcome(PokerError? error, IReadOnlyList<int> changedFor, RoomSave save, AcceptedEstimate? estimate)
    {
        Error = error;
        ChangedFor = changedFor;
        Save = save;
        Estimate = estimate;
    }

    public PokerError? Error { get; }

    public bool IsAccepted => Error is null;

    /// <summary>People whose view changed, ascending. Changing one's own vote changes only one's
    /// own view: nobody else hears of it, not even that something happened.</summary>
    public IReadOnlyList<int> ChangedFor { get; }

    /// <summary>True when the room's persisted state changed; presence alone does not count.</summary>
    public bool StateChanged => Save != RoomSave.None;

    /// <summary>What of the room must be saved: nothing, only the open round's votes, or the whole room.</summary>
    public RoomSave Save { get; }

    /// <summary>Set when the facilitator accepted an estimate: write it to the work item.</summary>
    public AcceptedEstimate? Estimate { get; }

    internal static PokerOutcome Rejected(string code, string message) => new(new PokerError(code, message), [], RoomSave.None, null);

    internal static PokerOutcome Unchanged { get; } = new(null, [], RoomSave.None, null);

    internal static PokerOutcome Changed(IEnumerable<int> changedFor, bool stateChanged, AcceptedEstimate? estimate = null) =>
        new(null, changedFor.Distinct().Order().ToList(), stateChanged ? RoomSave.Whole : RoomSave.None, estimate);

    /// <summary>A vote cast, changed or withdrawn in the open round, and nothing else.</summary>
    internal static PokerOutcome VotesChanged(IEnumerable<int> changedFor) =>
        new(null, changedFor.Distinct().Order().ToList(), RoomSave.OpenRound, null);
}

/// <summary>
/// How much of a room a change asks to save. Most changes in a meeting are votes, and a vote changes
/// only the open round: saving it writes that round's votes (<see cref="OpenRoundSnapshot"/>, a few
/// hundred bytes) instead of the whole room (stories, rounds, people: ~10 KB at 50 stories).
/// Ordered: a pending save takes the larger of two.
/// </summary>
public enum RoomSave
{
    None,
    OpenRound,
    Whole,
}

/// <summary>
/// Every error code a client may see, from the frame parser, the room, and the server around them
/// (authentication, room lookup), so that all clients and the documentation share one vocabulary.
/// </summary>
public static class PokerErrorCodes
{
    // Frames
    public const string FrameTooLarge = "frame_too_large";
    public const string MalformedJson = "malformed_json";
    public const string UnknownType = "unknown_type";
    public const string MissingField = "missing_field";
    public const string InvalidField = "invalid_field";
    public const string UnsupportedVersion = "unsupported_version";

    // Session (answered by the server before a command reaches a room)
    public const string Unauthenticated = "unauthenticated";
    public const string HelloRequired = "hello_required";
    public const string AlreadyJoined = "already_joined";
    public const string UnknownRoom = "unknown_room";
    public const string NotAMember = "not_a_member";
    public const string RoomFull = "room_full";
    public const string TooManyConnections = "too_many_connections";
    public const string ConnectionInUse = "connection_in_use";

    // Room
    public const string NotInRoom = "not_in_room";
    public const string NotFacilitator = "not_facilitator";
    public const string ObserverCannotVote = "observer_cannot_vote";
    public const string NotYourVote = "not_your_vote";
    public const string CardNotInDeck = "card_not_in_deck";
    public const string NotAnEstimate = "not_an_estimate";
    public const string NoCurrentStory = "no_current_story";
    public const string StaleRound = "stale_round";
    public const string VotingClosed = "voting_closed";
    public const string AlreadyRevealed = "already_revealed";
    public const string RoundNotRevealed = "round_not_revealed";
    public const string NoVotes = "no_votes";
    public const string StoryAccepted = "story_accepted";
    public const string TooManyRounds = "too_many_rounds";
    public const string UnknownStory = "unknown_story";
    public const string StoryHasVotes = "story_has_votes";
    public const string InvalidStory = "invalid_story";
    public const string TooManyStories = "too_many_stories";
    public const string InvalidPosition = "invalid_position";
    public const string NoNextStory = "no_next_story";
    public const string InvalidDuration = "invalid_duration";
    public const string UnknownPerson = "unknown_person";
    public const string NotPresent = "not_present";
}

/// <summary>The sizes that keep one room, one frame and one view bounded.</summary>
public static class PokerLimits
{
    public const int MaxFrameBytes = 16 * 1024;
    public const int MaxRefLength = 64;
    public const int MaxRoomIdLength = 64;
    public const int MaxRoomNameLength = 80;
    public const int MaxDisplayNameLength = 80;
    public const int MaxParticipants = 100;
    public const int MaxConnectionsPerPerson = 10;
    public const int MaxStories = 300;
    public const int MaxStoriesPerCommand = 100;
    public const int MaxTitleLength = 200;
    public const int MaxWorkItemIdLength = 64;
    public const int MaxRoundsPerStory = 20;
    public const int MinTimerSeconds = 10;
    public const int MaxTimerSeconds = 3600;
}
