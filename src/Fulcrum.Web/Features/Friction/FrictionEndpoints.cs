using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.TeamDesign;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Web.Features.Friction;

/// <summary>The friction log over HTTP (docs/friction.md): a team's people add and "me too", leaders triage.</summary>
public static class FrictionEndpoints
{
    public static IEndpointRouteBuilder MapFrictionApi(this IEndpointRouteBuilder app)
    {
        var friction = app.MapGroup("/api/v1/friction").WithTags("Friction log");
        friction.MapGet("/", List).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        friction.MapPost("/", Add).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        friction.MapGet("{id:int}", Get).ProducesProblem(StatusCodes.Status404NotFound);
        friction.MapPut("{id:int}", Update).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        friction.MapPost("{id:int}/triage", Triage).RequireAuthorization(Policies.ManageOrganisation).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        friction.MapPost("{id:int}/me-too", MeToo).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        friction.MapDelete("{id:int}/me-too", WithdrawMeToo).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<FrictionSummary>>> List(string? team, string? status, Me me, FrictionLog log, CancellationToken ct) =>
        TypedResults.Ok(await log.ListAsync(await me.ScopeAsync(ct), team, status, ct));

    private static async Task<Created<FrictionView>> Add(FrictionRequest request, Me me, FrictionLog log, IAuthorizationService auth, CancellationToken ct)
    {
        var added = await log.AddAsync(request, await me.ScopeAsync(ct), await TeamDesignEndpoints.MayManageAsync(auth, me), ct);
        return TypedResults.Created($"/api/v1/friction/{added.Id}", added);
    }

    private static async Task<Ok<FrictionView>> Get(int id, Me me, FrictionLog log, IAuthorizationService auth, CancellationToken ct) =>
        TypedResults.Ok(await log.GetAsync(id, await me.ScopeAsync(ct), await TeamDesignEndpoints.MayManageAsync(auth, me), ct));

    private static async Task<Ok<FrictionView>> Update(int id, FrictionRequest request, Me me, FrictionLog log, IAuthorizationService auth, CancellationToken ct) =>
        TypedResults.Ok(await log.UpdateAsync(id, request, await me.ScopeAsync(ct), await TeamDesignEndpoints.MayManageAsync(auth, me), ct));

    private static async Task<Ok<FrictionView>> Triage(int id, TriageRequest request, Me me, FrictionLog log, CancellationToken ct) =>
        TypedResults.Ok(await log.TriageAsync(id, request, await me.ScopeAsync(ct), mayManage: true, ct));

    private static async Task<Ok<FrictionView>> MeToo(int id, Me me, FrictionLog log, IAuthorizationService auth, CancellationToken ct) =>
        TypedResults.Ok(await log.MeTooAsync(id, await me.ScopeAsync(ct), await TeamDesignEndpoints.MayManageAsync(auth, me), ct));

    private static async Task<Ok<FrictionView>> WithdrawMeToo(int id, Me me, FrictionLog log, IAuthorizationService auth, CancellationToken ct) =>
        TypedResults.Ok(await log.WithdrawMeTooAsync(id, await me.ScopeAsync(ct), await TeamDesignEndpoints.MayManageAsync(auth, me), ct));

}
