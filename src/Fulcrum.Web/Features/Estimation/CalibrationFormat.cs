using System.Globalization;
using Fulcrum.Core.Delivery;
using Fulcrum.Core.Estimation;
using Fulcrum.Web.Features.Delivery;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>
/// Calibration figures as people read them, the same on the page and in the CLI's table:
/// "1.4 days per point", "+0.41 (1.51×)", "72.7 %", "3.5 days".
/// </summary>
public static class CalibrationFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The headline figures of a deck, in the order the page and the table show them.</summary>
    public static IReadOnlyList<MetricValue> Headline(DeckCalibration deck) =>
        [deck.DaysPerPoint, deck.Bias, deck.Spread, deck.Pred25, deck.Monotonicity, deck.FirstRoundConsensus, deck.Convergence];

    public static string Value(MetricValue metric) => metric.Value is not double value ? "—" : metric.Metric switch
    {
        Calibration.DaysPerPointMetric => value.ToString("0.##", Invariant) is var k && k == "1" ? "1 day per point" : k + " days per point",
        Calibration.BiasMetric => Bias(value),
        Calibration.SpreadMetric => string.Create(Invariant, $"{value:0.00}"),
        Calibration.ConvergenceMetric => string.Create(Invariant, $"{value:+0.0;−0.0;0.0} steps"),
        Calibration.CycleTimeMetric => Days(value),
        _ when metric.Unit == "ratio" => Percent(value),
        _ => string.Create(Invariant, $"{value:0.##} {metric.Unit}"),
    };

    /// <summary>A log ratio with the factor it stands for: "+0.41 (1.51×)".</summary>
    public static string Bias(double logRatio) => string.Create(Invariant, $"{logRatio:+0.00;−0.00;0.00} ({Math.Exp(logRatio):0.00}×)");

    public static string Days(double days)
    {
        var text = days.ToString("0.#", Invariant);
        return text == "1" ? "1 day" : text + " days";
    }

    /// <summary>A range of days with the unit once: "1.5–3 days".</summary>
    public static string DayRange(double from, double to) => string.Create(Invariant, $"{from:0.#}–{to:0.#} days");

    public static string Percent(double ratio) => string.Create(Invariant, $"{ratio * 100:0.#} %");

    public static string Date(DateTime date) => date.ToString("d MMM yyyy", Invariant);

    public static string Count(int count, string noun, string? plural = null) => DeliveryFormat.Count(count, noun, plural);

    public static string Sample(MetricValue metric) => "from " + metric.Metric switch
    {
        Calibration.MonotonicityMetric => Count(metric.SampleSize, "pair of neighbouring cards", "pairs of neighbouring cards"),
        _ => Count(metric.SampleSize, "item"),
    };

    /// <summary>What a headline figure means, in one sentence, for someone who has not read the docs.</summary>
    public static string Meaning(MetricValue metric) => metric.Metric switch
    {
        Calibration.DaysPerPointMetric => "What a point has been worth in calendar days: the team's own scale, the median of days ÷ points.",
        Calibration.BiasMetric => "Mean log ratio of actual to predicted time (the scale × the card). Near 0 for a whole deck by construction; the cards below show where it leans.",
        Calibration.SpreadMetric => "How far single items stray from their prediction: the standard deviation of the log ratios.",
        Calibration.Pred25Metric => "Share of items that took within ±25 % of their prediction.",
        Calibration.MonotonicityMetric => "Share of neighbouring cards where the larger card's median time is longer.",
        Calibration.FirstRoundConsensusMetric => "Share of poker-estimated items whose first round already agreed.",
        Calibration.ConvergenceMetric => "How many steps closer together the votes were in the final round than in the first.",
        _ => "",
    };

    /// <summary>The figures behind a value, one sentence each.</summary>
    public static IReadOnlyList<string> Details(MetricValue metric)
    {
        if (metric.Value is null || metric.Details is not { } d)
        {
            return [];
        }
        int Get(string key) => d.TryGetValue(key, out var value) ? (int)Math.Round(value) : 0;
        double Raw(string key) => d.TryGetValue(key, out var value) ? value : 0;
        switch (metric.Metric)
        {
            case Calibration.DaysPerPointMetric:
                var notRatio = new[]
                {
                    (Get("non_numeric_items"), "on a card without a number"),
                    (Get("zero_point_items"), "on 0"),
                    (Get("zero_cycle_time_items"), "done the moment they started"),
                }.Where(p => p.Item1 > 0).Select(p => $"{p.Item1} {p.Item2}").ToList();
                return
                [
                    $"{Count(Get("items_with_cycle_time"), "item")} with a cycle time"
                        + (notRatio.Count == 0 ? "" : $"; not on the scale: {string.Join(", ", notRatio)}"),
                ];
            case Calibration.BiasMetric:
                return [string.Create(Invariant, $"On average {Raw("geometric_mean_ratio"):0.00}× the predicted time (geometric mean)")];
            case Calibration.SpreadMetric:
                var factor = Raw("typical_factor");
                return [string.Create(Invariant, $"An item typically takes between 1/{factor:0.0} and {factor:0.0}× its prediction")];
            case Calibration.Pred25Metric:
                return [$"{Get("within")} within ±25 %, {Get("longer")} longer, {Get("shorter")} shorter"];
            case Calibration.MonotonicityMetric:
                return
                [
                    $"{Get("pairs_in_order")} of {Count(metric.SampleSize, "pair")} in order, over {Count(Get("cards_compared"), "card")} with 3 or more items",
                    .. Get("cards_with_too_few_items") > 0
                        ? [$"{Count(Get("cards_with_too_few_items"), "card")} with too few items to compare"]
                        : Array.Empty<string>(),
                ];
            case Calibration.FirstRoundConsensusMetric:
                return
                [
                    $"{Count(Get("agreed_in_first_round"), "item")} agreed in the first round; {Get("revoted")} re-voted",
                    string.Create(Invariant, $"{Raw("mean_rounds"):0.0} rounds on average"),
                ];
            case Calibration.ConvergenceMetric:
                return [string.Create(Invariant, $"Votes spanned {Raw("first_round_spread"):0.0} steps in the first round, {Raw("final_round_spread"):0.0} in the final one")];
            default:
                return d.Select(pair => string.Create(Invariant, $"{pair.Key}: {pair.Value:0.##}")).ToList();
        }
    }

    /// <summary>How a card's cell reads when its figure is missing: a few words; the full reason goes below the table.</summary>
    public static string Missing(MetricValue metric, CardCalibration card) => metric.Reason switch
    {
        null => "",
        _ when card.Points is null => "no number",
        _ when card.Points == 0 => "0 card",
        _ when metric.Reason.StartsWith("The deck has no days-per-point scale", StringComparison.Ordinal) => "no scale yet",
        _ => "too few",
    };

    public static string Percentile(ForecastPercentile percentile) => percentile.Date is DateTime date
        ? $"{Date(date)} ({Count(percentile.Weeks!.Value, "week")})"
        : "beyond the horizon";

    public static string Method(ForecastMethod method) => method == ForecastMethod.CycleTimeWeighted
        ? "by item size (cycle-time-weighted)"
        : "by item count (throughput)";

    /// <summary>"Payments", or "Payments with Ledger and Risk" when sub-teams count with it.</summary>
    public static string Scope(CalibrationResult result) => result.Teams.Count == 1
        ? result.Team
        : $"{result.Team} with {Join(result.Teams.Skip(1).ToList())}";

    /// <summary>"Left out of calibration and the forecast: 12 items without an estimate (3 of them open), 7 estimated in weeks (time, not cards)."</summary>
    public static string? LeftOut(CalibrationCoverage coverage)
    {
        if (coverage.LeftOut.Count == 0)
        {
            return null;
        }
        var parts = coverage.LeftOut.Select((l, i) =>
        {
            var total = l.Finished + l.Open;
            // "12 items without …" first, then "7 estimated in weeks": the noun once is enough.
            var count = i == 0 ? Count(total, "item") : total.ToString(Invariant);
            var what = l.Code switch
            {
                "no_estimate" => "without an estimate",
                "time_estimate" => $"estimated in {l.Unit} (time, not cards)",
                "other_deck" => $"estimated with deck '{l.Unit}'",
                "no_unit" => "with an estimate but no unit",
                _ => l.Reason.TrimEnd('.'),
            };
            var open = l.Open == 0 ? "" : l.Finished == 0 ? " (all open)" : $" ({l.Open} of them open)";
            return $"{count} {what}{open}";
        });
        return $"Left out of calibration and the forecast: {string.Join(", ", parts)}.";
    }

    /// <summary>"3 items without a start and 1 done before it started".</summary>
    public static string Exclusions(CalibrationExclusions excluded) => string.Join(" and ", new[]
    {
        excluded.MissingStart > 0 ? $"{Count(excluded.MissingStart, "item")} without a start" : null,
        excluded.DoneBeforeStart > 0 ? $"{Count(excluded.DoneBeforeStart, "item")} done before it started" : null,
    }.OfType<string>());

    private static string Join(IReadOnlyList<string> names) => names.Count switch
    {
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
    };
}
