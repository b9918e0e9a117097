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
        CheckRange(since, "since");
        CheckRange(until, "until");
        var end = until ?? clock.GetUtcNow().UtcDateTime;
        return new MetricsWindow(since ?? end.AddDays(-DefaultDays), end);
    }

    /// <summary>
    /// The window from an address's <c>since</c> and <c>until</c> query values (ISO 8601; either may
    /// be missing, see <see cref="Of"/>); text that is not a date is refused as unreadable.
    /// </summary>
    public static MetricsWindow FromQuery(string? since, string? until, TimeProvider clock)
    {
        DateTime? Parse(string? text) => text is not null && DeliveryFiles.TryParseInstant(text, out var utc) ? utc : null;
        var (start, end) = (Parse(since), Parse(until));
        if ((since is not null && start is null) || (until is not null && end is null))
        {
            throw ProblemException.Unreadable("Bad window", "since and until are ISO 8601 dates like 2026-01-31.");
        }
        return Of(start, end, clock);
    }

    /// <summary>An end far outside the data's range (<c>--since 0001-01-01</c>) would overflow the date
    /// arithmetic around the window: refused, naming the range.</summary>
    private static void CheckRange(DateTime? instant, string field)
    {
        if (instant is DateTime at && !DeliveryFiles.InRange(at))
        {
            throw ProblemException.InvalidField(field,
                $"{field} ({at:yyyy-MM-dd}) is out of range: a window runs within {DeliveryFiles.RangeText}.", "Bad window");
        }
    }

    /// <summary>
    /// The window as whole days, both included, as the Delivery page asks for it: a missing
    /// <paramref name="through"/> is today (UTC), a missing <paramref name="from"/> makes the window
    /// <see cref="DefaultDays"/> days long.
    /// </summary>
    public static (DateOnly From, DateOnly Through) OfDays(DateOnly? from, DateOnly? through, TimeProvider clock)
    {
        CheckRange(from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), "from");
        CheckRange(through?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), "through");
        var last = through ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return (from ?? last.AddDays(-(DefaultDays - 1)), last);
    }
}
