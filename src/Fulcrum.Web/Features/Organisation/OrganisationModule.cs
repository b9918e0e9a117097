using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>Teams, people and services: what every other module builds on, and who may read whose private records.</summary>
public static class OrganisationModule
{
    public static IServiceCollection AddOrganisation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrganisationOptions>().BindConfiguration(OrganisationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<OrganisationCommands>();
        services.AddScoped<OrganisationImporter>();
        services.AddScoped<PersonAccess>();
        services.AddScoped<Me>();
        services.AddDemoSeeder<DemoOrganisationSeeder>();
        services.AddNavigation(
            new NavigationEntry(NavSection.Organisation, "Teams", "/teams"),
            new NavigationEntry(NavSection.Organisation, "People", "/people"),
            new NavigationEntry(NavSection.Organisation, "Services", "/services"),
            new NavigationEntry(NavSection.Organisation, "Import CSV", "/import", Policies.ManageOrganisation));
        services.AddPages<OrganisationPages>();
        return services;
    }

    public static IEndpointRouteBuilder MapOrganisation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrganisationApi();
        endpoints.MapOrganisationFragments();
        return endpoints;
    }

    /// <summary>A team's, a person's and a service's pages, with the first of each.</summary>
    private sealed class OrganisationPages : IModulePages
    {
        public async Task<IReadOnlyList<string>> PathsAsync(FulcrumDbContext db, CancellationToken cancellationToken)
        {
            var paths = new List<string> { "/teams/new", "/people/new", "/services/new" };
            if (await db.Teams.OrderBy(t => t.Id).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken) is int team)
            {
                paths.AddRange([$"/teams/{team}", $"/teams/{team}/edit"]);
            }
            if (await db.People.OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken) is int person)
            {
                paths.AddRange([$"/people/{person}", $"/people/{person}/edit"]);
            }
            if (await db.Services.OrderBy(s => s.Id).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken) is int service)
            {
                paths.Add($"/services/{service}/edit");
            }
            return paths;
        }
    }
}
