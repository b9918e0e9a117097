using Fulcrum.Core.Delivery;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>
/// Delivery's background work, as jobs (ADR 0013): registered repositories are read again on a
/// schedule (what a clone gained since `fulcrum delivery ingest` arrives without another ingest,
/// release tags included, and a clone that moved away fails its own job with the reason, on a queue
/// a leader can read), and every service's attribution is rebuilt on a schedule (a narrower window
/// reaches the stored incident links).
/// </summary>
public sealed class DeliveryJobsTests
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
        var database = await ArrangeAsync(engine,
            ["delivery", "ingest", "--repo", repo.Path, "--service", "payments", "--release-tags", "v*"],
            ["delivery", "ingest", "--repo", gone.Path, "--service", "search"]);

        // Meanwhile the clone gains a commit and a release tag, and the other clone is removed.
        var c3 = repo.Commit("three", "2026-03-03T08:00:00Z");
        repo.Tag("v2", c3, "2026-03-03T09:00:00Z");
        var gonePath = gone.Path;
        gone.Dispose();

        await using var server = await StartAsync(database, ("Fulcrum:Delivery:RereadInterval", "00:01:00"));
        var jobs = await WaitForJobsAsync(server, RepositoryIngestJob.JobKind, jobs => jobs.Count == 2 && jobs.All(j => j.State == JobStates.Succeeded || j.LastError is not null));

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

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_new_attribution_window_reaches_stored_incidents_through_the_scheduled_rebuild(DatabaseEngine engine)
    {
        using var repo = new TestRepository();
        var sha = repo.Commit("one", "2026-03-01T08:00:00Z");
        using var files = new TemporaryFiles();
        var deployments = files.Write("deployments.csv",
            $"id,service,environment,sha,started_at,finished_at,result\nd1,payments,production,{sha},2026-03-01T09:00:00Z,2026-03-01T09:10:00Z,success\n");
        // Two days after the deployment: within the default window (3 days), outside an hour.
        var incidents = files.Write("incidents.csv",
            "id,service,started_at,resolved_at,severity,title,deployment_id,caused_by_sha\ni1,payments,2026-03-03T09:00:00Z,2026-03-03T10:00:00Z,sev2,Checkout errors,,\n");
        var database = await ArrangeAsync(engine,
            ["delivery", "ingest", "--repo", repo.Path, "--service", "payments"],
            ["delivery", "import", "deployments", deployments], ["delivery", "import", "incidents", incidents]);
        Assert.NotNull((await IncidentAsync(database)).DeploymentId);

        await using var server = await StartAsync(database, ("Fulcrum:Delivery:AttributionWindow", "01:00:00"));
        var jobs = await WaitForJobsAsync(server, AttributionJob.JobKind, jobs => jobs.Count == 1 && jobs[0].State == JobStates.Succeeded);

        Assert.Equal(JobStates.Succeeded, Assert.Single(jobs).State);
        var incident = await IncidentAsync(database);
        Assert.Null(incident.DeploymentId);
        Assert.Equal(IncidentLink.None, incident.Link);
    }

    /// <summary>A migrated database of <paramref name="engine"/> after the CLI commands given, each of which must succeed.</summary>
    private static async Task<DatabaseTarget> ArrangeAsync(DatabaseEngine engine, params string[][] commands)
    {
        var database = TestDatabases.New(engine);
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;
        foreach (var command in commands.Prepend(["db", "migrate"]))
        {
            var run = await CliProcess.RunAsync(target, null, command);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', command)}: {run.Output}{run.Error}");
        }
        return database;
    }

    /// <summary>A server that polls for jobs every 0.1 s, with <paramref name="setting"/>.</summary>
    private static Task<FulcrumServer> StartAsync(DatabaseTarget database, (string Key, string Value) setting) =>
        FulcrumServer.StartAsync(database, settings: new Dictionary<string, string?>
        {
            ["Fulcrum:Jobs:PollInterval"] = "00:00:00.1",
            [setting.Key] = setting.Value,
        });

    private static async Task<List<Job>> WaitForJobsAsync(FulcrumServer server, string kind, Func<List<Job>, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var jobs = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Jobs.AsNoTracking()
                .Where(j => j.Kind == kind).OrderBy(j => j.Payload).ToListAsync());
            if (condition(jobs) || DateTime.UtcNow > deadline)
            {
                return jobs;
            }
            await Task.Delay(100);
        }
    }

    private static async Task<Incident> IncidentAsync(DatabaseTarget database)
    {
        await using var db = Data.SchemaDescription.Open(database);
        return await db.Incidents.AsNoTracking().SingleAsync();
    }

    private sealed class TemporaryFiles : IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("fulcrum-attribution-").FullName;

        public string Write(string name, string text)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }
}
