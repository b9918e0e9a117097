using Fulcrum.Web.Features.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Web.Features.Jobs;

/// <summary>The background jobs' queue over HTTP, for leaders and admins (ADR 0013).</summary>
public static class JobsEndpoints
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/v1/jobs").WithTags("Background jobs").RequireAuthorization(Policies.ManageOrganisation);
        jobs.MapGet("/", List).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<JobView>>> List(string? state, JobQueue queue, CancellationToken ct) =>
        TypedResults.Ok(await queue.ListAsync(state, cancellationToken: ct));
}
