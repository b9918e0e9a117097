using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>
/// Fetches subscribed calendars again when they are due (<see cref="LeverageOptions.RefreshInterval"/>).
/// A fetch that fails keeps the last good calendar and records why, shown on the leader's page.
/// </summary>
public sealed class CalendarRefresh(IServiceScopeFactory scopes, IOptions<LeverageOptions> options, TimeProvider clock, ILogger<CalendarRefresh> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Look often enough that a calendar is never much later than its interval, and no more than every minute.
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, options.Value.RefreshInterval.Ticks / 10));
        using var timer = new PeriodicTimer(period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var fetched = await scope.ServiceProvider.GetRequiredService<LeverageCalendars>().RefreshDueAsync(stoppingToken);
                if (fetched > 0)
                {
                    logger.LogInformation("Fetched {Count} subscribed calendars", fetched);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Fetching subscribed calendars failed; trying again in {Period}", period);
            }
        }
    }
}
