using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Home;
using Fulcrum.Web.Features.Modules;
using Fulcrum.Web.Features.Review;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Experiments;

/// <summary>
/// Improvement experiments (docs/experiments.md): hypothesis, change, metric and start; the metric
/// before and after with its samples and whether the difference is distinguishable from noise.
/// </summary>
public static class ExperimentsModule
{
    public const string Path = "/experiments";

    public static IServiceCollection AddExperiments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Experiments>();
        services.AddDemoSeeder<DemoExperimentsSeeder>();
        services.AddAgendaSource<ExperimentsAgenda>();
        services.AddReviewSource<ExperimentsReview>();
        services.AddModuleInfo(new("Experiments", Path, "Did the change make a difference, or is it noise?",
            "Improvement experiments: a hypothesis, the change, the metric that should show it; the metric before and after, sample by sample, with a permutation test.",
            ["Hypothesis, change, metric, start and end", "Before and after in weekly blocks of delivery, or a metric series' days", "Distinguishable from noise, or not: a permutation test with its p-value"]));
        services.AddPages(Path);
        services.AddPages<ExperimentPages>();
        return services;
    }

    public static IEndpointRouteBuilder MapExperiments(this IEndpointRouteBuilder endpoints) => endpoints.MapExperimentsApi();

    /// <summary>Some experiments' pages, for the accessibility sweep.</summary>
    private sealed class ExperimentPages : IModulePages
    {
        public async Task<IReadOnlyList<string>> PathsAsync(Data.FulcrumDbContext db, CancellationToken cancellationToken) =>
            [.. (await db.Experiments.OrderBy(e => e.Id).Select(e => e.Id).Take(5).ToListAsync(cancellationToken)).Select(id => $"{Path}/{id}")];
    }
}
