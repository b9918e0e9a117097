using System.Security.Claims;
using Fulcrum.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Accounts;

/// <summary>
/// Checks a session cookie against the account on every request. The cookie carries the account's
/// security stamp from when it was issued; logging out, locking the account, a new role or a new
/// password give the account a new stamp, and from then on every copy of an older cookie is refused
/// at once (the page asks to log in, the API answers 401). Identity's own validator, which rebuilds
/// the signed-in principal (roles, lock) once a minute, runs after this cheap check.
/// </summary>
public static class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claims.SecurityStampClaimType);
        var current = userId is null
            ? null
            : await services.GetRequiredService<FulcrumDbContext>().Users
                .Where(user => user.Id == userId).Select(user => user.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (stamp is null || current is null || !string.Equals(stamp, current, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
