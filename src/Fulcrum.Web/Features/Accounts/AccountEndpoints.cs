using System.Security.Claims;
using Fulcrum.Core;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Web.Features.Accounts;

public sealed record MeDto(string Id, string Email, string DisplayName, string Role, int? PersonId);

/// <param name="Services">Leave out for a personal token; name services for a service token, which may only post
/// deployments, incidents and pull requests for them (for CI).</param>
public sealed record CreateTokenRequest(string? Name, int? ExpiresInDays, IReadOnlyList<string>? Services = null);

public sealed record SetRoleRequest(string? Role);

public sealed record CreateUserRequest(string? Email, string? DisplayName, string? Password, string? Role);

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Accounts");
        api.MapGet("/me", Me);

        var tokens = api.MapGroup("/tokens");
        tokens.MapGet("/", async (ClaimsPrincipal user, UserManager<ApplicationUser> users, ApiTokenService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(users.GetUserId(user)!, ct)));
        tokens.MapPost("/", CreateToken);
        tokens.MapDelete("/{id:int}", async Task<NoContent> (
            int id, ClaimsPrincipal user, UserManager<ApplicationUser> users, ApiTokenService service, CancellationToken ct) =>
            await service.RevokeAsync(users.GetUserId(user)!, id, ct)
                ? TypedResults.NoContent()
                : throw ProblemException.NotFound($"There is no token with id {id}.", "No such token"));

        var admin = api.MapGroup("/users").RequireAuthorization(Policies.ManageAccounts);
        admin.MapGet("/", async (UserAccounts accounts, CancellationToken ct) => TypedResults.Ok(await accounts.ListAsync(ct)));
        admin.MapPost("/", CreateUser);
        admin.MapPut("/{id}/role", (string id, SetRoleRequest request, UserAccounts accounts, UserManager<ApplicationUser> users) =>
            Change(id, users, user => accounts.SetRoleAsync(user, request.Role ?? "")));
        admin.MapPost("/{id}/lock", (string id, ClaimsPrincipal principal, UserAccounts accounts, UserManager<ApplicationUser> users) =>
            Change(id, users, user => accounts.LockAsync(user, users.GetUserId(principal)!)));
        admin.MapPost("/{id}/unlock", (string id, UserAccounts accounts, UserManager<ApplicationUser> users) =>
            Change(id, users, accounts.UnlockAsync));

        // The sign-out form in the layout posts here with its antiforgery token; another site cannot.
        // Ordered before the page at the same address (Pages/Logout.razor), which answers the GET.
        app.MapPost("/Account/Logout", LogOutAsync)
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .WithOrder(-1)
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Ends the session on the server, not only in this browser: a new security stamp makes every copy
    /// of the session cookie stale, and <see cref="SessionValidation"/> refuses a stale one on its next request.
    /// </summary>
    private static async Task<RedirectHttpResult> LogOutAsync(
        HttpContext context, SignInManager<ApplicationUser> signIn, UserManager<ApplicationUser> users)
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
        {
            return TypedResults.LocalRedirect("~/Account/Logout?refused=1");
        }
        if (await users.GetUserAsync(context.User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("~/Account/Login?signedOut=1");
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> Me(ClaimsPrincipal principal, UserManager<ApplicationUser> users)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The account no longer exists");
        }
        return TypedResults.Ok(new MeDto(user.Id, user.Email ?? "", user.DisplayName,
            UserAccounts.RoleOf(await users.GetRolesAsync(user)), user.PersonId));
    }

    private static async Task<Created<CreatedApiToken>> CreateToken(
        CreateTokenRequest request, ClaimsPrincipal user, UserManager<ApplicationUser> users, ApiTokenService service, CancellationToken ct)
    {
        var (owner, name, days) = (users.GetUserId(user)!, request.Name ?? "", request.ExpiresInDays ?? 90);
        var created = request.Services is null
            ? await service.CreateAsync(owner, name, days, ct)
            : await service.CreateForServicesAsync(owner, name, days, request.Services, ct);
        return TypedResults.Created($"/api/v1/tokens/{created.Id}", created);
    }

    private static async Task<NoContent> Change(string id, UserManager<ApplicationUser> users, Func<ApplicationUser, Task> change)
    {
        var user = await users.FindByIdAsync(id)
            ?? throw ProblemException.NotFound($"There is no account with id {id}.", "No such account");
        await change(user);
        return TypedResults.NoContent();
    }

    private static async Task<Created<UserSummary>> CreateUser([FromBody] CreateUserRequest request, UserAccounts accounts)
    {
        var user = await accounts.CreateAsync(request.Email ?? "", request.DisplayName ?? "", request.Password ?? "", request.Role ?? Roles.Member);
        var role = request.Role ?? Roles.Member;
        return TypedResults.Created($"/api/v1/users/{user.Id}", new UserSummary(user.Id, user.Email!, user.DisplayName, role, user.PersonId, false));
    }
}
