using Fulcrum.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Review;

/// <summary>
/// Sends the weekly reviews that are due (<see cref="ReviewDelivery.SendDueAsync"/>), as a periodic job every
/// <see cref="ReviewOptions.CheckInterval"/> (ADR 0013), so several nodes look once, not once each.
/// <c>fulcrum review send</c> does the same once, for a cron job instead.
/// </summary>
public sealed class ReviewSchedule(ReviewDelivery delivery, ILogger<ReviewSchedule> logger) : IJobHandler
{
    public const string JobKind = "review-send";

    public string Kind => JobKind;

    public static TimeSpan Period(IServiceProvider services) => services.GetRequiredService<IOptions<ReviewOptions>>().Value.CheckInterval;

    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        var sent = await delivery.SendDueAsync(cancellationToken);
        if (sent.Count > 0)
        {
            logger.LogInformation("Sent {Sent} weekly reviews, {Failed} failed", sent.Count(s => s.Succeeded), sent.Count(s => !s.Succeeded));
        }
    }
}
