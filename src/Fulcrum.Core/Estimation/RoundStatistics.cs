namespace Fulcrum.Core.Estimation;

/// <summary>How many people played a card in a revealed round, and who.</summary>
public sealed record CardVotes(string Card, int Count, IReadOnlyList<int> Voters);

/// <summary>
/// What a revealed round says. Only estimate cards enter the figures: "?" and "☕" are counted in
/// <see cref="NonEstimateVotes"/> and nowhere else; 0 is a number. Median and mean exist for
/// numeric decks only; steps, spread, consensus and the lowest and highest voters exist for every
/// deck with at least one estimate vote.
/// </summary>
/// <param name="Distribution">Cards played at least once, in deck order.</param>
/// <param name="Modes">The card(s) played most often; empty when no card was played twice and
/// there was more than one estimate (three people, three different cards: no mode).</param>
/// <param name="NearestCard">The numeric card closest to the mean; on a tie the higher.</param>
/// <param name="Spread">Highest minus lowest step among the estimates: 0 when everyone agrees,
/// 1 for neighbouring cards.</param>
/// <param name="Consensus">See <see cref="IsConsensus"/>.</param>
/// <param name="ConsensusReason">Why there is or is not a consensus, in words a person reads.</param>
/// <param name="Lowest">Who played the lowest estimate, when estimates differ: they explain first.</param>
/// <param name="Highest">Who played the highest estimate, when estimates differ.</param>
public sealed record RoundStatistics(
    int Votes,
    int EstimateVotes,
    int NonEstimateVotes,
    IReadOnlyList<CardVotes> Distribution,
    double? Median,
    IReadOnlyList<string> Modes,
    double? Mean,
    string? NearestCard,
    int? Spread,
    bool Consensus,
    string ConsensusReason,
    IReadOnlyList<int> Lowest,
    IReadOnlyList<int> Highest)
{
    /// <summary>"A single opinion is an opinion, multiple opinions in agreement form a consensus."</summary>
    public const int ConsensusMinimumVoices = 3;

    /// <summary>
    /// The consensus rule: at least <see cref="ConsensusMinimumVoices"/> estimates, all on one card
    /// or on two neighbouring cards (spread of at most one step). With fewer estimates there is no
    /// consensus whatever they say: two people agreeing are two opinions. ? and ☕ are not voices
    /// for or against.
    /// </summary>
    public static bool IsConsensus(int estimateVotes, int spread) =>
        estimateVotes >= ConsensusMinimumVoices && spread <= 1;

    public static RoundStatistics Compute(Deck deck, IEnumerable<KeyValuePair<int, string>> votes)
    {
        var played = votes
            .Select(v => (PersonId: v.Key, Card: deck.Find(v.Value)
                ?? throw new ArgumentException($"'{v.Value}' is not a card of deck '{deck.Id}'.", nameof(votes))))
            .OrderBy(v => v.PersonId)
            .ToList();

        var distribution = deck.Cards
            .Select(card => (card, voters: played.Where(v => v.Card == card).Select(v => v.PersonId).ToList()))
            .Where(x => x.voters.Count > 0)
            .Select(x => new CardVotes(x.card.Label, x.voters.Count, x.voters))
            .ToList();

        var estimates = played.Where(v => v.Card.IsEstimate)
            .Select(v => (v.PersonId, v.Card, Step: deck.StepOf(v.Card.Label)!.Value))
            .ToList();
        var numbers = estimates.Where(e => e.Card.IsNumeric).Select(e => e.Card.Value!.Value).Order().ToList();

        double? median = numbers.Count == 0 ? null
            : numbers.Count % 2 == 1 ? numbers[numbers.Count / 2]
            : (numbers[numbers.Count / 2 - 1] + numbers[numbers.Count / 2]) / 2;
        double? mean = numbers.Count == 0 ? null : numbers.Sum() / numbers.Count;
        var nearest = mean is double m ? deck.NearestCard(m)?.Label : null;

        var estimateTallies = distribution.Where(d => deck.Find(d.Card)!.IsEstimate).ToList();
        var top = estimateTallies.Count == 0 ? 0 : estimateTallies.Max(d => d.Count);
        IReadOnlyList<string> modes = top >= 2 || estimateTallies.Count == 1
            ? estimateTallies.Where(d => d.Count == top).Select(d => d.Card).ToList()
            : [];

        int? spread = null;
        IReadOnlyList<int> lowest = [];
        IReadOnlyList<int> highest = [];
        if (estimates.Count > 0)
        {
            var minStep = estimates.Min(e => e.Step);
            var maxStep = estimates.Max(e => e.Step);
            spread = maxStep - minStep;
            if (spread > 0)
            {
                lowest = estimates.Where(e => e.Step == minStep).Select(e => e.PersonId).ToList();
                highest = estimates.Where(e => e.Step == maxStep).Select(e => e.PersonId).ToList();
            }
        }

        var consensus = spread is int s && IsConsensus(estimates.Count, s);
        string reason;
        if (estimates.Count == 0)
        {
            reason = "No estimates: every card played was ? or ☕.";
        }
        else if (estimates.Count < ConsensusMinimumVoices)
        {
            reason = $"Only {estimates.Count} estimate{(estimates.Count == 1 ? "" : "s")}: a consensus needs at least {ConsensusMinimumVoices} voices.";
        }
        else if (consensus)
        {
            reason = spread == 0
                ? $"All {estimates.Count} estimates are {estimates[0].Card.Label}."
                : $"All {estimates.Count} estimates are on neighbouring cards ({deck.Scale[estimates.Min(e => e.Step)].Label} and {deck.Scale[estimates.Max(e => e.Step)].Label}).";
        }
        else
        {
            reason = $"The estimates span {spread} card steps, from {deck.Scale[estimates.Min(e => e.Step)].Label} to {deck.Scale[estimates.Max(e => e.Step)].Label}.";
        }

        return new RoundStatistics(
            played.Count, estimates.Count, played.Count - estimates.Count, distribution,
            median, modes, mean, nearest, spread, consensus, reason, lowest, highest);
    }
}
