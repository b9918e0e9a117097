using Fulcrum.Core.Experiments;

namespace Fulcrum.Core.Tests.Experiments;

public sealed class PermutationTestTests
{
    [Fact]
    public void Four_against_four_perfectly_apart_is_two_of_seventy_splits()
    {
        var result = PermutationTest.TwoSided([1, 2, 3, 4], [5, 6, 7, 8]);

        Assert.True(result.Exact);
        Assert.Equal(70, result.Arrangements);
        Assert.Equal(2.0 / 70, result.PValue, 12);
    }

    [Fact]
    public void Three_against_three_perfectly_apart_cannot_go_below_one_in_ten()
    {
        var result = PermutationTest.TwoSided([1, 2, 3], [10, 11, 12]);

        Assert.Equal(2.0 / 20, result.PValue, 12);
    }

    [Fact]
    public void Identical_samples_are_p_one()
    {
        Assert.Equal(1.0, PermutationTest.TwoSided([3, 3, 3, 3], [3, 3, 3, 3]).PValue);
        Assert.Equal(1.0, PermutationTest.TwoSided([1, 2, 3, 4], [4, 3, 2, 1]).PValue);
    }

    [Fact]
    public void Ties_count_as_at_least_as_extreme()
    {
        // Pooled 1,1,2,2 split 2+2: six splits; differences of means are |±1| for two of them and 0 for four.
        var result = PermutationTest.TwoSided([1, 1], [2, 2]);

        Assert.Equal(6, result.Arrangements);
        Assert.Equal(2.0 / 6, result.PValue, 12);
        // Fractions that do not add up exactly in binary still tie with the observed split.
        Assert.Equal(2.0 / 6, PermutationTest.TwoSided([0.1, 0.1], [0.3, 0.3]).PValue, 12);
    }

    [Fact]
    public void A_hand_counted_uneven_split()
    {
        // Before 1,2,3 and after 4,6: observed |5 - 2| = 3. Of the ten splits of 1,2,3,4,6 into 3 and 2,
        // |mean(pair) - mean(rest)| is at least 3 only for the pair {4,6}, and for {1,2} (|1.5 - 13/3| = 2.83) not:
        // one split of ten.
        var result = PermutationTest.TwoSided([1, 2, 3], [4, 6]);

        Assert.Equal(10, result.Arrangements);
        Assert.Equal(0.1, result.PValue, 12);
    }

    [Fact]
    public void Many_samples_are_shuffled_with_a_fixed_seed_so_the_answer_repeats()
    {
        // C(26, 13) = 10,400,600 splits: too many to count, so 20,000 shuffles estimate it.
        double[] before = [.. Enumerable.Range(0, 13).Select(i => 10.0 + (i % 5))];
        double[] after = [.. Enumerable.Range(0, 13).Select(i => 11.0 + (i % 5))];

        var first = PermutationTest.TwoSided(before, after);
        var second = PermutationTest.TwoSided(before, after);

        Assert.False(first.Exact);
        Assert.Equal(PermutationTest.Shuffles, first.Arrangements);
        Assert.Equal(first.PValue, second.PValue);
        // Means 12 and 13 against a spread of about 1.4: a real but modest difference.
        Assert.InRange(first.PValue, 0.03, 0.15);
        // Far apart, the estimate never reaches zero: the observed split counts itself.
        var apart = PermutationTest.TwoSided([.. before], [.. after.Select(v => v + 100)]);
        Assert.Equal(1.0 / (PermutationTest.Shuffles + 1), apart.PValue, 12);
    }

    [Fact]
    public void The_shuffled_estimate_is_close_to_the_exact_count()
    {
        double[] before = [3, 5, 4, 6, 5, 7, 4];
        double[] after = [6, 8, 7, 5, 9, 7, 8];
        var exact = PermutationTest.TwoSided(before, after);
        var shuffled = PermutationTest.TwoSided(before, after, exactLimit: 10);

        Assert.True(exact.Exact);
        Assert.Equal(3432, exact.Arrangements);
        Assert.False(shuffled.Exact);
        Assert.InRange(shuffled.PValue, exact.PValue - 0.005, exact.PValue + 0.005);
    }

    [Theory]
    [InlineData(8, 4, 70L)]
    [InlineData(26, 13, null)]
    [InlineData(24, 12, null)]
    [InlineData(18, 9, null)]
    [InlineData(17, 8, null)]
    [InlineData(16, 8, 12870L)]
    public void Combinations_stop_counting_above_the_limit(int total, int chosen, long? expected) =>
        Assert.Equal(expected, PermutationTest.Combinations(total, chosen, PermutationTest.ExactLimit));
}
