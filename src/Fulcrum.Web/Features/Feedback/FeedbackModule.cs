using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Review;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Feedback;

/// <summary>
/// Review feedback (docs/feedback.md): code-review comments classified with Conventional Comments
/// labels, and a team's balance of blocking and non-blocking feedback. So far the CLI's; its page
/// and API come with the rest of issue 13.
/// </summary>
public static class FeedbackModule
{
    public static IServiceCollection AddFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ReviewFeedback>();
        services.AddReviewSource<FeedbackReview>();
        services.AddDemoSeeder<DemoFeedbackSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder endpoints) => endpoints.MapFeedbackApi();
}
