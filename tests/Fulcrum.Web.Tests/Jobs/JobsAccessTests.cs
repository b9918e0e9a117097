using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Hosting;
using Fulcrum.Web.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Jobs;

/// <summary>Leaders see the queue: the page, the API and <c>fulcrum jobs list</c>; members do not.</summary>
public sealed class JobsAccessTests
{
    [Fact]
    public async Task Leaders_see_the_queue_on_the_page_and_the_API_and_members_are_refused()
    {
        await using var server = await FulcrumServer.StartAsync(role: ServerRole.Web);
        await FailedJobAsync(server);
        var leaderToken = await server.CreateTokenAsync("lead@example.com", Roles.Leader);
        var memberToken = await server.CreateTokenAsync("member@example.com", Roles.Member);
        using var leader = server.CreateClient(leaderToken);
        using var member = server.CreateClient(memberToken);
        using var leaderBrowser = server.CreateClient();
        await FulcrumServer.LogInAsync(leaderBrowser, "lead@example.com");
        using var memberBrowser = server.CreateClient();
        await FulcrumServer.LogInAsync(memberBrowser, "member@example.com");

        var jobs = await leader.GetFromJsonAsync<JsonElement>("/api/v1/jobs");
        var queued = await leader.GetFromJsonAsync<JsonElement>("/api/v1/jobs?state=queued");
        var unknownState = await leader.GetAsync("/api/v1/jobs?state=stuck");
        var memberApi = await member.GetAsync("/api/v1/jobs");
        var page = WebUtility.HtmlDecode(await leaderBrowser.GetStringAsync("/jobs"));
        var memberPage = await memberBrowser.GetAsync("/jobs");
        var memberHome = await memberBrowser.GetStringAsync("/");

        Assert.Equal(2, jobs.GetArrayLength());
        var failed = jobs.EnumerateArray().Single(j => j.GetProperty("key").GetString() == "broken");
        Assert.Equal(("calendar-refresh", "queued", 1, "node-a", "HttpRequestException: The calendar server answered 500."),
            (failed.GetProperty("kind").GetString(), failed.GetProperty("state").GetString(), failed.GetProperty("attempts").GetInt32(),
                failed.GetProperty("node").GetString(), failed.GetProperty("lastError").GetString()));
        Assert.Equal(2, queued.GetArrayLength());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownState.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, memberApi.StatusCode);
        Assert.Contains("<h1>Background jobs</h1>", page);
        Assert.Contains("HttpRequestException: The calendar server answered 500.", page);
        Assert.Contains("node-a", page);
        Assert.Contains("href=\"/jobs\"", page);
        Assert.Equal(HttpStatusCode.Redirect, memberPage.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", memberPage.Headers.Location?.PathAndQuery);
        Assert.DoesNotContain("href=\"/jobs\"", memberHome);
    }

    [Fact]
    public async Task Fulcrum_jobs_list_prints_the_queue_as_a_table_or_JSON_and_refuses_an_unknown_state()
    {
        var database = TestDatabases.NewSqlite();
        await using (var server = await FulcrumServer.StartAsync(database, role: ServerRole.Web))
        {
            await FailedJobAsync(server);
        }
        var path = database.ConnectionString.Split('=', ';')[1];

        var table = await CliProcess.RunAsync(path, null, "jobs", "list");
        var json = await CliProcess.RunAsync(path, null, "jobs", "list", "--state", "queued", "--format", "json");
        var none = await CliProcess.RunAsync(path, null, "jobs", "list", "--state", "failed");
        var unknown = await CliProcess.RunAsync(path, null, "jobs", "list", "--state", "stuck");

        Assert.Equal(0, table.ExitCode);
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("LAST ERROR", lines[0]);
        Assert.Contains(lines, l => l.Contains("calendar-refresh") && l.Contains("queued") && l.Contains("node-a")
            && l.EndsWith("HttpRequestException: The calendar server answered 500.", StringComparison.Ordinal));
        Assert.Equal(0, json.ExitCode);
        var listed = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(["broken", "fresh"], listed.EnumerateArray().Select(j => j.GetProperty("key").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("No jobs.", none.Output.Trim());
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("stuck", unknown.Error);
    }

    /// <summary>Two queued calendar refreshes, one of which failed once on node-a.</summary>
    private static Task<int> FailedJobAsync(FulcrumServer server) => server.WithServicesAsync(async s =>
    {
        var queue = s.GetRequiredService<JobQueue>();
        await queue.EnqueueAsync("calendar-refresh", "broken");
        var job = await queue.ClaimAsync("node-a");
        await queue.FailedAsync(job!, "node-a", "HttpRequestException: The calendar server answered 500.");
        await queue.EnqueueAsync("calendar-refresh", "fresh");
        return 0;
    });
}
