using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Delivery;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>
/// What the report says about a deployment — failed, rework, boring, rolled back — and which
/// deployment an incident is pinned on, as docs/delivery.md defines them, through the real server.
/// </summary>
public sealed class DeliveryVerdictTests
{
    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static string Deployment(string id, string sha, string finished) =>
        $$"""{"id":"{{id}}","service":"payments","environment":"production","sha":"{{sha}}","finished_at":"{{finished}}","result":"success"}""";

    private static JsonElement Metric(JsonElement report, string name) =>
        report.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == name);

    private static async Task<(FulcrumServer Server, HttpClient Ci)> StartAsync(TestRepository repo, DatabaseEngine engine = DatabaseEngine.Sqlite)
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        await server.WithServicesAsync(s => s.GetRequiredService<DeliveryIngest>().IngestAsync(repo.Path, "payments"));
        return (server, ci);
    }

    /// <summary>
    /// Property: a deployment's verdicts do not depend on the window it is seen through. Three
    /// deployments (D1, D2 and the rollback D3) are seen through twenty windows that all contain
    /// exactly them, starting and ending at different places around the facts their verdicts rest
    /// on: the rollback's anchor a month earlier, an incident open since a week before them, and an
    /// incident linked to D1 that begins long after them. Every window must give the same figures.
    /// </summary>
    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_deployment_gets_the_same_verdicts_in_every_window_that_contains_it(DatabaseEngine engine)
    {
        using var repo = new TestRepository();
        var a = repo.Commit("a", "2026-01-01T08:00:00Z");
        var b = repo.Commit("b", "2026-02-02T08:00:00Z");
        var c = repo.Commit("c", "2026-02-02T12:00:00Z");
        var (server, ci) = await StartAsync(repo, engine);
        await using var running = server;
        using var _ = ci;
        (await PostJsonAsync(ci, "/api/v1/deployments", $"""
            [{Deployment("D0", a, "2026-01-01T10:00:00Z")},
             {Deployment("D1", b, "2026-02-02T10:00:00Z")},
             {Deployment("D2", c, "2026-02-02T14:00:00Z")},
             {Deployment("D3", a, "2026-02-03T10:00:00Z")}]
            """)).EnsureSuccessStatusCode();
        (await PostJsonAsync(ci, "/api/v1/incidents", """
            [{"id":"long","service":"payments","started_at":"2026-01-25T00:00:00Z","resolved_at":"2026-02-03T12:00:00Z"},
             {"id":"late","service":"payments","started_at":"2026-02-20T00:00:00Z","resolved_at":"2026-02-20T02:00:00Z","deployment_id":"D1"}]
            """)).EnsureSuccessStatusCode();

        string[] starts = ["2026-01-02", "2026-01-20", "2026-02-01", "2026-02-02T09:00:00Z"];
        string[] ends = ["2026-02-10T11:00:00Z", "2026-02-15", "2026-02-20T01:00:00Z", "2026-03-01", "2026-06-01"];
        foreach (var since in starts)
        {
            foreach (var until in ends)
            {
                var report = await ci.GetFromJsonAsync<JsonElement>($"/api/v1/delivery/report?service=payments&since={since}&until={until}");
                var window = $"[{since}, {until})";
                Assert.Equal(3, report.GetProperty("coverage").GetProperty("deployments").GetInt32());

                // Failed: D1, whose linked incident begins after many of these windows end.
                var failure = Metric(report, "change_failure_rate");
                Assert.True(1 == failure.GetProperty("details").GetProperty("failed_deployments").GetDouble(), $"failed deployments in {window}");
                Assert.True(1 == failure.GetProperty("details").GetProperty("confirmed_links").GetDouble(), $"confirmed links in {window}");
                // Rework: all three finished while "long" was open, which began before many of these windows.
                Assert.True(3 == Metric(report, "deployment_rework_rate").GetProperty("details").GetProperty("rework_deployments").GetDouble(), $"rework in {window}");
                // Boring: D3 returned to D0's sha, undoing D1 and D2, whatever the window's start.
                var boring = Metric(report, "boring_launch_rate").GetProperty("details");
                Assert.True((1.0, 2.0, 0.0, 0.0) == (boring.GetProperty("boring").GetDouble(), boring.GetProperty("rolled_back").GetDouble(),
                    boring.GetProperty("with_incident").GetDouble(), boring.GetProperty("too_recent").GetDouble()), $"boring launches in {window}");
                var lead = Metric(report, "change_lead_time");
                Assert.True((2.0, 2) == (lead.GetProperty("value").GetDouble(), lead.GetProperty("sampleSize").GetInt32()), $"lead time in {window}");
            }
        }
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_causing_commit_shipped_by_the_first_deployment_links_the_incident_to_it(DatabaseEngine engine)
    {
        using var repo = new TestRepository();
        var old = repo.Commit("years ago", "2024-01-01T00:00:00Z");
        var v1 = repo.Commit("first release", "2026-03-01T08:00:00Z");
        var fix = repo.Commit("fix", "2026-03-02T08:00:00Z");
        var (server, ci) = await StartAsync(repo, engine);
        await using var running = server;
        using var _ = ci;
        (await PostJsonAsync(ci, "/api/v1/deployments", $"""
            [{Deployment("d1", v1, "2026-03-01T09:00:00Z")}, {Deployment("d2", fix, "2026-03-02T09:00:00Z")}]
            """)).EnsureSuccessStatusCode();

        (await PostJsonAsync(ci, "/api/v1/incidents", $$"""
            [{"id":"INC-1","service":"payments","started_at":"2026-03-01T12:00:00Z","resolved_at":"2026-03-01T13:00:00Z","caused_by_sha":"{{v1}}"},
             {"id":"INC-2","service":"payments","started_at":"2026-03-01T15:00:00Z","resolved_at":"2026-03-01T16:00:00Z","caused_by_sha":"{{old}}"}]
            """)).EnsureSuccessStatusCode();

        var incidents = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Incidents.OrderBy(i => i.ExternalId)
            .Select(i => new { Deployment = i.Deployment!.ExternalId, i.Link, i.AttributionReason }).ToListAsync());
        Assert.All(incidents, i => Assert.Equal(("d1", IncidentLink.Confirmed), (i.Deployment, i.Link)));
        Assert.Equal($"The causing commit {v1[..10]} was first shipped by this deployment.", incidents[0].AttributionReason);
        var report = await ci.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report?service=payments&since=2026-03-01&until=2026-03-02");
        var failure = Metric(report, "change_failure_rate");
        Assert.Equal(1.0, failure.GetProperty("value").GetDouble());
        Assert.Equal(2, failure.GetProperty("details").GetProperty("confirmed_links").GetDouble());
        Assert.Equal(2, report.GetProperty("coverage").GetProperty("incidentsConfirmed").GetInt32());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_roll_forward_is_not_a_rollback_and_deployments_that_ship_no_code_are_not_suspects(DatabaseEngine engine)
    {
        using var repo = new TestRepository();
        var a = repo.Commit("a", "2026-04-01T00:00:00Z");
        var b = repo.Commit("b", "2026-04-02T00:00:00Z");
        var (server, ci) = await StartAsync(repo, engine);
        await using var running = server;
        using var _ = ci;
        (await PostJsonAsync(ci, "/api/v1/deployments", $"""
            [{Deployment("d1", a, "2026-04-01T01:00:00Z")},
             {Deployment("d2", b, "2026-04-02T01:00:00Z")},
             {Deployment("d3", a, "2026-04-02T05:00:00Z")},
             {Deployment("d4", b, "2026-04-03T01:00:00Z")},
             {Deployment("d5", b, "2026-04-03T02:00:00Z")}]
            """)).EnsureSuccessStatusCode();
        // d3 rolls back to a; d4 rolls forward to b again once fixed elsewhere; d5 re-runs d4's sha.
        (await PostJsonAsync(ci, "/api/v1/incidents", """
            [{"id":"INC-1","service":"payments","started_at":"2026-04-02T06:00:00Z","resolved_at":"2026-04-02T07:00:00Z"},
             {"id":"INC-2","service":"payments","started_at":"2026-04-03T05:00:00Z","resolved_at":"2026-04-03T06:00:00Z"}]
            """)).EnsureSuccessStatusCode();

        var rollbacks = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Deployments
            .Where(d => d.IsRollback).Select(d => d.ExternalId).ToListAsync());
        var incidents = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Incidents.OrderBy(i => i.ExternalId)
            .Select(i => new { Deployment = i.Deployment!.ExternalId, i.Link, i.AttributionReason }).ToListAsync());
        var report = await ci.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report?service=payments&since=2026-04-01&until=2026-04-20");

        Assert.Equal(["d3"], rollbacks);
        // INC-1 began after the rollback d3, which shipped no code: the suspect is d2, which d3 undid.
        Assert.Equal(("d2", IncidentLink.Suspected), (incidents[0].Deployment, incidents[0].Link));
        // INC-2 began after d5, a re-run of d4's sha: the suspect is d4, the roll-forward.
        Assert.Equal(("d4", IncidentLink.Suspected), (incidents[1].Deployment, incidents[1].Link));
        Assert.Equal("The last production deployment of payments finished 4 h 0 min before the incident began "
            + "(not counting 1 later deployment(s) that shipped no code: rollbacks or re-runs of the same commit).", incidents[1].AttributionReason);
        var boring = Metric(report, "boring_launch_rate");
        // Boring: d1, d3 (the rollback itself) and d5; d2 rolled back and followed by INC-1; d4 followed by INC-2.
        Assert.Equal((3.0, 1.0, 2.0), (boring.GetProperty("details").GetProperty("boring").GetDouble(),
            boring.GetProperty("details").GetProperty("rolled_back").GetDouble(), boring.GetProperty("details").GetProperty("with_incident").GetDouble()));
        Assert.Equal(0.6, boring.GetProperty("value").GetDouble(), 6);
    }
}
