using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Jobs;

/// <summary>
/// Background work as jobs in the database (ADR 0013): the queue, its page and API for leaders. Modules
/// register their handlers (<see cref="JobRegistration"/>); the host runs <see cref="JobWorker"/> when the
/// node's role includes the worker (<c>fulcrum serve --role</c>), so the CLI never runs jobs.
/// </summary>
public static class JobsModule
{
    public const string Path = "/jobs";

    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(JobNode.Create());
        services.AddScoped<JobQueue>();
        services.AddNavigation(new NavigationEntry(NavSection.Organisation, "Background jobs", Path, Policies.ManageOrganisation));
        return services;
    }

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder endpoints) => endpoints.MapJobsApi();
}
