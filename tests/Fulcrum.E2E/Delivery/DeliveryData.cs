using System.Net;
using System.Text;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.E2E.Delivery;

/// <summary>
/// A service "payments" with a real git history, three production deployments (d1 on 1 March
/// 2026, d2 on 2 March, d4 on 3 March) and incident INC-2 that starts six hours after d4, so
/// Fulcrum suspects d4. In the window 2–3 March: 2 deployments, lead times 3 h and 1 h. Three
/// pull requests merged then, with pickups of 1, 2 and 3 h (median 2 h); two of them deployed,
/// too few for a deploy figure.
/// </summary>
public static class DeliveryData
{
    public const string Window = "since=2026-03-02&until=2026-03-03";

    public static async Task<TestRepository> SeedAsync(FulcrumServer server)
    {
        var repo = new TestRepository();
        var v1 = repo.Commit("first release", "2026-03-01T08:00:00Z");
        var work = repo.Commit("work", "2026-03-02T10:00:00Z");
        var fix = repo.Commit("fix", "2026-03-03T12:00:00Z");
        await server.WithServicesAsync(s => s.GetRequiredService<DeliveryIngest>().IngestAsync(repo.Path, "payments"));
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        await PostAsync(ci, "/api/v1/deployments", $$"""
            [{"id":"d1","service":"payments","environment":"production","sha":"{{v1}}","finished_at":"2026-03-01T09:00:00Z","result":"success"},
             {"id":"d2","service":"payments","environment":"production","sha":"{{work}}","finished_at":"2026-03-02T13:00:00Z","result":"success"},
             {"id":"d4","service":"payments","environment":"production","sha":"{{fix}}","finished_at":"2026-03-03T13:00:00Z","result":"success"}]
            """);
        await PostAsync(ci, "/api/v1/pull-requests", $$"""
            [{"id":"11","service":"payments","first_commit_at":"2026-03-02T07:00:00Z","opened_at":"2026-03-02T08:00:00Z","first_review_at":"2026-03-02T09:00:00Z","merged_at":"2026-03-02T10:00:00Z","merge_sha":"{{work}}"},
             {"id":"12","service":"payments","first_commit_at":"2026-03-03T06:00:00Z","opened_at":"2026-03-03T08:00:00Z","first_review_at":"2026-03-03T10:00:00Z","merged_at":"2026-03-03T12:00:00Z","merge_sha":"{{fix}}"},
             {"id":"13","service":"payments","first_commit_at":"2026-03-03T09:00:00Z","opened_at":"2026-03-03T12:00:00Z","first_review_at":"2026-03-03T15:00:00Z","merged_at":"2026-03-03T16:00:00Z"}]
            """);
        await PostAsync(ci, "/api/v1/incidents",
            """{"id":"INC-2","service":"payments","title":"Checkout errors","started_at":"2026-03-03T19:00:00Z","resolved_at":"2026-03-03T20:00:00Z"}""");
        return repo;
    }

    private static async Task PostAsync(HttpClient client, string path, string json)
    {
        var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
