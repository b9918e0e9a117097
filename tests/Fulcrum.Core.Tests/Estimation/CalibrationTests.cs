using Fulcrum.Core.Estimation;

namespace Fulcrum.Core.Tests.Estimation;

public sealed class CalibrationTests
{
    private static readonly DateTime Monday = new(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);

    private static readonly DeckLadder Fibonacci = new("fib", [0, 0.5, 1, 2, 3, 5, 8, 13]);

    private static int serial;

    /// <summary>An item started on <paramref name="startDay"/> days after a Monday that took <paramref name="days"/>.</summary>
    private static FinishedItemFact Item(string card, double days, double startDay = 0, PokerHistory? poker = null, string deck = "fib")
    {
        var start = Monday.AddDays(startDay);
        var id = $"S-{Interlocked.Increment(ref serial)}";
        return new(id, $"Story {id}", deck, card, double.TryParse(card, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null,
            start, start.AddDays(days), poker);
    }

    /// <summary>
    /// Ratios of days to points: the 1s take 2, 3, 4 days; the 2s 4, 6, 8; the 3s 9 each. Sorted
    /// ratios 2 2 3 3 3 3 3 4 4, so the team's scale is 3 days a point.
    /// </summary>
    private static List<FinishedItemFact> ThreeCards() =>
    [
        Item("1", 2), Item("1", 3), Item("1", 4),
        Item("2", 4), Item("2", 6), Item("2", 8),
        Item("3", 9), Item("3", 9), Item("3", 9),
    ];

    [Fact]
    public void The_scale_is_the_median_of_days_per_point_and_bias_spread_and_pred25_are_measured_against_it()
    {
        var deck = Assert.Single(Calibration.Compute(ThreeCards(), [Fibonacci]).Decks);

        Assert.Equal(3, deck.DaysPerPoint.Value);
        Assert.Equal(9, deck.DaysPerPoint.SampleSize);
        // Log ratios: ln(2/3), 0, ln(4/3) for the 1s and the 2s; 0 for each 3.
        double low = Math.Log(2.0 / 3), high = Math.Log(4.0 / 3);
        var bias = 2 * (low + high) / 9;
        Assert.Equal(bias, deck.Bias.Value!.Value, 12);
        Assert.Equal(-0.026174, deck.Bias.Value!.Value, 6);
        Assert.Equal(Math.Pow(8.0 / 9, 2.0 / 9), deck.Bias.Details!["geometric_mean_ratio"], 12);
        var squares = 2 * ((low - bias) * (low - bias) + (high - bias) * (high - bias)) + 5 * bias * bias;
        Assert.Equal(Math.Sqrt(squares / 8), deck.Spread.Value!.Value, 12);
        Assert.Equal(0.247022, deck.Spread.Value!.Value, 6);
        // Within 2.25..3.75 days a point: the 3-day 1, the 6-day 2 and the three 3s.
        Assert.Equal(5.0 / 9, deck.Pred25.Value);
        Assert.Equal((5.0, 2.0, 2.0), (deck.Pred25.Details!["within"], deck.Pred25.Details["longer"], deck.Pred25.Details["shorter"]));
    }

    [Fact]
    public void Each_card_has_its_cycle_time_percentiles_and_its_own_bias_against_the_decks_scale()
    {
        var deck = Calibration.Compute(ThreeCards(), [Fibonacci]).Decks[0];

        Assert.Equal(["1", "2", "3"], deck.Cards.Select(c => c.Card));
        var one = deck.Cards[0];
        Assert.Equal(3, one.Items);
        Assert.Equal(3, one.CycleTime.Value);
        Assert.Equal(2.5, one.CycleTime.Details!["p25"], 12);
        Assert.Equal(3.5, one.CycleTime.Details["p75"], 12);
        Assert.Equal(3.8, one.CycleTime.Details["p90"], 12);
        Assert.Equal((Math.Log(2.0 / 3) + Math.Log(4.0 / 3)) / 3, one.Bias.Value!.Value, 12);
        Assert.Equal(1.0 / 3, one.Pred25.Value);
        var three = deck.Cards[2];
        Assert.Equal(0, three.Bias.Value!.Value, 12);
        Assert.Equal(1, three.Pred25.Value);
        Assert.Equal(9, three.CycleTime.Value);
    }

    [Fact]
    public void Neighbouring_cards_are_compared_by_median_and_by_how_often_the_larger_takes_longer()
    {
        var deck = Calibration.Compute(ThreeCards(), [Fibonacci]).Decks[0];

        Assert.Equal(2, deck.Neighbours.Count);
        var oneTwo = deck.Neighbours[0];
        Assert.Equal(("1", 3.0, "2", 6.0, true), (oneTwo.SmallerCard, oneTwo.SmallerMedianDays, oneTwo.LargerCard, oneTwo.LargerMedianDays, oneTwo.LargerTakesLonger));
        // 4, 6, 8 against 2, 3, 4: 4 beats two and ties one (2.5), 6 and 8 beat all three: 8.5 of 9.
        Assert.Equal(8.5 / 9, oneTwo.ProbabilityLargerTakesLonger, 12);
        Assert.Equal(1, deck.Neighbours[1].ProbabilityLargerTakesLonger);
        Assert.Equal(1, deck.Monotonicity.Value);
        Assert.Equal(2, deck.Monotonicity.SampleSize);
    }

    [Fact]
    public void A_larger_card_that_does_not_take_longer_shows_as_out_of_order()
    {
        List<FinishedItemFact> items =
        [
            Item("3", 5), Item("3", 6), Item("3", 7),
            Item("5", 4), Item("5", 5), Item("5", 6),
            Item("8", 30), // one 8 is too few to compare: the 5s' neighbour stays the 3s
        ];

        var deck = Calibration.Compute(items, [Fibonacci]).Decks[0];

        var pair = Assert.Single(deck.Neighbours);
        Assert.Equal(("3", "5", false), (pair.SmallerCard, pair.LargerCard, pair.LargerTakesLonger));
        // 4 beats none; 5 ties the 5 (0.5); 6 beats the 5 and ties the 6 (1.5): 2 of 9.
        Assert.Equal(2.0 / 9, pair.ProbabilityLargerTakesLonger, 12);
        Assert.Equal(0, deck.Monotonicity.Value);
        Assert.Equal(1, deck.Monotonicity.Details!["cards_with_too_few_items"]);
        var eight = deck.Cards.Single(c => c.Card == "8");
        Assert.Null(eight.CycleTime.Value);
        Assert.Equal("Only 1 finished item with a cycle time on this card; percentiles need at least 3.", eight.CycleTime.Reason);
        Assert.Equal("Only 1 finished item with a cycle time above 0 on this card; needs at least 3.", eight.Bias.Reason);
    }

    [Fact]
    public void Items_without_a_start_or_done_before_it_are_counted_out_and_the_rest_still_count()
    {
        var noStart = Item("1", 2) with { StartedAt = null };
        var backwards = Item("1", 2) with { DoneAt = Monday.AddDays(-1) };
        var items = ThreeCards().Append(noStart).Append(backwards).ToList();

        var deck = Calibration.Compute(items, [Fibonacci]).Decks[0];

        Assert.Equal(11, deck.Items);
        Assert.Equal((1, 1, 2), (deck.Excluded.MissingStart, deck.Excluded.DoneBeforeStart, deck.Excluded.Total));
        Assert.Equal(3, deck.Cards[0].Items);
        Assert.Equal(3, deck.DaysPerPoint.Value);
        Assert.Equal(9, deck.DaysPerPoint.SampleSize);
    }

    [Fact]
    public void Zero_point_and_non_numeric_items_keep_their_cycle_times_but_stay_out_of_the_scale()
    {
        List<FinishedItemFact> items =
        [
            .. ThreeCards(),
            Item("0", 0.5), Item("0", 1), Item("0", 1.5),
            Item("?", 10), Item("☕", 1),
        ];

        var deck = Calibration.Compute(items, [Fibonacci]).Decks[0];

        Assert.Equal(["0", "1", "2", "3", "?", "☕"], deck.Cards.Select(c => c.Card));
        Assert.Equal((3.0, 9), (deck.DaysPerPoint.Value, deck.DaysPerPoint.SampleSize));
        Assert.Equal((2.0, 3.0), (deck.DaysPerPoint.Details!["non_numeric_items"], deck.DaysPerPoint.Details["zero_point_items"]));
        var zero = deck.Cards[0];
        Assert.Equal(1, zero.CycleTime.Value);
        Assert.Null(zero.Bias.Value);
        Assert.Equal("A 0-point card has no days-per-point ratio; its items count in its cycle time only.", zero.Bias.Reason);
        var unknown = deck.Cards[4];
        Assert.Equal((1, (double?)null), (unknown.Items, unknown.Points));
        Assert.Equal("'?' is not a number, so it has no place on the days-per-point scale.", unknown.Pred25.Reason);
        // The 0s take longer than nothing below them, and less than the 1s: three pairs, all in order.
        Assert.Equal(("0", "1"), (deck.Neighbours[0].SmallerCard, deck.Neighbours[0].LargerCard));
        Assert.Equal((1.0, 3), (deck.Monotonicity.Value!.Value, deck.Monotonicity.SampleSize));
    }

    [Fact]
    public void An_item_done_the_moment_it_started_counts_in_its_card_but_has_no_ratio()
    {
        List<FinishedItemFact> items = [.. ThreeCards(), Item("1", 0)];

        var deck = Calibration.Compute(items, [Fibonacci]).Decks[0];

        Assert.Equal(4, deck.Cards[0].Items);
        Assert.Equal(2.5, deck.Cards[0].CycleTime.Value);
        Assert.Equal(9, deck.DaysPerPoint.SampleSize);
        Assert.Equal(1, deck.DaysPerPoint.Details!["zero_cycle_time_items"]);
    }

    [Fact]
    public void Cycle_time_is_calendar_days_weekends_included_as_a_fraction()
    {
        var friday = new DateTime(2026, 3, 6, 18, 0, 0, DateTimeKind.Utc);
        var item = new FinishedItemFact("S-1", "Story", "fib", "2", 2, friday, friday.AddHours(60));

        Assert.Equal(2.5, item.CycleDays);
        Assert.Null((item with { StartedAt = null }).CycleDays);
        Assert.Null((item with { DoneAt = friday.AddSeconds(-1) }).CycleDays);
    }

    [Fact]
    public void Nothing_finished_gives_no_decks()
    {
        Assert.Empty(Calibration.Compute([]).Decks);
    }

    [Fact]
    public void A_deck_of_only_question_marks_and_coffee_gives_reasons_instead_of_figures()
    {
        List<FinishedItemFact> items = [Item("?", 3), Item("?", 5), Item("?", 8), Item("☕", 1)];

        var deck = Calibration.Compute(items).Decks[0];

        const string why = "No finished item on a numeric card above 0 with a cycle time above 0; the scale needs at least 3.";
        Assert.Equal((null, why), (deck.DaysPerPoint.Value, deck.DaysPerPoint.Reason));
        Assert.Equal((null, why), (deck.Bias.Value, deck.Bias.Reason));
        Assert.Equal((null, why), (deck.Spread.Value, deck.Spread.Reason));
        Assert.Equal((null, why), (deck.Pred25.Value, deck.Pred25.Reason));
        Assert.Equal("No numeric card has 3 or more finished items with a cycle time; comparing needs two such cards.", deck.Monotonicity.Reason);
        Assert.Empty(deck.Neighbours);
        Assert.Equal("No finished item estimated in planning poker; the rate needs at least 3.", deck.FirstRoundConsensus.Reason);
        Assert.Equal(5, deck.Cards[0].CycleTime.Value);
    }

    [Fact]
    public void Two_numeric_items_are_too_few_for_a_scale_and_the_cards_say_why()
    {
        List<FinishedItemFact> items = [Item("2", 4), Item("3", 6)];

        var deck = Calibration.Compute(items, [Fibonacci]).Decks[0];

        Assert.Equal("Only 2 finished items on a numeric card above 0 with a cycle time above 0; the scale needs at least 3.", deck.DaysPerPoint.Reason);
        Assert.StartsWith("The deck has no days-per-point scale yet: Only 2", deck.Cards[0].Bias.Reason);
        Assert.Equal("Only one numeric card has 3 or more finished items with a cycle time; comparing needs two.",
            Calibration.Compute([.. items, Item("2", 4), Item("2", 4)], [Fibonacci]).Decks[0].Monotonicity.Reason);
    }

    [Fact]
    public void Each_deck_is_calibrated_on_its_own()
    {
        List<FinishedItemFact> items = [.. ThreeCards(), Item("M", 5, deck: "tshirt"), Item("L", 9, deck: "tshirt")];

        var report = Calibration.Compute(items, [Fibonacci]);

        Assert.Equal(["fib", "tshirt"], report.Decks.Select(d => d.DeckId));
        Assert.Equal(3, report.Decks[0].DaysPerPoint.Value);
        Assert.Equal(["L", "M"], report.Decks[1].Cards.Select(c => c.Card));
    }

    [Fact]
    public void Reference_stories_are_the_five_most_recently_done_items_on_the_card()
    {
        var items = Enumerable.Range(0, 7).Select(day => Item("3", 2 + day, startDay: day)).ToList();
        items.Add(Item("3", 1) with { StartedAt = null }); // no actual time to show
        items.Add(Item("5", 1, startDay: 30));

        var stories = Calibration.ReferenceStories(items, "fib", "3");

        Assert.Equal([14.0, 12, 10, 8, 6], stories.Select(s => (s.DoneAt - Monday).TotalDays));
        Assert.Equal([8.0, 7, 6, 5, 4], stories.Select(s => s.CycleDays));
        Assert.Equal(items[6].Title, stories[0].Title);
        var card = Calibration.Compute(items, [Fibonacci], new CalibrationOptions(ReferenceStories: 2)).Decks[0].Cards[0];
        Assert.Equal([items[6].Id, items[5].Id], card.ReferenceStories.Select(s => s.Id));
    }

    private static List<FinishedItemFact> Voted() =>
    [
        Item("5", 10, poker: new([3, 5, 5], 1)),                  // steps 4 5 5: neighbours, agreed at once
        Item("5", 10, poker: new([2, 5, 8], 2, [5, 5, 8])),       // 3 steps apart, then 1
        Item("5", 10, poker: new([5, 5], 2, [5, 5])),             // agreed, but two votes are not a consensus
        Item("2", 4, poker: new([1, 2, 3], 3, [2, 2, 3])),        // 2 steps apart, then 1
    ];

    [Fact]
    public void First_round_consensus_needs_three_votes_on_one_card_or_two_neighbours()
    {
        var deck = Calibration.Compute(Voted(), [Fibonacci]).Decks[0];

        Assert.Equal(0.25, deck.FirstRoundConsensus.Value);
        Assert.Equal(4, deck.FirstRoundConsensus.SampleSize);
        Assert.Equal((1.0, 3.0, 2.0), (deck.FirstRoundConsensus.Details!["agreed_in_first_round"], deck.FirstRoundConsensus.Details["revoted"], deck.FirstRoundConsensus.Details["mean_rounds"]));
    }

    [Fact]
    public void Votes_converge_by_the_mean_first_round_spread_less_the_mean_final_round_spread_in_card_steps()
    {
        var deck = Calibration.Compute(Voted(), [Fibonacci]).Decks[0];

        // First rounds: 1, 3, 0, 2 steps (mean 1.5); final rounds: 1, 1, 0, 1 (mean 0.75).
        Assert.Equal(0.75, deck.Convergence.Value);
        Assert.Equal((1.5, 0.75), (deck.Convergence.Details!["first_round_spread"], deck.Convergence.Details["final_round_spread"]));
    }

    [Fact]
    public void The_poker_engines_consensus_rule_can_be_plugged_in()
    {
        ConsensusRule withinTwoSteps = (votes, ladder) => votes.Count >= 2 && ladder.Spread(votes) <= 2;

        var deck = Calibration.Compute(Voted(), [Fibonacci], new CalibrationOptions(Consensus: withinTwoSteps)).Decks[0];

        Assert.Equal(0.75, deck.FirstRoundConsensus.Value);
    }

    [Fact]
    public void Poker_figures_need_three_estimated_items()
    {
        var deck = Calibration.Compute(Voted().Take(2).ToList(), [Fibonacci]).Decks[0];

        Assert.Equal("Only 2 finished items estimated in planning poker; the rate needs at least 3.", deck.FirstRoundConsensus.Reason);
        Assert.Equal("Only 2 finished items with at least 2 numeric votes in both the first and the final round; needs at least 3.", deck.Convergence.Reason);
    }

    [Fact]
    public void Steps_count_cards_not_numbers_and_a_vote_off_the_deck_takes_the_nearest_card()
    {
        Assert.Equal(1, Fibonacci.Spread([5, 8]));
        Assert.Equal(1, Fibonacci.Spread([8, 13]));
        Assert.Equal(4, Fibonacci.Step(4)); // as near 3 as 5: the lower card
        Assert.Equal(5, Fibonacci.Step(4.5));
    }

    [Fact]
    public void Without_the_decks_definition_its_ladder_is_the_numbers_seen()
    {
        List<FinishedItemFact> items = [Item("5", 3, poker: new([5, 13, 13], 1)), Item("?", 3)];

        var ladder = DeckLadder.Observed("fib", items);

        Assert.Equal([5.0, 13], ladder.Values);
        Assert.Equal(1, ladder.Spread([5, 13])); // two steps apart on the real deck: the 8 was never seen
    }
}
