using System.Text.Json.Nodes;
using Fulcrum.Core.Delivery;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>One field of a webhook record as the API description shows it.</summary>
/// <param name="Name">The JSON field name, which must be one the importer reads (<see cref="DeliveryFiles"/>).</param>
public sealed record WebhookField(
    string Name, string Description, bool Required = false, string? Format = null, string? Pattern = null, IReadOnlyList<string>? Values = null);

/// <summary>
/// The request body of a delivery webhook in the OpenAPI description. The endpoints read the body
/// themselves (one record or an array, in the import format of docs/delivery.md), so there is no
/// request type to describe it: this is the importer's own record, field for field, with an example
/// of one record and of several that the tests post.
/// </summary>
public sealed class WebhookBody
{
    private readonly string noun;
    private readonly IReadOnlyList<WebhookField> fields;
    private readonly string one;
    private readonly string several;

    /// <summary>What else to know about the record's fields, e.g. which unknown fields are ignored.</summary>
    public string Note { get; init; } = "Any other field is refused, naming the record and the field.";

    /// <param name="importerFields">The fields the importer reads; the description must name exactly these.</param>
    public WebhookBody(string noun, IReadOnlyList<string> importerFields, IReadOnlyList<WebhookField> fields, string one, string several)
    {
        var described = fields.Select(f => f.Name).ToList();
        if (!described.Order().SequenceEqual(importerFields.Order()))
        {
            // A field the importer reads but the description leaves out (or the reverse) would send
            // callers wrong: stop at start rather than publish it.
            throw new InvalidOperationException(
                $"The {noun} webhook's description names {string.Join(", ", described)}; the importer reads {string.Join(", ", importerFields)}.");
        }
        (this.noun, this.fields, this.one, this.several) = (noun, fields, one, several);
    }

    public Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var record = Record();
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = $"One {noun} as a JSON object, or several as an array; all or nothing. The same service and id " +
                "update the record, so a retry changes nothing.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        OneOf = [record, new OpenApiSchema { Type = JsonSchemaType.Array, Items = record, MinItems = 1 }],
                    },
                    Examples = new Dictionary<string, IOpenApiExample>
                    {
                        ["one"] = new OpenApiExample { Summary = $"One {noun}", Value = JsonNode.Parse(one) },
                        ["several"] = new OpenApiExample { Summary = $"Several {noun}s at once", Value = JsonNode.Parse(several) },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    private OpenApiSchema Record() => new()
    {
        Type = JsonSchemaType.Object,
        Description = Note,
        Properties = fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)new OpenApiSchema
        {
            // An optional field may be left out, sent empty or sent as null.
            Type = f.Required ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null,
            Description = f.Description,
            Format = f.Format,
            Pattern = f.Pattern,
            Enum = f.Values?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        }),
        Required = fields.Where(f => f.Required).Select(f => f.Name).ToHashSet(),
    };
}

/// <summary>The three webhooks' bodies: deployments, incidents and pull requests.</summary>
public static class WebhookBodies
{
    private const string Time = "ISO 8601, e.g. 2026-03-01T14:30:00Z; without an offset it is UTC.";
    private const string ShaPattern = "^[0-9a-fA-F]{40}([0-9a-fA-F]{24})?$";
    private const string Id = "Your system's id for it (a pipeline run, a ticket, a number). With service it names the record: sending it again updates it.";
    private const string Service = "The name of a registered service (Organisation → Services).";

    public static readonly WebhookBody Deployments = new("deployment", DeliveryFiles.DeploymentFields,
    [
        new("id", Id, Required: true),
        new("service", Service, Required: true),
        new("environment", "Where it went: production, staging, … Only production deployments count in the metrics.", Required: true),
        new("sha", "The full commit id deployed. Once a repository has been ingested for the service, it must be in its history.",
            Pattern: ShaPattern),
        new("started_at", "When the deployment started. " + Time, Format: "date-time"),
        new("finished_at", "When it finished: the time that counts. " + Time, Required: true, Format: "date-time"),
        new("result", "Whether it succeeded.", Required: true, Values: ["success", "failure"]),
    ],
    one: """
        {"id": "pipeline-4711", "service": "payments-api", "environment": "production",
         "sha": "3f786850e387550fdab836ed7e6dc881de23001b",
         "started_at": "2026-03-02T14:05:00Z", "finished_at": "2026-03-02T14:12:00Z", "result": "success"}
        """,
    several: """
        [{"id": "pipeline-4712", "service": "payments-api", "environment": "production",
          "started_at": "2026-03-03T09:00:00Z", "finished_at": "2026-03-03T09:06:00Z", "result": "success"},
         {"id": "pipeline-4713", "service": "payments-api", "environment": "production",
          "finished_at": "2026-03-04T16:40:00Z", "result": "success"}]
        """);

    public static readonly WebhookBody Incidents = new("incident", DeliveryFiles.IncidentFields,
    [
        new("id", Id, Required: true),
        new("service", Service, Required: true),
        new("started_at", "When the incident started. " + Time, Required: true, Format: "date-time"),
        new("resolved_at", "When it was resolved; empty or left out while it is open (send the record again when resolved). " + Time,
            Format: "date-time"),
        new("severity", "Your severity scale, as free text (sev1, P2, …)."),
        new("title", "What happened, in a line."),
        new("deployment_id", "The id of the deployment that caused it, when known (the id sent to /api/v1/deployments)."),
        new("caused_by_sha", "The full id of the commit that caused it, when known.", Pattern: ShaPattern),
    ],
    one: """
        {"id": "INC-101", "service": "payments-api", "started_at": "2026-03-02T15:00:00Z", "resolved_at": "2026-03-02T16:30:00Z",
         "severity": "sev2", "title": "Card payments time out", "deployment_id": "pipeline-4711"}
        """,
    several: """
        [{"id": "INC-102", "service": "payments-api", "started_at": "2026-03-05T08:15:00Z", "resolved_at": "2026-03-05T08:45:00Z",
          "severity": "sev3", "title": "Slow refunds"},
         {"id": "INC-103", "service": "payments-api", "started_at": "2026-03-06T22:00:00Z", "resolved_at": null,
          "severity": "sev1", "title": "Checkout down"}]
        """);

    public static readonly WebhookBody PullRequests = new("pull request", DeliveryFiles.PullRequestFields,
    [
        new("id", Id, Required: true),
        new("service", Service, Required: true),
        new("opened_at", "When it was opened. " + Time, Required: true, Format: "date-time"),
        new("first_review_at", "When it was first reviewed. " + Time, Format: "date-time"),
        new("merged_at", "When it was merged; left out while open. " + Time, Format: "date-time"),
        new("merge_sha", "The full id of the commit the merge made on the target branch; needs merged_at.", Pattern: ShaPattern),
        new("first_commit_at", "When its first commit was made. " + Time, Format: "date-time"),
    ],
    one: """
        {"id": "1042", "service": "payments-api", "first_commit_at": "2026-03-01T09:00:00Z", "opened_at": "2026-03-01T11:00:00Z",
         "first_review_at": "2026-03-01T15:30:00Z", "merged_at": "2026-03-02T10:00:00Z",
         "merge_sha": "3f786850e387550fdab836ed7e6dc881de23001b"}
        """,
    several: """
        [{"id": "1043", "service": "payments-api", "opened_at": "2026-03-02T09:00:00Z", "first_review_at": "2026-03-02T10:00:00Z",
          "merged_at": "2026-03-02T12:00:00Z"},
         {"id": "1044", "service": "payments-api", "opened_at": "2026-03-03T09:00:00Z", "merged_at": "2026-03-03T17:00:00Z"}]
        """)
    {
        Note = "Fields that name people (author, reviewers, assignee, merged_by, emails, …) are not read: the answer's " +
            "ignored lists them. Any other field is refused, naming the record and the field.",
    };
}
