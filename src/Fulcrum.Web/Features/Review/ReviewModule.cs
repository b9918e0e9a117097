using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Features.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Review;

/// <summary>
/// The leader's weekly review (docs/review.md): one page that pulls every module together, the same
/// as Markdown or JSON (<c>fulcrum review --me</c>), e-mailed and posted to Slack on a schedule. The
/// sections come from the modules (<see cref="IReviewSource"/>), in module order.
/// </summary>
public static class ReviewModule
{
    public const string Path = "/review";

    public static IServiceCollection AddReview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<WeeklyReview>();
        services.AddScoped<ReviewDelivery>();
        services.AddSingleton<ReviewMail>();
        services.AddSingleton<ReviewWebhook>();
        // One job per check, whichever nodes run jobs: two nodes must not send a review twice (ADR 0013).
        services.AddPeriodicJob<ReviewSchedule>(ReviewSchedule.JobKind, ReviewSchedule.Period);
        services.AddNavigation(new NavigationEntry(NavSection.Top, "Weekly review", Path));
        return services;
    }

    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder endpoints) => endpoints.MapReviewApi();
}
