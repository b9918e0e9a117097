using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Experiments;

/// <summary>
/// An improvement experiment (docs/experiments.md): a team's hypothesis, the change it makes, the
/// metric that should show it and by how much, from a start day to an optional end day. A team-level
/// thing (ADR 0006): the team's scope reads it; its author and leaders change and conclude it.
/// </summary>
public sealed class Experiment
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 2_000;
    public const int MaxMetricLength = 100;
    public const int MaxExpectedLength = 50;

    public int Id { get; set; }
    public int TeamId { get; set; }
    public required string Title { get; set; }
    public required string Hypothesis { get; set; }
    public required string Change { get; set; }

    /// <summary>A delivery metric by the name decisions use (<c>lead-time</c>) or a metric series' name.</summary>
    public required string Metric { get; set; }

    /// <summary>The move expected, as decisions write it: <c>-20%</c>, <c>+2</c>.</summary>
    public string? Expected { get; set; }
    public DateTime StartsOn { get; set; }

    /// <summary>The last day of the experiment, if it has one; the comparison stops there.</summary>
    public DateTime? EndsOn { get; set; }

    /// <summary><c>open</c> or <c>concluded</c>.</summary>
    public required string Status { get; set; }
    public string? Conclusion { get; set; }

    /// <summary>The figures and the noise test's p-value when it was concluded, kept with the conclusion.</summary>
    public double? ConcludedBefore { get; set; }
    public double? ConcludedAfter { get; set; }
    public double? ConcludedPValue { get; set; }
    public DateTime? ConcludedAt { get; set; }
    public int? ConcludedByPersonId { get; set; }
    public int? AuthorPersonId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ExperimentConfiguration : IEntityTypeConfiguration<Experiment>
{
    public void Configure(EntityTypeBuilder<Experiment> experiment)
    {
        experiment.ToTable("Experiments");
        experiment.Property(e => e.Title).HasMaxLength(Experiment.MaxTitleLength);
        experiment.Property(e => e.Hypothesis).HasMaxLength(Experiment.MaxTextLength);
        experiment.Property(e => e.Change).HasMaxLength(Experiment.MaxTextLength);
        experiment.Property(e => e.Metric).HasMaxLength(Experiment.MaxMetricLength);
        experiment.Property(e => e.Expected).HasMaxLength(Experiment.MaxExpectedLength);
        experiment.Property(e => e.Status).HasMaxLength(20);
        experiment.Property(e => e.Conclusion).HasMaxLength(Experiment.MaxTextLength);
        experiment.HasIndex(e => new { e.TeamId, e.Status });
        experiment.HasOne<Team>().WithMany().HasForeignKey(e => e.TeamId).OnDelete(DeleteBehavior.Cascade);
        experiment.HasOne<Person>().WithMany().HasForeignKey(e => e.AuthorPersonId).OnDelete(DeleteBehavior.SetNull);
        experiment.HasOne<Person>().WithMany().HasForeignKey(e => e.ConcludedByPersonId).OnDelete(DeleteBehavior.SetNull);
    }
}
