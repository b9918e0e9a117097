using Fulcrum.Core;
using Fulcrum.Core.Csv;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Feedback;

/// <summary>Review feedback over HTTP (docs/feedback.md): a service's comments in, a team's figures out.</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Review feedback");
        api.MapPost("/services/{service}/review-comments", async (string service, HttpRequest request, ReviewFeedback feedback,
            IOptions<OrganisationOptions> options, CancellationToken ct) =>
        {
            var limits = options.Value;
            var text = ImportText.Decode(await RequestText.ReadBytesAsync(request, limits.ImportLimitBytes)
                ?? throw ProblemException.TooLarge("The file is too large", limits.TooLargeMessage), json: IsJson(request));
            return TypedResults.Ok(await feedback.ImportAsync(service, text, ct));
        }).Accepts<string>("application/json", "text/csv").RequireAuthorization(Policies.ManageOrganisation)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/teams/{team}/feedback", Report).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<TeamFeedback>> Report(string team, string? since, string? until, Me me, ReviewFeedback feedback, TimeProvider clock, CancellationToken ct)
    {
        var window = ReportWindow.FromQuery(since, until, clock);
        return TypedResults.Ok(await feedback.ForTeamAsync(team, window.Since, window.Until, ct, await me.ScopeAsync(ct)));
    }

    private static bool IsJson(HttpRequest request) => request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
}
