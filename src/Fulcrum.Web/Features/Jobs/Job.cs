using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Jobs;

/// <summary>
/// One piece of background work in the queue (ADR 0013): claimed by one node at a time for a lease,
/// retried with back-off when it fails, kept for a while after it finished so leaders can see it.
/// </summary>
public sealed class Job
{
    public const int MaxKindLength = 100;
    public const int MaxKeyLength = 200;
    public const int MaxPayloadLength = 2000;
    public const int MaxNodeLength = 200;
    public const int MaxErrorLength = 2000;

    public int Id { get; set; }
    /// <summary>Which <see cref="IJobHandler"/> runs it, e.g. <c>calendar-refresh</c>.</summary>
    public string Kind { get; set; } = "";
    /// <summary>Unique: a job enqueued twice under one key (a periodic job's period, by several nodes) is queued once.</summary>
    public string Key { get; set; } = "";
    /// <summary>What the handler needs beyond its kind (an id, a small JSON object); null for most periodic jobs.</summary>
    public string? Payload { get; set; }
    /// <summary>One of <see cref="JobStates"/>.</summary>
    public string State { get; set; } = JobStates.Queued;
    /// <summary>How many times it has been started (claimed).</summary>
    public int Attempts { get; set; }
    /// <summary>It is not claimed before this: its due time, or the end of its back-off after a failure.</summary>
    public DateTime RunAfter { get; set; }
    /// <summary>While running: the claiming node holds it until then, and renews it; after it another node may take the job over.</summary>
    public DateTime? LeaseUntil { get; set; }
    /// <summary>The node that claimed it last.</summary>
    public string? Node { get; set; }
    /// <summary>Why the last attempt failed (the exception's type and message); null once it succeeds.</summary>
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>A periodic job's period, as its key names it (<see cref="PeriodicJob.Key"/>): what the jobs it queues are keyed by too.</summary>
    public string Period => Key[(Key.IndexOf('@', StringComparison.Ordinal) + 1)..];

    /// <summary>The id the payload names (a repository, a service); a payload that is not one fails the job, naming it.</summary>
    public int PayloadId(string what) =>
        int.TryParse(Payload, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new InvalidOperationException($"A {Kind} job names a {what} by its id, not '{Payload}'.");
}

/// <summary>The states a job moves through: queued → running → succeeded, or back to queued after a failure, or failed for good.</summary>
public static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Queued, Running, Succeeded, Failed];
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> job)
    {
        job.ToTable("Jobs");
        job.Property(j => j.Kind).HasMaxLength(Job.MaxKindLength);
        job.Property(j => j.Key).HasMaxLength(Job.MaxKeyLength);
        job.Property(j => j.Payload).HasMaxLength(Job.MaxPayloadLength);
        job.Property(j => j.State).HasMaxLength(20);
        job.Property(j => j.Node).HasMaxLength(Job.MaxNodeLength);
        job.Property(j => j.LastError).HasMaxLength(Job.MaxErrorLength);
        job.HasIndex(j => j.Key).IsUnique();
        // The claim's search: the next due queued job, or a running one whose lease ran out.
        job.HasIndex(j => new { j.State, j.RunAfter });
    }
}
