namespace Fulcrum.Core.Delivery;

/// <summary>
/// The window a delivery report covers when its ends are not given: the <see cref="DefaultDays"/>
/// days up to now. The Delivery page, <c>GET /api/v1/delivery/report</c> and
/// <c>fulcrum delivery report</c> all take their default from here, so they show the same figures.
/// </summary>
public static class ReportWindow
{
    public const int DefaultDays = 90;

    /// <summary>
    /// The window as instants (<c>since</c> inclusive, <c>until</c> exclusive): a missing
    /// <paramref name="until"/> is now, a missing <paramref name="since"/> <see cref="DefaultDays"/> days before it.
    /// </summary>
    public static MetricsWindow Of(DateTime? since, DateTime? until, TimeProvider clock)
    {
        var end = until ?? clock.GetUtcNow().UtcDateTime;
        return new MetricsWindow(since ?? end.AddDays(-DefaultDays), end);
    }

    /// <summary>
    /// The window as whole days, both included, as the Delivery page asks for it: a missing
    /// <paramref name="through"/> is today (UTC), a missing <paramref name="from"/> makes the window
    /// <see cref="DefaultDays"/> days long.
    /// </summary>
    public static (DateOnly From, DateOnly Through) OfDays(DateOnly? from, DateOnly? through, TimeProvider clock)
    {
        var last = through ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return (from ?? last.AddDays(-(DefaultDays - 1)), last);
    }
}
