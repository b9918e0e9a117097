using System.Security.Claims;
using Fulcrum.Core;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

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
    public static IEndpointRouteBuilder MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Delivery");
        // A service token may call these three (and nothing else), for its own services only.
        api.MapPost("/deployments", (HttpRequest request, ClaimsPrincipal user, DeliveryImporter importer, IOptions<DeliveryOptions> options, CancellationToken ct) =>
            Receive(request, options.Value, reader => importer.ImportDeploymentsAsync(reader, json: true, "webhook", ct, ApiTokenClaims.ServiceScopeOf(user)), Counts))
            .WithMetadata(JsonOnly).AddOpenApiOperationTransformer(WebhookBodies.Deployments.DescribeAsync).AllowServiceTokens();
        api.MapPost("/incidents", (HttpRequest request, ClaimsPrincipal user, DeliveryImporter importer, IOptions<DeliveryOptions> options, CancellationToken ct) =>
            Receive(request, options.Value, reader => importer.ImportIncidentsAsync(reader, json: true, ct, ApiTokenClaims.ServiceScopeOf(user)), Counts))
            .WithMetadata(JsonOnly).AddOpenApiOperationTransformer(WebhookBodies.Incidents.DescribeAsync).AllowServiceTokens();
        api.MapPost("/pull-requests", (HttpRequest request, ClaimsPrincipal user, DeliveryImporter importer, IOptions<DeliveryOptions> options, CancellationToken ct) =>
            Receive(request, options.Value, reader => importer.ImportPullRequestsAsync(reader, json: true, "webhook", ct, ApiTokenClaims.ServiceScopeOf(user)),
                report => new PullRequestWebhookResult(report.Created, report.Updated, report.IgnoredFields)))
            .WithMetadata(JsonOnly).AddOpenApiOperationTransformer(WebhookBodies.PullRequests.DescribeAsync).AllowServiceTokens();
        api.MapGet("/delivery/report", Report);
        var review = api.MapGroup("/incidents/{id:long}").RequireAuthorization(Policies.ManageOrganisation);
        review.MapPost("/confirm", async (long id, ClaimsPrincipal user, IncidentReview reviews, CancellationToken ct) =>
        {
            await reviews.ConfirmAsync(id, user.Identity?.Name ?? "unknown", ct);
            return TypedResults.NoContent();
        });
        review.MapPost("/reject", async (long id, ClaimsPrincipal user, IncidentReview reviews, CancellationToken ct) =>
        {
            await reviews.RejectAsync(id, user.Identity?.Name ?? "unknown", ct);
            return TypedResults.NoContent();
        });
        return app;
    }

    // The webhooks read their bodies as text themselves. This keeps the 415 for another content type;
    // WebhookBodies replaces what the API description would say of a string body with the records it holds.
    private static readonly AcceptsMetadata JsonOnly = new(["application/json"], typeof(string));

    private static DeliveryWebhookResult Counts(DeliveryImportReport report) => new(report.Created, report.Updated);

    /// <summary>
    /// 200 with the counts; 422 naming each record and field at fault (nothing stored); 400 for a body
    /// that is not JSON records at all; 413 above the size limit.
    /// </summary>
    private static async Task<Ok<T>> Receive<T>(
        HttpRequest request, DeliveryOptions options, Func<TextReader, Task<DeliveryImportReport>> import, Func<DeliveryImportReport, T> answer)
    {
        var body = await RequestText.ReadAsync(request, options.WebhookLimitBytes)
            ?? throw ProblemException.TooLarge("The body is too large",
                $"Send at most {options.WebhookLimitMegabytes} MB per call, or use `fulcrum delivery import` for files.");
        var text = body.Trim();
        // One record may come as an object: the importer reads arrays.
        if (text.StartsWith('{'))
        {
            text = "[" + text + "]";
        }
        var report = await import(new StringReader(text));
        return report.Succeeded
            ? TypedResults.Ok(answer(report))
            : throw report.Refusal("Nothing was stored", unreadableTitle: "The body is not JSON Fulcrum can read");
    }

    private static async Task<Ok<DeliveryReportResult>> Report(
        DeliveryReport reports, string? service, string? team, string? since, string? until, int? bands, TimeProvider clock, CancellationToken ct)
    {
        var (start, end) = ReportWindow.FromQuery(since, until, clock);
        var year = bands ?? DoraBands.DefaultYear;
        if (!DoraBands.Years.Contains(year))
        {
            throw ProblemException.Unreadable("Unknown bands", $"bands is one of {string.Join(", ", DoraBands.Years)}.");
        }
        return TypedResults.Ok(service is not null ? await reports.ForServiceAsync(service, start, end, year, ct)
            : team is not null ? await reports.ForTeamAsync(team, start, end, year, ct)
            : await reports.AllAsync(start, end, year, ct));
    }
}
