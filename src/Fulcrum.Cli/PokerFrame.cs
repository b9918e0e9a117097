using System.Text.Json;
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

/// <summary>Any frame the server sends: state (with <see cref="Room"/>), error (code and message) or pong.</summary>
public sealed record PokerServerFrame(string Type, long Seq, string? Ref, PokerRoomView? Room, string? Code, string? Message)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Null for a frame this client cannot read (a newer server may send new types).</summary>
    public static PokerServerFrame? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var frame = JsonSerializer.Deserialize<PokerServerFrame>(utf8, Json);
            return frame is { Type: "state", Room: null } ? null : frame;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
