using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Home;
using Fulcrum.Web.Features.Modules;
using Fulcrum.Web.Features.Review;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Friction;

/// <summary>
/// The friction log (docs/friction.md): "if there is friction, remove it". Anyone on a team adds what
/// gets in its way, others on the team say "me too", leaders triage: accepted, declined, removed.
/// </summary>
public static class FrictionModule
{
    public const string Path = "/friction";

    public static IServiceCollection AddFriction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FrictionOptions>().BindConfiguration("Fulcrum:Friction").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<FrictionLog>();
        services.AddDemoSeeder<DemoFrictionSeeder>();
        services.AddAgendaSource<FrictionAgenda>();
        services.AddReviewSource<FrictionReview>();
        services.AddModuleInfo(new("Friction log", Path, "What gets in the way, and is anyone removing it?",
            "A log anyone on a team adds to, with what it costs; others say \"me too\"; leaders triage it and say what they decided.",
            ["Friction per team, with hours lost and how many it hits", "Triage: accepted, declined, removed, with a note", "Items waiting for triage"]));
        services.AddPages<FrictionPages>();
        return services;
    }

    public static IEndpointRouteBuilder MapFriction(this IEndpointRouteBuilder endpoints) => endpoints.MapFrictionApi();

    /// <summary>The list filtered, and a few items' pages, for the accessibility sweep.</summary>
    private sealed class FrictionPages : IModulePages
    {
        public async Task<IReadOnlyList<string>> PathsAsync(Data.FulcrumDbContext db, CancellationToken cancellationToken) =>
            [Path + "?status=all", .. (await db.FrictionItems.OrderBy(i => i.Id).Select(i => i.Id).Take(3).ToListAsync(cancellationToken)).Select(id => $"{Path}/{id}")];
    }
}
