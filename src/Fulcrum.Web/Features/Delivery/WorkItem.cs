using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>A story, bug or initiative with its estimate and the date a team committed to.</summary>
public sealed class WorkItem
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public required string Title { get; set; }
    public int? TeamId { get; set; }
    public Team? Team { get; set; }
    public required string Kind { get; set; }
    public double? Estimate { get; set; }
    public string? EstimateUnit { get; set; }
    public DateTime? CommittedDate { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? DoneAt { get; set; }
    public DateTime ReceivedAt { get; set; }
    public List<WorkItemCommitment> Commitments { get; set; } = [];
}

/// <summary>Each committed date a work item has had, in the order they were seen: its slip history.</summary>
public sealed class WorkItemCommitment
{
    public long Id { get; set; }
    public long WorkItemId { get; set; }
    public DateTime CommittedDate { get; set; }
    public DateTime RecordedAt { get; set; }
}

internal sealed class WorkItemConfiguration : IEntityTypeConfiguration<WorkItem>, IEntityTypeConfiguration<WorkItemCommitment>
{
    public void Configure(EntityTypeBuilder<WorkItem> item)
    {
        item.ToTable("WorkItems");
        item.Property(i => i.ExternalId).HasMaxLength(200);
        item.Property(i => i.Title).HasMaxLength(500);
        item.Property(i => i.Kind).HasMaxLength(50);
        item.Property(i => i.EstimateUnit).HasMaxLength(20);
        item.HasIndex(i => i.ExternalId).IsUnique();
        item.HasIndex(i => new { i.TeamId, i.DoneAt });
        item.HasOne(i => i.Team).WithMany().HasForeignKey(i => i.TeamId).OnDelete(DeleteBehavior.SetNull);
        item.HasMany(i => i.Commitments).WithOne().HasForeignKey(c => c.WorkItemId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<WorkItemCommitment> commitment)
    {
        commitment.ToTable("WorkItemCommitments");
        commitment.HasIndex(c => c.WorkItemId);
    }
}
