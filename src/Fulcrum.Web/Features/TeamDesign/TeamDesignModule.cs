using Fulcrum.Web.Features.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.TeamDesign;

/// <summary>Team design and decisions: build it or hire it, decisions tied to metrics. Planned: until it lands, its page says what it will answer.</summary>
public static class TeamDesignModule
{
    public const string Path = "/decisions";

    public static IServiceCollection AddTeamDesign(this IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleInfo(new("Team design", Path, "Build it or hire it? Which business metric should this decision move?",
            "Skills coverage, decision records, review-feedback balance and improvement experiments.",
            ["Skills matrix against the roadmap", "Decision records with review dates", "The leader's weekly review"],
            Planned: true));

    public static IEndpointRouteBuilder MapTeamDesign(this IEndpointRouteBuilder endpoints) => endpoints;
}
