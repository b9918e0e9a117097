using static Fulcrum.Core.Estimation.PokerErrorCodes;

namespace Fulcrum.Core.Estimation;

// What participants ask a room to do, each checked in full before anything changes.
public sealed partial class PokerRoom
{
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
        if (Deck.Find(card) is not { } played)
        {
            return CardNotInDeckRejection(card);
        }
        // The deck's own label: a room keeps every vote of its history, and one string per card beats one per vote.
        card = played.Label;
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
        last.OpenVotes[actor] = card;
        last.OpenEligible.Add(actor);
        if (EveryPresentVoterHasVoted(last))
        {
            RevealOpenRound(last, RevealKind.Automatic);
            return PokerOutcome.Changed(Everyone, stateChanged: true);
        }
        // A changed vote changes nobody's view but the voter's: the others must not even learn
        // that something happened.
        return PokerOutcome.VotesChanged(firstVote ? Everyone : [actor]);
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
        return last.OpenVotes.Remove(actor) ? PokerOutcome.VotesChanged(Everyone) : PokerOutcome.Unchanged;
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
            if (TextRules.Problem(title) is { } problem)
            {
                return PokerOutcome.Rejected(InvalidStory, $"{at} has a title that {problem}.");
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
                round.OpenVotes.Remove(targetId);
                round.OpenEligible.Remove(targetId);
            }
            else if (target.Present)
            {
                round.OpenEligible.Add(targetId);
            }
            if (round.Votes.Count > 0 && EveryPresentVoterHasVoted(round))
            {
                RevealOpenRound(round, RevealKind.Automatic);
            }
        }
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }
}
