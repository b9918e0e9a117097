using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Jobs;

/// <summary>The queue itself (ADR 0013) on both engines, on a node that runs no jobs, with a clock the test moves.</summary>
public sealed class JobQueueTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_job_is_queued_once_per_key_claimed_by_one_node_and_taken_over_when_its_lease_runs_out(DatabaseEngine engine)
    {
        var clock = new TestClock(Start);
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine), clock: clock, role: ServerRole.Web,
            settings: new Dictionary<string, string?> { ["Fulcrum:Jobs:Lease"] = "00:01:00" });

        var first = await QueueAsync(server, q => q.EnqueueAsync("kind", "refresh@09:00"));
        var again = await QueueAsync(server, q => q.EnqueueAsync("kind", "refresh@09:00", "another payload"));
        await QueueAsync(server, q => q.EnqueueAsync("kind", "later", runAfter: Start.UtcDateTime.AddHours(1)));
        var claimed = await QueueAsync(server, q => q.ClaimAsync("node-a"));
        var nothingElseDue = await QueueAsync(server, q => q.ClaimAsync("node-b"));
        clock.Advance(TimeSpan.FromSeconds(61));
        var takenOver = await QueueAsync(server, q => q.ClaimAsync("node-b"));
        await QueueAsync(server, async q => { await q.SucceededAsync(claimed!.Id, "node-a"); return 0; });
        var stillRunning = (await QueueAsync(server, q => q.ListAsync(JobStates.Running))).Single();
        await QueueAsync(server, async q => { await q.SucceededAsync(takenOver!.Id, "node-b"); return 0; });
        var done = (await QueueAsync(server, q => q.ListAsync(JobStates.Succeeded))).Single();

        Assert.True(first);
        Assert.False(again);
        Assert.NotNull(claimed);
        Assert.Equal(("refresh@09:00", JobStates.Running, 1, "node-a", (string?)null), (claimed.Key, claimed.State, claimed.Attempts, claimed.Node, claimed.Payload));
        Assert.Equal(Start.UtcDateTime.AddMinutes(1), claimed.LeaseUntil);
        Assert.Null(nothingElseDue);
        Assert.NotNull(takenOver);
        Assert.Equal((claimed.Id, 2, "node-b"), (takenOver.Id, takenOver.Attempts, takenOver.Node));
        Assert.Equal("The node node-a stopped renewing its lease", takenOver.LastError);
        // Node A, back from the dead, cannot finish a job that is no longer its own.
        Assert.Equal((claimed.Id, "node-b"), (stillRunning.Id, stillRunning.Node));
        Assert.Equal((claimed.Id, "node-b", 2), (done.Id, done.Node, done.Attempts));
        Assert.Equal(clock.GetUtcNow().UtcDateTime, done.FinishedAt);
        Assert.Null(done.LastError);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_job_whose_node_died_on_its_last_attempt_fails_instead_of_running_again(DatabaseEngine engine)
    {
        var clock = new TestClock(Start);
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine), clock: clock, role: ServerRole.Web,
            settings: new Dictionary<string, string?> { ["Fulcrum:Jobs:Lease"] = "00:01:00", ["Fulcrum:Jobs:MaxAttempts"] = "1" });
        await QueueAsync(server, q => q.EnqueueAsync("kind", "poison"));
        await QueueAsync(server, q => q.ClaimAsync("node-a"));
        clock.Advance(TimeSpan.FromMinutes(2));

        var claimed = await QueueAsync(server, q => q.ClaimAsync("node-b"));
        var failed = (await QueueAsync(server, q => q.ListAsync(JobStates.Failed))).Single();

        Assert.Null(claimed);
        Assert.Equal(("node-a", 1, "The node node-a stopped renewing its lease on the last attempt"), (failed.Node, failed.Attempts, failed.LastError));
        Assert.Equal(clock.GetUtcNow().UtcDateTime, failed.FinishedAt);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_failed_job_keeps_its_error_waits_longer_each_time_and_fails_for_good_after_the_last_attempt(DatabaseEngine engine)
    {
        var clock = new TestClock(Start);
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine), clock: clock, role: ServerRole.Web,
            settings: new Dictionary<string, string?> { ["Fulcrum:Jobs:MaxAttempts"] = "3" });
        await QueueAsync(server, q => q.EnqueueAsync("kind", "flaky"));
        var error = "HttpRequestException: " + new string('x', 3000);

        var runAfters = new List<DateTime>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var job = await QueueAsync(server, q => q.ClaimAsync("node-a"));
            await QueueAsync(server, async q => { await q.FailedAsync(job!, "node-a", error); return 0; });
            var seen = (await QueueAsync(server, q => q.ListAsync())).Single();
            runAfters.Add(seen.RunAfter);
            Assert.Null(await QueueAsync(server, q => q.ClaimAsync("node-a")));
            clock.Advance(seen.RunAfter - clock.GetUtcNow().UtcDateTime);
        }
        var failed = (await QueueAsync(server, q => q.ListAsync(JobStates.Failed))).Single();

        Assert.Equal([Start.UtcDateTime.AddMinutes(1), Start.UtcDateTime.AddMinutes(3), Start.UtcDateTime.AddMinutes(3)], runAfters);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal(Job.MaxErrorLength, failed.LastError!.Length);
        Assert.StartsWith("HttpRequestException: xxx", failed.LastError);
        Assert.Equal(Start.UtcDateTime.AddMinutes(3), failed.FinishedAt);
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(60)],
            new[] { 1, 2, 3, 10 }.Select(JobQueue.BackOff));
    }

    private static Task<T> QueueAsync<T>(FulcrumServer server, Func<JobQueue, Task<T>> work) =>
        server.WithServicesAsync(s => work(s.GetRequiredService<JobQueue>()));
}
