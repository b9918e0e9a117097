using Fulcrum.Core;
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
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Estimates against actual cycle times per deck, and a Monte Carlo forecast of the estimated backlog (docs/estimation-calibration.md).");
        return app;
    }

    /// <summary>An unknown team or deck is 404, naming it; a missing team or an unknown method 400 with <c>errors</c>.</summary>
    private static async Task<Ok<CalibrationResult>> Calibration(
        CalibrationQueries queries, string? team, string? deck, string? method, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(team))
        {
            throw ProblemException.InvalidField("team", "Name the team, e.g. ?team=Payments; its sub-teams' work counts with it.");
        }
        if (!CalibrationQueries.TryParseMethod(method, out var forecastMethod))
        {
            throw ProblemException.InvalidField("method", $"'{method}' is not a forecast method; use throughput or weighted.");
        }
        return TypedResults.Ok(await queries.ForTeamAsync(team.Trim(), string.IsNullOrWhiteSpace(deck) ? null : deck.Trim(), forecastMethod, ct));
    }
}
