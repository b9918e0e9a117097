using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Home;
using Fulcrum.Web.Features.Modules;
using Fulcrum.Web.Features.Review;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.TeamDesign;

/// <summary>
/// Team design and decisions (docs/team-design.md): one module folder with two pages people name
/// apart, "Team design" (build it or hire it) and "Decisions" (decision records tied to the metric
/// they should move).
/// </summary>
public static class TeamDesignModule
{
    public const string Path = "/team-design";
    public const string DecisionsPath = "/decisions";

    public static IServiceCollection AddTeamDesign(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<TeamSkills>();
        services.AddScoped<TeamRoadmap>();
        services.AddScoped<Decisions>();
        services.AddScoped<MetricSeriesStore>();
        services.AddDemoSeeder<DemoTeamDesignSeeder>();
        services.AddAgendaSource<DecisionsAgenda>();
        services.AddReviewSource<DecisionsReview>();
        services.AddModuleInfo(new("Team design", Path, "Build it or hire it?",
            "Skills against the roadmap: coverage, single points of knowledge, and whether to grow someone or hire, with the arithmetic.",
            ["Skills matrix, rated by each person and confirmed by a lead", "Coverage and single points of knowledge per initiative", "Build or hire, in weeks and money"]));
        services.AddModuleInfo(new("Decisions", DecisionsPath, "Which business metric should this decision move?",
            "Decision records with their options, reversibility and review date, reviewed against the metric they should move.",
            ["Decision records (ADR), kept in sync with docs/adr", "The metric before and after, at review", "Decisions due for review"]));
        services.AddPages(Path, Path + "/skills", DecisionsPath);
        services.AddPages<DecisionPages>();
        return services;
    }

    public static IEndpointRouteBuilder MapTeamDesign(this IEndpointRouteBuilder endpoints) => endpoints.MapTeamDesignApi();

    /// <summary>Every decision's page, for the accessibility sweep.</summary>
    private sealed class DecisionPages : IModulePages
    {
        public async Task<IReadOnlyList<string>> PathsAsync(Data.FulcrumDbContext db, CancellationToken cancellationToken) =>
            [.. (await db.Decisions.OrderBy(d => d.Number).Select(d => d.Number).Take(5).ToListAsync(cancellationToken)).Select(n => $"{DecisionsPath}/{n}")];
    }
}
