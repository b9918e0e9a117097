using System.Globalization;

namespace Fulcrum.Core.Estimation;

/// <summary>Estimated work not started yet: <paramref name="Count"/> items accepted at one card.</summary>
public sealed record BacklogItem(string Card, double? Points, int Count = 1);

public enum ForecastMethod
{
    /// <summary>Items are items: burn the backlog's count down by weekly throughputs drawn from history.</summary>
    Throughput,

    /// <summary>
    /// Items have sizes: each backlog item draws a cycle time from history items of its card, and
    /// the weeks burn down the sum by the cycle days the team finished in a sampled week.
    /// </summary>
    CycleTimeWeighted,
}

/// <param name="HorizonWeeks">
/// A trial still unfinished after this many weeks stops there; the percentiles it decides read
/// "beyond the horizon" instead of a date ten years out (and a history of mostly empty weeks cannot
/// keep the server busy).
/// </param>
public sealed record ForecastOptions(
    ForecastMethod Method = ForecastMethod.Throughput, int Trials = 10_000, int Seed = 1, int HorizonWeeks = 520);

/// <summary>A percentile of the completion week: <see cref="Weeks"/> and <see cref="Date"/> are null beyond the horizon.</summary>
public sealed record ForecastPercentile(int Percent, int? Weeks, DateTime? Date);

/// <summary>How many trials finished in exactly <see cref="Weeks"/> weeks, and the share finished by then.</summary>
public sealed record ForecastBucket(int Weeks, DateTime Date, int Trials, double CumulativeShare);

/// <summary>
/// The completion forecast, or the <see cref="Reason"/> it was refused (then the lists are empty).
/// "85 %: 2026-05-04" reads: in 85 % of the simulated futures the backlog was done by that date.
/// </summary>
public sealed record ForecastResult(
    ForecastMethod Method,
    DateTime Start,
    int BacklogItems,
    int HistoryWeeks,
    int WeeksWithThroughput,
    int Trials,
    int Seed,
    IReadOnlyList<ForecastPercentile> Percentiles,
    IReadOnlyList<ForecastBucket> Histogram,
    int TrialsBeyondHorizon,
    int ItemsSizedFromWholeHistory,
    string? Reason);

/// <summary>
/// Monte Carlo completion forecast from a team's own recent throughput (no velocity arithmetic, no
/// assumption of a bell curve): each trial replays randomly chosen past weeks until the backlog is
/// done. Seeded, so the same inputs and seed give the same dates on the page, in the CLI and in tests.
/// </summary>
public static class Forecast
{
    /// <summary>
    /// Weeks that finished something, needed before a forecast is offered: with fewer, every trial
    /// replays the same one or two weeks and the spread of dates is an artefact.
    /// </summary>
    public const int MinWeeksWithThroughput = 4;

    public static readonly IReadOnlyList<int> Percents = [50, 85, 95];

    public static ForecastResult Run(
        IReadOnlyCollection<BacklogItem> backlog, ForecastHistory history, DateTime start, ForecastOptions? options = null)
    {
        options ??= new ForecastOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HorizonWeeks, 1);
        if (backlog.FirstOrDefault(b => b.Count < 0) is { } negative)
        {
            throw new ArgumentException($"Backlog line '{negative.Card}' has a count of {negative.Count}; counts are zero or more.", nameof(backlog));
        }
        var weighted = options.Method == ForecastMethod.CycleTimeWeighted;
        var items = backlog.Sum(b => b.Count);
        var active = history.Weeks.Count(w => weighted ? w.CycleDays > 0 : w.Items > 0);
        ForecastResult Refuse(string reason) => new(
            options.Method, start, items, history.Weeks.Count, active, 0, options.Seed, [], [], 0, 0, reason);

        if (items == 0)
        {
            return Refuse("The backlog is empty: there is nothing to forecast.");
        }
        if (active < MinWeeksWithThroughput)
        {
            var what = weighted ? "finished an item with a cycle time" : "finished an item";
            return Refuse(string.Create(CultureInfo.InvariantCulture,
                $"{active} of the {history.Weeks.Count} weeks of history {what}; a forecast needs at least {MinWeeksWithThroughput} such weeks."));
        }
        var sizes = weighted ? Sizes(backlog, history.Finished) : null;
        if (sizes is { Whole.Length: < Calibration.MinSamples })
        {
            return Refuse(string.Create(CultureInfo.InvariantCulture,
                $"Only {sizes.Whole.Length} finished item(s) in the history have a cycle time; sizing the backlog needs at least {Calibration.MinSamples}."));
        }

        var random = new Random(options.Seed);
        var weeks = history.Weeks;
        var outcomes = new int[options.Trials];
        for (var trial = 0; trial < options.Trials; trial++)
        {
            var remaining = sizes is null ? items : sizes.Draw(random);
            var elapsed = 0;
            // At least one week: even a backlog sized at zero days is finished in some week.
            do
            {
                var week = weeks[random.Next(weeks.Count)];
                remaining -= weighted ? week.CycleDays : week.Items;
                elapsed++;
            }
            while (remaining > 1e-9 && elapsed < options.HorizonWeeks);
            outcomes[trial] = remaining > 1e-9 ? int.MaxValue : elapsed;
        }
        Array.Sort(outcomes);

        var percentiles = Percents.Select(percent =>
        {
            var at = outcomes[(int)Math.Ceiling(percent / 100.0 * outcomes.Length) - 1];
            return at == int.MaxValue ? new ForecastPercentile(percent, null, null) : new ForecastPercentile(percent, at, start.AddDays(7 * at));
        }).ToList();
        var histogram = new List<ForecastBucket>();
        var finished = 0;
        foreach (var group in outcomes.Where(w => w != int.MaxValue).GroupBy(w => w))
        {
            finished += group.Count();
            histogram.Add(new ForecastBucket(group.Key, start.AddDays(7 * group.Key), group.Count(), (double)finished / outcomes.Length));
        }
        return new ForecastResult(options.Method, start, items, weeks.Count, active, options.Trials, options.Seed,
            percentiles, histogram, outcomes.Length - finished, sizes?.FromWholeHistory ?? 0, null);
    }

    /// <summary>
    /// Where each backlog line draws its sizes: history items of the same card (same points, or the
    /// same label for ? and ☕) when there are at least <see cref="Calibration.MinSamples"/>, else any
    /// finished item, since a card the team rarely finishes says little about itself.
    /// </summary>
    private sealed record BacklogSizes(List<(int Count, double[] Pool)> Lines, double[] Whole, int FromWholeHistory)
    {
        public double Draw(Random random)
        {
            var total = 0.0;
            foreach (var (count, pool) in Lines)
            {
                for (var i = 0; i < count; i++)
                {
                    total += pool[random.Next(pool.Length)];
                }
            }
            return total;
        }
    }

    private static BacklogSizes Sizes(IReadOnlyCollection<BacklogItem> backlog, IReadOnlyList<FinishedItemFact> finished)
    {
        var timed = finished.Where(i => i.CycleDays is not null).ToList();
        var whole = timed.Select(i => i.CycleDays!.Value).ToArray();
        var fromWhole = 0;
        var lines = new List<(int, double[])>();
        foreach (var line in backlog.Where(b => b.Count > 0))
        {
            var same = timed.Where(i => line.Points is double p ? i.Points == p : i.Points is null && i.Card == line.Card)
                .Select(i => i.CycleDays!.Value).ToArray();
            if (same.Length < Calibration.MinSamples)
            {
                fromWhole += line.Count;
                same = whole;
            }
            lines.Add((line.Count, same));
        }
        return new BacklogSizes(lines, whole, fromWhole);
    }
}
