using Fulcrum.Core.Careers;

namespace Fulcrum.Core.Tests.Careers;

public sealed class AssessmentConsensusTests
{
    private static readonly RatingScale Scale = RatingScale.Default; // 0 Not yet, 1 Developing, 2 Meets, 3 Exceeds

    private static AssessmentRating Peer(int rating, string? evidence = null) => new(RaterRole.Peer, rating, evidence);

    private static AssessmentRating Mentor(int rating, string? evidence = null) => new(RaterRole.Mentor, rating, evidence);

    private static AssessmentRating Manager(int rating, string? evidence = null) => new(RaterRole.Manager, rating, evidence);

    private static AssessmentRating Self(int rating) => new(RaterRole.Self, rating, "my own view");

    [Fact]
    public void Two_raters_are_not_a_consensus_and_the_reason_says_so()
    {
        var result = AssessmentConsensus.Compute([Self(3), Peer(2, "led the migration"), Manager(2)], Scale);

        Assert.False(result.Reached);
        Assert.Null(result.Rating);
        Assert.Equal(AgreementLevel.None, result.Agreement);
        Assert.Equal("Only 2 ratings from others. A consensus needs at least 3 from peers, mentors or the manager; the self rating does not count.", result.Explanation);
        Assert.Equal(["Meets", "Meets"], result.Views.Select(v => v.Label));
        Assert.Equal("led the migration", result.Views[0].Evidence);
        Assert.Equal("Exceeds", result.Self!.Label);
        Assert.Null(result.SelfGap);
    }

    [Fact]
    public void The_self_rating_never_counts_towards_the_consensus()
    {
        var withHighSelf = AssessmentConsensus.Compute([Self(3), Peer(1), Mentor(1), Manager(1)], Scale);
        var withLowSelf = AssessmentConsensus.Compute([Self(0), Peer(1), Mentor(1), Manager(1)], Scale);

        Assert.Equal(1, withHighSelf.Rating);
        Assert.Equal(1, withLowSelf.Rating);
        Assert.Equal(3, withHighSelf.Voices);
        Assert.Equal(2, withHighSelf.SelfGap);
        Assert.Equal(-1, withLowSelf.SelfGap);
    }

    [Fact]
    public void All_identical_ratings_are_unanimous()
    {
        var result = AssessmentConsensus.Compute([Peer(2), Mentor(2), Manager(2)], Scale);

        Assert.True(result.Reached);
        Assert.Equal("Meets", result.Label);
        Assert.Equal(AgreementLevel.Unanimous, result.Agreement);
        Assert.Equal(1.0, result.AgreementShare);
        Assert.Equal(0, result.Spread);
        Assert.Equal("All 3 voices rate Meets.", result.Explanation);
    }

    [Fact]
    public void Ratings_within_one_step_agree_on_their_median()
    {
        var result = AssessmentConsensus.Compute([Peer(2), Peer(3), Mentor(2), Manager(2)], Scale);

        Assert.Equal(2, result.Rating);
        Assert.Equal(AgreementLevel.WithinOneStep, result.Agreement);
        Assert.Equal(1, result.Spread);
        Assert.Equal("All 4 voices lie within one step (3 × Meets, 1 × Exceeds); the agreed rating is Meets.", result.Explanation);
    }

    [Fact]
    public void A_majority_forms_a_consensus_and_the_dissent_stays_visible()
    {
        var result = AssessmentConsensus.Compute([Peer(0, "missed two reviews"), Mentor(2), Peer(3), Manager(2)], Scale);

        Assert.True(result.Reached);
        Assert.Equal(2, result.Rating);
        Assert.Equal(AgreementLevel.Majority, result.Agreement);
        Assert.Equal(0.75, result.AgreementShare);
        Assert.Equal(3, result.Spread);
        var dissent = Assert.Single(result.Views, v => !v.InAgreement);
        Assert.Equal((RaterRole.Peer, "Not yet", "missed two reviews"), (dissent.Role, dissent.Label, dissent.Evidence));
        Assert.Contains("Differing: peer rated Not yet.", result.Explanation);
    }

    [Fact]
    public void A_bimodal_split_is_no_consensus_with_every_view_side_by_side()
    {
        var result = AssessmentConsensus.Compute([Peer(0, "a"), Mentor(0, "b"), Peer(3, "c"), Manager(3, "d")], Scale);

        Assert.False(result.Reached);
        Assert.Null(result.Rating);
        Assert.Equal(3, result.Spread);
        Assert.Equal("No strict majority of the 4 voices lies within one step: 2 × Not yet, 2 × Exceeds.", result.Explanation);
        Assert.Equal(["a", "b", "c", "d"], result.Views.Select(v => v.Evidence));
        Assert.All(result.Views, v => Assert.False(v.InAgreement));
    }

    [Fact]
    public void Half_the_voices_is_not_a_strict_majority()
    {
        var result = AssessmentConsensus.Compute([Peer(0), Mentor(1), Peer(3), Manager(3)], Scale);

        // two voices in Not yet–Developing and two in Meets–Exceeds: half is not more than half
        Assert.False(result.Reached);
    }

    [Fact]
    public void An_even_split_inside_the_group_resolves_to_the_lower_rating_and_says_so()
    {
        var result = AssessmentConsensus.Compute([Peer(2), Mentor(3), Peer(3), Manager(2)], Scale);

        Assert.Equal(2, result.Rating);
        Assert.True(result.EvenSplit);
        Assert.Contains("split evenly between Meets and Exceeds; the lower is the rating all of them support", result.Explanation);
    }

    [Fact]
    public void Equal_groups_that_agree_on_different_ratings_are_no_consensus()
    {
        // 1,1,2,2,3,3: Developing–Meets and Meets–Exceeds each hold 4 of 6, agreeing on Developing and Meets
        var result = AssessmentConsensus.Compute([Peer(1), Peer(1), Mentor(2), Mentor(2), Peer(3), Manager(3)], Scale);

        Assert.False(result.Reached);
        Assert.StartsWith("The voices are split between equally large groups that agree on different ratings (Developing and Meets)", result.Explanation);
    }

    [Fact]
    public void Equal_groups_that_agree_on_the_same_rating_are_a_consensus()
    {
        // 1,2,2,2,3: both windows hold four voices and both agree on Meets
        var result = AssessmentConsensus.Compute([Peer(1), Peer(2), Mentor(2), Manager(2), Peer(3)], Scale);

        Assert.True(result.Reached);
        Assert.Equal(2, result.Rating);
        Assert.Equal(4, result.InAgreementCount);
        Assert.Equal(2, result.Spread);
    }

    [Fact]
    public void Without_a_manager_the_consensus_still_forms_and_the_explanation_notes_it()
    {
        var result = AssessmentConsensus.Compute([Peer(1), Mentor(1), Peer(1)], Scale);

        Assert.True(result.Reached);
        Assert.False(result.IncludesManager);
        Assert.EndsWith("No manager rating among them.", result.Explanation);
    }

    [Fact]
    public void No_ratings_at_all_give_a_plain_reason()
    {
        var result = AssessmentConsensus.Compute([Self(2)], Scale);

        Assert.False(result.Reached);
        Assert.Equal(0, result.Voices);
        Assert.Null(result.Spread);
        Assert.StartsWith("No ratings from others yet.", result.Explanation);
    }

    [Fact]
    public void Ratings_off_the_scale_and_duplicate_raters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AssessmentConsensus.Compute([Peer(4), Peer(1), Peer(1)], Scale));
        Assert.Throws<ArgumentOutOfRangeException>(() => AssessmentConsensus.Compute([Peer(-1), Peer(1), Peer(1)], Scale));
        Assert.Throws<ArgumentException>(() => AssessmentConsensus.Compute([Self(1), Self(2), Peer(1)], Scale));
        var ex = Assert.Throws<ArgumentException>(() => AssessmentConsensus.Compute(
            [new(RaterRole.Peer, 1, null, "ana"), new(RaterRole.Mentor, 1, null, "Ana"), Peer(1)], Scale));
        Assert.StartsWith("ana rated more than once", ex.Message);
    }

    [Fact]
    public void Views_are_listed_lowest_rating_first_whatever_the_input_order()
    {
        var result = AssessmentConsensus.Compute([Manager(3), Peer(2), Mentor(2)], Scale);

        Assert.Equal([2, 2, 3], result.Views.Select(v => v.Rating));
    }

    [Fact]
    public void On_a_two_point_scale_three_voices_always_agree_and_split_down()
    {
        var yesNo = new RatingScale([new("no", "No", null), new("yes", "Yes", null)], "yes");

        var result = AssessmentConsensus.Compute([Peer(0), Peer(1), Manager(1)], yesNo);

        Assert.True(result.Reached);
        Assert.Equal(1, result.Rating); // median of 0,1,1
        Assert.Equal(AgreementLevel.WithinOneStep, result.Agreement);
    }
}

public sealed class AptitudeEnjoymentTests
{
    private static readonly RatingScale Scale = RatingScale.Default;

    private static ConsensusResult Agreed(int rating) => AssessmentConsensus.Compute(
        [new(RaterRole.Peer, rating), new(RaterRole.Mentor, rating), new(RaterRole.Manager, rating)], Scale);

    [Theory]
    [InlineData(2, 5, Quadrant.LeanIn)]
    [InlineData(3, 4, Quadrant.LeanIn)]
    [InlineData(1, 5, Quadrant.GrowIt)]
    [InlineData(0, 4, Quadrant.GrowIt)]
    [InlineData(3, 2, Quadrant.Delegate)]
    [InlineData(2, 3, Quadrant.Delegate)]
    [InlineData(1, 1, Quadrant.Rethink)]
    [InlineData(0, 3, Quadrant.Rethink)]
    public void Aptitude_above_the_middle_and_enjoyment_above_neutral_place_the_quadrant(int rating, int enjoyment, Quadrant expected)
    {
        var result = AptitudeEnjoyment.Classify(Agreed(rating), Scale, enjoyment);

        Assert.Equal(expected, result.Quadrant);
        Assert.StartsWith(expected switch
        {
            Quadrant.LeanIn => "Lean in",
            Quadrant.GrowIt => "Grow it",
            Quadrant.Delegate => "Delegate",
            _ => "Rethink",
        }, result.Guidance);
    }

    [Fact]
    public void The_middle_of_an_odd_scale_counts_as_not_yet_good_at_it()
    {
        var five = new RatingScale([.. Enumerable.Range(1, 5).Select(i => new Rating($"r{i}", $"R{i}", null))], "r3");
        var middle = AssessmentConsensus.Compute([new(RaterRole.Peer, 2), new(RaterRole.Mentor, 2), new(RaterRole.Manager, 2)], five);

        Assert.Equal(Quadrant.GrowIt, AptitudeEnjoyment.Classify(middle, five, 5).Quadrant);
    }

    [Fact]
    public void Without_a_consensus_there_is_no_quadrant_only_a_reason()
    {
        var split = AssessmentConsensus.Compute([new(RaterRole.Peer, 0), new(RaterRole.Manager, 3)], Scale);

        var result = AptitudeEnjoyment.Classify(split, Scale, 5);

        Assert.Null(result.Quadrant);
        Assert.Null(result.GoodAtIt);
        Assert.True(result.EnjoysIt);
        Assert.Equal("Not placed: there is no consensus on aptitude yet, and one opinion is not enough.", result.Reason);
        Assert.Equal("Not placed: the person has not said how much they enjoy it.", AptitudeEnjoyment.Classify(Agreed(2), Scale, null).Reason);
        Assert.Throws<ArgumentOutOfRangeException>(() => AptitudeEnjoyment.Classify(Agreed(2), Scale, 6));
    }
}
