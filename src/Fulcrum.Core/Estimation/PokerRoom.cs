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
public sealed class PokerRoom
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

    // ------------------------------------------------------------------ presence

    /// <summary>
    /// A connection of an authenticated person opens (the server has checked they may join the
    /// room). A new person becomes a participant with <paramref name="role"/> (voter by default);
    /// a returning person keeps their role and their vote. The new connection needs a snapshot
    /// whatever the outcome says: a second tab changes nobody's view, its own included.
    /// </summary>
    public PokerOutcome Connect(string connectionId, int personId, string displayName, PokerRole? role = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        if (participantByConnection.ContainsKey(connectionId))
        {
            return PokerOutcome.Rejected(ConnectionInUse, "This connection has already joined the room.");
        }
        var now = clock.GetUtcNow();
        var name = CleanName(displayName, personId);
        var everyone = false;
        var stateChanged = false;
        if (!participantById.TryGetValue(personId, out var participant))
        {
            if (participants.Count >= PokerLimits.MaxParticipants)
            {
                return PokerOutcome.Rejected(RoomFull, $"The room is full ({PokerLimits.MaxParticipants} participants).");
            }
            participant = new Participant(personId, name, role ?? PokerRole.Voter, now);
            AddParticipant(participant);
            everyone = stateChanged = true;
        }
        else
        {
            if (participant.Connections.Count >= PokerLimits.MaxConnectionsPerPerson)
            {
                return PokerOutcome.Rejected(TooManyConnections,
                    $"You already have {PokerLimits.MaxConnectionsPerPerson} connections to this room; close one first.");
            }
            if (participant.Name != name)
            {
                participant.Name = name;
                everyone = stateChanged = true;
            }
        }
        if (participant.Connections.Count == 0)
        {
            participant.PresentSince = now;
            participant.AbsentSince = null;
            everyone = true;
        }
        participant.Connections.Add(connectionId);
        participantByConnection[connectionId] = participant;
        occupiedSince ??= now;
        if (OpenRound is { } round && participant.Role == PokerRole.Voter && round.Eligible.Add(personId))
        {
            stateChanged = true;
        }
        // Another tab of someone already here changes no one's view; the server answers the new
        // connection with its snapshot all the same (PokerRoomSession does).
        return PokerOutcome.Changed(everyone ? Everyone : [], stateChanged);
    }

    /// <summary>A connection closed (or dropped). Unknown connections are ignored, so this is safe to call twice.</summary>
    public PokerOutcome Disconnect(string connectionId) => Close(connectionId, leaving: false);

    /// <summary>
    /// The person closed this connection on purpose. When it was the facilitator's last, the role
    /// passes on at once instead of after the grace period.
    /// </summary>
    public PokerOutcome Leave(string connectionId) => Close(connectionId, leaving: true);

    /// <summary>
    /// Applies what time alone changes: when the facilitator has been gone for the grace period
    /// while others are in the room, the role passes to the longest-present voter (an observer if
    /// no voter is here). The grace period counts from the later of the facilitator leaving and
    /// someone arriving, so a team that gathers early waits for them for that long.
    /// </summary>
    public PokerOutcome Tick()
    {
        var facilitator = participantById[FacilitatorId];
        if (facilitator.Present || occupiedSince is not DateTimeOffset occupied)
        {
            return PokerOutcome.Unchanged;
        }
        var awaitedSince = facilitator.AbsentSince > occupied ? facilitator.AbsentSince.Value : occupied;
        if (clock.GetUtcNow() - awaitedSince < Settings.FacilitatorGrace || Successor() is not { } successor)
        {
            return PokerOutcome.Unchanged;
        }
        FacilitatorId = successor.PersonId;
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    public bool IsPresent(int personId) => participantById.TryGetValue(personId, out var p) && p.Present;

    /// <summary>The person a connection belongs to, or null for a connection that has not joined.</summary>
    public int? PersonOf(string connectionId) => participantByConnection.TryGetValue(connectionId, out var p) ? p.PersonId : null;

    public IReadOnlyCollection<string> ConnectionsOf(int personId) =>
        participantById.TryGetValue(personId, out var p) ? p.Connections.ToList() : [];

    // ------------------------------------------------------------------ commands

    /// <summary>Applies a command from the wire as <paramref name="actor"/>, the authenticated person on the connection.</summary>
    public PokerOutcome Apply(int actor, RoomCommand command) => command switch
    {
        VoteCommand { Voter: int voter } when voter != actor =>
            PokerOutcome.Rejected(NotYourVote, "A vote can only be cast by the person signed in on this connection."),
        VoteCommand c => Vote(actor, c.Card, c.StoryId, c.Round),
        ClearVoteCommand => ClearVote(actor),
        RevealCommand => Reveal(actor),
        RevoteCommand => Revote(actor),
        AcceptCommand c => Accept(actor, c.Card),
        NextStoryCommand => NextStory(actor),
        SelectStoryCommand c => SelectStory(actor, c.StoryId),
        AddStoriesCommand c => AddStories(actor, c.Stories),
        RemoveStoryCommand c => RemoveStory(actor, c.StoryId),
        MoveStoryCommand c => MoveStory(actor, c.StoryId, c.Position),
        StartTimerCommand c => StartTimer(actor, c.Seconds),
        StopTimerCommand => StopTimer(actor),
        HandOverCommand c => HandOver(actor, c.PersonId),
        SetRoleCommand c => SetRole(actor, c.Role, c.PersonId),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a room command."),
    };

    /// <summary>
    /// Casts or changes a vote in the current round. <paramref name="storyId"/> and
    /// <paramref name="round"/>, when given, are what the client saw: a vote meant for a round that
    /// has since been revealed or replaced is refused rather than counted in the next one.
    /// </summary>
    public PokerOutcome Vote(int actor, string card, int? storyId = null, int? round = null)
    {
        if (PresentParticipant(actor) is not { } voter)
        {
            return NotInRoomRejection(actor);
        }
        if (voter.Role != PokerRole.Voter)
        {
            return PokerOutcome.Rejected(ObserverCannotVote, "Observers do not vote; switch to voter to take part.");
        }
        if (Deck.Find(card) is null)
        {
            return CardNotInDeckRejection(card);
        }
        if (current is null)
        {
            return PokerOutcome.Rejected(NoCurrentStory, "There is no story to vote on yet.");
        }
        if (storyId is int s && s != current.Id)
        {
            return PokerOutcome.Rejected(StaleRound, $"The vote was for story {s}, but the room has moved on to story {current.Id}.");
        }
        if (current.Final is not null)
        {
            return StoryAcceptedRejection();
        }
        var last = current.Rounds[^1];
        if (round is int r && r != last.Number)
        {
            return PokerOutcome.Rejected(StaleRound, $"The vote was for round {r}, but this story is in round {last.Number} now; vote again.");
        }
        if (last.Revealed)
        {
            return PokerOutcome.Rejected(VotingClosed,
                $"Round {last.Number} is already revealed, so it takes no more votes; the facilitator can start a re-vote.");
        }

        var firstVote = !last.Votes.TryGetValue(actor, out var previous);
        if (previous == card)
        {
            return PokerOutcome.Unchanged;
        }
        last.Votes[actor] = card;
        last.Eligible.Add(actor);
        if (EveryPresentVoterHasVoted(last))
        {
            RevealOpenRound(last, RevealKind.Automatic);
            return PokerOutcome.Changed(Everyone, stateChanged: true);
        }
        // A changed vote changes nobody's view but the voter's: the others must not even learn
        // that something happened.
        return PokerOutcome.Changed(firstVote ? Everyone : [actor], stateChanged: true);
    }

    public PokerOutcome ClearVote(int actor)
    {
        if (PresentParticipant(actor) is not { } voter)
        {
            return NotInRoomRejection(actor);
        }
        if (voter.Role != PokerRole.Voter)
        {
            return PokerOutcome.Rejected(ObserverCannotVote, "Observers have no vote to clear.");
        }
        if (current is null)
        {
            return PokerOutcome.Rejected(NoCurrentStory, "There is no story to vote on yet.");
        }
        if (current.Final is not null)
        {
            return StoryAcceptedRejection();
        }
        var last = current.Rounds[^1];
        if (last.Revealed)
        {
            return PokerOutcome.Rejected(VotingClosed, $"Round {last.Number} is already revealed; its votes stand.");
        }
        return last.Votes.Remove(actor) ? PokerOutcome.Changed(Everyone, stateChanged: true) : PokerOutcome.Unchanged;
    }

    /// <summary>Reveals the current round, also when some voters have not voted (they are listed as missing).</summary>
    public PokerOutcome Reveal(int actor)
    {
        if (CheckFacilitator(actor) is { } rejected)
        {
            return rejected;
        }
        if (CheckVotableStory() is { } notVotable)
        {
            return notVotable;
        }
        var last = current!.Rounds[^1];
        if (last.Revealed)
        {
            return PokerOutcome.Rejected(AlreadyRevealed, $"Round {last.Number} is already revealed.");
        }
        if (last.Votes.Count == 0)
        {
            return PokerOutcome.Rejected(NoVotes, "Nobody has voted yet; there is nothing to reveal.");
        }
        RevealOpenRound(last, RevealKind.Facilitator);
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    /// <summary>Opens a new round on the current story; the revealed rounds stay in its history.</summary>
    public PokerOutcome Revote(int actor)
    {
        if (CheckFacilitator(actor) is { } rejected)
        {
            return rejected;
        }
        if (CheckVotableStory() is { } notVotable)
        {
            return notVotable;
        }
        var last = current!.Rounds[^1];
        if (!last.Revealed)
        {
            return PokerOutcome.Rejected(RoundNotRevealed, $"Round {last.Number} is still open; reveal it before voting again.");
        }
        if (current.Rounds.Count >= PokerLimits.MaxRoundsPerStory)
        {
            return PokerOutcome.Rejected(TooManyRounds,
                $"This story has had {PokerLimits.MaxRoundsPerStory} rounds; accept an estimate or split the story.");
        }
        OpenRoundOn(current);
        timer = null;
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    /// <summary>
    /// Accepts the final estimate for the current story: any estimate card of the deck, which may
    /// differ from what the statistics suggest. The outcome carries what to write to the work item.
    /// </summary>
    public PokerOutcome Accept(int actor, string card)
    {
        if (CheckFacilitator(actor) is { } rejected)
        {
            return rejected;
        }
        if (CheckVotableStory() is { } notVotable)
        {
            return notVotable;
        }
        var last = current!.Rounds[^1];
        if (!last.Revealed)
        {
            return PokerOutcome.Rejected(RoundNotRevealed, $"Round {last.Number} is still open; reveal it before accepting an estimate.");
        }
        if (Deck.Find(card) is not { } accepted)
        {
            return CardNotInDeckRejection(card);
        }
        if (!accepted.IsEstimate)
        {
            return PokerOutcome.Rejected(NotAnEstimate, $"'{card}' is not an estimate; accept one of {Labels(Deck.Scale)}.");
        }
        current.Final = accepted.Label;
        current.AcceptedAt = clock.GetUtcNow();
        current.AcceptedBy = actor;
        timer = null;
        return PokerOutcome.Changed(Everyone, stateChanged: true, EstimateOf(current.Id));
    }

    /// <summary>
    /// Moves to the next story without an accepted estimate, after the current one and then from
    /// the top (stories skipped earlier come round again). An unrevealed round on the story left
    /// behind is discarded: nobody saw its votes, so there is nothing to keep.
    /// </summary>
    public PokerOutcome NextStory(int actor)
    {
        if (CheckFacilitator(actor) is { } rejected)
        {
            return rejected;
        }
        var start = current is null ? 0 : stories.IndexOf(current) + 1;
        var next = InOrderFrom(start).FirstOrDefault(s => s != current && s.Final is null);
        if (next is null)
        {
            if (current is null || current.Final is null)
            {
                return PokerOutcome.Rejected(NoNextStory, current is null
                    ? "Every story has an estimate; add stories to go on."
                    : "This is the only story left without an estimate.");
            }
        }
        SetCurrent(next);
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    public PokerOutcome SelectStory(int actor, int storyId)
    {
        if (CheckFacilitator(actor) is { } rejected)
        {
            return rejected;
        }
        if (FindStory(storyId) is not { } story)
        {
            return UnknownStoryRejection(storyId);
        }
        if (story == current)
        {
            return PokerOutcome.Unchanged;
        }
        SetCurrent(story);
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    /// <summary>
    /// Adds stories at the end, all or none. When no story is current, the first added becomes
    /// current and voting on it opens.
    /// </summary>
    public PokerOutcome AddStories(int actor, IReadOnlyList<StoryInput> inputs) =>
        CheckFacilitator(actor) ?? AddStories(inputs);

    /// <summary>Stories for a room that has just been created, before anyone has connected (the room form, the API).</summary>
    public PokerOutcome AddInitialStories(IReadOnlyList<StoryInput> inputs) =>
        stories.Count == 0 ? AddStories(inputs) : PokerOutcome.Rejected(InvalidStory, "The room already has stories.");

    private PokerOutcome AddStories(IReadOnlyList<StoryInput> inputs)
    {
        if (inputs.Count == 0)
        {
            return PokerOutcome.Rejected(InvalidStory, "There are no stories to add.");
        }
        if (inputs.Count > PokerLimits.MaxStoriesPerCommand)
        {
            return PokerOutcome.Rejected(TooManyStories, $"Add at most {PokerLimits.MaxStoriesPerCommand} stories at once; these are {inputs.Count}.");
        }
        if (stories.Count + inputs.Count > PokerLimits.MaxStories)
        {
            return PokerOutcome.Rejected(TooManyStories,
                $"A room holds at most {PokerLimits.MaxStories} stories; it has {stories.Count} and these are {inputs.Count} more.");
        }
        var cleaned = new List<StoryInput>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var title = inputs[i].Title?.Trim() ?? "";
            var at = inputs.Count == 1 ? "The story" : $"Story {i + 1}";
            if (title.Length == 0)
            {
                return PokerOutcome.Rejected(InvalidStory, $"{at} has no title.");
            }
            if (title.Length > PokerLimits.MaxTitleLength)
            {
                return PokerOutcome.Rejected(InvalidStory, $"{at} has a title longer than {PokerLimits.MaxTitleLength} characters.");
            }
            if (title.Any(char.IsControl))
            {
                return PokerOutcome.Rejected(InvalidStory, $"{at} has a title with control characters (a line break or a tab).");
            }
            var workItem = inputs[i].WorkItemId?.Trim();
            if (workItem is { Length: > PokerLimits.MaxWorkItemIdLength } || (workItem?.Any(char.IsControl) ?? false))
            {
                return PokerOutcome.Rejected(InvalidStory,
                    $"{at} has a work item id longer than {PokerLimits.MaxWorkItemIdLength} characters or with control characters.");
            }
            cleaned.Add(new StoryInput(title, string.IsNullOrEmpty(workItem) ? null : workItem));
        }
        var added = cleaned.Select(c => new Story(nextStoryId++, c.Title, c.WorkItemId)).ToList();
        stories.AddRange(added);
        if (current is null)
        {
            SetCurrent(added[0]);
        }
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    /// <summary>Removes a story nobody has voted on yet; removing the current story moves on to the next.</summary>
    public PokerOutcome RemoveStory(int actor, int storyId)
    {
        if (CheckFacilitator(actor) is { } rejected)
        {
            return rejected;
        }
        if (FindStory(storyId) is not { } story)
        {
            return UnknownStoryRejection(storyId);
        }
        if (HasVotes(story))
        {
            return PokerOutcome.Rejected(StoryHasVotes, $"Story {storyId} has votes; only stories nobody has voted on can be removed.");
        }
        var index = stories.IndexOf(story);
        stories.RemoveAt(index);
        if (story == current)
        {
            current = null;
            SetCurrent(InOrderFrom(index).FirstOrDefault(s => s.Final is null));
        }
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    /// <summary>Moves a story nobody has voted on to a position in the list (0 is the top).</summary>
    public PokerOutcome MoveStory(int actor, int storyId, int position)
    {
        if (CheckFacilitator(actor) is { } rejected)
        {
            return rejected;
        }
        if (FindStory(storyId) is not { } story)
        {
            return UnknownStoryRejection(storyId);
        }
        if (HasVotes(story))
        {
            return PokerOutcome.Rejected(StoryHasVotes, $"Story {storyId} has votes; only stories nobody has voted on can be moved.");
        }
        if (position < 0 || position >= stories.Count)
        {
            return PokerOutcome.Rejected(InvalidPosition, $"The position must be from 0 to {stories.Count - 1}.");
        }
        var index = stories.IndexOf(story);
        if (index == position)
        {
            return PokerOutcome.Unchanged;
        }
        stories.RemoveAt(index);
        stories.Insert(position, story);
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    /// <summary>Starts (or restarts) the timer. It only shows a deadline: time running out reveals nothing.</summary>
    public PokerOutcome StartTimer(int actor, int seconds)
    {
        if (CheckFacilitator(actor) is { } rejected)
        {
            return rejected;
        }
        if (seconds is < PokerLimits.MinTimerSeconds or > PokerLimits.MaxTimerSeconds)
        {
            return PokerOutcome.Rejected(InvalidDuration,
                $"A timer runs from {PokerLimits.MinTimerSeconds} to {PokerLimits.MaxTimerSeconds} seconds.");
        }
        var now = clock.GetUtcNow();
        timer = new TimerView(now, now.AddSeconds(seconds));
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    public PokerOutcome StopTimer(int actor)
    {
        if (CheckFacilitator(actor) is { } rejected)
        {
            return rejected;
        }
        if (timer is null)
        {
            return PokerOutcome.Unchanged;
        }
        timer = null;
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    /// <summary>The facilitator passes the role to someone in the room (who may vote or not).</summary>
    public PokerOutcome HandOver(int actor, int toPersonId)
    {
        if (CheckFacilitator(actor) is { } rejected)
        {
            return rejected;
        }
        if (!participantById.TryGetValue(toPersonId, out var target))
        {
            return PokerOutcome.Rejected(UnknownPerson, $"Person {toPersonId} is not in this room.");
        }
        if (toPersonId == actor)
        {
            return PokerOutcome.Unchanged;
        }
        if (!target.Present)
        {
            return PokerOutcome.Rejected(NotPresent, $"{target.Name} is not connected; hand over to someone who is here.");
        }
        FacilitatorId = toPersonId;
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    /// <summary>
    /// Switches someone between voter and observer: oneself at any time, anyone else only as the
    /// facilitator. Becoming an observer withdraws an unrevealed vote.
    /// </summary>
    public PokerOutcome SetRole(int actor, PokerRole role, int? personId = null)
    {
        if (PresentParticipant(actor) is null)
        {
            return NotInRoomRejection(actor);
        }
        var targetId = personId ?? actor;
        if (targetId != actor && actor != FacilitatorId)
        {
            return PokerOutcome.Rejected(NotFacilitator, "Only the facilitator can change someone else's role.");
        }
        if (!participantById.TryGetValue(targetId, out var target))
        {
            return PokerOutcome.Rejected(UnknownPerson, $"Person {targetId} is not in this room.");
        }
        if (target.Role == role)
        {
            return PokerOutcome.Unchanged;
        }
        target.Role = role;
        if (OpenRound is { } round)
        {
            if (role == PokerRole.Observer)
            {
                round.Votes.Remove(targetId);
                round.Eligible.Remove(targetId);
            }
            else if (target.Present)
            {
                round.Eligible.Add(targetId);
            }
            if (round.Votes.Count > 0 && EveryPresentVoterHasVoted(round))
            {
                RevealOpenRound(round, RevealKind.Automatic);
            }
        }
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    // ------------------------------------------------------------------ views

    /// <summary>
    /// What <paramref name="personId"/> may see. Before reveal a round names who has voted and
    /// carries only the recipient's own card; observers, other voters and the facilitator see no
    /// card at all. Someone who is not a participant gets the same view as an observer.
    /// </summary>
    public RoomView For(int personId)
    {
        var viewer = participantById.GetValueOrDefault(personId);
        return new RoomView(
            Id, TeamId, Name, clock.GetUtcNow(),
            new ViewerView(personId, viewer?.Role, viewer is not null && personId == FacilitatorId),
            FacilitatorId,
            Deck,
            participants.Select(p => new ParticipantView(p.PersonId, p.Name, p.Role, p.PersonId == FacilitatorId, p.Present)).ToList(),
            stories.Select(s => new StorySummaryView(s.Id, s.Title, s.WorkItemId, StatusOf(s), s.Rounds.Count, s.Final)).ToList(),
            current is null ? null : new CurrentStoryView(current.Id, current.Title, current.WorkItemId, StatusOf(current), current.Final,
                current.Rounds.Select(r => RoundFor(r, viewer is null ? null : personId)).ToList()),
            timer);
    }

    /// <summary>The history of a story with an accepted estimate, as written to its work item.</summary>
    public AcceptedEstimate? EstimateOf(int storyId)
    {
        if (FindStory(storyId) is not { Final: { } final } story)
        {
            return null;
        }
        var rounds = story.Rounds.Where(r => r.Revealed).Select(r => new RoundSummary(
            r.Number,
            r.Statistics!.Distribution.Select(d => new CardCount(d.Card, d.Count)).ToList(),
            r.Votes.Values.Select(label => Deck.Find(label)!.Value).OfType<double>().Order().ToList(),
            r.Statistics.NonEstimateVotes,
            r.Missing.Count,
            r.Statistics.Spread,
            r.Statistics.Consensus)).ToList();
        return new AcceptedEstimate(Id, story.Id, story.Title, story.WorkItemId, Deck.Id, final, Deck.Find(final)!.Value,
            story.AcceptedAt!.Value, rounds);
    }

    private static RoundView RoundFor(Round round, int? viewer)
    {
        var voted = round.Votes.Keys.Order().ToList();
        var yours = viewer is int v ? round.Votes.GetValueOrDefault(v) : null;
        if (!round.Revealed)
        {
            return new RoundView(round.Number, RoundStatus.Open, voted, yours, null, null, null, null);
        }
        return new RoundView(round.Number, RoundStatus.Revealed, voted, yours,
            round.Votes.OrderBy(p => p.Key).Select(p => new VoteView(p.Key, p.Value)).ToList(),
            round.Missing, round.RevealedBy, round.Statistics);
    }

    // ------------------------------------------------------------------ persistence

    /// <summary>
    /// Everything that must survive a restart. Presence is not in it: after a restart nobody is
    /// connected, and people come back by reconnecting.
    /// </summary>
    public PokerRoomSnapshot Snapshot() => new(
        PokerRoomSnapshot.CurrentVersion, Id, TeamId, Name, OwnerId, CreatedAt, Settings.FacilitatorGrace.TotalSeconds,
        new DeckSnapshot(Deck.Id, Deck.Name, Deck.Cards),
        FacilitatorId,
        participants.Select(p => new ParticipantSnapshot(p.PersonId, p.Name, p.Role, p.JoinedAt)).ToList(),
        stories.Select(s => new StorySnapshot(s.Id, s.Title, s.WorkItemId,
            s.Rounds.Select(r => new RoundSnapshot(r.Number, r.OpenedAt,
                r.Votes.OrderBy(p => p.Key).Select(p => new VoteView(p.Key, p.Value)).ToList(),
                r.Eligible.Order().ToList(), r.RevealedAt, r.RevealedBy, r.Missing)).ToList(),
            s.Final, s.AcceptedAt, s.AcceptedBy)).ToList(),
        current?.Id, nextStoryId, timer);

    /// <summary>
    /// Rebuilds a room from its snapshot, checking it as input from outside (a corrupted row must
    /// not make a room that breaks later). Everyone starts absent; the facilitator has the full
    /// grace period to reconnect.
    /// </summary>
    public static PokerRoom Restore(PokerRoomSnapshot snapshot, TimeProvider clock)
    {
        void Check(bool condition, string problem)
        {
            if (!condition)
            {
                throw new InvalidDataException($"Poker room '{snapshot.RoomId}' cannot be restored: {problem}.");
            }
        }

        Check(snapshot.Version == PokerRoomSnapshot.CurrentVersion, $"snapshot version {snapshot.Version} is not {PokerRoomSnapshot.CurrentVersion}");
        Check(!string.IsNullOrWhiteSpace(snapshot.RoomId) && !string.IsNullOrWhiteSpace(snapshot.Name), "it has no id or name");
        var deckResult = Deck.Custom(snapshot.Deck.Name, snapshot.Deck.Cards, snapshot.Deck.Id);
        Check(deckResult.Succeeded, "its deck is invalid: " + string.Join("; ", deckResult.Problems));
        var deck = deckResult.Deck!;
        Check(double.IsFinite(snapshot.FacilitatorGraceSeconds) && snapshot.FacilitatorGraceSeconds >= 0, "the grace period is not a duration");

        var now = clock.GetUtcNow();
        var room = new PokerRoom(snapshot.RoomId, snapshot.TeamId, snapshot.Name, deck, snapshot.OwnerId, snapshot.CreatedAt,
            new PokerRoomSettings(TimeSpan.FromSeconds(snapshot.FacilitatorGraceSeconds)), clock);
        foreach (var p in snapshot.Participants)
        {
            Check(!room.participantById.ContainsKey(p.PersonId), $"person {p.PersonId} appears twice");
            Check(!string.IsNullOrWhiteSpace(p.Name), $"person {p.PersonId} has no name");
            room.AddParticipant(new Participant(p.PersonId, p.Name, p.Role, p.JoinedAt) { AbsentSince = now });
        }
        Check(room.participantById.ContainsKey(snapshot.FacilitatorId), "the facilitator is not a participant");
        room.FacilitatorId = snapshot.FacilitatorId;

        var storyIds = new HashSet<int>();
        foreach (var s in snapshot.Stories)
        {
            Check(storyIds.Add(s.Id) && s.Id > 0 && s.Id < snapshot.NextStoryId, $"story {s.Id} has a duplicate or out-of-range id");
            Check(!string.IsNullOrWhiteSpace(s.Title), $"story {s.Id} has no title");
            var story = new Story(s.Id, s.Title, s.WorkItemId);
            for (var i = 0; i < s.Rounds.Count; i++)
            {
                var r = s.Rounds[i];
                var at = $"story {s.Id} round {r.Number}";
                Check(r.Number == i + 1, $"{at} is out of sequence");
                var revealed = r.RevealedAt is not null;
                Check(revealed == (r.RevealedBy is not null), $"{at} is half revealed");
                Check(revealed || i == s.Rounds.Count - 1, $"{at} is open but not the last round");
                Check(revealed || s.Id == snapshot.CurrentStoryId, $"{at} is open on a story that is not current");
                Check(revealed || r.Missing.Count == 0, $"{at} lists missing voters before reveal");
                Check(!revealed || r.Votes.Count > 0, $"{at} was revealed without votes");
                var round = new Round(r.Number, r.OpenedAt);
                foreach (var vote in r.Votes)
                {
                    Check(room.participantById.ContainsKey(vote.PersonId), $"{at} has a vote from person {vote.PersonId}, who is not a participant");
                    Check(deck.Find(vote.Card) is not null, $"{at} has a vote '{vote.Card}' that is not in the deck");
                    Check(round.Votes.TryAdd(vote.PersonId, vote.Card), $"{at} has two votes from person {vote.PersonId}");
                    Check(revealed || room.participantById[vote.PersonId].Role == PokerRole.Voter, $"{at} has an open vote from an observer");
                }
                Check(r.Eligible.Concat(r.Missing).All(room.participantById.ContainsKey), $"{at} names someone who is not a participant");
                round.Eligible.UnionWith(r.Eligible);
                if (revealed)
                {
                    round.RevealedAt = r.RevealedAt;
                    round.RevealedBy = r.RevealedBy;
                    round.Missing = [.. r.Missing];
                    round.Statistics = RoundStatistics.Compute(deck, round.Votes);
                }
                story.Rounds.Add(round);
            }
            if (s.FinalEstimate is not null)
            {
                Check(deck.Find(s.FinalEstimate) is { IsEstimate: true }, $"story {s.Id} has a final estimate that is not an estimate card");
                Check(s.Rounds.Count > 0 && s.Rounds[^1].RevealedAt is not null, $"story {s.Id} was accepted without a revealed round");
                Check(s.AcceptedAt is not null, $"story {s.Id} was accepted at no time");
                story.Final = s.FinalEstimate;
                story.AcceptedAt = s.AcceptedAt;
                story.AcceptedBy = s.AcceptedBy;
            }
            room.stories.Add(story);
        }
        if (snapshot.CurrentStoryId is int currentId)
        {
            room.current = room.FindStory(currentId);
            Check(room.current is not null, $"the current story {currentId} does not exist");
            Check(room.current!.Rounds.Count > 0, $"the current story {currentId} has no round");
        }
        room.nextStoryId = snapshot.NextStoryId;
        room.timer = snapshot.Timer;
        return room;
    }

    // ------------------------------------------------------------------ internals

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
        round.Missing = round.Eligible.Where(id => !round.Votes.ContainsKey(id)).Order().ToList();
        round.Statistics = RoundStatistics.Compute(Deck, round.Votes);
        timer = null;
    }

    private void OpenRoundOn(Story story)
    {
        var round = new Round(story.Rounds.Count + 1, clock.GetUtcNow());
        round.Eligible.UnionWith(participants.Where(p => p.Role == PokerRole.Voter && p.Present).Select(p => p.PersonId));
        story.Rounds.Add(round);
    }

    private void SetCurrent(Story? story)
    {
        if (OpenRound is { } open)
        {
            current!.Rounds.Remove(open);
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
    }

    private sealed class Round(int number, DateTimeOffset openedAt)
    {
        public int Number { get; } = number;
        public DateTimeOffset OpenedAt { get; } = openedAt;
        public Dictionary<int, string> Votes { get; } = [];
        /// <summary>Voters present at some time while the round was open: the ones missed if they did not vote.</summary>
        public HashSet<int> Eligible { get; } = [];
        public DateTimeOffset? RevealedAt { get; set; }
        public RevealKind? RevealedBy { get; set; }
        public IReadOnlyList<int> Missing { get; set; } = [];
        public RoundStatistics? Statistics { get; set; }
        public bool Revealed => RevealedAt is not null;
    }
}
