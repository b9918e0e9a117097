using Fulcrum.Core;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Jobs;

/// <summary>A job as the queue's page, the API and <c>fulcrum jobs list</c> show it.</summary>
public sealed record JobView(
    int Id, string Kind, string Key, string State, int Attempts, DateTime RunAfter, DateTime? LeaseUntil, string? Node,
    string? LastError, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt);

/// <summary>
/// The background jobs' queue in the database (ADR 0013): enqueue once per key, claim one due job for a
/// lease (on PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>, so nodes never claim the same job), and record
/// how it ended. A job whose node stops renewing its lease is claimed again by another.
/// </summary>
public sealed class JobQueue(FulcrumDbContext db, DatabaseTarget database, IOptions<JobsOptions> options, TimeProvider clock)
{
    /// <summary>How long a failed job waits before it is tried again: a minute, doubled for each attempt, at most an hour.</summary>
    public static TimeSpan BackOff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Clamp(attempts - 1, 0, 6))));

    /// <summary>Queues a job unless one with <paramref name="key"/> exists; returns whether it was queued.</summary>
    public async Task<bool> EnqueueAsync(string kind, string key, string? payload = null, DateTime? runAfter = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = runAfter ?? now;
        // ON CONFLICT DO NOTHING is the same on both engines (SQLite 3.24+): several nodes enqueueing one key make one row.
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Jobs" ("Kind", "Key", "Payload", "State", "Attempts", "RunAfter", "CreatedAt")
            VALUES ({kind}, {key}, {payload}, {JobStates.Queued}, 0, {due}, {now})
            ON CONFLICT ("Key") DO NOTHING
            """, cancellationToken);
        return inserted == 1;
    }

    /// <summary>
    /// A job of <paramref name="kind"/> for each of <paramref name="ids"/>, the id as its payload, keyed by
    /// the id and the period of <paramref name="periodic"/>: the periodic job that fans out, run twice
    /// (a node that stalled), queues nothing twice.
    /// </summary>
    public async Task EnqueueEachAsync(string kind, Job periodic, IEnumerable<int> ids, CancellationToken cancellationToken = default)
    {
        foreach (var id in ids)
        {
            var payload = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await EnqueueAsync(kind, $"{kind}:{payload}@{periodic.Period}", payload, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Claims the next due job for <paramref name="node"/>: a queued one whose time has come, or a running one
    /// whose node let its lease run out. Null when there is none. One statement, so two nodes never get the same job.
    /// </summary>
    public async Task<Job?> ClaimAsync(string node, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // A job whose node died on its last attempt is not run again: it may be what kills them.
        await db.Jobs.Where(j => j.State == JobStates.Running && j.LeaseUntil < now && j.Attempts >= options.Value.MaxAttempts)
            .ExecuteUpdateAsync(j => j
                .SetProperty(x => x.State, JobStates.Failed)
                .SetProperty(x => x.FinishedAt, now)
                .SetProperty(x => x.LastError, x => "The node " + x.Node + " stopped renewing its lease on the last attempt"), cancellationToken);
        var claimed = await db.Database.SqlQueryRaw<int>(ClaimSql(database.Engine), now + options.Value.Lease, node, now)
            .ToListAsync(cancellationToken);
        return claimed.Count == 0 ? null : await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == claimed[0], cancellationToken);
    }

    /// <summary>Extends the lease of a job <paramref name="node"/> is running; false when it is no longer its job.</summary>
    public async Task<bool> RenewAsync(int id, string node, CancellationToken cancellationToken = default)
    {
        var until = clock.GetUtcNow().UtcDateTime + options.Value.Lease;
        return await Mine(id, node).ExecuteUpdateAsync(j => j.SetProperty(x => x.LeaseUntil, until), cancellationToken) == 1;
    }

    public async Task SucceededAsync(int id, string node, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await Mine(id, node).ExecuteUpdateAsync(j => j
            .SetProperty(x => x.State, JobStates.Succeeded)
            .SetProperty(x => x.FinishedAt, now)
            .SetProperty(x => x.LeaseUntil, (DateTime?)null)
            .SetProperty(x => x.LastError, (string?)null), cancellationToken);
    }

    /// <summary>Records why the attempt failed: queued again after its back-off, or failed for good after the last attempt.</summary>
    public async Task FailedAsync(Job job, string node, string error, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var last = job.Attempts >= options.Value.MaxAttempts;
        var text = error.Length <= Job.MaxErrorLength ? error : error[..(Job.MaxErrorLength - 1)] + "…";
        await Mine(job.Id, node).ExecuteUpdateAsync(j => j
            .SetProperty(x => x.State, last ? JobStates.Failed : JobStates.Queued)
            .SetProperty(x => x.RunAfter, last ? job.RunAfter : now + BackOff(job.Attempts))
            .SetProperty(x => x.FinishedAt, last ? now : (DateTime?)null)
            .SetProperty(x => x.LeaseUntil, (DateTime?)null)
            .SetProperty(x => x.LastError, text), cancellationToken);
    }

    /// <summary>Gives a job back unfinished (its node is stopping): queued at once, the attempt not counted.</summary>
    public async Task ReleaseAsync(int id, string node, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await Mine(id, node).ExecuteUpdateAsync(j => j
            .SetProperty(x => x.State, JobStates.Queued)
            .SetProperty(x => x.Attempts, x => x.Attempts - 1)
            .SetProperty(x => x.RunAfter, now)
            .SetProperty(x => x.LeaseUntil, (DateTime?)null), cancellationToken);
    }

    /// <summary>Deletes jobs that finished longer ago than <see cref="JobsOptions.KeepFinished"/>.</summary>
    public Task<int> ForgetFinishedAsync(CancellationToken cancellationToken = default)
    {
        var before = clock.GetUtcNow().UtcDateTime - options.Value.KeepFinished;
        return db.Jobs.Where(j => (j.State == JobStates.Succeeded || j.State == JobStates.Failed) && j.FinishedAt < before)
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The queue, newest first (at most <paramref name="limit"/>), optionally only one state.</summary>
    public async Task<IReadOnlyList<JobView>> ListAsync(string? state = null, int limit = 200, CancellationToken cancellationToken = default)
    {
        if (state is not null && !JobStates.All.Contains(state))
        {
            throw ProblemException.Invalid($"Unknown job state '{state}': use {string.Join(", ", JobStates.All)}.");
        }
        return await db.Jobs.AsNoTracking()
            .Where(j => state == null || j.State == state)
            .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Take(limit)
            .Select(j => new JobView(j.Id, j.Kind, j.Key, j.State, j.Attempts, j.RunAfter, j.LeaseUntil, j.Node, j.LastError,
                j.CreatedAt, j.StartedAt, j.FinishedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The claim, parameters {0} the lease's end, {1} the node, {2} now. On PostgreSQL rows another node is claiming
    /// are skipped, not waited for. SQLite has one writer at a time and runs the statement whole; it serves one node
    /// (a second is refused), so there is nothing to skip.
    /// </summary>
    private static string ClaimSql(DatabaseEngine engine) => $$"""
        UPDATE "Jobs" SET "State" = '{{JobStates.Running}}', "Attempts" = "Attempts" + 1, "LeaseUntil" = {0}, "Node" = {1},
            "StartedAt" = {2}, "FinishedAt" = NULL,
            "LastError" = CASE WHEN "State" = '{{JobStates.Running}}' THEN 'The node ' || "Node" || ' stopped renewing its lease' ELSE "LastError" END
        WHERE "Id" = (
            SELECT "Id" FROM "Jobs"
            WHERE ("State" = '{{JobStates.Queued}}' AND "RunAfter" <= {2}) OR ("State" = '{{JobStates.Running}}' AND "LeaseUntil" < {2})
            ORDER BY "RunAfter", "Id" LIMIT 1 {{(engine == DatabaseEngine.PostgreSql ? "FOR UPDATE SKIP LOCKED" : "")}})
        RETURNING "Id" AS "Value"
        """;

    private IQueryable<Job> Mine(int id, string node) =>
        db.Jobs.Where(j => j.Id == id && j.Node == node && j.State == JobStates.Running);
}
