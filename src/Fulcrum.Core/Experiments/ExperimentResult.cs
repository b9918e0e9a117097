using System.Globalization;
using Fulcrum.Core.TeamDesign;

namespace Fulcrum.Core.Experiments;

/// <summary>The delivery events behind a figure: deployments shipped, changes with a lead time, incidents begun.</summary>
public sealed record DeliveryEvents(int Deployments, int Changes, int Incidents)
{
    public static DeliveryEvents operator +(DeliveryEvents a, DeliveryEvents b) =>
        new(a.Deployments + b.Deployments, a.Changes + b.Changes, a.Incidents + b.Incidents);
}

/// <summary>One sample of a side: a 7-day block's delivery figure, or one day's point of a series. <paramref name="To"/> is exclusive.</summary>
/// <param name="Value">Null when the block has no figure (no deployment shipped a change, say): left out of the test, and counted.</param>
public sealed record ExperimentSample(DateOnly From, DateOnly To, double? Value, DeliveryEvents? Events = null);

/// <summary>One side of the comparison: its window (<paramref name="To"/> exclusive), its samples, and for a delivery metric the figure over the whole window.</summary>
public sealed record ExperimentSide(DateOnly From, DateOnly To, IReadOnlyList<ExperimentSample> Samples, double? Whole = null)
{
    public IReadOnlyList<double> Values { get; } = [.. Samples.Where(s => s.Value is not null).Select(s => s.Value!.Value)];

    /// <summary>Samples with no figure, left out of the mean and the test.</summary>
    public int LeftOut => Samples.Count - Values.Count;

    public double? Mean => Values.Count > 0 ? Values.Average() : null;

    public DeliveryEvents? Events => Samples.Any(s => s.Events is not null)
        ? Samples.Select(s => s.Events).OfType<DeliveryEvents>().Aggregate(new DeliveryEvents(0, 0, 0), (a, b) => a + b)
        : null;
}

public enum NoiseVerdict
{
    TooFewSamples,
    NotDistinguishable,
    Distinguishable,
}

/// <summary>
/// The rules of an experiment's comparison (docs/experiments.md): the windows, the samples each side
/// needs, and the level below which a difference counts as distinguishable from noise.
/// </summary>
public static class ExperimentRules
{
    public const int MostDays = 90;
    public const int BlockDays = 7;

    /// <summary>With three samples a side even a perfect split has p = 2/20 = 0.10: four is the fewest that can tell.</summary>
    public const int MinimumSamples = 4;
    public const double Significance = 0.05;

    /// <summary>
    /// The windows compared: after is the start to the end day (inclusive) or today (exclusive),
    /// whichever comes first, at most <see cref="MostDays"/> days; before is as many days just before
    /// the start. Weekly (delivery metrics) keeps whole 7-day blocks counted from the start day, so
    /// both sides cut at the start and no block straddles it.
    /// </summary>
    public static (DateOnly From, DateOnly Start, DateOnly To) Windows(DateOnly start, DateOnly? end, DateOnly today, bool weekly)
    {
        var (_, _, to) = DecisionMetrics.Windows(start, end?.AddDays(1), today, MostDays);
        var days = to.DayNumber - start.DayNumber;
        if (weekly)
        {
            days -= days % BlockDays;
        }
        return (start.AddDays(-days), start, start.AddDays(days));
    }

    /// <summary>The 7-day blocks from <paramref name="from"/> to <paramref name="to"/> (exclusive), in order.</summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To)> Blocks(DateOnly from, DateOnly to)
    {
        var blocks = new List<(DateOnly, DateOnly)>();
        for (var day = from; day.AddDays(BlockDays) <= to; day = day.AddDays(BlockDays))
        {
            blocks.Add((day, day.AddDays(BlockDays)));
        }
        return blocks;
    }

    /// <summary>"p = 0.03", "p = 0.004", "p < 0.001".</summary>
    public static string P(double p) => p < 0.001 ? "p < 0.001"
        : "p = " + p.ToString(p < 0.01 ? "0.000" : "0.00", CultureInfo.InvariantCulture);
}

/// <summary>
/// An experiment's metric before and after its start, sample by sample, with the noise test of the
/// difference in means (<see cref="PermutationTest"/>) and whether it moved as expected. The figures
/// each side are the means of the samples; <see cref="Comparison"/> holds them for the expected-move
/// and better-or-worse rules decisions use.
/// </summary>
/// <param name="SampleUnit">What one sample is: "week" (a delivery metric's 7-day block) or "day" (a series' point).</param>
public sealed record ExperimentResult(
    string Metric, string Title, string Unit, string SampleUnit, string Source, ExperimentSide Before, ExperimentSide After,
    Expectation? Expected, bool LowerIsBetter, PermutationResult? Noise)
{
    public static ExperimentResult Compare(string metric, string title, string unit, string sampleUnit, string source,
        ExperimentSide before, ExperimentSide after, Expectation? expected, bool lowerIsBetter) =>
        new(metric, title, unit, sampleUnit, source, before, after, expected, lowerIsBetter,
            before.Values.Count > 0 && after.Values.Count > 0 ? PermutationTest.TwoSided(before.Values, after.Values) : null);

    public MetricComparison Comparison { get; } = new(Metric, Title, Unit, Source, Before.From, After.From, After.To,
        Before.Mean, Before.Values.Count, After.Mean, After.Values.Count, Expected, LowerIsBetter);

    public NoiseVerdict Verdict => Before.Values.Count < ExperimentRules.MinimumSamples || After.Values.Count < ExperimentRules.MinimumSamples || Noise is null
        ? NoiseVerdict.TooFewSamples
        : Noise.PValue < ExperimentRules.Significance ? NoiseVerdict.Distinguishable : NoiseVerdict.NotDistinguishable;

    /// <summary>"distinguishable from noise (p = 0.01)", "not distinguishable from noise (p = 0.42)", "too few samples to tell (…)".</summary>
    public string VerdictText => Verdict switch
    {
        NoiseVerdict.Distinguishable => $"distinguishable from noise ({ExperimentRules.P(Noise!.PValue)})",
        NoiseVerdict.NotDistinguishable => $"not distinguishable from noise ({ExperimentRules.P(Noise!.PValue)})",
        _ => $"too few samples to tell ({Before.Values.Count} {Plural(Before.Values.Count)} with a figure before, {After.Values.Count} after; "
            + $"{ExperimentRules.MinimumSamples} a side are needed)",
    };

    /// <summary>One sentence for the page, the review and the CLI.</summary>
    public string Sentence
    {
        get
        {
            var c = Comparison;
            if (c.Before is not double b || c.After is not double a)
            {
                return $"{Title}: no figure {(c.Before is null ? "before" : "after")} the start yet ({Source}); {VerdictText}.";
            }
            var direction = a > b ? "rose" : a < b ? "fell" : "did not move";
            var change = c.ChangePercent is double p ? $" ({(p > 0 ? "+" : "")}{p.ToString("0.#", CultureInfo.InvariantCulture)}%)" : "";
            var better = c.Better switch { true => ", better", false => ", worse", null => "" };
            var expected = c.MetExpectation switch
            {
                true => $"; it was expected to move {Expected} and moved that much",
                false => $"; it was expected to move {Expected} and did not move that much",
                null => "",
            };
            return $"{Title} {direction} from {MetricComparison.Format(b)} to {MetricComparison.Format(a)} {Unit}{change}{better}: {VerdictText}{expected}.";
        }
    }

    private string Plural(int count) => count == 1 ? SampleUnit : SampleUnit + "s";
}
