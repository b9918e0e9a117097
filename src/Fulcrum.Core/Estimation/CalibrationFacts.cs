namespace Fulcrum.Core.Estimation;

/// <summary>
/// The votes behind an accepted estimate: the numeric votes of the first round (? and ☕ left out),
/// how many rounds it took, and the numeric votes of the round that was accepted.
/// </summary>
public sealed record PokerHistory(IReadOnlyList<double> FirstRoundVotes, int Rounds, IReadOnlyList<double>? FinalRoundVotes = null)
{
    /// <summary>A one-round estimate has no separate final round: its first round is the final one.</summary>
    public IReadOnlyList<double> FinalVotes => FinalRoundVotes ?? FirstRoundVotes;
}

/// <summary>
/// A finished work item as calibration and forecasting see it: the card it was accepted at
/// (<paramref name="Points"/> is the card's number, null for ? and ☕), when work started and when
/// it was done (UTC), and, when it was estimated in planning poker, the votes.
/// </summary>
public sealed record FinishedItemFact(
    string Id, string Title, string DeckId, string Card, double? Points, DateTime? StartedAt, DateTime DoneAt,
    PokerHistory? Poker = null)
{
    /// <summary>
    /// Calendar days from start to done, as a fraction (36 hours = 1.5); null when there is no start
    /// or the item is done before it starts, which calibration counts as an exclusion.
    /// </summary>
    public double? CycleDays => StartedAt is DateTime start && DoneAt >= start ? (DoneAt - start).TotalDays : null;
}

/// <summary>
/// The numeric cards of a deck in ascending order (modified Fibonacci: 0, 0.5, 1, 2, 3, 5, 8, 13,
/// 20, 40, 100). Distances between votes are counted in steps along it, so a 5 and an 8 are one
/// step apart however far apart their numbers are.
/// </summary>
public sealed record DeckLadder(string DeckId, IReadOnlyList<double> Values)
{
    /// <summary>
    /// A vote's position on the ladder. A number that is not a card (the deck changed since the vote)
    /// takes the nearest card's position, the lower one on a tie.
    /// </summary>
    public int Step(double value)
    {
        if (Values.Count == 0)
        {
            throw new InvalidOperationException($"Deck '{DeckId}' has no numeric cards to measure steps on.");
        }
        var best = 0;
        for (var i = 1; i < Values.Count; i++)
        {
            if (Math.Abs(Values[i] - value) < Math.Abs(Values[best] - value))
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>Largest minus smallest step among the votes: 0 when they agree, 1 for neighbouring cards.</summary>
    public int Spread(IReadOnlyList<double> votes) => votes.Count == 0 ? 0 : votes.Max(Step) - votes.Min(Step);

    /// <summary>
    /// For a deck whose definition the caller does not have (deleted, imported history): the numbers
    /// its items were accepted at and voted, in order. Cards nobody ever chose are missing, so steps
    /// across them come out shorter than on the real deck.
    /// </summary>
    public static DeckLadder Observed(string deckId, IEnumerable<FinishedItemFact> items) => new(deckId,
        items.Where(i => i.DeckId == deckId)
            .SelectMany(i => (i.Points is double p ? [p] : Array.Empty<double>())
                .Concat(i.Poker?.FirstRoundVotes ?? []).Concat(i.Poker?.FinalVotes ?? []))
            .Distinct().Order().ToList());
}

/// <summary>
/// Whether a round's numeric votes already form a consensus. The poker engine's own rule can be
/// plugged in so calibration counts agreement exactly as the table did.
/// </summary>
public delegate bool ConsensusRule(IReadOnlyList<double> numericVotes, DeckLadder deck);
