using static Fulcrum.Core.Estimation.PokerErrorCodes;

namespace Fulcrum.Core.Estimation;

// A room as a snapshot that survives a restart, and back.
public sealed partial class PokerRoom
{
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
                StoredVotes(r), r.Eligible.Order().ToList(), r.RevealedAt, r.RevealedBy, r.Missing)).ToList(),
            s.Final, s.AcceptedAt, s.AcceptedBy)).ToList(),
        current?.Id, nextStoryId, timer);

    /// <summary>The current story's open round, for a save after a vote; null when no round is open.</summary>
    public OpenRoundSnapshot? OpenRoundSnapshot() => current is not null && OpenRound is { } round
        ? new(current.Id, round.Number, StoredVotes(round), round.Eligible.Order().ToList())
        : null;

    /// <summary>A round's votes as stored, in both snapshots: by person id, so the same votes always read the same.</summary>
    private static List<VoteView> StoredVotes(Round round) =>
        round.Votes.OrderBy(p => p.Key).Select(p => new VoteView(p.Key, p.Value)).ToList();

    /// <summary>
    /// Rebuilds a room from its snapshot, and the open round saved after it when there is one,
    /// checking both as input from outside (a corrupted row must not make a room that breaks later).
    /// Everyone starts absent; the facilitator has the full grace period to reconnect.
    /// </summary>
    public static PokerRoom Restore(PokerRoomSnapshot snapshot, TimeProvider clock, OpenRoundSnapshot? openRound = null)
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
                var round = new Round(r.Number, r.OpenedAt, Math.Max(r.Votes.Count, r.Eligible.Count));
                foreach (var vote in r.Votes)
                {
                    Check(room.participantById.ContainsKey(vote.PersonId), $"{at} has a vote from person {vote.PersonId}, who is not a participant");
                    Check(deck.Find(vote.Card) is not null, $"{at} has a vote '{vote.Card}' that is not in the deck");
                    Check(round.OpenVotes.TryAdd(vote.PersonId, deck.Find(vote.Card)!.Label), $"{at} has two votes from person {vote.PersonId}");
                    Check(revealed || room.participantById[vote.PersonId].Role == PokerRole.Voter, $"{at} has an open vote from an observer");
                }
                Check(r.Eligible.Concat(r.Missing).All(room.participantById.ContainsKey), $"{at} names someone who is not a participant");
                round.OpenEligible.UnionWith(r.Eligible);
                if (revealed)
                {
                    round.RevealedAt = r.RevealedAt;
                    round.RevealedBy = r.RevealedBy;
                    round.Missing = [.. r.Missing];
                }
                story.Rounds.Add(round);
            }
            if (s.Id != snapshot.CurrentStoryId)
            {
                story.Seal();
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
        // Votes saved after the snapshot. One that names another round is left out: the snapshot
        // was written after it (a whole save clears the open round), so it knows better.
        if (openRound is not null && room.current is { } openStory && openStory.Id == openRound.StoryId && room.OpenRound is { } open && open.Number == openRound.Round)
        {
            var at = $"the open round (story {openStory.Id} round {open.Number})";
            open.OpenVotes.Clear();
            foreach (var vote in openRound.Votes)
            {
                Check(room.participantById.TryGetValue(vote.PersonId, out var voter) && voter.Role == PokerRole.Voter,
                    $"{at} has a vote from person {vote.PersonId}, who is not a voter here");
                Check(deck.Find(vote.Card) is not null, $"{at} has a vote '{vote.Card}' that is not in the deck");
                Check(open.OpenVotes.TryAdd(vote.PersonId, deck.Find(vote.Card)!.Label), $"{at} has two votes from person {vote.PersonId}");
            }
            Check(openRound.Eligible.All(room.participantById.ContainsKey), $"{at} names someone who is not a participant");
            open.OpenEligible.Clear();
            open.OpenEligible.UnionWith(openRound.Eligible);
        }
        return room;
    }
}
