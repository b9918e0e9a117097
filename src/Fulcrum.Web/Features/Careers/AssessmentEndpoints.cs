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
    private static async Task<Created<CycleView>> OpenAsync(
        OpenCycleRequest request, Me me, Assessments assessments, CancellationToken cancellationToken)
    {
        var cycle = await assessments.OpenAsync(me.PersonId, request, cancellationToken);
        return TypedResults.Created($"/api/v1/assessments/{cycle.Id}", cycle);
    }

    /// <summary>Your cycles, the cycles you rate, and those of your reporting line, newest first.</summary>
    private static async Task<Ok<CycleLists>> ListAsync(
        Me me, Assessments assessments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assessments.ListAsync(me.PersonId, cancellationToken));

    /// <summary>A cycle, its raters and who has submitted; what you may do with it is in <c>you</c>.</summary>
    private static async Task<Ok<CycleView>> GetAsync(
        long id, Me me, Assessments assessments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assessments.GetAsync(me.PersonId, id, cancellationToken));

    /// <summary>Adds peers or mentors to an open cycle (the person or their managers only).</summary>
    private static async Task<Ok<CycleView>> AddRatersAsync(
        long id, AddRatersRequest request, Me me, Assessments assessments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assessments.AddRatersAsync(me.PersonId, id, request, cancellationToken));

    private static async Task<Ok<CycleView>> RemoveRaterAsync(
        long id, long raterId, Me me, Assessments assessments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assessments.RemoveRaterAsync(me.PersonId, id, raterId, cancellationToken));

    /// <summary>Your own ratings of a cycle you rate, one entry per competency (empty where not rated yet).</summary>
    private static async Task<Ok<RaterRatingsView>> OwnRatingsAsync(
        long id, Me me, Assessments assessments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assessments.OwnRatingsAsync(me.PersonId, id, cancellationToken));

    /// <summary>
    /// Saves your whole set of ratings. Submitted (the default), every competency needs a rating on
    /// the scale and evidence, and the person's own set an enjoyment of 1–5 for each; 422 names every
    /// problem. <c>draft: true</c> keeps an unfinished set that counts for nothing yet.
    /// </summary>
    private static async Task<Ok<RaterRatingsView>> SaveRatingsAsync(
        long id, SaveRatingsRequest request, Me me, Assessments assessments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assessments.SaveRatingsAsync(me.PersonId, id, request, cancellationToken));

    /// <summary>
    /// Closes a cycle. 422 names every competency with fewer than three submitted voices besides the
    /// person, unless <c>force: true</c>; those then show "no consensus" in the results.
    /// </summary>
    private static async Task<Ok<CycleView>> CloseAsync(
        long id, CloseCycleRequest? request, Me me, Assessments assessments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assessments.CloseAsync(me.PersonId, id, request?.Force ?? false, cancellationToken));

    /// <summary>Per competency: the consensus or "no consensus" with every view side by side, the spread, the quadrant; and readiness. 409 while open.</summary>
    private static async Task<Ok<AssessmentResults>> ResultsAsync(
        long id, Me me, Assessments assessments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assessments.ResultsAsync(me.PersonId, id, cancellationToken));

    /// <summary>Your growth plan's summary and those of your reporting line.</summary>
    private static async Task<Ok<IReadOnlyList<GrowthPlanSummary>>> PlansAsync(
        Me me, GrowthPlans plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.VisibleAsync(me.PersonId, cancellationToken));

    private static async Task<Ok<GrowthPlanView>> PlanAsync(
        int personId, Me me, GrowthPlans plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.PlanAsync(me.PersonId, personId, cancellationToken));

    private static async Task<Ok<GrowthPlanView>> SetFocusAsync(
        int personId, SetFocusRequest request, Me me, GrowthPlans plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.SetFocusAsync(me.PersonId, personId, request, cancellationToken));

    /// <summary>Adds a goal, a stretch assignment or a learning sprint (with its time box).</summary>
    private static async Task<Created<GrowthItemView>> AddItemAsync(
        int personId, AddGrowthItemRequest request, Me me, GrowthPlans plans, CancellationToken cancellationToken)
    {
        var item = await plans.AddItemAsync(me.PersonId, personId, request, cancellationToken);
        return TypedResults.Created($"/api/v1/growth-plans/{personId}/items/{item.Id}", item);
    }

    /// <summary>Changes an item; fields left out stay, an empty text clears an optional one, <c>goalId: 0</c> unties it from its goal.</summary>
    private static async Task<Ok<GrowthItemView>> UpdateItemAsync(
        int personId, long itemId, UpdateGrowthItemRequest request, Me me, GrowthPlans plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.UpdateItemAsync(me.PersonId, personId, itemId, request, cancellationToken));

    /// <summary>Ends a learning sprint with its outcome (achieved, partly, not-achieved) and a note.</summary>
    private static async Task<Ok<GrowthItemView>> CheckInAsync(
        int personId, long itemId, CheckInRequest request, Me me, GrowthPlans plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.CheckInAsync(me.PersonId, personId, itemId, request, cancellationToken));

    private static async Task<NoContent> RemoveItemAsync(
        int personId, long itemId, Me me, GrowthPlans plans, CancellationToken cancellationToken)
    {
        await plans.RemoveItemAsync(me.PersonId, personId, itemId, cancellationToken);
        return TypedResults.NoContent();
    }
}
