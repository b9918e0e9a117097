using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Estimation;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Hosting;

/// <summary>The services every Fulcrum process needs, the web app and the CLI alike.</summary>
public static class FulcrumServices
{
    public static IServiceCollection AddFulcrumCore(this IServiceCollection services, DatabaseTarget database)
    {
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<FulcrumDbContext>(database.Configure);

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B): a passphrase beats "Passw0rd!".
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FulcrumDbContext>();

        services.AddScoped<UserAccounts>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<OrganisationCommands>();
        services.AddScoped<OrganisationImporter>();
        services.AddScoped<PersonAccess>();
        services.AddScoped<Me>();
        services.AddScoped<AttributionRefresh>();
        services.AddScoped<DeliveryIngest>();
        services.AddScoped<DeliveryImporter>();
        services.AddScoped<DeliveryReport>();
        services.AddScoped<IncidentReview>();
        services.AddScoped<Features.Estimation.PokerStore>();
        services.AddScoped<Features.Estimation.TeamDeckStore>();
        services.AddScoped<Features.Careers.LadderStore>();
        services.AddScoped<Features.Careers.CareerPlacements>();
        services.AddScoped<Features.Careers.Recognition>();
        services.AddScoped<Features.Careers.Assessments>();
        services.AddScoped<Features.Careers.GrowthPlans>();
        services.AddScoped<CalibrationQueries>();
        services.AddScoped<Features.Home.Agenda>();
        services.AddDemoSeeding();
        return services;
    }
}
