using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Fulcrum.Core.Estimation;

namespace Fulcrum.Cli;

/// <summary>
/// The deck as a state frame carries it. <see cref="Deck"/> itself validates and indexes its
/// cards and has no public constructor, so the client reads the plain list instead.
/// </summary>
public sealed record PokerDeckView(string Id, string Name, IReadOnlyList<Card> Cards);

/// <summary>A state frame's room (docs/poker-protocol.md), read with the engine's own view records.</summary>
public sealed record PokerRoomView(
    string RoomId,
    int TeamId,
    string Name,
    DateTimeOffset ServerTime,
    ViewerView You,
    int FacilitatorId,
    PokerDeckView Deck,
    IReadOnlyList<ParticipantView> Participants,
    IReadOnlyList<StorySummaryView> Stories,
    CurrentStoryView? Current,
    TimerView? Timer)
{
    public RoundView? Round => Current?.Rounds.Count > 0 ? Current.Rounds[^1] : null;

    public bool YouFacilitate => You.Facilitator;

    public string NameOf(int personId) =>
        Participants.FirstOrDefault(p => p.PersonId == personId)?.Name ?? $"#{personId}";

    /// <summary>Voters who count for the round: present ones, and absent ones who already voted.</summary>
    public int VotersExpected(RoundView round) =>
        Participants.Count(p => p.Role == PokerRole.Voter && (p.Present || round.Voted.Contains(p.PersonId)));

    /// <summary>Seconds left on the timer, <paramref name="sinceReceived"/> after the frame came, counted on the server's clock.</summary>
    public int? TimerSecondsLeft(TimeSpan sinceReceived) => Timer is null ? null
        : (int)Math.Max(0, Math.Ceiling((Timer.Deadline - ServerTime - sinceReceived).TotalSeconds));
}

/// <summary>
/// Any frame the server sends: state (the whole view in <see cref="Room"/>), change (only the
/// fields of the view that changed, in <see cref="Fields"/>), error (code and message) or pong.
/// </summary>
public sealed record PokerServerFrame(string Type, long Seq, string? Ref, PokerRoomView? Room, string? Code, string? Message)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The room's fields as sent: every one in a state frame, the changed ones in a change frame.</summary>
    [JsonIgnore]
    public JsonObject? Fields { get; init; }

    /// <summary>Null for a frame this client cannot read (a newer server may send new types).</summary>
    public static PokerServerFrame? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            if (JsonNode.Parse(utf8) is not JsonObject node)
            {
                return null;
            }
            var fields = node["room"] as JsonObject;
            node.Remove("room");
            var frame = node.Deserialize<PokerServerFrame>(Json);
            if (frame is null || frame.Type is "state" or "change" && fields is null)
            {
                return null;
            }
            var room = frame.Type == "state" ? fields.Deserialize<PokerRoomView>(Json) : null;
            return frame is { Type: "state" } && room is null ? null : frame with { Room = room, Fields = fields };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A change frame applied to the fields held (from the last state frame and the changes since):
    /// each field it names replaces the one held. Returns the view they now make.
    /// </summary>
    public static PokerRoomView? Apply(JsonObject held, JsonObject changed)
    {
        foreach (var (name, value) in changed)
        {
            held[name] = value?.DeepClone();
        }
        try
        {
            return held.Deserialize<PokerRoomView>(Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
