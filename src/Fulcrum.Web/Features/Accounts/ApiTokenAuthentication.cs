using System.Security.Claims;
using System.Text.Encodings.Web;
using Fulcrum.Core.Accounts;
using Fulcrum.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Accounts;

/// <summary>
/// Authenticates <c>Authorization: Bearer fulcrum_…</c> requests with an API token. A personal
/// token acts as its owner with the owner's current roles; a service token only as far as
/// <see cref="ServiceTokenLimit"/> and the webhooks' <see cref="Fulcrum.Core.Access.ServiceScope"/> let it; an unknown, expired or revoked token, or
/// one whose account an admin locked, gets a 401 that says which, and nothing else.
/// <para>
/// The lookup runs in a service scope of its own, not the request's: a request can live for hours
/// (a poker socket is one), and it would keep the DbContext, its connection and the tracked token
/// and account (~20 KB) for all that time.
/// </para>
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IServiceScopeFactory scopes,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    private const string FailureKey = "fulcrum.token-failure";

    // Writing "last used" on every call would turn each API read into a write; once a minute is enough.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header["Bearer ".Length..].Trim();
        if (!ApiTokenSecret.LooksLikeToken(secret))
        {
            return Fail("the bearer token is not a Fulcrum API token");
        }

        var hash = ApiTokenSecret.Hash(secret);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FulcrumDbContext>();
        var token = await db.ApiTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.Hash == hash, Context.RequestAborted);
        var now = clock.GetUtcNow().UtcDateTime;
        if (token?.User is null)
        {
            return Fail("unknown token");
        }
        if (token.RevokedAt is not null)
        {
            return Fail("the token has been revoked");
        }
        if (token.ExpiresAt <= now)
        {
            return Fail("the token has expired");
        }
        // Only an admin's lock: a lockout after wrong passwords stops logins, not the account's tokens.
        if (UserAccounts.IsLockedByAdmin(token.User))
        {
            return Fail("the account is locked");
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution)
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(token.User);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName);
        identity.AddClaim(new Claim(ApiTokenClaims.TokenId, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (token.Scope is not null)
        {
            // A service token keeps its owner's name (for logs) but not their role: it may only post delivery
            // records for its services (ServiceTokenLimit, ServiceScope), whoever created it.
            foreach (var role in identity.FindAll(identity.RoleClaimType).ToList())
            {
                identity.RemoveClaim(role);
            }
            identity.AddClaim(new Claim(ApiTokenClaims.Scope, token.Scope));
            var services = await db.ApiTokenServices.Where(g => g.ApiTokenId == token.Id)
                .Select(g => g.Service!.Name).OrderBy(n => n).ToListAsync(Context.RequestAborted);
            identity.AddClaims(services.Select(name => new Claim(ApiTokenClaims.Service, name)));
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>A service token asking for anything but its webhooks is told what it may do.</summary>
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (ApiTokenClaims.ServiceScopeOf(Context.User) is not { } scope)
        {
            await base.HandleForbiddenAsync(properties);
            return;
        }
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Not for a service token",
            detail: $"This token may only post deployments, incidents and pull requests for {scope.Describe()}. " +
                "Use a personal token (Account → API tokens) for anything else.")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[FailureKey] as string;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = reason is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Authentication required",
            detail: reason ?? "Send a personal API token as 'Authorization: Bearer <token>' or sign in.")
            .ExecuteAsync(Context);
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[FailureKey] = reason;
        return AuthenticateResult.Fail(reason);
    }
}
