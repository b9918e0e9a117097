using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Hosting;
using Fulcrum.Web.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Jobs;

/// <summary>Jobs run by real nodes' workers (ADR 0013): several nodes on one PostgreSQL database, a node that dies, a job that fails.</summary>
public sealed class JobWorkerTests
{
    [Fact]
    public async Task A_job_enqueued_once_runs_once_with_three_workers_on_one_PostgreSQL_database()
    {
        var database = TestDatabases.NewPostgres();
        var record = new RecordingJobs();
        var nodes = new List<FulcrumServer>();
        try
        {
            // One after another: the first migrates the database, the others find it current.
            for (var i = 0; i < 3; i++)
            {
                nodes.Add(await FulcrumServer.StartAsync(database, settings: RecordingJobs.Settings(), services: record.Register));
            }
            var queued = new List<bool>();
            for (var i = 0; i < 30; i++)
            {
                // Every node enqueues the same key, as periodic jobs are: one row each.
                foreach (var node in nodes)
                {
                    queued.Add(await RecordingJobs.EnqueueAsync(node, $"job-{i}"));
                }
            }

            var jobs = await RecordingJobs.WaitForAsync(nodes[0], jobs => jobs.Count == 30 && jobs.All(j => j.State == JobStates.Succeeded));
            await Task.Delay(500);

            Assert.Equal(30, queued.Count(q => q));
            Assert.All(jobs, j => Assert.Equal((JobStates.Succeeded, 1), (j.State, j.Attempts)));
            Assert.Equal(jobs.Select(j => j.Id).Order(), record.Runs.Select(r => r.Job).Order());
            var nodeIds = nodes.Select(n => n.App.Services.GetRequiredService<JobNode>().Id).ToList();
            Assert.All(jobs, j => Assert.Contains(j.Node, nodeIds));
            Assert.All(record.Runs, r => Assert.Equal(jobs.Single(j => j.Id == r.Job).Node, r.Node));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_job_on_a_killed_worker_is_retried_by_another_node_after_its_lease_expires()
    {
        var database = TestDatabases.NewPostgres();
        var record = new RecordingJobs();
        var settings = RecordingJobs.Settings(lease: "00:00:02");
        int claimedId;
        DateTime claimedAt;
        // Node A claims the job and dies without finishing it: nothing is released, its lease just runs out.
        await using (var a = await FulcrumServer.StartAsync(database, settings: settings, role: ServerRole.Web))
        {
            await RecordingJobs.EnqueueAsync(a, "orphan");
            var job = await a.WithServicesAsync(s => s.GetRequiredService<JobQueue>().ClaimAsync("node-a"));
            (claimedId, claimedAt) = (job!.Id, job.StartedAt!.Value);
        }
        await using var b = await FulcrumServer.StartAsync(database, settings: settings, services: record.Register);

        var jobs = await RecordingJobs.WaitForAsync(b, jobs => jobs.Single().State == JobStates.Succeeded);

        var retried = Assert.Single(jobs);
        Assert.Equal(claimedId, retried.Id);
        Assert.Equal(JobStates.Succeeded, retried.State);
        Assert.Equal(2, retried.Attempts);
        Assert.Equal(b.App.Services.GetRequiredService<JobNode>().Id, retried.Node);
        Assert.True(retried.StartedAt >= claimedAt.AddSeconds(2), $"claimed at {claimedAt:O}, taken over at {retried.StartedAt:O}");
        Assert.Equal(claimedId, Assert.Single(record.Runs).Job);
    }

    [Fact]
    public async Task A_failing_job_is_recorded_with_its_error_and_queued_again_after_a_back_off()
    {
        var record = new RecordingJobs();
        await using var server = await FulcrumServer.StartAsync(settings: RecordingJobs.Settings(), services: record.Register);

        await RecordingJobs.EnqueueAsync(server, "broken", payload: "fail");
        var jobs = await RecordingJobs.WaitForAsync(server, jobs => jobs.Single().LastError is not null);

        var failed = Assert.Single(jobs);
        Assert.Equal((JobStates.Queued, 1), (failed.State, failed.Attempts));
        Assert.Equal("InvalidOperationException: The test's job failed on purpose.", failed.LastError);
        Assert.InRange(failed.RunAfter - failed.StartedAt!.Value, TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(61));
        Assert.Empty(record.Runs);
    }

    [Fact]
    public async Task A_web_node_runs_no_jobs()
    {
        var record = new RecordingJobs();
        await using var server = await FulcrumServer.StartAsync(settings: RecordingJobs.Settings(), role: ServerRole.Web, services: record.Register);

        await RecordingJobs.EnqueueAsync(server, "waiting");
        await Task.Delay(1000);

        Assert.Equal(JobStates.Queued, Assert.Single(await RecordingJobs.JobsAsync(server)).State);
        Assert.Empty(record.Runs);
    }

    [Fact]
    public async Task Serve_refuses_an_unknown_role_naming_the_roles_it_knows()
    {
        var database = TestDatabases.NewSqlite().ConnectionString.Split('=', ';')[1];

        var refused = await CliProcess.RunAsync(database, null, "serve", "--role", "batch", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Argument 'batch' not recognized. Must be one of:", refused.Error);
        Assert.Equal(["'all'", "'web'", "'worker'"], refused.Error.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith('\'')));
        Assert.False(File.Exists(database));
    }
}
