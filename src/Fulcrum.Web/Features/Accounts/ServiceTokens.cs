using System.Security.Claims;
using Fulcrum.Core.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Web.Features.Accounts;

/// <summary>The claims an API token adds to the principal it signs in, and what they allow.</summary>
public static class ApiTokenClaims
{
    public const string TokenId = "fulcrum:token_id";

    /// <summary>On a service token's principal: <see cref="ApiTokenScopes.Services"/>.</summary>
    public const string Scope = "fulcrum:token_scope";

    /// <summary>On a service token's principal: one per service it may post delivery records for.</summary>
    public const string Service = "fulcrum:token_service";

    /// <summary>The services a service token may post for; null for a login or a personal token, which are not limited.</summary>
    public static ServiceScope? ServiceScopeOf(ClaimsPrincipal user) =>
        user.HasClaim(Scope, ApiTokenScopes.Services) ? new ServiceScope([.. user.FindAll(Service).Select(c => c.Value)]) : null;
}

/// <summary>Marks an endpoint a service token may call: the delivery webhooks, which check the record's service themselves.</summary>
public sealed class AcceptsServiceTokens
{
    public static readonly AcceptsServiceTokens Instance = new();

    private AcceptsServiceTokens()
    {
    }
}

public static class ServiceTokenEndpoints
{
    /// <summary>Lets a service token call this endpoint; every endpoint without it refuses one (403).</summary>
    public static TBuilder AllowServiceTokens<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AcceptsServiceTokens.Instance);
}

/// <summary>
/// Keeps service tokens to the endpoints marked <see cref="AcceptsServiceTokens"/>. An authorization
/// handler is asked on every authorization, the fallback policy's included, whatever the policy's
/// requirements, so this one fails all others for a service token: a CI pipeline's token reads no
/// people and changes nothing but its services' delivery records, whatever its owner's role.
/// </summary>
public sealed class ServiceTokenLimit : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (ApiTokenClaims.ServiceScopeOf(context.User) is not null
            && (context.Resource as HttpContext)?.GetEndpoint()?.Metadata.GetMetadata<AcceptsServiceTokens>() is null)
        {
            context.Fail(new AuthorizationFailureReason(this, "A service token may only post deployments, incidents and pull requests."));
        }
        return Task.CompletedTask;
    }
}
