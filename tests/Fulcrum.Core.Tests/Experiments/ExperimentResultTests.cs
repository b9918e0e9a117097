using Fulcrum.Core.Experiments;
using Fulcrum.Core.TeamDesign;

namespace Fulcrum.Core.Tests.Experiments;

public sealed class ExperimentResultTests
{
    private static readonly DateOnly Start = new(2026, 11, 2);

    private static ExperimentSide Side(DateOnly from, params double?[] values) =>
        new(from, from.AddDays(7 * values.Length), [.. values.Select((v, i) => new ExperimentSample(from.AddDays(7 * i), from.AddDays(7 * i + 7), v, new DeliveryEvents(5, 10, 1)))]);

    private static ExperimentResult Compare(ExperimentSide before, ExperimentSide after, string? expected = "-20%") =>
        ExperimentResult.Compare("lead-time", "Change lead time", "h", "week", "lead time of Payments' services per week", before, after,
            Expectation.Parse(expected), lowerIsBetter: true);

    [Fact]
    public void Windows_are_as_long_each_side_and_capped_at_ninety_days()
    {
        // Started 30 days ago, no end: 30 days a side for a series, four whole weeks for delivery.
        var today = Start.AddDays(30);
        Assert.Equal((Start.AddDays(-30), Start, today), ExperimentRules.Windows(Start, null, today, weekly: false));
        Assert.Equal((Start.AddDays(-28), Start, Start.AddDays(28)), ExperimentRules.Windows(Start, null, today, weekly: true));
        // Ended after 13 days (the end day counts): 14 days, two weeks.
        Assert.Equal((Start.AddDays(-14), Start, Start.AddDays(14)), ExperimentRules.Windows(Start, Start.AddDays(13), today, weekly: true));
        // A year on: 90 days, twelve whole weeks (84 days).
        Assert.Equal((Start.AddDays(-90), Start, Start.AddDays(90)), ExperimentRules.Windows(Start, null, Start.AddDays(365), weekly: false));
        Assert.Equal((Start.AddDays(-84), Start, Start.AddDays(84)), ExperimentRules.Windows(Start, null, Start.AddDays(365), weekly: true));
        // Not started yet: nothing to compare.
        Assert.Equal((Start, Start, Start), ExperimentRules.Windows(Start, null, Start.AddDays(-3), weekly: true));
    }

    [Fact]
    public void Blocks_are_counted_from_the_start_day_not_from_mondays()
    {
        var wednesday = new DateOnly(2026, 11, 4);
        var (from, start, to) = ExperimentRules.Windows(wednesday, null, wednesday.AddDays(15), weekly: true);

        Assert.Equal([(new DateOnly(2026, 10, 21), new DateOnly(2026, 10, 28)), (new DateOnly(2026, 10, 28), wednesday)], ExperimentRules.Blocks(from, start));
        Assert.Equal([(wednesday, new DateOnly(2026, 11, 11)), (new DateOnly(2026, 11, 11), new DateOnly(2026, 11, 18))], ExperimentRules.Blocks(start, to));
    }

    [Fact]
    public void Four_weeks_a_side_that_all_fell_are_distinguishable_and_moved_as_expected()
    {
        var result = Compare(Side(Start.AddDays(-28), 40, 42, 38, 44), Side(Start, 30, 28, 31, 27));

        Assert.Equal(NoiseVerdict.Distinguishable, result.Verdict);
        Assert.Equal(2.0 / 70, result.Noise!.PValue, 12);
        Assert.Equal((41.0, 29.0), (result.Comparison.Before, result.Comparison.After));
        Assert.True(result.Comparison.MetExpectation);
        Assert.True(result.Comparison.Better);
        Assert.Equal(new DeliveryEvents(20, 40, 4), result.Before.Events);
        Assert.Equal("Change lead time fell from 41 to 29 h (-29.3%), better: distinguishable from noise (p = 0.03); "
            + "it was expected to move -20% and moved that much.", result.Sentence);
    }

    [Fact]
    public void Weeks_that_overlap_are_not_distinguishable_from_noise()
    {
        var result = Compare(Side(Start.AddDays(-28), 40, 30, 38, 34), Side(Start, 36, 31, 39, 33));

        Assert.Equal(NoiseVerdict.NotDistinguishable, result.Verdict);
        Assert.StartsWith("not distinguishable from noise (p = ", result.VerdictText);
        Assert.False(result.Comparison.MetExpectation);
    }

    [Fact]
    public void Fewer_than_four_samples_a_side_are_too_few_to_tell_even_when_perfectly_apart()
    {
        var result = Compare(Side(Start.AddDays(-28), 40, 42, null, 44), Side(Start, 20, 21, 22, 19));

        Assert.Equal(NoiseVerdict.TooFewSamples, result.Verdict);
        Assert.Equal(1, result.Before.LeftOut);
        Assert.Equal(3, result.Before.Values.Count);
        Assert.Equal("too few samples to tell (3 weeks with a figure before, 4 after; 4 a side are needed)", result.VerdictText);
    }

    [Fact]
    public void No_figure_after_the_start_says_so()
    {
        var result = Compare(Side(Start.AddDays(-14), 40, 42), Side(Start));

        Assert.Null(result.Noise);
        Assert.Equal(NoiseVerdict.TooFewSamples, result.Verdict);
        Assert.StartsWith("Change lead time: no figure after the start yet", result.Sentence);
    }
}
