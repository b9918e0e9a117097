using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using static Fulcrum.Core.Estimation.PokerErrorCodes;

namespace Fulcrum.Core.Estimation;

// What each person may see of a room: the privacy rule lives here.
public sealed partial class PokerRoom
{
    /// <summary>
    /// What <paramref name="personId"/> may see. Before reveal a round names who has voted and
    /// carries only the recipient's own card; observers, other voters and the facilitator see no
    /// card at all. Someone who is not a participant gets the same view as an observer.
    /// </summary>
    public RoomView For(int personId) => new(
        Id, TeamId, Name, clock.GetUtcNow(), ViewerOf(personId), FacilitatorId, Deck,
        ParticipantViews(), StoryViews(), CurrentFor(personId), timer);

    // The parts of a view. Change frames (protocol 2, PokerRoomSession) send them one by one: the
    // participants, the stories and the timer are the same for everyone; `you` and `current` are
    // built for each recipient, so the privacy rule above holds for them exactly as for For.

    /// <summary>The server's clock, as a view's serverTime.</summary>
    internal DateTimeOffset Now => clock.GetUtcNow();

    internal TimerView? Timer => timer;

    /// <summary>Who <paramref name="personId"/> is in the room: role (null for someone who is not a participant) and whether they facilitate.</summary>
    public ViewerView ViewerOf(int personId)
    {
        var viewer = participantById.GetValueOrDefault(personId);
        return new ViewerView(personId, viewer?.Role, viewer is not null && personId == FacilitatorId);
    }

    internal List<ParticipantView> ParticipantViews() =>
        participants.Select(p => new ParticipantView(p.PersonId, p.Name, p.Role, p.PersonId == FacilitatorId, p.Present)).ToList();

    /// <summary>Whether <see cref="ParticipantViews"/> would give the same list, without building it (it is asked on every change).</summary>
    internal bool SameParticipants(IReadOnlyList<ParticipantView> views)
    {
        if (views.Count != participants.Count)
        {
            return false;
        }
        for (var i = 0; i < views.Count; i++)
        {
            var (p, v) = (participants[i], views[i]);
            if (v.PersonId != p.PersonId || v.Role != p.Role || v.Present != p.Present || v.Facilitator != (p.PersonId == FacilitatorId)
                || !string.Equals(v.Name, p.Name, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// A 128-bit hash of everything <see cref="StoryViews"/> shows, computed without building it: it
    /// moves whenever the list would change. Kept instead of the last list (and its JSON), which
    /// lived from one change to the next, a reveal to the next story, long enough for the GC to move
    /// it to its oldest generation in every busy room.
    /// </summary>
    internal UInt128 StoriesPrint()
    {
        var hash = new XxHash128();
        Span<byte> numbers = stackalloc byte[12];
        foreach (var story in stories)
        {
            BinaryPrimitives.WriteInt32LittleEndian(numbers, story.Id);
            BinaryPrimitives.WriteInt32LittleEndian(numbers[4..], story.Rounds.Count);
            BinaryPrimitives.WriteInt32LittleEndian(numbers[8..], (int)StatusOf(story));
            hash.Append(numbers);
            Append(hash, story.Title);
            Append(hash, story.WorkItemId);
            Append(hash, story.Final);
        }
        return hash.GetCurrentHashAsUInt128();
    }

    /// <summary>A text with its length first (-1 for none), so that no two sequences of fields hash alike by running together.</summary>
    private static void Append(XxHash128 hash, string? text)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, text?.Length ?? -1);
        hash.Append(length);
        if (text is not null)
        {
            hash.Append(MemoryMarshal.AsBytes(text.AsSpan()));
        }
    }

    internal List<StorySummaryView> StoryViews() =>
        stories.Select(s => new StorySummaryView(s.Id, s.Title, s.WorkItemId, StatusOf(s), s.Rounds.Count, s.Final)).ToList();

    /// <summary>The current story as <paramref name="personId"/> may see it: their own card in each round, nobody else's before reveal.</summary>
    public CurrentStoryView? CurrentFor(int personId)
    {
        var viewer = participantById.ContainsKey(personId) ? personId : (int?)null;
        return current is null ? null : new CurrentStoryView(current.Id, current.Title, current.WorkItemId, StatusOf(current), current.Final,
            current.Rounds.Select(r => RoundFor(r, viewer)).ToList());
    }

    /// <summary>
    /// The recipient's own cards in the current story's rounds, in order: the only part of
    /// <see cref="CurrentFor"/> that differs between recipients. Two people with the same key get
    /// the same bytes for `current`, so it is serialised once for both.
    /// </summary>
    internal string OwnCardsKey(int personId)
    {
        if (current is null || !participantById.ContainsKey(personId))
        {
            return "";
        }
        var key = new System.Text.StringBuilder();
        foreach (var round in current.Rounds)
        {
            // A separator no label holds (labels are printable), and a mark for "no vote" no label is.
            key.Append(round.Votes.TryGetValue(personId, out var card) ? card : "\u0000").Append('\u001f');
        }
        return key.ToString();
    }

    /// <summary>The history of a story with an accepted estimate, as written to its work item.</summary>
    public AcceptedEstimate? EstimateOf(int storyId)
    {
        if (FindStory(storyId) is not { Final: { } final } story)
        {
            return null;
        }
        var rounds = story.Rounds.Where(r => r.Revealed).Select(r => (Round: r, Statistics: r.StatisticsOf(Deck))).Select(r => new RoundSummary(
            r.Round.Number,
            r.Statistics.Distribution.Select(d => new CardCount(d.Card, d.Count)).ToList(),
            r.Round.Votes.Values.Select(label => Deck.Find(label)!.Value).OfType<double>().Order().ToList(),
            r.Statistics.NonEstimateVotes,
            r.Round.Missing.Count,
            r.Statistics.Spread,
            r.Statistics.Consensus)).ToList();
        return new AcceptedEstimate(Id, story.Id, story.Title, story.WorkItemId, Deck.Id, final, Deck.Find(final)!.Value,
            story.AcceptedAt!.Value, rounds);
    }

    private RoundView RoundFor(Round round, int? viewer)
    {
        var voted = round.Votes.Keys.Order().ToList();
        var yours = viewer is int v ? round.Votes.GetValueOrDefault(v) : null;
        if (!round.Revealed)
        {
            return new RoundView(round.Number, RoundStatus.Open, voted, yours, null, null, null, null);
        }
        return new RoundView(round.Number, RoundStatus.Revealed, voted, yours,
            round.Votes.OrderBy(p => p.Key).Select(p => new VoteView(p.Key, p.Value)).ToList(),
            round.Missing, round.RevealedBy, round.StatisticsOf(Deck));
    }
}
