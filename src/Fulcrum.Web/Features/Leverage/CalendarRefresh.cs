using Fulcrum.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>
/// Fetches subscribed calendars again when they are due (<see cref="LeverageOptions.RefreshInterval"/>), as a
/// periodic job (ADR 0013). A fetch that fails keeps the last good calendar and records why, shown on the leader's page.
/// </summary>
public sealed class CalendarRefresh(LeverageCalendars calendars, ILogger<CalendarRefresh> logger) : IJobHandler
{
    public const string JobKind = "calendar-refresh";

    public string Kind => JobKind;

    /// <summary>Look often enough that a calendar is never much later than its interval, and no more than every minute.</summary>
    public static TimeSpan Period(IServiceProvider services)
    {
        var interval = services.GetRequiredService<IOptions<LeverageOptions>>().Value.RefreshInterval;
        return TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, interval.Ticks / 10));
    }

    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        var fetched = await calendars.RefreshDueAsync(cancellationToken);
        if (fetched > 0)
        {
            logger.LogInformation("Fetched {Count} subscribed calendars", fetched);
        }
    }
}
