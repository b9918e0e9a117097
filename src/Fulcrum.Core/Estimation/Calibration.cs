using System.Globalization;
using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Estimation;

/// <summary>
/// Closes the estimation loop: finished items in, how well their cards predicted the time they took
/// out. Points are not days, so accuracy is judged against the team's own scale (the median days
/// per point): a well-calibrated deck is one where a 5 takes about five times what a 1 does, not
/// one that matches any absolute number. docs/estimation-calibration.md defines every figure.
/// </summary>
public static class Calibration
{
    /// <summary>
    /// The fewest items behind a percentile, a scale, a mean, a spread or a share. Below it one odd
    /// item decides the figure, so the report gives a reason instead.
    /// </summary>
    public const int MinSamples = 3;

    /// <summary>Actual within this share of the scale's prediction counts as accurate (the 25 of PRED(25)).</summary>
    public const double PredTolerance = 0.25;

    public const string DaysPerPointMetric = "days_per_point";
    public const string BiasMetric = "estimate_bias";
    public const string SpreadMetric = "estimate_spread";
    public const string Pred25Metric = "pred25";
    public const string MonotonicityMetric = "card_monotonicity";
    public const string FirstRoundConsensusMetric = "first_round_consensus";
    public const string ConvergenceMetric = "vote_convergence";
    public const string CycleTimeMetric = "cycle_time";

    /// <summary>
    /// The default consensus: at least three numeric votes, all on one card or two neighbouring cards.
    /// </summary>
    public static bool AdjacentCardsConsensus(IReadOnlyList<double> numericVotes, DeckLadder deck) =>
        numericVotes.Count >= 3 && deck.Spread(numericVotes) <= 1;

    /// <param name="items">One team's finished items, any decks.</param>
    /// <param name="ladders">The numeric cards of the decks; a deck missing here gets <see cref="DeckLadder.Observed"/>.</param>
    public static CalibrationReport Compute(
        IReadOnlyCollection<FinishedItemFact> items, IReadOnlyCollection<DeckLadder>? ladders = null, CalibrationOptions? options = null)
    {
        options ??= new CalibrationOptions();
        var decks = items.GroupBy(i => i.DeckId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Deck(g.Key, g.ToList(),
                ladders?.FirstOrDefault(l => l.DeckId == g.Key) ?? DeckLadder.Observed(g.Key, g), options))
            .ToList();
        return new CalibrationReport(decks);
    }

    /// <summary>
    /// The <paramref name="count"/> most recently done items accepted at <paramref name="card"/> with a
    /// usable cycle time. Poker shows these only after reveal: seen before, they anchor the votes.
    /// </summary>
    public static IReadOnlyList<ReferenceStory> ReferenceStories(
        IEnumerable<FinishedItemFact> items, string deckId, string card, int count = 5) =>
        items.Where(i => i.DeckId == deckId && i.Card == card && i.CycleDays is not null)
            .OrderByDescending(i => i.DoneAt).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Take(count)
            .Select(i => new ReferenceStory(i.Id, i.Title, i.DoneAt, i.CycleDays!.Value))
            .ToList();

    private static DeckCalibration Deck(string deckId, List<FinishedItemFact> items, DeckLadder ladder, CalibrationOptions options)
    {
        var excluded = new CalibrationExclusions(
            items.Count(i => i.StartedAt is null),
            items.Count(i => i.StartedAt is DateTime start && i.DoneAt < start));
        var timed = items.Where(i => i.CycleDays is not null).ToList();
        var ratios = Ratios(timed);
        var scale = Scale(timed, ratios);
        var overall = RatioFigures(scale, ratios, scale.Reason);
        var cards = items.GroupBy(i => i.Card, StringComparer.Ordinal)
            .OrderBy(g => g.First().Points is null).ThenBy(g => g.First().Points).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Card(g.Key, g.First().Points, g.ToList(), items, scale, options.ReferenceStories))
            .ToList();
        var neighbours = Neighbours(timed);
        return new DeckCalibration(
            deckId, items.Count, excluded, scale.Figure, overall.Bias, overall.Spread, overall.Pred25,
            Monotonicity(neighbours, timed), FirstRoundConsensus(items, ladder, options.Consensus ?? AdjacentCardsConsensus),
            Convergence(items, ladder), cards, neighbours);
    }

    private sealed record DaysPerPoint(double? K, MetricValue Figure)
    {
        public string? Reason => Figure.Reason;
    }

    /// <summary>Items that can be compared with the scale: a numeric card above 0 and a cycle time above 0.</summary>
    private static List<(double Points, double Days)> Ratios(IEnumerable<FinishedItemFact> timed) => timed
        .Where(i => i.Points is > 0 && i.CycleDays > 0)
        .Select(i => (i.Points!.Value, i.CycleDays!.Value))
        .ToList();

    private static DaysPerPoint Scale(List<FinishedItemFact> timed, List<(double Points, double Days)> ratios)
    {
        const string title = "Days per point";
        var details = new Dictionary<string, double>
        {
            ["items_with_cycle_time"] = timed.Count,
            ["non_numeric_items"] = timed.Count(i => i.Points is null),
            ["zero_point_items"] = timed.Count(i => i.Points == 0),
            ["zero_cycle_time_items"] = timed.Count(i => i.Points is > 0 && i.CycleDays == 0),
        };
        if (ratios.Count < MinSamples)
        {
            var reason = timed.Count == 0
                ? "No finished item has both a start and a done time at or after it."
                : $"{Only(ratios.Count, "finished item")} on a numeric card above 0 with a cycle time above 0; the scale needs at least {MinSamples}.";
            return new(null, new(DaysPerPointMetric, title, null, "days/point", ratios.Count, null, reason, details));
        }
        var k = DeliveryMetrics.Percentile(ratios.Select(r => r.Days / r.Points).ToList(), 0.5);
        return new(k, new(DaysPerPointMetric, title, k, "days/point", ratios.Count, null, null, details));
    }

    private sealed record RatioFigureSet(MetricValue Bias, MetricValue Spread, MetricValue Pred25);

    /// <summary>Bias, spread and PRED(25) of some items against the deck's scale, or the reason each is missing.</summary>
    private static RatioFigureSet RatioFigures(DaysPerPoint scale, List<(double Points, double Days)> ratios, string? reason)
    {
        const string biasTitle = "Estimate bias";
        const string spreadTitle = "Estimate spread";
        const string predTitle = "PRED(25)";
        if (scale.K is not double k || reason is not null)
        {
            var why = reason ?? scale.Reason!;
            return new(
                new(BiasMetric, biasTitle, null, "ln ratio", ratios.Count, null, why),
                new(SpreadMetric, spreadTitle, null, "ln ratio", ratios.Count, null, why),
                new(Pred25Metric, predTitle, null, "ratio", ratios.Count, null, why));
        }
        var logs = ratios.Select(r => Math.Log(r.Days / (k * r.Points))).ToList();
        var bias = logs.Average();
        var spread = Math.Sqrt(logs.Sum(l => (l - bias) * (l - bias)) / (logs.Count - 1));
        // A hair of slack so an actual of exactly 1.25 × the prediction is not lost to rounding.
        var within = ratios.Count(r => Math.Abs(r.Days - k * r.Points) <= PredTolerance * k * r.Points * (1 + 1e-9));
        var longer = ratios.Count(r => r.Days > (1 + PredTolerance) * k * r.Points * (1 + 1e-9));
        return new(
            new(BiasMetric, biasTitle, bias, "ln ratio", ratios.Count, null, null,
                new Dictionary<string, double> { ["geometric_mean_ratio"] = Math.Exp(bias) }),
            new(SpreadMetric, spreadTitle, spread, "ln ratio", ratios.Count, null, null,
                new Dictionary<string, double> { ["typical_factor"] = Math.Exp(spread) }),
            new(Pred25Metric, predTitle, (double)within / ratios.Count, "ratio", ratios.Count, null, null,
                new Dictionary<string, double>
                {
                    ["within"] = within,
                    ["longer"] = longer,
                    ["shorter"] = ratios.Count - within - longer,
                }));
    }

    private static CardCalibration Card(
        string card, double? points, List<FinishedItemFact> cardItems, List<FinishedItemFact> deckItems, DaysPerPoint scale, int referenceCount)
    {
        var days = cardItems.Where(i => i.CycleDays is not null).Select(i => i.CycleDays!.Value).ToList();
        MetricValue cycleTime = days.Count < MinSamples
            ? new(CycleTimeMetric, "Cycle time", null, "days", days.Count, null, days.Count == 0
                ? "No item accepted at this card has both a start and a done time at or after it."
                : $"{Only(days.Count, "finished item")} with a cycle time on this card; percentiles need at least {MinSamples}.")
            : new(CycleTimeMetric, "Cycle time", DeliveryMetrics.Percentile(days, 0.5), "days", days.Count, null, null,
                new Dictionary<string, double>
                {
                    ["p25"] = DeliveryMetrics.Percentile(days, 0.25),
                    ["median"] = DeliveryMetrics.Percentile(days, 0.5),
                    ["p75"] = DeliveryMetrics.Percentile(days, 0.75),
                    ["p90"] = DeliveryMetrics.Percentile(days, 0.9),
                });
        var ratios = Ratios(cardItems.Where(i => i.CycleDays is not null));
        var reason = points switch
        {
            null => $"'{card}' is not a number, so it has no place on the days-per-point scale.",
            0 => "A 0-point card has no days-per-point ratio; its items count in its cycle time only.",
            _ when scale.K is null => "The deck has no days-per-point scale yet: " + scale.Reason,
            _ when ratios.Count < MinSamples =>
                $"{Only(ratios.Count, "finished item")} with a cycle time above 0 on this card; needs at least {MinSamples}.",
            _ => null,
        };
        var figures = RatioFigures(scale, ratios, reason);
        return new CardCalibration(card, points, days.Count, cycleTime, figures.Bias, figures.Pred25,
            ReferenceStories(deckItems, deckItems[0].DeckId, card, referenceCount));
    }

    /// <summary>Neighbouring numeric cards, among those with at least <see cref="MinSamples"/> timed items.</summary>
    private static List<NeighbourComparison> Neighbours(List<FinishedItemFact> timed)
    {
        var cards = timed.Where(i => i.Points is not null)
            .GroupBy(i => i.Points!.Value)
            .Where(g => g.Count() >= MinSamples)
            .OrderBy(g => g.Key)
            .Select(g => (Card: g.OrderBy(i => i.Card, StringComparer.Ordinal).First().Card, Points: g.Key,
                Days: g.Select(i => i.CycleDays!.Value).ToList()))
            .ToList();
        return cards.Zip(cards.Skip(1), (small, large) => new NeighbourComparison(
                small.Card, small.Points, small.Days.Count, DeliveryMetrics.Percentile(small.Days, 0.5),
                large.Card, large.Points, large.Days.Count, DeliveryMetrics.Percentile(large.Days, 0.5),
                ProbabilityOfSuperiority(large.Days, small.Days)))
            .ToList();
    }

    /// <summary>P(a random one of <paramref name="larger"/> exceeds a random one of <paramref name="smaller"/>), ties half.</summary>
    private static double ProbabilityOfSuperiority(List<double> larger, List<double> smaller)
    {
        var wins = 0.0;
        foreach (var l in larger)
        {
            foreach (var s in smaller)
            {
                wins += l > s ? 1 : l == s ? 0.5 : 0;
            }
        }
        return wins / (larger.Count * smaller.Count);
    }

    private static MetricValue Monotonicity(List<NeighbourComparison> pairs, List<FinishedItemFact> timed)
    {
        const string title = "Larger cards take longer";
        var numericCards = timed.Where(i => i.Points is not null).GroupBy(i => i.Points!.Value).ToList();
        var enough = numericCards.Count(g => g.Count() >= MinSamples);
        if (pairs.Count == 0)
        {
            var reason = enough == 1
                ? $"Only one numeric card has {MinSamples} or more finished items with a cycle time; comparing needs two."
                : $"No numeric card has {MinSamples} or more finished items with a cycle time; comparing needs two such cards.";
            return new(MonotonicityMetric, title, null, "ratio", 0, null, reason,
                new Dictionary<string, double> { ["cards_with_too_few_items"] = numericCards.Count - enough });
        }
        var ordered = pairs.Count(p => p.LargerTakesLonger);
        return new(MonotonicityMetric, title, (double)ordered / pairs.Count, "ratio", pairs.Count, null, null,
            new Dictionary<string, double>
            {
                ["pairs_in_order"] = ordered,
                ["cards_compared"] = enough,
                ["cards_with_too_few_items"] = numericCards.Count - enough,
            });
    }

    private static MetricValue FirstRoundConsensus(List<FinishedItemFact> items, DeckLadder ladder, ConsensusRule rule)
    {
        const string title = "First-round consensus";
        var voted = items.Where(i => i.Poker is not null).ToList();
        if (voted.Count < MinSamples)
        {
            return new(FirstRoundConsensusMetric, title, null, "ratio", voted.Count, null,
                $"{Only(voted.Count, "finished item")} estimated in planning poker; the rate needs at least {MinSamples}.");
        }
        var agreed = voted.Count(i => rule(i.Poker!.FirstRoundVotes, ladder));
        return new(FirstRoundConsensusMetric, title, (double)agreed / voted.Count, "ratio", voted.Count, null, null,
            new Dictionary<string, double>
            {
                ["agreed_in_first_round"] = agreed,
                ["revoted"] = voted.Count(i => i.Poker!.Rounds > 1),
                ["mean_rounds"] = voted.Average(i => i.Poker!.Rounds),
            });
    }

    private static MetricValue Convergence(List<FinishedItemFact> items, DeckLadder ladder)
    {
        const string title = "Vote convergence";
        var measured = items.Where(i => i.Poker is { FirstRoundVotes.Count: >= 2 } p && p.FinalVotes.Count >= 2).ToList();
        if (measured.Count < MinSamples)
        {
            return new(ConvergenceMetric, title, null, "steps", measured.Count, null,
                $"{Only(measured.Count, "finished item")} with at least 2 numeric votes in both the first and the final round; needs at least {MinSamples}.");
        }
        var first = measured.Average(i => ladder.Spread(i.Poker!.FirstRoundVotes));
        var final = measured.Average(i => ladder.Spread(i.Poker!.FinalVotes));
        return new(ConvergenceMetric, title, first - final, "steps", measured.Count, null, null,
            new Dictionary<string, double> { ["first_round_spread"] = first, ["final_round_spread"] = final });
    }

    /// <summary>"No finished item", "Only 1 finished item", "Only 2 finished items".</summary>
    private static string Only(int count, string noun) => count switch
    {
        0 => $"No {noun}",
        1 => $"Only 1 {noun}",
        _ => string.Create(CultureInfo.InvariantCulture, $"Only {count} {noun}s"),
    };
}
