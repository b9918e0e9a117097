using Fulcrum.Core.Estimation;

namespace Fulcrum.Core.Tests.Estimation;

public sealed class ForecastTests
{
    private static readonly DateTime Start = new(2026, 4, 6, 0, 0, 0, DateTimeKind.Utc);

    private static ForecastHistory Weekly(params int[] counts) => ForecastHistory.FromThroughput(counts, Start);

    private static IReadOnlyList<BacklogItem> Stories(int count) => [new BacklogItem("3", 3, count)];

    [Fact]
    public void Two_items_a_week_every_week_finish_ten_items_in_exactly_five_weeks_at_every_percentile()
    {
        var result = Forecast.Run(Stories(10), Weekly(2, 2, 2, 2), Start);

        Assert.Null(result.Reason);
        Assert.Equal([(50, 5), (85, 5), (95, 5)], result.Percentiles.Select(p => (p.Percent, p.Weeks!.Value)));
        Assert.All(result.Percentiles, p => Assert.Equal(new DateTime(2026, 5, 11, 0, 0, 0, DateTimeKind.Utc), p.Date));
        var bucket = Assert.Single(result.Histogram);
        Assert.Equal((5, 10_000, 1.0), (bucket.Weeks, bucket.Trials, bucket.CumulativeShare));
        Assert.Equal((10, 10_000, 4), (result.BacklogItems, result.Trials, result.WeeksWithThroughput));
    }

    [Fact]
    public void A_week_that_finishes_the_backlog_counts_whole()
    {
        var result = Forecast.Run([new("3", 3, 6), new("5", 5, 4)], Weekly(3, 3, 3, 3), Start);

        Assert.All(result.Percentiles, p => Assert.Equal(4, p.Weeks)); // 3, 6, 9, then the 10th item
    }

    [Fact]
    public void Percentiles_are_the_first_week_by_which_that_share_of_trials_finished()
    {
        // Four items, weeks of 1, 1, 1 or 4: done in week 1 with p = 1/4, in week 2 with 3/4 × 1/4 = 3/16,
        // in week 3 with 9/64; otherwise three 1s leave one item for week 4 (27/64).
        // Cumulative 0.25, 0.4375, 0.578, 1: the median is week 3, the 85th and 95th week 4.
        var result = Forecast.Run(Stories(4), Weekly(1, 1, 1, 4), Start);

        Assert.Equal([3, 4, 4], result.Percentiles.Select(p => p.Weeks!.Value));
        Assert.Equal([1, 2, 3, 4], result.Histogram.Select(b => b.Weeks));
        Assert.Equal(0.25, result.Histogram[0].CumulativeShare, 0.02);
        Assert.Equal(0.4375, result.Histogram[1].CumulativeShare, 0.02);
        Assert.Equal(37.0 / 64, result.Histogram[2].CumulativeShare, 0.02);
        Assert.Equal(1, result.Histogram[3].CumulativeShare);
        Assert.Equal(10_000, result.Histogram.Sum(b => b.Trials));
    }

    [Fact]
    public void The_same_seed_gives_the_same_forecast_and_another_seed_another_sample()
    {
        var history = Weekly(0, 1, 2, 3, 5, 8, 2, 1);

        var first = Forecast.Run(Stories(40), history, Start, new ForecastOptions(Seed: 42));
        var again = Forecast.Run(Stories(40), history, Start, new ForecastOptions(Seed: 42));
        var other = Forecast.Run(Stories(40), history, Start, new ForecastOptions(Seed: 43));

        Assert.Equal(first.Percentiles, again.Percentiles);
        Assert.Equal(first.Histogram, again.Histogram);
        Assert.NotEqual(first.Histogram, other.Histogram);
        Assert.Equal(42, first.Seed);
    }

    [Fact]
    public void An_empty_backlog_is_refused()
    {
        var result = Forecast.Run([new("5", 5, 0)], Weekly(2, 2, 2, 2), Start);

        Assert.Equal("The backlog is empty: there is nothing to forecast.", result.Reason);
        Assert.Empty(result.Percentiles);
        Assert.Empty(result.Histogram);
    }

    [Fact]
    public void Fewer_than_four_weeks_that_finished_anything_are_refused()
    {
        var result = Forecast.Run(Stories(10), Weekly(0, 0, 5, 0, 3, 4), Start);

        Assert.Equal("3 of the 6 weeks of history finished an item; a forecast needs at least 4 such weeks.", result.Reason);
        Assert.Equal(3, result.WeeksWithThroughput);
    }

    [Fact]
    public void Empty_weeks_are_sampled_too_once_there_are_enough_busy_ones()
    {
        var result = Forecast.Run(Stories(10), Weekly(0, 2, 2, 2, 2), Start);

        Assert.Null(result.Reason);
        Assert.Equal(5, result.Histogram[0].Weeks); // never sooner than at two a week
        Assert.True(result.Percentiles[2].Weeks > 5);
    }

    [Fact]
    public void Trials_unfinished_at_the_horizon_stop_there_and_their_percentiles_have_no_date()
    {
        var result = Forecast.Run(Stories(10), Weekly(1, 1, 1, 1), Start, new ForecastOptions(Trials: 100, HorizonWeeks: 8));

        Assert.Null(result.Reason);
        Assert.Equal(100, result.TrialsBeyondHorizon);
        Assert.All(result.Percentiles, p => Assert.Equal((null, null), (p.Weeks, p.Date)));
        Assert.Empty(result.Histogram);
    }

    [Fact]
    public void A_negative_count_is_a_mistake_in_the_input()
    {
        var error = Assert.Throws<ArgumentException>(() => Forecast.Run([new("5", 5, -1)], Weekly(2, 2, 2, 2), Start));

        Assert.StartsWith("Backlog line '5' has a count of -1; counts are zero or more.", error.Message);
    }

    /// <summary>Four weeks before the start, each finishing a 3 that took 5 days and a 13 that took 20.</summary>
    private static List<FinishedItemFact> FourWeeksOfThreesAndThirteens() => Enumerable.Range(0, 4).SelectMany(week =>
    {
        var done = Start.AddDays(-28 + 7 * week + 1);
        return new FinishedItemFact[]
        {
            new($"T-{week}", "A three", "fib", "3", 3, done.AddDays(-5), done),
            new($"B-{week}", "A thirteen", "fib", "13", 13, done.AddDays(-20), done),
        };
    }).ToList();

    [Fact]
    public void History_from_finished_items_is_weeks_counted_back_from_the_start_oldest_first()
    {
        List<FinishedItemFact> items =
        [
            .. FourWeeksOfThreesAndThirteens(),
            new("N", "No start", "fib", "5", 5, null, Start.AddDays(-1)),
            new("E", "Done at the start: next week's", "fib", "5", 5, Start.AddDays(-1), Start),
            new("O", "Before the window", "fib", "5", 5, Start.AddDays(-40), Start.AddDays(-28).AddTicks(-1)),
        ];

        var history = ForecastHistory.FromFinished(items, Start, weeks: 4);

        Assert.Equal([Start.AddDays(-28), Start.AddDays(-21), Start.AddDays(-14), Start.AddDays(-7)], history.Weeks.Select(w => w.Start));
        Assert.Equal([2, 2, 2, 3], history.Weeks.Select(w => w.Items));
        Assert.Equal([25.0, 25, 25, 25], history.Weeks.Select(w => w.CycleDays));
        Assert.Equal(8, history.Finished.Count);
    }

    [Fact]
    public void Weighted_by_cycle_time_a_backlog_of_large_cards_takes_longer_than_its_count_suggests()
    {
        var history = ForecastHistory.FromFinished(FourWeeksOfThreesAndThirteens(), Start, weeks: 4);
        IReadOnlyList<BacklogItem> thirteens = [new("13", 13, 4)];

        var counted = Forecast.Run(thirteens, history, Start);
        var weighted = Forecast.Run(thirteens, history, Start, new ForecastOptions(ForecastMethod.CycleTimeWeighted));

        // Two items a week: 2 weeks. Four 20-day items against 25 cycle days a week: 80 / 25 → 4 weeks.
        Assert.All(counted.Percentiles, p => Assert.Equal(2, p.Weeks));
        Assert.All(weighted.Percentiles, p => Assert.Equal(4, p.Weeks));
        Assert.Equal(0, weighted.ItemsSizedFromWholeHistory);
    }

    [Fact]
    public void A_card_with_too_little_history_is_sized_from_every_finished_item()
    {
        var threes = FourWeeksOfThreesAndThirteens().Where(i => i.Card == "3").ToList();
        var history = ForecastHistory.FromFinished(threes, Start, weeks: 4);

        // Every finished item took 5 days, so the 8s are sized at 5 too: (5 + 2) × 5 = 35 cycle days at 5 a week.
        var result = Forecast.Run([new("3", 3, 5), new("8", 8, 2)], history, Start, new ForecastOptions(ForecastMethod.CycleTimeWeighted));

        Assert.Equal(2, result.ItemsSizedFromWholeHistory);
        Assert.All(result.Percentiles, p => Assert.Equal(7, p.Weeks));
    }

    [Fact]
    public void The_weighted_method_needs_cycle_times_in_the_history()
    {
        var result = Forecast.Run(Stories(10), Weekly(2, 2, 2, 2), Start, new ForecastOptions(ForecastMethod.CycleTimeWeighted));

        Assert.Equal("0 of the 4 weeks of history finished an item with a cycle time; a forecast needs at least 4 such weeks.", result.Reason);
    }
}
