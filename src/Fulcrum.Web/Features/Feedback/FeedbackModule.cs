using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Feedback;

/// <summary>
/// Review feedback (docs/feedback.md): code-review comments classified with Conventional Comments
/// labels, and a team's balance of blocking and non-blocking feedback: the page, the API and
/// <c>fulcrum feedback</c>.
/// </summary>
public static class FeedbackModule
{
    public const string Path = "/feedback";

    public static IServiceCollection AddFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ReviewFeedback>();
        services.AddDemoSeeder<DemoFeedbackSeeder>();
        services.AddModuleInfo(new("Review feedback", Path, "Does our feedback block, or help?",
            "Code-review comments read as Conventional Comments: how much blocks, how much is praise, and how long pull requests wait for a first review.",
            ["Labels and blocking share per team, never per reviewer", "Praise share and labels written by their authors", "Wait for a first review: median and 90th percentile"]));
        return services;
    }

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder endpoints) => endpoints.MapFeedbackApi();
}
