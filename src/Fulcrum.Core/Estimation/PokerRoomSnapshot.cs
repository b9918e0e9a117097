using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Fulcrum.Core.Estimation;

/// <summary>
/// A room's persisted state (<see cref="PokerRoom.Snapshot"/>, <see cref="PokerRoom.Restore"/>):
/// everything but presence. It holds every vote, revealed or not, so it stays on the server:
/// clients get views, never this.
/// </summary>
public sealed record PokerRoomSnapshot(
    int Version,
    string RoomId,
    int TeamId,
    string Name,
    int OwnerId,
    DateTimeOffset CreatedAt,
    double FacilitatorGraceSeconds,
    DeckSnapshot Deck,
    int FacilitatorId,
    IReadOnlyList<ParticipantSnapshot> Participants,
    IReadOnlyList<StorySnapshot> Stories,
    int? CurrentStoryId,
    int NextStoryId,
    TimerView? Timer)
{
    public const int CurrentVersion = 1;

    public string ToJson() => JsonSerializer.Serialize(this, PokerJsonContext.Default.PokerRoomSnapshot);

    /// <summary>Reads a stored snapshot; anything unreadable is an <see cref="InvalidDataException"/>.</summary>
    public static PokerRoomSnapshot FromJson(string json) =>
        StoredJson.Read(json, PokerJsonContext.Default.PokerRoomSnapshot, "A poker room snapshot");
}

/// <summary>Reading what a room stored: anything unreadable or null is an <see cref="InvalidDataException"/> naming it.</summary>
internal static class StoredJson
{
    public static T Read<T>(string json, JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new InvalidDataException($"{what} is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what} is not readable: " + e.Message, e);
        }
    }
}

public sealed record DeckSnapshot(string Id, string Name, IReadOnlyList<Card> Cards);

public sealed record ParticipantSnapshot(int PersonId, string Name, PokerRole Role, DateTimeOffset JoinedAt);

public sealed record StorySnapshot(
    int Id, string Title, string? WorkItemId, IReadOnlyList<RoundSnapshot> Rounds,
    string? FinalEstimate, DateTimeOffset? AcceptedAt, int? AcceptedBy);

public sealed record RoundSnapshot(
    int Number, DateTimeOffset OpenedAt, IReadOnlyList<VoteView> Votes, IReadOnlyList<int> Eligible,
    DateTimeOffset? RevealedAt, RevealKind? RevealedBy, IReadOnlyList<int> Missing);

/// <summary>
/// The open round of the current story, saved on its own after a vote (<see cref="RoomSave.OpenRound"/>)
/// so that a vote does not rewrite the whole room. Stored next to the room's snapshot and always
/// newer than it: a save of the whole room clears it. <see cref="PokerRoom.Restore"/> lays it over
/// the snapshot when it names the snapshot's open round.
/// </summary>
public sealed record OpenRoundSnapshot(int StoryId, int Round, IReadOnlyList<VoteView> Votes, IReadOnlyList<int> Eligible)
{
    public string ToJson() => JsonSerializer.Serialize(this, PokerJsonContext.Default.OpenRoundSnapshot);

    /// <summary>Reads a stored open round; anything unreadable is an <see cref="InvalidDataException"/>.</summary>
    public static OpenRoundSnapshot FromJson(string json) =>
        StoredJson.Read(json, PokerJsonContext.Default.OpenRoundSnapshot, "A poker room's open round");
}
