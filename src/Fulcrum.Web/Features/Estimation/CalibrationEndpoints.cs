using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>
/// A team's calibration and forecast as JSON. Any signed-in member may read it: the figures are the
/// team's aggregates over work items, with nothing per person.
/// </summary>
public static class CalibrationEndpoints
{
    public static IEndpointRouteBuilder MapCalibration(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/estimation").WithTags("Estimation")
            .MapGet("/calibration", Calibration)
            .WithSummary("Estimates against actual cycle times per deck, and a Monte Carlo forecast of the estimated backlog (docs/estimation-calibration.md).");
        return app;
    }

    private static async Task<Results<Ok<CalibrationResult>, ValidationProblem, ProblemHttpResult>> Calibration(
        CalibrationQueries queries, string? team, string? deck, string? method, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(team))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["team"] = ["Name the team, e.g. ?team=Payments; its sub-teams' work counts with it."],
            });
        }
        if (!CalibrationQueries.TryParseMethod(method, out var forecastMethod))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["method"] = [$"'{method}' is not a forecast method; use throughput or weighted."],
            });
        }
        try
        {
            return TypedResults.Ok(await queries.ForTeamAsync(team.Trim(), string.IsNullOrWhiteSpace(deck) ? null : deck.Trim(), forecastMethod, ct));
        }
        catch (CalibrationException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: e.Message);
        }
    }
}
