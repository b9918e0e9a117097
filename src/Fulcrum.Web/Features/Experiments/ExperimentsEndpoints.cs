using Fulcrum.Core.Experiments;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.TeamDesign;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Web.Features.Experiments;

/// <summary>Improvement experiments over HTTP (docs/experiments.md).</summary>
public static class ExperimentsEndpoints
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        var experiments = app.MapGroup("/api/v1/experiments").WithTags("Experiments");
        experiments.MapGet("/", async (string? team, Me me, Experiments store, IAuthorizationService auth, CancellationToken ct) =>
            TypedResults.Ok(await store.ListAsync(await me.ScopeAsync(ct), await TeamDesignEndpoints.MayManageAsync(auth, me), team, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound);
        experiments.MapPost("/", async (ExperimentRequest request, Me me, Experiments store, IAuthorizationService auth, CancellationToken ct) =>
        {
            var added = await store.AddAsync(request, await me.ScopeAsync(ct), await TeamDesignEndpoints.MayManageAsync(auth, me), ct);
            return TypedResults.Created($"/api/v1/experiments/{added.Id}", added);
        }).ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        experiments.MapGet("{id:int}", async (int id, Me me, Experiments store, IAuthorizationService auth, CancellationToken ct) =>
            TypedResults.Ok(await store.GetAsync(id, await me.ScopeAsync(ct), await TeamDesignEndpoints.MayManageAsync(auth, me), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound);
        experiments.MapPut("{id:int}", async (int id, ExperimentRequest request, Me me, Experiments store, IAuthorizationService auth, CancellationToken ct) =>
            TypedResults.Ok(await store.UpdateAsync(id, request, await me.ScopeAsync(ct), await TeamDesignEndpoints.MayManageAsync(auth, me), ct)))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        experiments.MapGet("{id:int}/result", async (int id, Me me, Experiments store, CancellationToken ct) =>
            TypedResults.Ok(ExperimentResultView.Of(await store.ResultAsync(id, await me.ScopeAsync(ct), ct))))
            .ProducesProblem(StatusCodes.Status404NotFound);
        experiments.MapPost("{id:int}/conclude", async (int id, ConcludeRequest request, Me me, Experiments store, IAuthorizationService auth, CancellationToken ct) =>
            TypedResults.Ok(await store.ConcludeAsync(id, request, await me.ScopeAsync(ct), await TeamDesignEndpoints.MayManageAsync(auth, me), ct)))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}

/// <summary>One sample as the API shows it: its days (<c>to</c> exclusive), its figure or null, and for a delivery metric the events behind it.</summary>
public sealed record ExperimentSampleView(DateOnly From, DateOnly To, double? Value, int? Deployments, int? Changes, int? Incidents);

/// <param name="Mean">The side's figure: the mean of its samples with a figure.</param>
/// <param name="Whole">For a delivery metric, the metric over the whole window at once (a median lead time is not the mean of weekly medians).</param>
/// <param name="LeftOut">Samples with no figure, left out of the mean and the test.</param>
public sealed record ExperimentSideView(DateOnly From, DateOnly To, double? Mean, double? Whole, int Samples, int LeftOut,
    int? Deployments, int? Changes, int? Incidents, IReadOnlyList<ExperimentSampleView> Values)
{
    public static ExperimentSideView Of(ExperimentSide side) => new(side.From, side.To, side.Mean, side.Whole, side.Values.Count, side.LeftOut,
        side.Events?.Deployments, side.Events?.Changes, side.Events?.Incidents,
        [.. side.Samples.Select(s => new ExperimentSampleView(s.From, s.To, s.Value, s.Events?.Deployments, s.Events?.Changes, s.Events?.Incidents))]);
}

/// <summary>An experiment's result as the API, the pages and the CLI show it.</summary>
/// <param name="Verdict"><c>distinguishable</c>, <c>not-distinguishable</c> or <c>too-few-samples</c>.</param>
public sealed record ExperimentResultView(
    string Metric, string Title, string Unit, string SampleUnit, string Source, ExperimentSideView Before, ExperimentSideView After,
    double? Change, double? ChangePercent, string? Expected, bool? MetExpectation, bool? Better,
    double? PValue, bool? Exact, long? Arrangements, string Verdict, string VerdictText, string Sentence)
{
    public static ExperimentResultView Of(ExperimentResult r) => new(r.Metric, r.Title, r.Unit, r.SampleUnit, r.Source,
        ExperimentSideView.Of(r.Before), ExperimentSideView.Of(r.After), r.Comparison.Change, r.Comparison.ChangePercent, r.Expected?.ToString(),
        r.Comparison.MetExpectation, r.Comparison.Better, r.Noise?.PValue, r.Noise?.Exact, r.Noise?.Arrangements,
        r.Verdict switch { NoiseVerdict.Distinguishable => "distinguishable", NoiseVerdict.NotDistinguishable => "not-distinguishable", _ => "too-few-samples" },
        r.VerdictText, r.Sentence);
}
