using System.Text.Json.Serialization;

namespace Fulcrum.Core.Estimation;

/// <summary>
/// A participant's part in a room. Who facilitates is separate (<see cref="RoomView.FacilitatorId"/>):
/// a facilitator who votes is a voter, one who does not is an observer.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<PokerRole>))]
public enum PokerRole
{
    [JsonStringEnumMemberName("voter")] Voter,
    [JsonStringEnumMemberName("observer")] Observer,
}

[JsonConverter(typeof(JsonStringEnumConverter<StoryStatus>))]
public enum StoryStatus
{
    /// <summary>Not voted on yet.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    /// <summary>Its last round is open.</summary>
    [JsonStringEnumMemberName("voting")] Voting,
    /// <summary>Its last round is revealed and no estimate is accepted yet.</summary>
    [JsonStringEnumMemberName("revealed")] Revealed,
    [JsonStringEnumMemberName("accepted")] Accepted,
}

[JsonConverter(typeof(JsonStringEnumConverter<RoundStatus>))]
public enum RoundStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("revealed")] Revealed,
}

[JsonConverter(typeof(JsonStringEnumConverter<RevealKind>))]
public enum RevealKind
{
    /// <summary>The facilitator revealed; voters who had not voted are listed as missing.</summary>
    [JsonStringEnumMemberName("facilitator")] Facilitator,
    /// <summary>Every present voter had voted.</summary>
    [JsonStringEnumMemberName("automatic")] Automatic,
}

/// <summary>
/// One person's view of a room: what the server sends them, and nothing more. Before a round is
/// revealed it names who has voted and carries a card only for the recipient's own vote.
/// </summary>
public sealed record RoomView(
    string RoomId,
    int TeamId,
    string Name,
    DateTimeOffset ServerTime,
    ViewerView You,
    int FacilitatorId,
    Deck Deck,
    IReadOnlyList<ParticipantView> Participants,
    IReadOnlyList<StorySummaryView> Stories,
    CurrentStoryView? Current,
    TimerView? Timer);

/// <summary>The recipient: role is null for someone who is not a participant.</summary>
public sealed record ViewerView(int PersonId, PokerRole? Role, bool Facilitator);

public sealed record ParticipantView(int PersonId, string Name, PokerRole Role, bool Facilitator, bool Present);

public sealed record StorySummaryView(int Id, string Title, string? WorkItemId, StoryStatus Status, int Rounds, string? FinalEstimate);

/// <summary>The story being estimated with all its rounds, oldest first; the last is the current one.</summary>
public sealed record CurrentStoryView(
    int Id, string Title, string? WorkItemId, StoryStatus Status, string? FinalEstimate, IReadOnlyList<RoundView> Rounds);

/// <summary>
/// A round. Open: <see cref="Voted"/> and the recipient's own <see cref="YourVote"/>, and nothing
/// else about votes. Revealed: every vote, who was missing, how it was revealed, the statistics.
/// </summary>
public sealed record RoundView(
    int Number,
    RoundStatus Status,
    IReadOnlyList<int> Voted,
    string? YourVote,
    IReadOnlyList<VoteView>? Votes,
    IReadOnlyList<int>? Missing,
    RevealKind? RevealedBy,
    RoundStatistics? Statistics);

public sealed record VoteView(int PersonId, string Card);

/// <summary>A running timer: clients count down to the deadline, using serverTime to correct their clock.</summary>
public sealed record TimerView(DateTimeOffset StartedAt, DateTimeOffset Deadline);

/// <summary>
/// What an accepted estimate writes to its work item: the final card and how the room got there,
/// round by round. Rounds are anonymous (counts per card, not who played what): the history
/// belongs to the work item and the team, not to a record of individuals.
/// </summary>
public sealed record AcceptedEstimate(
    string RoomId,
    int StoryId,
    string Title,
    string? WorkItemId,
    string DeckId,
    string Card,
    double? Value,
    DateTimeOffset AcceptedAt,
    IReadOnlyList<RoundSummary> Rounds)
{
    public RoundSummary FirstRound => Rounds[0];
    public RoundSummary FinalRound => Rounds[^1];
}

/// <param name="NumericVotes">The numbers played, ascending (? and ☕ left out).</param>
/// <param name="Missing">How many voters had not voted when the round was revealed.</param>
public sealed record RoundSummary(
    int Number,
    IReadOnlyList<CardCount> Distribution,
    IReadOnlyList<double> NumericVotes,
    int NonEstimateVotes,
    int Missing,
    int? Spread,
    bool Consensus);

public sealed record CardCount(string Card, int Count);
