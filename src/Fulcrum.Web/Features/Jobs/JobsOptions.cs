using System.ComponentModel.DataAnnotations;

namespace Fulcrum.Web.Features.Jobs;

/// <summary>How nodes run background jobs, from <c>Fulcrum:Jobs</c> (docs/operations.md, ADR 0013).</summary>
public sealed class JobsOptions
{
    public const string Section = "Fulcrum:Jobs";

    /// <summary>How long a claimed job belongs to its node without a renewal; a node that died loses its jobs to others after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often an idle worker looks for due jobs (sooner when a periodic job's period is shorter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Starts before a failing job is given up (state failed).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long finished jobs stay in the queue's list before they are deleted.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan KeepFinished { get; set; } = TimeSpan.FromDays(7);
}
