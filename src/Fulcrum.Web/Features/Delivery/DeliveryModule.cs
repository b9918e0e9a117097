using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Home;
using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Features.Modules;
using Fulcrum.Web.Features.Review;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>The quality of delivery: commits, deployments, incidents and work items in; the DORA metrics and beyond out.</summary>
public static class DeliveryModule
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<AttributionRefresh>();
        services.AddScoped<DeliveryIngest>();
        services.AddScoped<DeliveryImporter>();
        services.AddScoped<DeliveryReport>();
        services.AddScoped<IncidentReview>();
        services.AddPeriodicJob<RepositoryReread>(RepositoryReread.JobKind, RepositoryReread.Period);
        services.AddJobHandler<RepositoryIngestJob>();
        services.AddPeriodicJob<AttributionSchedule>(AttributionSchedule.JobKind, AttributionSchedule.Period);
        services.AddJobHandler<AttributionJob>();
        services.AddDemoSeeder<DemoDeliverySeeder>();
        services.AddAgendaSource<DeliveryAgenda>();
        services.AddReviewSource<DeliveryTrendReview>();
        services.AddReviewSource<AttributionReview>();
        services.AddModuleInfo(new("Delivery", "/delivery", "Was it on time? Did it launch without much fanfare?",
            "The quality of delivery per service and per team.",
            ["The five DORA metrics with sample sizes and bands", "Lead time by commit ancestry", "Incident to deployment attribution", "Boring-launch rate and on-time initiatives"]));
        return services;
    }

    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder endpoints) => endpoints.MapDeliveryApi();
}
