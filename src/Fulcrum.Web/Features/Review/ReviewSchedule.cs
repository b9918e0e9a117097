using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Review;

/// <summary>
/// Sends the weekly reviews that are due (<see cref="ReviewDelivery.SendDueAsync"/>), looking every
/// <see cref="ReviewOptions.CheckInterval"/>. Runs in <c>fulcrum serve</c>; <c>fulcrum review send</c>
/// does the same once, for a cron job instead.
/// </summary>
public sealed class ReviewSchedule(IServiceScopeFactory scopes, IOptions<ReviewOptions> options, TimeProvider clock, ILogger<ReviewSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.CheckInterval;
        using var timer = new PeriodicTimer(period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sent = await scope.ServiceProvider.GetRequiredService<ReviewDelivery>().SendDueAsync(stoppingToken);
                if (sent.Count > 0)
                {
                    logger.LogInformation("Sent {Sent} weekly reviews, {Failed} failed", sent.Count(s => s.Succeeded), sent.Count(s => !s.Succeeded));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending the weekly reviews failed; trying again in {Period}", period);
            }
        }
    }
}
