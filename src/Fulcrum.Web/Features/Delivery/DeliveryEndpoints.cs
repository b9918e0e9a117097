using System.Security.Claims;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Web.Features.Delivery;

public sealed record DeliveryWebhookResult(int Created, int Updated);

/// <summary><paramref name="Ignored"/>: fields of the body that were not read because they name people.</summary>
public sealed record PullRequestWebhookResult(int Created, int Updated, IReadOnlyList<string> Ignored);

/// <summary>
/// Webhooks for CI pipelines and incident tools, and the report as JSON. A webhook body is one
/// record (a JSON object) or several (an array), in the import format; the id makes retries safe.
/// </summary>
public static class DeliveryEndpoints
{
    private const int MaxBodyBytes = 5 * 1024 * 1024;

    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Delivery");
        api.MapPost("/deployments", (HttpRequest request, DeliveryImporter importer, CancellationToken ct) =>
            Receive(request, reader => importer.ImportDeploymentsAsync(reader, json: true, "webhook", ct), Counts))
            .Accepts<DeploymentRow>("application/json");
        api.MapPost("/incidents", (HttpRequest request, DeliveryImporter importer, CancellationToken ct) =>
            Receive(request, reader => importer.ImportIncidentsAsync(reader, json: true, ct), Counts))
            .Accepts<IncidentRow>("application/json");
        api.MapPost("/pull-requests", (HttpRequest request, DeliveryImporter importer, CancellationToken ct) =>
            Receive(request, reader => importer.ImportPullRequestsAsync(reader, json: true, "webhook", ct),
                report => new PullRequestWebhookResult(report.Created, report.Updated, report.IgnoredFields)))
            .Accepts<PullRequestRow>("application/json");
        api.MapGet("/delivery/report", Report);
        var review = api.MapGroup("/incidents/{id:long}").RequireAuthorization(Policies.ManageOrganisation);
        review.MapPost("/confirm", (long id, ClaimsPrincipal user, IncidentReview reviews, CancellationToken ct) =>
            Review(id, reviews.ConfirmAsync(id, user.Identity?.Name ?? "unknown", ct)));
        review.MapPost("/reject", (long id, ClaimsPrincipal user, IncidentReview reviews, CancellationToken ct) =>
            Review(id, reviews.RejectAsync(id, user.Identity?.Name ?? "unknown", ct)));
        return app;
    }

    private static DeliveryWebhookResult Counts(DeliveryImportReport report) => new(report.Created, report.Updated);

    private static async Task<Results<Ok<T>, ProblemHttpResult>> Receive<T>(
        HttpRequest request, Func<TextReader, Task<DeliveryImportReport>> import, Func<DeliveryImportReport, T> answer)
    {
        if (await RequestText.ReadAsync(request, MaxBodyBytes) is not { } body)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large",
                detail: $"Send at most {MaxBodyBytes / 1024 / 1024} MB per call, or use `fulcrum delivery import` for files.");
        }
        var text = body.Trim();
        // One record may come as an object: the importer reads arrays.
        if (text.StartsWith('{'))
        {
            text = "[" + text + "]";
        }
        var report = await import(new StringReader(text));
        if (report.Succeeded)
        {
            return TypedResults.Ok(answer(report));
        }
        var malformed = report.Problems.Any(p => p.Message.StartsWith("not valid JSON", StringComparison.Ordinal)
            || p.Message.StartsWith("expected a JSON array", StringComparison.Ordinal));
        return TypedResults.Problem(
            statusCode: malformed ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity,
            title: malformed ? "The body is not JSON Fulcrum can read" : "Nothing was stored",
            detail: string.Join("; ", report.Problems.Select(p => p.ToString().Replace("row ", "record "))),
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = report.Problems.Select(p => new { record = p.Row, field = p.Column, p.Message }).ToList(),
            });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Review(long id, Task<ReviewOutcome> review) =>
        await review switch
        {
            ReviewOutcome.Done => TypedResults.NoContent(),
            ReviewOutcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"There is no incident with id {id}."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to review",
                detail: $"Incident {id} has no suspected deployment link: it is confirmed, rejected or not linked."),
        };

    private static async Task<Results<Ok<DeliveryReportResult>, ProblemHttpResult>> Report(
        DeliveryReport reports, string? service, string? team, string? since, string? until, int? bands, TimeProvider clock, CancellationToken ct)
    {
        DateTime? Parse(string? text) => text is not null && DeliveryFiles.TryParseInstant(text, out var utc) ? utc : null;
        var (sinceInstant, untilInstant) = (Parse(since), Parse(until));
        if ((since is not null && sinceInstant is null) || (until is not null && untilInstant is null))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad window",
                detail: "since and until are ISO 8601 dates like 2026-01-31.");
        }
        var window = ReportWindow.Of(sinceInstant, untilInstant, clock);
        var (start, end) = (window.Since, window.Until);
        var year = bands ?? DoraBands.DefaultYear;
        if (!DoraBands.Years.Contains(year))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown bands",
                detail: $"bands is one of {string.Join(", ", DoraBands.Years)}.");
        }
        return TypedResults.Ok(service is not null ? await reports.ForServiceAsync(service, start, end, year, ct)
            : team is not null ? await reports.ForTeamAsync(team, start, end, year, ct)
            : await reports.AllAsync(start, end, year, ct));
    }
}
