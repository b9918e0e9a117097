using Fulcrum.Web.Features.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Home;

/// <summary>The home page (Pages/Home.razor) and its agenda, which the other modules feed.</summary>
public static class HomeModule
{
    public static IServiceCollection AddHome(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Agenda>();
        services.AddNavigation(new NavigationEntry(NavSection.Top, "Home", "/", Exact: true));
        return services;
    }

    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder endpoints) => endpoints;

    /// <summary>Adds a module's share of "Waiting for you"; the agenda lists the sources in the order they were added.</summary>
    public static IServiceCollection AddAgendaSource<T>(this IServiceCollection services) where T : class, IAgendaSource =>
        services.AddScoped<IAgendaSource, T>();
}
