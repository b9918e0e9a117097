using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Delivery;

public sealed class ReportWindowTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 4, 1, 12, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Without_ends_the_window_is_the_90_days_up_to_the_clocks_now()
    {
        var window = ReportWindow.Of(null, null, Clock);

        Assert.Equal(new MetricsWindow(new DateTime(2026, 1, 1, 12, 30, 0, DateTimeKind.Utc), new DateTime(2026, 4, 1, 12, 30, 0, DateTimeKind.Utc)), window);
        Assert.Equal(ReportWindow.DefaultDays, window.Days);
    }

    [Fact]
    public void A_given_until_moves_the_default_since_with_it_and_a_given_since_is_kept()
    {
        var until = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var since = new DateTime(2026, 2, 20, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(until.AddDays(-90), ReportWindow.Of(null, until, Clock).Since);
        Assert.Equal(new MetricsWindow(since, until), ReportWindow.Of(since, until, Clock));
        Assert.Equal(since, ReportWindow.Of(since, null, Clock).Since);
    }

    [Fact]
    public void In_whole_days_the_default_is_90_days_through_today_both_included()
    {
        var (from, through) = ReportWindow.OfDays(null, null, Clock);

        Assert.Equal((new DateOnly(2026, 1, 2), new DateOnly(2026, 4, 1)), (from, through));
        Assert.Equal(ReportWindow.DefaultDays, through.DayNumber - from.DayNumber + 1);
        Assert.Equal((new DateOnly(2025, 12, 2), new DateOnly(2026, 3, 1)), ReportWindow.OfDays(null, new DateOnly(2026, 3, 1), Clock));
        Assert.Equal(new DateOnly(2026, 3, 5), ReportWindow.OfDays(new DateOnly(2026, 3, 5), null, Clock).From);
    }
}
