using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulcrum.Core.Delivery;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>
/// The API description of the webhooks is what a CI author copies from: its fields must be the ones
/// the importer reads, and its examples must be accepted as they stand.
/// </summary>
public sealed class WebhookDescriptionTests
{
    [Theory]
    [InlineData("/api/v1/deployments")]
    [InlineData("/api/v1/incidents")]
    [InlineData("/api/v1/pull-requests")]
    public async Task The_described_record_has_the_importers_field_names_and_is_one_object_or_an_array(string path)
    {
        await using var server = await FulcrumServer.StartAsync();
        using var client = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));

        var body = RequestBody(await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json"), path);
        var shapes = body.GetProperty("schema").GetProperty("oneOf").EnumerateArray().ToList();
        var record = shapes[0];
        var fields = record.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(2, shapes.Count);
        Assert.Equal("object", record.GetProperty("type").GetString());
        Assert.Equal("array", shapes[1].GetProperty("type").GetString());
        Assert.Equal(fields, shapes[1].GetProperty("items").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(ImporterFields(path).Order(), fields.Order());
        Assert.DoesNotContain("row", fields);
        Assert.Contains("service", record.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task The_documented_examples_are_accepted_as_they_stand_and_appear_in_the_report()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        (await leader.PostAsJsonAsync("/api/v1/services", new { name = "payments-api" })).EnsureSuccessStatusCode();
        var document = await ci.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var answers = new List<(string Path, string Example, HttpStatusCode Status, int Created)>();
        foreach (var path in new[] { "/api/v1/deployments", "/api/v1/incidents", "/api/v1/pull-requests" })
        {
            var examples = RequestBody(document, path).GetProperty("examples");
            foreach (var name in new[] { "one", "several" })
            {
                var response = await PostJsonAsync(ci, path, examples.GetProperty(name).GetProperty("value").GetRawText());
                var created = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32() : -1;
                answers.Add((path, name, response.StatusCode, created));
            }
        }
        var report = await leader.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report?service=payments-api&since=2026-03-01&until=2026-04-01");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal([1, 2, 1, 2, 1, 2], answers.Select(a => a.Created));
        Assert.Equal(3, report.GetProperty("coverage").GetProperty("deployments").GetInt32());
        Assert.Equal(3, report.GetProperty("coverage").GetProperty("incidents").GetInt32());
        Assert.Equal(3, report.GetProperty("leadTimeBreakdown").GetProperty("pullRequestsMerged").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/deployments")]
    [InlineData("/api/v1/incidents")]
    [InlineData("/api/v1/pull-requests")]
    public async Task A_record_with_only_the_fields_described_as_required_is_accepted(string path)
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        (await leader.PostAsJsonAsync("/api/v1/services", new { name = "payments-api" })).EnsureSuccessStatusCode();
        var body = RequestBody(await leader.GetFromJsonAsync<JsonElement>("/openapi/v1.json"), path);
        var required = body.GetProperty("schema").GetProperty("oneOf")[0].GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToList();
        var example = JsonNode.Parse(body.GetProperty("examples").GetProperty("one").GetProperty("value").GetRawText())!.AsObject();
        var minimal = new JsonObject(example.Where(p => required.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

        var response = await PostJsonAsync(leader, path, minimal.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(required.Order(), minimal.Select(p => p.Key).Order());
    }

    private static JsonElement RequestBody(JsonElement document, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json");

    private static string[] ImporterFields(string path) => path switch
    {
        "/api/v1/deployments" => DeliveryFiles.DeploymentFields,
        "/api/v1/incidents" => DeliveryFiles.IncidentFields,
        _ => DeliveryFiles.PullRequestFields,
    };

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
