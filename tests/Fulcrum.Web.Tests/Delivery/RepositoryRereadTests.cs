using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>
/// Registered repositories are read again on a schedule, as jobs (ADR 0013): what a clone gained
/// since `fulcrum delivery ingest` arrives without another ingest, release tags included, and a
/// clone that moved away fails its own job with the reason, on a queue a leader can read.
/// </summary>
public sealed class RepositoryRereadTests
{
    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_server_that_runs_jobs_reads_every_registered_repository_again_and_records_one_it_cannot(DatabaseEngine engine)
    {
        using var repo = new TestRepository();
        var c1 = repo.Commit("one", "2026-03-01T08:00:00Z");
        repo.Commit("two", "2026-03-02T08:00:00Z");
        repo.Tag("v1", c1, "2026-03-01T09:00:00Z");
        var gone = new TestRepository();
        gone.Commit("only", "2026-03-01T08:00:00Z");
        var database = TestDatabases.New(engine);
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;
        Assert.Equal(0, (await CliProcess.RunAsync(target, null, "db", "migrate")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(target, null, "delivery", "ingest", "--repo", repo.Path, "--service", "payments", "--release-tags", "v*")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(target, null, "delivery", "ingest", "--repo", gone.Path, "--service", "search")).ExitCode);

        // Meanwhile the clone gains a commit and a release tag, and the other clone is removed.
        var c3 = repo.Commit("three", "2026-03-03T08:00:00Z");
        repo.Tag("v2", c3, "2026-03-03T09:00:00Z");
        var gonePath = gone.Path;
        gone.Dispose();

        await using var server = await FulcrumServer.StartAsync(database, settings: new Dictionary<string, string?>
        {
            ["Fulcrum:Jobs:PollInterval"] = "00:00:00.1",
            ["Fulcrum:Delivery:RereadInterval"] = "00:01:00",
        });
        var jobs = await WaitForIngestsAsync(server, jobs => jobs.Count == 2 && jobs.All(j => j.State == JobStates.Succeeded || j.LastError is not null));

        var read = await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var service = await db.Services.SingleAsync(x => x.Name == "payments");
            return (Commits: await db.Repositories.Where(r => r.ServiceId == service.Id).SumAsync(r => r.CommitCount),
                Deployments: await db.Deployments.Where(d => d.ServiceId == service.Id).OrderBy(d => d.ExternalId).Select(d => d.ExternalId).ToListAsync());
        });
        Assert.Equal(3, read.Commits);
        Assert.Equal(2, read.Deployments.Count);
        Assert.Contains(read.Deployments, id => id.Contains("v2", StringComparison.Ordinal));
        Assert.Equal(JobStates.Succeeded, jobs[0].State);
        // The removed clone: its job failed with the path named, and waits to be tried again.
        Assert.Equal((JobStates.Queued, 1), (jobs[1].State, jobs[1].Attempts));
        Assert.Contains(gonePath, jobs[1].LastError);

        // A leader sees both on the queue.
        var leader = await server.CreateTokenAsync("lead@example.com", Fulcrum.Web.Features.Accounts.Roles.Leader);
        var queue = await server.CreateClient(leader).GetStringAsync("/api/v1/jobs");
        Assert.Contains(RepositoryReread.JobKind, queue);
        Assert.Contains(gonePath.Replace("\\", "\\\\", StringComparison.Ordinal), queue);
    }

    private static async Task<List<Job>> WaitForIngestsAsync(FulcrumServer server, Func<List<Job>, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var jobs = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Jobs.AsNoTracking()
                .Where(j => j.Kind == RepositoryIngestJob.JobKind).OrderBy(j => j.Payload).ToListAsync());
            if (condition(jobs) || DateTime.UtcNow > deadline)
            {
                return jobs;
            }
            await Task.Delay(100);
        }
    }
}
