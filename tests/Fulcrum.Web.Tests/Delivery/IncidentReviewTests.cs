using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Delivery;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>A leader's word on a suspected incident→deployment link, through the API and the page,
/// and what it does to the change failure rate.</summary>
public sealed class IncidentReviewTests
{
    private const string Window = "since=2026-03-02&until=2026-03-04";

    /// <summary>Two production deployments in the window (d2, d4); INC-2 starts 6 h after d4 and is suspected of it.</summary>
    private static async Task<(FulcrumServer Server, TestRepository Repo, long IncidentId)> ArrangeAsync(DatabaseEngine engine)
    {
        var repo = new TestRepository();
        var v1 = repo.Commit("first release", "2026-03-01T08:00:00Z");
        var work = repo.Commit("work", "2026-03-02T10:00:00Z");
        var fix = repo.Commit("fix", "2026-03-03T12:00:00Z");
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        await server.WithServicesAsync(s => s.GetRequiredService<Fulcrum.Web.Features.Delivery.DeliveryIngest>().IngestAsync(repo.Path, "payments"));
        await PostJsonAsync(ci, "/api/v1/deployments", $$"""
            [{"id":"d1","service":"payments","environment":"production","sha":"{{v1}}","finished_at":"2026-03-01T09:00:00Z","result":"success"},
             {"id":"d2","service":"payments","environment":"production","sha":"{{work}}","finished_at":"2026-03-02T13:00:00Z","result":"success"},
             {"id":"d4","service":"payments","environment":"production","sha":"{{fix}}","finished_at":"2026-03-03T13:00:00Z","result":"success"}]
            """);
        var posted = await PostJsonAsync(ci, "/api/v1/incidents",
            """{"id":"INC-2","service":"payments","title":"Checkout errors","started_at":"2026-03-03T19:00:00Z","resolved_at":"2026-03-03T20:00:00Z"}""");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Incidents.Where(i => i.ExternalId == "INC-2").Select(i => i.Id).SingleAsync());
        return (server, repo, id);
    }

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> FailureRateAsync(HttpClient client)
    {
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/v1/delivery/report?service=payments&{Window}");
        return report.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == DeliveryMetrics.ChangeFailureRate);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Confirming_a_suspected_link_makes_it_count_as_confirmed(DatabaseEngine engine)
    {
        var (server, repo, id) = await ArrangeAsync(engine);
        await using var running = server;
        using var _ = repo;
        using var leader = server.CreateClient(await server.CreateTokenAsync("lee@example.com", Roles.Leader));

        var before = await FailureRateAsync(leader);
        var confirmed = await leader.PostAsync($"/api/v1/incidents/{id}/confirm", null);
        var after = await FailureRateAsync(leader);
        var again = await leader.PostAsync($"/api/v1/incidents/{id}/confirm", null);

        Assert.Equal(0.5, before.GetProperty("value").GetDouble());
        Assert.Equal((0, 1, 0.0), Links(before));
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        Assert.Equal(0.5, after.GetProperty("value").GetDouble());
        Assert.Equal((1, 0, 0.5), Links(after));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var incident = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Incidents.SingleAsync(i => i.Id == id));
        Assert.Equal((IncidentLink.Confirmed, "lee@example.com"), (incident.Link, incident.ReviewedBy));
        Assert.NotNull(incident.ReviewedAt);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Rejecting_a_suspected_link_takes_the_failure_out_of_the_rate(DatabaseEngine engine)
    {
        var (server, repo, id) = await ArrangeAsync(engine);
        await using var running = server;
        using var _ = repo;
        using var leader = server.CreateClient(await server.CreateTokenAsync("lee@example.com", Roles.Leader));

        var rejected = await leader.PostAsync($"/api/v1/incidents/{id}/reject", null);
        var after = await FailureRateAsync(leader);

        Assert.Equal(HttpStatusCode.NoContent, rejected.StatusCode);
        Assert.Equal(0.0, after.GetProperty("value").GetDouble());
        Assert.Equal((0, 0, 0.0), Links(after));
        var incident = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Incidents.SingleAsync(i => i.Id == id));
        Assert.Equal((IncidentLink.None, (long?)null, "Rejected by lee@example.com"), (incident.Link, incident.DeploymentId, incident.AttributionReason));
    }

    [Fact]
    public async Task A_member_may_not_review_and_an_unknown_incident_is_not_found()
    {
        var (server, repo, id) = await ArrangeAsync(DatabaseEngine.Sqlite);
        await using var running = server;
        using var _ = repo;
        using var member = server.CreateClient(await server.CreateTokenAsync("mo@example.com", Roles.Member));
        using var leader = server.CreateClient(await server.CreateTokenAsync("lee@example.com", Roles.Leader));

        var forbidden = await member.PostAsync($"/api/v1/incidents/{id}/confirm", null);
        var unknown = await leader.PostAsync("/api/v1/incidents/987654/reject", null);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no incident with id 987654", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(0.5, (await FailureRateAsync(leader)).GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task The_page_shows_the_figures_and_a_leader_confirms_from_it_without_javascript()
    {
        var (server, repo, _) = await ArrangeAsync(DatabaseEngine.Sqlite);
        await using var running = server;
        using var __ = repo;
        await server.CreateUserAsync("lee@example.com", Roles.Leader);
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "lee@example.com");
        var url = "/delivery?scope=service:payments&since=2026-03-02&until=2026-03-03&bands=2024";

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(url));
        Assert.Contains("Service payments, 2 Mar 2026 to 3 Mar 2026", page);
        Assert.Contains("50 %", page);                          // change failure rate
        Assert.Contains("from 2 deployments", page);
        Assert.Contains("1 suspected link", page);
        Assert.Contains("100% of incidents are linked to a deployment (0 confirmed, 1 suspected)", page);
        Assert.Contains("INC-2", page);
        Assert.Contains("71 %", page);                          // confidence
        Assert.Contains("role=\"img\"", page);
        Assert.DoesNotContain("ci@example.com", page);          // no person data on a delivery page

        var id = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Incidents.Select(i => i.Id).SingleAsync());
        var posted = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "review",
            ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(page),
            ["Decision"] = $"confirm:{id}",
        }));
        var after = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Confirmed: INC-2 was caused by deployment d4.", after);
        Assert.Contains("Nothing to review", after);
        Assert.Contains("1 confirmed link, 0 suspected links", after);
        Assert.Contains("INC-2 (confirmed)", after);
    }

    [Fact]
    public async Task A_member_sees_the_queue_without_buttons_and_an_empty_organisation_gets_reasons_not_numbers()
    {
        var (server, repo, _) = await ArrangeAsync(DatabaseEngine.Sqlite);
        await using var running = server;
        using var __ = repo;
        await server.CreateUserAsync("mo@example.com", Roles.Member);
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "mo@example.com");

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/delivery?since=2026-03-02&until=2026-03-03"));
        var empty = WebUtility.HtmlDecode(await browser.GetStringAsync("/delivery?since=2025-01-01&until=2025-01-31"));

        Assert.Contains("INC-2", page);
        Assert.Contains("Leaders confirm or reject these links.", page);
        Assert.DoesNotContain(">Confirm<", page);
        Assert.Contains("No successful production deployments finished in this window.", empty);
        Assert.DoesNotContain("metric-value", empty);
    }

    private static (int Confirmed, int Suspected, double ConfirmedOnly) Links(JsonElement metric)
    {
        var details = metric.GetProperty("details");
        return (details.GetProperty("confirmed_links").GetInt32(), details.GetProperty("suspected_links").GetInt32(), details.GetProperty("rate_confirmed_only").GetDouble());
    }
}
