using Fulcrum.Core.Estimation;

namespace Fulcrum.Core.Tests.Estimation;

public sealed class RoundStatisticsTests
{
    private static RoundStatistics Compute(Deck deck, params (int Person, string Card)[] votes) =>
        RoundStatistics.Compute(deck, votes.Select(v => KeyValuePair.Create(v.Person, v.Card)));

    [Fact]
    public void Half_zero_question_mark_and_coffee_each_count_as_they_should()
    {
        // Numbers 0, ½, 1, 2 (0 is a number); ? and ☕ are counted but enter no figure.
        var stats = Compute(Deck.ModifiedFibonacci, (1, "½"), (2, "1"), (3, "2"), (4, "0"), (5, "?"), (6, "☕"));

        Assert.Equal(6, stats.Votes);
        Assert.Equal(4, stats.EstimateVotes);
        Assert.Equal(2, stats.NonEstimateVotes);
        Assert.Equal(0.75, stats.Median);            // (½ + 1) / 2
        Assert.Equal(0.875, stats.Mean);             // 3.5 / 4
        Assert.Equal("1", stats.NearestCard);        // 1 is 0.125 away, ½ is 0.375
        Assert.Equal(3, stats.Spread);               // steps 0 (card 0) to 3 (card 2)
        Assert.Empty(stats.Modes);                   // four cards, once each
        Assert.False(stats.Consensus);
        Assert.Equal("The estimates span 3 card steps, from 0 to 2.", stats.ConsensusReason);
        Assert.Equal([4], stats.Lowest);
        Assert.Equal([3], stats.Highest);
        Assert.Equal(["0", "½", "1", "2", "?", "☕"], stats.Distribution.Select(d => d.Card));
        Assert.All(stats.Distribution, d => Assert.Equal(1, d.Count));
        Assert.Equal([5], stats.Distribution.Single(d => d.Card == "?").Voters);
    }

    [Fact]
    public void Neighbouring_cards_from_at_least_three_voices_are_a_consensus()
    {
        var stats = Compute(Deck.ModifiedFibonacci, (1, "5"), (2, "5"), (3, "8"), (4, "5"));

        Assert.True(stats.Consensus);
        Assert.Equal(1, stats.Spread);
        Assert.Equal(["5"], stats.Modes);
        Assert.Equal(5, stats.Median);
        Assert.Equal(5.75, stats.Mean);
        Assert.Equal("5", stats.NearestCard);
        Assert.Equal("All 4 estimates are on neighbouring cards (5 and 8).", stats.ConsensusReason);
        Assert.Equal([1, 2, 4], stats.Lowest);
        Assert.Equal([3], stats.Highest);
    }

    [Fact]
    public void Two_voices_agreeing_are_not_a_consensus()
    {
        var stats = Compute(Deck.ModifiedFibonacci, (1, "3"), (2, "3"), (3, "?"));

        Assert.False(stats.Consensus);
        Assert.Equal(0, stats.Spread);
        Assert.Equal("Only 2 estimates: a consensus needs at least 3 voices.", stats.ConsensusReason);
        Assert.Empty(stats.Lowest);
        Assert.Empty(stats.Highest);
        Assert.Equal(["3"], stats.Modes);
    }

    [Fact]
    public void Unanimous_zeros_are_a_consensus_at_zero()
    {
        var stats = Compute(Deck.Fibonacci, (1, "0"), (2, "0"), (3, "0"));

        Assert.True(stats.Consensus);
        Assert.Equal(0, stats.Median);
        Assert.Equal(0, stats.Mean);
        Assert.Equal("0", stats.NearestCard);
        Assert.Equal("All 3 estimates are 0.", stats.ConsensusReason);
    }

    [Fact]
    public void A_tie_between_two_cards_gives_two_modes_and_the_mean_rounds_to_the_higher_card()
    {
        var stats = Compute(Deck.ModifiedFibonacci, (1, "2"), (2, "2"), (3, "3"), (4, "3"));

        Assert.Equal(["2", "3"], stats.Modes);
        Assert.Equal(2.5, stats.Median);
        Assert.Equal(2.5, stats.Mean);
        Assert.Equal("3", stats.NearestCard);
        Assert.True(stats.Consensus);
    }

    [Fact]
    public void Only_question_marks_and_coffee_leave_every_figure_empty()
    {
        var stats = Compute(Deck.ModifiedFibonacci, (1, "?"), (2, "☕"), (3, "?"));

        Assert.Equal(0, stats.EstimateVotes);
        Assert.Equal(3, stats.NonEstimateVotes);
        Assert.Null(stats.Median);
        Assert.Null(stats.Mean);
        Assert.Null(stats.NearestCard);
        Assert.Null(stats.Spread);
        Assert.Empty(stats.Modes);
        Assert.False(stats.Consensus);
        Assert.Equal("No estimates: every card played was ? or ☕.", stats.ConsensusReason);
        Assert.Equal([("?", 2), ("☕", 1)], stats.Distribution.Select(d => (d.Card, d.Count)));
    }

    [Fact]
    public void A_t_shirt_round_has_steps_and_modes_but_no_average()
    {
        var stats = Compute(Deck.TShirt, (1, "S"), (2, "M"), (3, "XL"), (4, "M"));

        Assert.Null(stats.Median);
        Assert.Null(stats.Mean);
        Assert.Null(stats.NearestCard);
        Assert.Equal(["M"], stats.Modes);
        Assert.Equal(3, stats.Spread);   // S is step 1, XL step 4
        Assert.Equal([1], stats.Lowest);
        Assert.Equal([3], stats.Highest);
        Assert.Equal("The estimates span 3 card steps, from S to XL.", stats.ConsensusReason);
    }

    [Fact]
    public void One_estimate_is_its_own_mode_and_no_consensus()
    {
        var stats = Compute(Deck.ModifiedFibonacci, (9, "13"));

        Assert.Equal(["13"], stats.Modes);
        Assert.Equal(13, stats.Median);
        Assert.Equal("Only 1 estimate: a consensus needs at least 3 voices.", stats.ConsensusReason);
    }

    [Fact]
    public void A_card_outside_the_deck_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => Compute(Deck.Fibonacci, (1, "½")));
    }

    [Theory]
    [InlineData(3, 1, true)]
    [InlineData(3, 2, false)]
    [InlineData(2, 0, false)]
    [InlineData(10, 0, true)]
    public void The_consensus_rule(int estimates, int spread, bool consensus)
    {
        Assert.Equal(consensus, RoundStatistics.IsConsensus(estimates, spread));
    }
}
