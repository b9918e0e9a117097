using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Accounts;

/// <summary>Logins, roles and API tokens (ASP.NET Core Identity on Fulcrum's database).</summary>
public static class AccountsModule
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B): a passphrase beats "Passw0rd!".
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FulcrumDbContext>();
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountsOptions>>((identity, accounts) =>
            identity.Lockout.MaxFailedAccessAttempts = accounts.Value.MaxFailedLogins);
        services.AddScoped<UserAccounts>();
        services.AddScoped<ApiTokenService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ServiceTokenLimit>());
        services.AddNavigation(
            new NavigationEntry(NavSection.Account, "API tokens", "/account/tokens"),
            new NavigationEntry(NavSection.Account, "Password", "/account/password"),
            new NavigationEntry(NavSection.Account, "API reference", "/api/docs"),
            new NavigationEntry(NavSection.Account, "Users", "/admin/users", Policies.ManageAccounts));
        // Where a logout without the form's token lands (the sweeps check it too).
        services.AddPages("/Account/Logout?refused=1");
        return services;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints) => endpoints.MapAccountApi();
}
