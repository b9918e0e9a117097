namespace Fulcrum.Core.Estimation;

/// <summary>
/// One week of a team's finished work: how many items it finished and the sum of their cycle times
/// (items without a usable cycle time count in <see cref="Items"/> only).
/// </summary>
public sealed record ThroughputWeek(DateTime Start, int Items, double CycleDays);

/// <summary>
/// What a forecast samples from: the team's recent weeks and the finished items in them with a
/// cycle time (the sizes of the cycle-time-weighted method).
/// </summary>
public sealed record ForecastHistory(IReadOnlyList<ThroughputWeek> Weeks, IReadOnlyList<FinishedItemFact> Finished)
{
    /// <summary>A quarter: long enough to include a slow week, short enough to be the team as it is now.</summary>
    public const int DefaultWeeks = 12;

    /// <summary>
    /// The <paramref name="weeks"/> seven-day spans that end at <paramref name="until"/> (normally the
    /// forecast's start), oldest first. Counted back from the start rather than by calendar week so
    /// the newest week is a whole one, not the few days of the current week.
    /// </summary>
    public static ForecastHistory FromFinished(IEnumerable<FinishedItemFact> items, DateTime until, int weeks = DefaultWeeks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        var since = until.AddDays(-7 * weeks);
        var recent = items.Where(i => i.DoneAt >= since && i.DoneAt < until).ToList();
        var spans = Enumerable.Range(0, weeks)
            .Select(w => since.AddDays(7 * w))
            .Select(start =>
            {
                var done = recent.Where(i => i.DoneAt >= start && i.DoneAt < start.AddDays(7)).ToList();
                return new ThroughputWeek(start, done.Count, done.Sum(i => i.CycleDays ?? 0));
            })
            .ToList();
        return new ForecastHistory(spans, recent.Where(i => i.CycleDays is not null).ToList());
    }

    /// <summary>Weekly counts alone (from an import or another tool): enough for the throughput method.</summary>
    public static ForecastHistory FromThroughput(IEnumerable<int> itemsPerWeek, DateTime until)
    {
        var counts = itemsPerWeek.ToList();
        return new ForecastHistory(
            counts.Select((count, w) => new ThroughputWeek(until.AddDays(-7 * (counts.Count - w)), count, 0)).ToList(), []);
    }
}
