using Fulcrum.Web.Features.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>Leverage: where a leader's time goes. Planned: until it lands, its page says what it will answer.</summary>
public static class LeverageModule
{
    public const string Path = "/leverage";

    public static IServiceCollection AddLeverage(this IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleInfo(new("Leverage", Path, "Is my presence in this meeting essential?",
            "Where a leader's time goes, and which activities are high or low leverage.",
            ["Calendar import (iCalendar)", "Meeting load, focus time and 1:1 cadence", "Keep, delegate, make async, decline or sunset"],
            Planned: true));

    public static IEndpointRouteBuilder MapLeverage(this IEndpointRouteBuilder endpoints) => endpoints;
}
