using static Fulcrum.Core.Estimation.PokerErrorCodes;

namespace Fulcrum.Core.Estimation;

/// <param name="FacilitatorGrace">How long the facilitator may be gone (every connection closed)
/// while others wait before the role passes on: long enough for a page refresh or a network blip.</param>
public sealed record PokerRoomSettings(TimeSpan FacilitatorGrace)
{
    public static PokerRoomSettings Default { get; } = new(TimeSpan.FromSeconds(30));
}

/// <summary>
/// A planning-poker room as a deterministic state machine: no threads, no I/O, time from the
/// <see cref="TimeProvider"/>. The server authenticates people, owns the sockets and feeds the room
/// one command at a time (a lock or a queue per room: the room is not thread-safe). Every command
/// is checked in full before anything changes, so a rejected command leaves the room as it was.
/// <para>
/// People are participants by person id; each open connection (tab, terminal) counts toward
/// presence, and a person is present while any of their connections is open. A participant's vote
/// is kept by person, so a refresh, a network drop or a second tab never loses it.
/// </para>
/// <para>
/// Auto-reveal happens when a vote (or a role change) leaves every present voter with a vote.
/// Someone leaving never reveals a round: a network blip must not show the cards; the facilitator
/// reveals a stuck round, and the voters who were there and did not vote are listed as missing.
/// </para>
/// </summary>
public sealed partial class PokerRoom
{
    private readonly TimeProvider clock;
    private readonly List<Participant> participants = [];
    private readonly Dictionary<int, Participant> participantById = [];
    private readonly Dictionary<string, Participant> participantByConnection = new(StringComparer.Ordinal);
    private readonly List<Story> stories = [];
    private Story? current;
    private int nextStoryId = 1;
    private TimerView? timer;
    private DateTimeOffset? occupiedSince;

    private PokerRoom(string id, int teamId, string name, Deck deck, int ownerId, DateTimeOffset createdAt,
        PokerRoomSettings settings, TimeProvider clock)
    {
        Id = id;
        TeamId = teamId;
        Name = name;
        Deck = deck;
        OwnerId = ownerId;
        CreatedAt = createdAt;
        Settings = settings;
        this.clock = clock;
    }

    public string Id { get; }
    public int TeamId { get; }
    public string Name { get; }
    public Deck Deck { get; }
    /// <summary>Who created the room.</summary>
    public int OwnerId { get; }
    public DateTimeOffset CreatedAt { get; }
    public PokerRoomSettings Settings { get; }
    public int FacilitatorId { get; private set; }

    /// <summary>Participants in the order they first joined.</summary>
    public IReadOnlyList<int> ParticipantIds => participants.Select(p => p.PersonId).ToList();

    public int? CurrentStoryId => current?.Id;

    /// <summary>
    /// A new room. Its creator facilitates, and votes unless <paramref name="facilitatorVotes"/> is
    /// false; they count as absent until their first connection.
    /// </summary>
    public static PokerRoom Create(string roomId, int teamId, string name, Deck deck, int facilitatorId,
        string facilitatorName, TimeProvider clock, bool facilitatorVotes = true, PokerRoomSettings? settings = null)
    {
        if (string.IsNullOrWhiteSpace(roomId) || roomId.Length > PokerLimits.MaxRoomIdLength || roomId.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"A room id has 1 to {PokerLimits.MaxRoomIdLength} characters without spaces.", nameof(roomId));
        }
        var cleanName = name.Trim();
        if (cleanName.Length is 0 or > PokerLimits.MaxRoomNameLength || cleanName.Any(char.IsControl))
        {
            // A person typed the name: a refusal they can act on, not a programming error.
            throw ProblemException.InvalidField("name", $"A room name has 1 to {PokerLimits.MaxRoomNameLength} characters.", "The room was not created");
        }
        var now = clock.GetUtcNow();
        var room = new PokerRoom(roomId, teamId, cleanName, deck, facilitatorId, now, settings ?? PokerRoomSettings.Default, clock);
        room.AddParticipant(new Participant(facilitatorId, CleanName(facilitatorName, facilitatorId),
            facilitatorVotes ? PokerRole.Voter : PokerRole.Observer, now) { AbsentSince = now });
        room.FacilitatorId = facilitatorId;
        return room;
    }

    // ------------------------------------------------------------------ internals (the other parts: PokerRoom.Presence, .Commands, .Views, .Persistence)

    private IEnumerable<int> Everyone => participants.Select(p => p.PersonId);

    private Round? OpenRound => current?.Rounds is [.., { Revealed: false } round] ? round : null;

    private void AddParticipant(Participant participant)
    {
        participants.Add(participant);
        participantById.Add(participant.PersonId, participant);
    }

    private Participant? PresentParticipant(int personId) =>
        participantById.TryGetValue(personId, out var p) && p.Present ? p : null;

    private PokerOutcome? CheckFacilitator(int actor)
    {
        if (PresentParticipant(actor) is null)
        {
            return NotInRoomRejection(actor);
        }
        return actor == FacilitatorId ? null
            : PokerOutcome.Rejected(NotFacilitator, "Only the facilitator can do that.");
    }

    private PokerOutcome? CheckVotableStory()
    {
        if (current is null)
        {
            return PokerOutcome.Rejected(NoCurrentStory, "There is no current story.");
        }
        return current.Final is null ? null : StoryAcceptedRejection();
    }

    private PokerOutcome NotInRoomRejection(int actor) => PokerOutcome.Rejected(NotInRoom,
        participantById.ContainsKey(actor) ? "You have no open connection to this room; send hello first." : "You have not joined this room.");

    private PokerOutcome StoryAcceptedRejection() => PokerOutcome.Rejected(StoryAccepted,
        $"Story {current!.Id} already has its estimate ({current.Final}); move on to the next story.");

    private PokerOutcome CardNotInDeckRejection(string card) => PokerOutcome.Rejected(CardNotInDeck,
        $"'{Shorten(card)}' is not a card in this deck; play one of {Labels(Deck.Cards)}.");

    private static PokerOutcome UnknownStoryRejection(int storyId) =>
        PokerOutcome.Rejected(UnknownStory, $"There is no story {storyId} in this room.");

    private bool EveryPresentVoterHasVoted(Round round)
    {
        var any = false;
        foreach (var p in participants)
        {
            if (p.Role == PokerRole.Voter && p.Present)
            {
                if (!round.Votes.ContainsKey(p.PersonId))
                {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private void RevealOpenRound(Round round, RevealKind kind)
    {
        round.RevealedAt = clock.GetUtcNow();
        round.RevealedBy = kind;
        round.Missing = round.Eligible.Where(id => !round.Votes.ContainsKey(id)).Order().ToArray();
        timer = null;
    }

    private void OpenRoundOn(Story story)
    {
        var voters = participants.Where(p => p.Role == PokerRole.Voter && p.Present).Select(p => p.PersonId).ToList();
        var round = new Round(story.Rounds.Count + 1, clock.GetUtcNow(), voters.Count);
        round.OpenEligible.UnionWith(voters);
        story.Rounds.Add(round);
    }

    private void SetCurrent(Story? story)
    {
        if (OpenRound is { } open)
        {
            current!.Rounds.Remove(open);
        }
        if (current is not null && current != story)
        {
            current.Seal();
        }
        current = story;
        if (story is { Final: null, Rounds.Count: 0 })
        {
            OpenRoundOn(story);
        }
        timer = null;
    }

    private IEnumerable<Story> InOrderFrom(int start)
    {
        for (var k = 0; k < stories.Count; k++)
        {
            yield return stories[(start + k) % stories.Count];
        }
    }

    private Story? FindStory(int storyId) => stories.FirstOrDefault(s => s.Id == storyId);

    private static bool HasVotes(Story story) =>
        story.Final is not null || story.Rounds.Any(r => r.Revealed || r.Votes.Count > 0);

    private StoryStatus StatusOf(Story story) => story switch
    {
        { Final: not null } => StoryStatus.Accepted,
        { Rounds: [] } => StoryStatus.Pending,
        { Rounds: [.., { Revealed: true }] } => StoryStatus.Revealed,
        _ => StoryStatus.Voting,
    };

    private Participant? Successor() => participants
        .Where(p => p.Present && p.PersonId != FacilitatorId)
        .OrderBy(p => p.Role == PokerRole.Voter ? 0 : 1)
        .ThenBy(p => p.PresentSince)
        .FirstOrDefault();

    private PokerOutcome Close(string connectionId, bool leaving)
    {
        if (!participantByConnection.Remove(connectionId, out var participant))
        {
            return PokerOutcome.Unchanged;
        }
        participant.Connections.Remove(connectionId);
        if (participantByConnection.Count == 0)
        {
            occupiedSince = null;
        }
        if (participant.Connections.Count > 0)
        {
            return PokerOutcome.Unchanged;
        }
        participant.PresentSince = null;
        participant.AbsentSince = clock.GetUtcNow();
        var stateChanged = false;
        if (leaving && participant.PersonId == FacilitatorId && Successor() is { } successor)
        {
            FacilitatorId = successor.PersonId;
            stateChanged = true;
        }
        return PokerOutcome.Changed(Everyone, stateChanged);
    }

    private static string CleanName(string displayName, int personId)
    {
        var name = new string((displayName ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > PokerLimits.MaxDisplayNameLength)
        {
            name = name[..PokerLimits.MaxDisplayNameLength].TrimEnd();
        }
        return name.Length == 0 ? $"Person {personId}" : name;
    }

    private static string Labels(IEnumerable<Card> cards) => string.Join(" ", cards.Select(c => c.Label));

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";

    private sealed class Participant(int personId, string name, PokerRole role, DateTimeOffset joinedAt)
    {
        public int PersonId { get; } = personId;
        public string Name { get; set; } = name;
        public PokerRole Role { get; set; } = role;
        public DateTimeOffset JoinedAt { get; } = joinedAt;
        public HashSet<string> Connections { get; } = new(StringComparer.Ordinal);
        public DateTimeOffset? PresentSince { get; set; }
        public DateTimeOffset? AbsentSince { get; set; }
        public bool Present => Connections.Count > 0;
    }

    private sealed class Story(int id, string title, string? workItemId)
    {
        public int Id { get; } = id;
        public string Title { get; } = title;
        public string? WorkItemId { get; } = workItemId;
        public List<Round> Rounds { get; } = [];
        public string? Final { get; set; }
        public DateTimeOffset? AcceptedAt { get; set; }
        public int? AcceptedBy { get; set; }

        /// <summary>The story is no longer current: its rounds (all revealed) keep only what the snapshot and the history need.</summary>
        public void Seal()
        {
            foreach (var round in Rounds)
            {
                round.Seal();
            }
        }
    }
}
