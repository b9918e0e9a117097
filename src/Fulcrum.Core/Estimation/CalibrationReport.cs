using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Estimation;

/// <summary>Calibration of one team's estimates, one entry per deck it estimated with.</summary>
public sealed record CalibrationReport(IReadOnlyList<DeckCalibration> Decks);

/// <summary>
/// How one deck's cards held up against what happened. Every figure is a <see cref="MetricValue"/>
/// (no DORA band) with its sample size, or a plain reason when too few items allow it;
/// docs/estimation-calibration.md defines each.
/// </summary>
public sealed record DeckCalibration(
    string DeckId,
    int Items,
    CalibrationExclusions Excluded,
    MetricValue DaysPerPoint,
    MetricValue Bias,
    MetricValue Spread,
    MetricValue Pred25,
    MetricValue Monotonicity,
    MetricValue FirstRoundConsensus,
    MetricValue Convergence,
    IReadOnlyList<CardCalibration> Cards,
    IReadOnlyList<NeighbourComparison> Neighbours);

/// <summary>Finished items whose cycle time cannot be known, counted by why; they still count in the poker figures.</summary>
public sealed record CalibrationExclusions(int MissingStart, int DoneBeforeStart)
{
    public int Total => MissingStart + DoneBeforeStart;
}

/// <summary>
/// One card: how long items accepted at it took (<see cref="CycleTime"/>: median days, with p25,
/// p75 and p90 in its details), its bias and PRED(25) against the deck's scale, and the most
/// recent finished items accepted at it.
/// </summary>
public sealed record CardCalibration(
    string Card,
    double? Points,
    int Items,
    MetricValue CycleTime,
    MetricValue Bias,
    MetricValue Pred25,
    IReadOnlyList<ReferenceStory> ReferenceStories);

/// <summary>A finished item shown beside its card so voters can compare a new story with real ones.</summary>
public sealed record ReferenceStory(string Id, string Title, DateTime DoneAt, double CycleDays);

/// <summary>
/// Two neighbouring numeric cards (neighbours among the cards with enough items): does the larger
/// one take longer, by median, and how often does one of its items take longer than one of the
/// smaller card's (ties count half)? 0.5 means the two cards are indistinguishable.
/// </summary>
public sealed record NeighbourComparison(
    string SmallerCard,
    double SmallerPoints,
    int SmallerItems,
    double SmallerMedianDays,
    string LargerCard,
    double LargerPoints,
    int LargerItems,
    double LargerMedianDays,
    double ProbabilityLargerTakesLonger)
{
    public bool LargerTakesLonger => LargerMedianDays > SmallerMedianDays;
}

/// <param name="ReferenceStories">How many recent finished items each card lists.</param>
/// <param name="Consensus">The rule a first round is judged by; null for <see cref="Calibration.AdjacentCardsConsensus"/>.</param>
public sealed record CalibrationOptions(int ReferenceStories = 5, ConsensusRule? Consensus = null);
