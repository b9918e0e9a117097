using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Features.Modules;
using Fulcrum.Web.Features.Review;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>Leverage: a calendar audit of where a leader's time goes, and which meetings need them (docs/leverage.md).</summary>
public static class LeverageModule
{
    public const string Path = "/leverage";

    public static IServiceCollection AddLeverage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeverageOptions>().BindConfiguration(LeverageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CalendarFetcher>();
        services.AddScoped<LeverageCalendars>();
        services.AddReviewSource<OneOnOnesReview>();
        services.AddReviewSource<MeetingLoadReview>();
        // Subscriptions are fetched by a job, once per period whichever nodes run jobs (ADR 0013).
        services.AddPeriodicJob<CalendarRefresh>(CalendarRefresh.JobKind, CalendarRefresh.Period);
        services.AddDemoSeeder<DemoCalendarSeeder>();
        services.AddModuleInfo(new("Leverage", Path, "Is my presence in this meeting essential?",
            "Where a leader's time goes, and which activities are high or low leverage.",
            ["Calendar import (iCalendar), by file or subscription", "Meeting load, focus time and 1:1 cadence", "Keep, delegate, make async, decline or sunset"]));
        services.AddPages(Path);
        return services;
    }

    public static IEndpointRouteBuilder MapLeverage(this IEndpointRouteBuilder endpoints) => endpoints.MapLeverageApi();
}
