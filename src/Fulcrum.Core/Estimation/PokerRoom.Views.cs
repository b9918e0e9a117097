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
}
