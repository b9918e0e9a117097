using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Home;
using Fulcrum.Web.Features.Modules;
using Fulcrum.Web.Features.Review;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>Planning poker in the browser and the terminal, and calibration of estimates against outcomes.</summary>
public static class EstimationModule
{
    public static IServiceCollection AddEstimation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EstimationOptions>().BindConfiguration(EstimationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<PokerStore>();
        services.AddScoped<TeamDeckStore>();
        services.AddScoped<CalibrationQueries>();
        // The live rooms: one hub per process, started with the web host (the CLI never starts it).
        services.AddSingleton<PokerCluster>();
        services.AddSingleton<PokerHub>();
        services.AddHostedService(provider => provider.GetRequiredService<PokerHub>());
        services.AddDemoSeeder<DemoCalibrationSeeder>();
        services.AddDemoSeeder<DemoPokerSeeder>();
        services.AddAgendaSource<EstimationAgenda>();
        services.AddReviewSource<CalibrationReview>();
        services.AddModuleInfo(new("Estimation", "/estimation", "How is work estimated, and how good are the estimates?",
            "Real-time planning poker in the browser and the terminal, closed by calibration.",
            ["Planning poker rooms with private votes", "Estimates against actual outcomes", "Forecasts from the team's own history"]));
        services.AddPages<EstimationPages>();
        return services;
    }

    public static IEndpointRouteBuilder MapEstimation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPoker();
        endpoints.MapCalibration();
        return endpoints;
    }

    /// <summary>The first team's calibration and the newest room.</summary>
    private sealed class EstimationPages : IModulePages
    {
        public async Task<IReadOnlyList<string>> PathsAsync(FulcrumDbContext db, CancellationToken cancellationToken)
        {
            var paths = new List<string>();
            if (await db.Teams.OrderBy(t => t.Id).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken) is { } team)
            {
                paths.Add($"/estimation/calibration?team={Uri.EscapeDataString(team)}");
            }
            if (await db.PokerRooms.OrderByDescending(r => r.CreatedAt).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken) is { } room)
            {
                paths.Add($"/estimation/rooms/{room}");
            }
            return paths;
        }
    }
}
