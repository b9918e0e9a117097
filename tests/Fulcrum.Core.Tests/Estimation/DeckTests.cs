using Fulcrum.Core.Estimation;

namespace Fulcrum.Core.Tests.Estimation;

public sealed class DeckTests
{
    [Fact]
    public void Built_in_decks_hold_exactly_the_cards_teams_know()
    {
        Assert.Equal(["0", "1", "2", "3", "5", "8", "13", "21", "34", "55", "89", "?", "☕"], Deck.Fibonacci.Cards.Select(c => c.Label));
        Assert.Equal(["0", "½", "1", "2", "3", "5", "8", "13", "20", "40", "100", "?", "☕"], Deck.ModifiedFibonacci.Cards.Select(c => c.Label));
        Assert.Equal(["XS", "S", "M", "L", "XL", "XXL", "?", "☕"], Deck.TShirt.Cards.Select(c => c.Label));
        Assert.Equal(["0", "1", "2", "4", "8", "16", "32", "64", "?", "☕"], Deck.PowersOfTwo.Cards.Select(c => c.Label));
        Assert.Equal(["fibonacci", "modified-fibonacci", "t-shirt", "powers-of-two"], Deck.BuiltIn.Select(d => d.Id));
        Assert.Same(Deck.TShirt, Deck.FindBuiltIn("t-shirt"));
    }

    [Fact]
    public void Half_is_a_number_and_question_mark_and_coffee_are_not_estimates()
    {
        var deck = Deck.ModifiedFibonacci;

        Assert.Equal(0.5, deck.Find("½")!.Value);
        Assert.Equal(0, deck.Find("0")!.Value);
        Assert.True(deck.Find("0")!.IsEstimate);
        Assert.False(deck.Find("?")!.IsEstimate);
        Assert.False(deck.Find("☕")!.IsEstimate);
        Assert.Null(deck.Find("☕")!.Value);
        Assert.True(deck.IsNumeric);
        Assert.False(Deck.TShirt.IsNumeric);
    }

    [Fact]
    public void Steps_count_estimate_cards_so_five_and_eight_are_neighbours()
    {
        var deck = Deck.ModifiedFibonacci;

        Assert.Equal(0, deck.StepOf("0"));
        Assert.Equal(1, deck.StepOf("½"));
        Assert.Equal(5, deck.StepOf("5"));
        Assert.Equal(6, deck.StepOf("8"));
        Assert.Null(deck.StepOf("?"));
        Assert.Null(deck.StepOf("☕"));
        Assert.Equal(2, Deck.TShirt.StepOf("M"));
    }

    [Theory]
    [InlineData(4.1, "5")]   // 5 is 0.9 away, 3 is 1.1
    [InlineData(4.0, "5")]   // a tie between 3 and 5: the higher card
    [InlineData(0.2, "0")]
    [InlineData(0.25, "½")]  // a tie between 0 and ½
    [InlineData(500, "100")]
    public void The_nearest_card_to_a_value_takes_the_higher_card_on_a_tie(double value, string expected)
    {
        Assert.Equal(expected, Deck.ModifiedFibonacci.NearestCard(value)!.Label);
    }

    [Fact]
    public void Labels_compare_exactly()
    {
        Assert.Null(Deck.TShirt.Find("xl"));
        Assert.Null(Deck.TShirt.Find(" XL"));
        Assert.NotNull(Deck.TShirt.Find("XL"));
    }

    [Fact]
    public void A_custom_deck_with_numbers_rising_is_accepted()
    {
        var result = Deck.Custom("Hours", [Card.Number("1h", 1), Card.Number("4h", 4), Card.Number("1d", 8), Card.NoEstimate("?")], "hours");

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(["1h", "4h", "1d"], result.Deck.Scale.Select(c => c.Label));
        Assert.Equal("hours", result.Deck.Id);
    }

    [Fact]
    public void A_custom_deck_reports_every_problem_at_once()
    {
        var result = Deck.Custom("Bad", [
            Card.Number("1", 1),
            Card.Number("3", 3),
            Card.Number("2", 2),           // falls
            Card.Number("x", -1),          // negative
            Card.Size("THREE"),            // no number in a numeric deck
            Card.Number("3 ", 4),          // surrounding space
            Card.NoEstimate("a-very-long-label"),
            new Card("!", 7, false),       // a number on a card that is no estimate
            Card.NoEstimate("?"),
            Card.NoEstimate("?"),          // twice
        ]);

        Assert.False(result.Succeeded);
        Assert.Equal(
        [
            "card 3 ('2'): numbers must rise from card to card; 2 follows 3",
            "card 4 ('x'): the number must be zero or more",
            "card 6: a label has 1 to 12 characters, no surrounding spaces and no control characters",
            "card 7: a label has 1 to 12 characters, no surrounding spaces and no control characters",
            "card 8 ('!'): a card with a number is an estimate",
            "card 10 ('?'): the label appears twice (labels differing only in case count as the same)",
            "give every estimate card a number, or none (cards without a number: THREE)",
        ], result.Problems);
    }

    [Fact]
    public void A_custom_deck_has_two_to_thirty_cards_and_at_least_two_estimates()
    {
        Assert.Contains("a deck has 2 to 30 cards; this one has 1", Deck.Custom("One", [Card.Number("1", 1)]).Problems);
        Assert.Contains("a deck has 2 to 30 cards; this one has 31",
            Deck.Custom("Many", Enumerable.Range(1, 31).Select(i => Card.Number($"{i}", i)).ToList()).Problems);
        Assert.Equal(["a deck needs at least 2 estimate cards besides ? and ☕"],
            Deck.Custom("Unsure", [Card.Number("1", 1), Card.NoEstimate("?")]).Problems);
        Assert.Equal(["card 2 ('s'): the label appears twice (labels differing only in case count as the same)"],
            Deck.Custom("Case", [Card.Size("S"), Card.Size("s"), Card.Size("M")]).Problems);
        Assert.True(Deck.Custom("Thirty", Enumerable.Range(1, 30).Select(i => Card.Number($"{i}", i)).ToList()).Succeeded);
    }

    [Fact]
    public void A_custom_deck_needs_a_name_and_a_plain_id()
    {
        var result = Deck.Custom(" ", [Card.Size("S"), Card.Size("M")], "Team Deck!");

        Assert.Equal(
        [
            "the deck needs a name of 1 to 40 characters without surrounding spaces",
            "the deck id must be 1 to 40 lower-case letters, digits or hyphens",
        ], result.Problems);
    }

    [Fact]
    public void A_typed_deck_reads_numbers_sizes_mappings_and_the_special_cards()
    {
        var numbers = Deck.Parse("Ours", "0, ½, 1, 2, 3\n5, 8, ?, ☕");
        Assert.True(numbers.Succeeded, string.Join("; ", numbers.Problems));
        Assert.Equal([0, 0.5, 1, 2, 3, 5, 8], numbers.Deck.Scale.Select(c => c.Value!.Value));
        Assert.Equal(["?", "☕"], numbers.Deck.Cards.Where(c => !c.IsEstimate).Select(c => c.Label));

        var mapped = Deck.Parse("Shirts", "S=1, M=3, L=8, ?");
        Assert.True(mapped.Succeeded);
        Assert.Equal([("S", 1.0), ("M", 3.0), ("L", 8.0)], mapped.Deck.Scale.Select(c => (c.Label, c.Value!.Value)));

        var sizes = Deck.Parse("Sizes", "small, medium, large, ?");
        Assert.True(sizes.Succeeded);
        Assert.False(sizes.Deck.IsNumeric);
        Assert.Equal(1, sizes.Deck.StepOf("medium"));
    }

    [Fact]
    public void A_typed_deck_mixing_numbers_and_sizes_or_with_a_bad_mapping_is_refused()
    {
        Assert.Equal(["give every estimate card a number, or none (cards without a number: M)"],
            Deck.Parse("Mixed", "1, 2, M").Problems);
        Assert.Equal(["'M=lots': the part after '=' is not a number"], Deck.Parse("Bad", "S=1, M=lots").Problems);
    }

    [Fact]
    public void T_shirt_sizes_can_carry_points()
    {
        var result = Deck.TShirtWithValues([1, 2, 3, 5, 8, 13]);

        Assert.True(result.Succeeded);
        Assert.Equal(8, result.Deck.Find("XL")!.Value);
        Assert.True(result.Deck.IsNumeric);
        Assert.Equal(["give one number per size (XS, S, M, L, XL, XXL); got 2"], Deck.TShirtWithValues([1, 2]).Problems);
        Assert.Contains("card 3 ('M'): numbers must rise from card to card; 2 follows 2", Deck.TShirtWithValues([1, 2, 2, 5, 8, 13]).Problems);
    }

    [Theory]
    [InlineData("0, ½, 1, 2, 3, 5, 8, ?, ☕")]
    [InlineData("S=1, M=3, L=8, XL=13.5, ?")]
    [InlineData("small, medium, large, ?")]
    public void A_deck_written_as_text_reads_back_as_the_same_cards(string text)
    {
        var deck = Deck.Parse("Ours", text).Deck!;

        var again = Deck.Parse("Ours", deck.ToText());

        Assert.Equal(text, deck.ToText());
        Assert.Equal(deck.Cards, again.Deck!.Cards);
    }

    [Fact]
    public void Every_built_in_deck_reads_back_from_its_text()
    {
        Assert.All(Deck.BuiltIn, deck => Assert.Equal(deck.Cards, Deck.Parse(deck.Name, deck.ToText()).Deck!.Cards));
    }

    [Theory]
    [InlineData("Sprint points", "sprint-points")]
    [InlineData("  Big  cards -- v2! ", "big-cards-v2")]
    [InlineData("Team_A / v2.0", "team-a-v2-0")]
    [InlineData("☕☕", "")]
    public void A_deck_id_comes_from_its_name(string name, string id)
    {
        Assert.Equal(id, Deck.IdFromName(name));
    }
}
