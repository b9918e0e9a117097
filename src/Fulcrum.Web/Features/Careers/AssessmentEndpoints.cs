using System.Security.Claims;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// Assessment cycles and growth plans over HTTP (docs/careers.md). Both are private records: a
/// cycle or plan the caller may not see answers 404, exactly like one that does not exist.
/// </summary>
public static class AssessmentEndpoints
{
    public static IEndpointRouteBuilder MapAssessments(this IEndpointRouteBuilder app)
    {
        var cycles = app.MapGroup("/api/v1/assessments").WithTags("Careers");
        cycles.MapPost("", OpenAsync);
        cycles.MapGet("", ListAsync);
        cycles.MapGet("{id:long}", GetAsync);
        cycles.MapPost("{id:long}/raters", AddRatersAsync);
        cycles.MapDelete("{id:long}/raters/{raterId:long}", RemoveRaterAsync);
        cycles.MapGet("{id:long}/ratings", OwnRatingsAsync);
        cycles.MapPut("{id:long}/ratings", SaveRatingsAsync);
        cycles.MapPost("{id:long}/close", CloseAsync);
        cycles.MapGet("{id:long}/results", ResultsAsync);

        var growth = app.MapGroup("/api/v1/growth-plans").WithTags("Careers");
        growth.MapGet("", PlansAsync);
        growth.MapGet("{personId:int}", PlanAsync);
        growth.MapPut("{personId:int}/focus", SetFocusAsync);
        growth.MapPost("{personId:int}/items", AddItemAsync);
        growth.MapPatch("{personId:int}/items/{itemId:long}", UpdateItemAsync);
        growth.MapPost("{personId:int}/items/{itemId:long}/check-in", CheckInAsync);
        growth.MapDelete("{personId:int}/items/{itemId:long}", RemoveItemAsync);
        return app;
    }

    /// <summary>Opens an assessment cycle for you or someone in your reporting line; the person and their manager become raters at once.</summary>
    private static Task<Results<Created<CycleView>, ProblemHttpResult>> OpenAsync(
        OpenCycleRequest request, ClaimsPrincipal user, PersonAccess access, Assessments assessments, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me =>
        {
            var cycle = await assessments.OpenAsync(me, request, cancellationToken);
            return TypedResults.Created($"/api/v1/assessments/{cycle.Id}", cycle);
        }, cancellationToken);

    /// <summary>Your cycles, the cycles you rate, and those of your reporting line, newest first.</summary>
    private static Task<Results<Ok<CycleLists>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, PersonAccess access, Assessments assessments, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await assessments.ListAsync(me, cancellationToken)), cancellationToken);

    /// <summary>A cycle, its raters and who has submitted; what you may do with it is in <c>you</c>.</summary>
    private static Task<Results<Ok<CycleView>, ProblemHttpResult>> GetAsync(
        long id, ClaimsPrincipal user, PersonAccess access, Assessments assessments, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await assessments.GetAsync(me, id, cancellationToken)), cancellationToken);

    /// <summary>Adds peers or mentors to an open cycle (the person or their managers only).</summary>
    private static Task<Results<Ok<CycleView>, ProblemHttpResult>> AddRatersAsync(
        long id, AddRatersRequest request, ClaimsPrincipal user, PersonAccess access, Assessments assessments, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await assessments.AddRatersAsync(me, id, request, cancellationToken)), cancellationToken);

    private static Task<Results<Ok<CycleView>, ProblemHttpResult>> RemoveRaterAsync(
        long id, long raterId, ClaimsPrincipal user, PersonAccess access, Assessments assessments, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await assessments.RemoveRaterAsync(me, id, raterId, cancellationToken)), cancellationToken);

    /// <summary>Your own ratings of a cycle you rate, one entry per competency (empty where not rated yet).</summary>
    private static Task<Results<Ok<RaterRatingsView>, ProblemHttpResult>> OwnRatingsAsync(
        long id, ClaimsPrincipal user, PersonAccess access, Assessments assessments, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await assessments.OwnRatingsAsync(me, id, cancellationToken)), cancellationToken);

    /// <summary>
    /// Saves your whole set of ratings. Submitted (the default), every competency needs a rating on
    /// the scale and evidence, and the person's own set an enjoyment of 1–5 for each; 422 names every
    /// problem. <c>draft: true</c> keeps an unfinished set that counts for nothing yet.
    /// </summary>
    private static Task<Results<Ok<RaterRatingsView>, ProblemHttpResult>> SaveRatingsAsync(
        long id, SaveRatingsRequest request, ClaimsPrincipal user, PersonAccess access, Assessments assessments, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await assessments.SaveRatingsAsync(me, id, request, cancellationToken)), cancellationToken);

    /// <summary>
    /// Closes a cycle. 422 names every competency with fewer than three submitted voices besides the
    /// person, unless <c>force: true</c>; those then show "no consensus" in the results.
    /// </summary>
    private static Task<Results<Ok<CycleView>, ProblemHttpResult>> CloseAsync(
        long id, CloseCycleRequest? request, ClaimsPrincipal user, PersonAccess access, Assessments assessments, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await assessments.CloseAsync(me, id, request?.Force ?? false, cancellationToken)), cancellationToken);

    /// <summary>Per competency: the consensus or "no consensus" with every view side by side, the spread, the quadrant; and readiness. 409 while open.</summary>
    private static Task<Results<Ok<AssessmentResults>, ProblemHttpResult>> ResultsAsync(
        long id, ClaimsPrincipal user, PersonAccess access, Assessments assessments, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await assessments.ResultsAsync(me, id, cancellationToken)), cancellationToken);

    /// <summary>Your growth plan's summary and those of your reporting line.</summary>
    private static Task<Results<Ok<IReadOnlyList<GrowthPlanSummary>>, ProblemHttpResult>> PlansAsync(
        ClaimsPrincipal user, PersonAccess access, GrowthPlans plans, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await plans.VisibleAsync(me, cancellationToken)), cancellationToken);

    private static Task<Results<Ok<GrowthPlanView>, ProblemHttpResult>> PlanAsync(
        int personId, ClaimsPrincipal user, PersonAccess access, GrowthPlans plans, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await plans.PlanAsync(me, personId, cancellationToken)), cancellationToken);

    private static Task<Results<Ok<GrowthPlanView>, ProblemHttpResult>> SetFocusAsync(
        int personId, SetFocusRequest request, ClaimsPrincipal user, PersonAccess access, GrowthPlans plans, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await plans.SetFocusAsync(me, personId, request, cancellationToken)), cancellationToken);

    /// <summary>Adds a goal, a stretch assignment or a learning sprint (with its time box).</summary>
    private static Task<Results<Created<GrowthItemView>, ProblemHttpResult>> AddItemAsync(
        int personId, AddGrowthItemRequest request, ClaimsPrincipal user, PersonAccess access, GrowthPlans plans, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me =>
        {
            var item = await plans.AddItemAsync(me, personId, request, cancellationToken);
            return TypedResults.Created($"/api/v1/growth-plans/{personId}/items/{item.Id}", item);
        }, cancellationToken);

    /// <summary>Changes an item; fields left out stay, an empty text clears an optional one, <c>goalId: 0</c> unties it from its goal.</summary>
    private static Task<Results<Ok<GrowthItemView>, ProblemHttpResult>> UpdateItemAsync(
        int personId, long itemId, UpdateGrowthItemRequest request, ClaimsPrincipal user, PersonAccess access, GrowthPlans plans, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await plans.UpdateItemAsync(me, personId, itemId, request, cancellationToken)), cancellationToken);

    /// <summary>Ends a learning sprint with its outcome (achieved, partly, not-achieved) and a note.</summary>
    private static Task<Results<Ok<GrowthItemView>, ProblemHttpResult>> CheckInAsync(
        int personId, long itemId, CheckInRequest request, ClaimsPrincipal user, PersonAccess access, GrowthPlans plans, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me => TypedResults.Ok(await plans.CheckInAsync(me, personId, itemId, request, cancellationToken)), cancellationToken);

    private static Task<Results<NoContent, ProblemHttpResult>> RemoveItemAsync(
        int personId, long itemId, ClaimsPrincipal user, PersonAccess access, GrowthPlans plans, CancellationToken cancellationToken) =>
        AsPersonAsync(user, access, async me =>
        {
            await plans.RemoveItemAsync(me, personId, itemId, cancellationToken);
            return TypedResults.NoContent();
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> as the caller's person; rule breaks become ProblemDetails with every problem listed.</summary>
    private static async Task<Results<T, ProblemHttpResult>> AsPersonAsync<T>(
        ClaimsPrincipal user, PersonAccess access, Func<int, Task<T>> work, CancellationToken cancellationToken) where T : IResult
    {
        if (await access.PersonIdOfAsync(user, cancellationToken) is not int me)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not linked to a person",
                detail: "Your account is not linked to a person in the organisation; an admin can link it on the Accounts page.");
        }
        try
        {
            return await work(me);
        }
        catch (CareerRecordException e)
        {
            return TypedResults.Problem(statusCode: e.Status, title: e.Title, detail: e.Message,
                extensions: new Dictionary<string, object?> { ["problems"] = e.Problems });
        }
    }
}
