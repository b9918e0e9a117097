using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>A hand-built history, deployments and incidents through the real server and database,
/// with lead times known to the minute.</summary>
public sealed class DeliveryPipelineTests
{
    private static async Task<(FulcrumServer Server, HttpClient Ci, TestRepository Repo, Dictionary<string, string> Sha)> ArrangeAsync(DatabaseEngine engine)
    {
        var repo = new TestRepository();
        var sha = new Dictionary<string, string>
        {
            ["old"] = repo.Commit("years ago", "2024-01-01T00:00:00Z"),
            ["v1"] = repo.Commit("first release", "2026-03-01T08:00:00Z"),
        };
        repo.Branch("feature");
        sha["f1"] = repo.Commit("feature", "2026-03-02T09:00:00Z");
        repo.Checkout("main");
        sha["m1"] = repo.Commit("main work", "2026-03-02T10:00:00Z");
        sha["merge"] = repo.Merge("feature", "2026-03-02T11:00:00Z");
        sha["fix"] = repo.Commit("fix", "2026-03-03T12:00:00Z");

        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        var report = await server.WithServicesAsync(s => s.GetRequiredService<DeliveryIngest>().IngestAsync(repo.Path, "payments"));
        Assert.Equal(6, report.NewCommits);
        return (server, ci, repo, sha);
    }

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static string Deployment(string id, string sha, string finished, string environment = "production", string result = "success") =>
        $$"""{"id":"{{id}}","service":"payments","environment":"{{environment}}","sha":"{{sha}}","finished_at":"{{finished}}","result":"{{result}}"}""";

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Lead_times_follow_ancestry_and_history_before_the_first_deployment_is_cut_off(DatabaseEngine engine)
    {
        var (server, ci, repo, sha) = await ArrangeAsync(engine);
        await using var running = server;
        using var _ = repo;

        var deployed = await PostJsonAsync(ci, "/api/v1/deployments", $"""
            [{Deployment("d1", sha["v1"], "2026-03-01T09:00:00Z")},
             {Deployment("d2", sha["merge"], "2026-03-02T13:00:00Z")},
             {Deployment("d3", sha["v1"], "2026-03-02T15:00:00Z")},
             {Deployment("d4", sha["fix"], "2026-03-03T13:00:00Z")},
             {Deployment("s1", sha["fix"], "2026-03-03T12:30:00Z", environment: "staging")}]
            """);
        Assert.Equal("""{"created":5,"updated":0}""", await deployed.Content.ReadAsStringAsync());

        var lead = await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            return await (from change in db.ShippedChanges
                          join commit in db.Commits on change.CommitId equals commit.Id
                          join deployment in db.Deployments on change.DeploymentId equals deployment.Id
                          select new { commit.Sha, deployment.ExternalId, change.LeadTimeHours }).ToListAsync();
        });
        var byCommit = lead.ToDictionary(l => l.Sha);
        Assert.Equal(4, lead.Count); // "old" and "v1" are cut off
        Assert.Equal(("d2", 4.0), (byCommit[sha["f1"]].ExternalId, byCommit[sha["f1"]].LeadTimeHours));
        Assert.Equal(("d2", 3.0), (byCommit[sha["m1"]].ExternalId, byCommit[sha["m1"]].LeadTimeHours));
        Assert.Equal(("d2", 2.0), (byCommit[sha["merge"]].ExternalId, byCommit[sha["merge"]].LeadTimeHours));
        Assert.Equal(("d4", 1.0), (byCommit[sha["fix"]].ExternalId, byCommit[sha["fix"]].LeadTimeHours));
        var rollback = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Deployments.Where(d => d.IsRollback).Select(d => d.ExternalId).ToListAsync());
        Assert.Equal(["d3"], rollback);

        var report = await ci.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report?service=payments&since=2026-03-02&until=2026-03-04");
        var leadTime = report.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "change_lead_time");
        Assert.Equal(2.5, leadTime.GetProperty("value").GetDouble());  // median of 4, 3, 2, 1 hours
        Assert.Equal(4, leadTime.GetProperty("sampleSize").GetInt32());
        var coverage = report.GetProperty("coverage");
        Assert.Equal((4, 4), (coverage.GetProperty("commitsInWindow").GetInt32(), coverage.GetProperty("commitsShipped").GetInt32()));
        var early = await ci.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report?service=payments&since=2024-01-01&until=2026-03-02");
        // "years ago" and "first release" were made then, and cut off: not shipped by a measured deployment.
        Assert.Equal((2, 0), (early.GetProperty("coverage").GetProperty("commitsInWindow").GetInt32(), early.GetProperty("coverage").GetProperty("commitsShipped").GetInt32()));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Later_imports_move_commits_to_an_earlier_deployment_and_update_changed_finish_times(DatabaseEngine engine)
    {
        var (server, ci, repo, sha) = await ArrangeAsync(engine);
        await using var running = server;
        using var _ = repo;
        async Task<Dictionary<string, (string Deployment, double Hours)>> ShippedAsync() =>
            (await server.WithServicesAsync(async s =>
            {
                var db = s.GetRequiredService<FulcrumDbContext>();
                return await (from change in db.ShippedChanges
                              join commit in db.Commits on change.CommitId equals commit.Id
                              join deployment in db.Deployments on change.DeploymentId equals deployment.Id
                              select new { commit.Sha, deployment.ExternalId, change.LeadTimeHours }).ToListAsync();
            })).ToDictionary(l => l.Sha, l => (l.ExternalId, l.LeadTimeHours));

        (await PostJsonAsync(ci, "/api/v1/deployments", $"""
            [{Deployment("d1", sha["v1"], "2026-03-01T09:00:00Z")}, {Deployment("d4", sha["fix"], "2026-03-03T13:00:00Z")}]
            """)).EnsureSuccessStatusCode();
        var first = await ShippedAsync();
        Assert.Equal(("d4", 28.0), first[sha["f1"]]);
        Assert.Equal(("d4", 1.0), first[sha["fix"]]);

        // A deployment between them, reported late: the merged work was shipped by it, not by d4.
        (await PostJsonAsync(ci, "/api/v1/deployments", $"[{Deployment("d2", sha["merge"], "2026-03-02T13:00:00Z")}]")).EnsureSuccessStatusCode();
        var second = await ShippedAsync();
        Assert.Equal(("d2", 4.0), second[sha["f1"]]);
        Assert.Equal(("d2", 3.0), second[sha["m1"]]);
        Assert.Equal(("d2", 2.0), second[sha["merge"]]);
        Assert.Equal(("d4", 1.0), second[sha["fix"]]);

        // The same deployment sent again with a corrected finish time.
        (await PostJsonAsync(ci, "/api/v1/deployments", $"[{Deployment("d2", sha["merge"], "2026-03-02T14:30:00Z")}]")).EnsureSuccessStatusCode();
        var third = await ShippedAsync();
        Assert.Equal(("d2", 5.5), third[sha["f1"]]);
        Assert.Equal(("d2", 3.5), third[sha["merge"]]);
        Assert.Equal(4, third.Count);

        // A new commit that nothing has shipped yet leaves every lead time as it was.
        repo.Commit("not deployed yet", "2026-03-04T00:00:00Z");
        await server.WithServicesAsync(s => s.GetRequiredService<DeliveryIngest>().IngestAsync(repo.Path, "payments"));
        Assert.Equal(third, await ShippedAsync());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Incidents_are_linked_explicitly_by_sha_or_suspected_with_a_reason(DatabaseEngine engine)
    {
        var (server, ci, repo, sha) = await ArrangeAsync(engine);
        await using var running = server;
        using var _ = repo;
        await PostJsonAsync(ci, "/api/v1/deployments", $"""
            [{Deployment("d1", sha["v1"], "2026-03-01T09:00:00Z")},
             {Deployment("d2", sha["merge"], "2026-03-02T13:00:00Z")},
             {Deployment("d4", sha["fix"], "2026-03-03T13:00:00Z")}]
            """);

        var response = await PostJsonAsync(ci, "/api/v1/incidents", $$"""
            [{"id":"INC-1","service":"payments","started_at":"2026-03-02T14:00:00Z","resolved_at":"2026-03-02T16:00:00Z","caused_by_sha":"{{sha["f1"]}}"},
             {"id":"INC-2","service":"payments","started_at":"2026-03-03T19:00:00Z","resolved_at":"2026-03-03T20:00:00Z"},
             {"id":"INC-3","service":"payments","started_at":"2026-03-10T00:00:00Z"}]
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var incidents = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Incidents
            .OrderBy(i => i.ExternalId).Select(i => new { i.ExternalId, Deployment = i.Deployment!.ExternalId, i.Link, i.Confidence, i.AttributionReason }).ToListAsync());
        Assert.Equal(("d2", Fulcrum.Core.Delivery.IncidentLink.Confirmed), (incidents[0].Deployment, incidents[0].Link));
        Assert.Equal(("d4", Fulcrum.Core.Delivery.IncidentLink.Suspected, 0.71), (incidents[1].Deployment, incidents[1].Link, incidents[1].Confidence));
        Assert.Equal("The last production deployment of payments finished 6 h 0 min before the incident began.", incidents[1].AttributionReason);
        Assert.Null(incidents[2].Deployment);
        Assert.StartsWith("No production deployment of payments finished in the 72 hours", incidents[2].AttributionReason);
    }

    [Fact]
    public async Task A_retried_webhook_changes_nothing_and_bad_records_are_named()
    {
        var (server, ci, repo, sha) = await ArrangeAsync(DatabaseEngine.Sqlite);
        await using var running = server;
        using var _ = repo;
        var body = Deployment("build-77", sha["fix"], "2026-03-03T13:00:00Z");

        var first = await PostJsonAsync(ci, "/api/v1/deployments", body);
        var retry = await PostJsonAsync(ci, "/api/v1/deployments", body);
        var unknownSha = await PostJsonAsync(ci, "/api/v1/deployments", Deployment("x1", "0123456789abcdef0123456789abcdef01234567", "2026-03-03T13:00:00Z"));
        var badTime = await PostJsonAsync(ci, "/api/v1/deployments", Deployment("x2", sha["fix"], "last tuesday"));
        var unknownService = await PostJsonAsync(ci, "/api/v1/incidents", """{"id":"I1","service":"nope","started_at":"2026-03-03T13:00:00Z"}""");
        var backwards = await PostJsonAsync(ci, "/api/v1/incidents", """{"id":"I2","service":"payments","started_at":"2026-03-03T13:00:00Z","resolved_at":"2026-03-03T12:00:00Z"}""");
        var notJson = await PostJsonAsync(ci, "/api/v1/deployments", "{\"id\": ");

        Assert.Equal("""{"created":1,"updated":0}""", await first.Content.ReadAsStringAsync());
        Assert.Equal("""{"created":0,"updated":1}""", await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownSha.StatusCode);
        Assert.Contains("record 1, column 'sha': commit 0123456789abcdef0123456789abcdef01234567 is not in payments's history", await unknownSha.Content.ReadAsStringAsync());
        Assert.Contains("'last tuesday' is not an ISO 8601 time", await badTime.Content.ReadAsStringAsync());
        Assert.Contains("no service named 'nope'", await unknownService.Content.ReadAsStringAsync());
        Assert.Contains("the incident resolves before it starts", await backwards.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var count = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Deployments.CountAsync());
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task An_oversized_webhook_body_gets_413_and_nothing_is_stored()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Member));
        var huge = "[" + string.Join(',', Enumerable.Repeat("""{"id":"x"}""", 600_000)) + "]";

        var response = await PostJsonAsync(ci, "/api/v1/deployments", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Send at most 5 MB per call", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Webhooks_need_a_valid_token()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var anonymous = server.CreateClient();
        using var forged = server.CreateClient("fulcrum_" + new string('x', 40));

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostJsonAsync(anonymous, "/api/v1/deployments", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostJsonAsync(forged, "/api/v1/incidents", "{}")).StatusCode);
    }

    [Fact]
    public async Task Release_tags_matching_the_pattern_become_production_deployments_dated_by_the_tag()
    {
        using var repo = new TestRepository();
        var v1 = repo.Commit("first", "2026-03-01T08:00:00Z");
        repo.Tag("v1.0", v1, "2026-03-01T09:00:00Z");
        var change = repo.Commit("change", "2026-03-02T08:00:00Z");
        repo.Git("tag", "v1.1", change);                 // lightweight: dated by its commit
        repo.Git("tag", "nightly-42", change);           // does not match
        await using var server = await FulcrumServer.StartAsync();

        var report = await server.WithServicesAsync(s => s.GetRequiredService<DeliveryIngest>().IngestAsync(repo.Path, "app", default, "v*"));
        var again = await server.WithServicesAsync(s => s.GetRequiredService<DeliveryIngest>().IngestAsync(repo.Path, "app", default, "v*"));

        Assert.Equal(2, report.TaggedDeployments);
        Assert.False(again.Changed);
        var deployments = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Deployments
            .OrderBy(d => d.ExternalId).Select(d => new { d.ExternalId, d.Sha, d.Source, d.Environment, d.FinishedAt }).ToListAsync());
        Assert.Equal(["tag:v1.0", "tag:v1.1"], deployments.Select(d => d.ExternalId));
        Assert.Equal(change, deployments[1].Sha);
        Assert.Equal(new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc), deployments[1].FinishedAt);
        Assert.All(deployments, d => Assert.Equal(("tag", "production"), (d.Source, d.Environment)));
        var lead = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().ShippedChanges.Select(c => c.LeadTimeHours).SingleAsync());
        Assert.Equal(0, lead); // the change was tagged as it was committed
    }

    [Fact]
    public async Task Tags_asked_for_after_the_history_was_read_still_become_deployments()
    {
        using var repo = new TestRepository();
        var v1 = repo.Commit("first", "2026-03-01T08:00:00Z");
        repo.Tag("v1.0", v1, "2026-03-01T09:00:00Z");
        await using var server = await FulcrumServer.StartAsync();
        Task<IngestReport> IngestAsync(string? tags) => server.WithServicesAsync(s => s.GetRequiredService<DeliveryIngest>().IngestAsync(repo.Path, "app", default, tags));

        var plain = await IngestAsync(null);
        var withTags = await IngestAsync("v*");
        var again = await IngestAsync("v*");

        Assert.Equal((1, 0), (plain.NewCommits, plain.TaggedDeployments));
        Assert.Equal((0, 1, true), (withTags.NewCommits, withTags.TaggedDeployments, withTags.Changed));
        Assert.Equal((0, false), (again.TaggedDeployments, again.Changed));
    }

    [Fact]
    public async Task A_leader_reads_new_commits_from_the_delivery_page_and_a_member_gets_no_button()
    {
        var (server, _, repo, _) = await ArrangeAsync(DatabaseEngine.Sqlite);
        await using var running = server;
        using var __ = repo;
        await server.CreateUserAsync("lead@example.com", Roles.Leader);
        await server.CreateUserAsync("member@example.com", Roles.Member);
        using var leader = server.CreateClient();
        using var member = server.CreateClient();
        await FulcrumServer.LogInAsync(leader, "lead@example.com");
        await FulcrumServer.LogInAsync(member, "member@example.com");
        const string url = "/delivery?scope=service:payments&since=2026-03-01&until=2026-03-31";
        repo.Commit("one more", "2026-03-05T00:00:00Z");

        var page = await leader.GetStringAsync(url);
        var response = await leader.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "reingest",
            ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(page),
        }));

        Assert.Contains("Read new commits from 1 repository", page);
        Assert.Contains($"Read 1 new commit from {repo.Path} (7 in all).", System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.DoesNotContain("Read new commits", await member.GetStringAsync(url));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_second_ingest_reads_only_new_commits_and_an_unchanged_repository_is_left_alone(DatabaseEngine engine)
    {
        var (server, _, repo, sha) = await ArrangeAsync(engine);
        await using var running = server;
        using var __ = repo;
        var ingest = () => server.WithServicesAsync(s => s.GetRequiredService<DeliveryIngest>().IngestAsync(repo.Path, "payments"));

        var unchanged = await ingest();
        repo.Commit("one more", "2026-03-04T00:00:00Z");
        var next = await ingest();

        Assert.False(unchanged.Changed);
        Assert.Equal((true, 1, 7), (next.Changed, next.NewCommits, next.TotalCommits));
    }
}
