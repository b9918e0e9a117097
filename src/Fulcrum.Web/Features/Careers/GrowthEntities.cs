using Fulcrum.Core.Careers;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Careers;

/// <summary>A person's growth plan: one per person, a private record (the person and their manager chain).</summary>
public sealed class GrowthPlan
{
    public long Id { get; set; }
    public int PersonId { get; set; }
    /// <summary>What the plan is for, in the person's words ("towards Staff Engineer", "trying management").</summary>
    public string? Focus { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<GrowthItem> Items { get; set; } = [];
}

/// <summary>
/// A goal, a stretch assignment or a learning sprint. Stretch assignments and sprints may serve a
/// goal (<see cref="GoalId"/>). Sprints carry a time box (<see cref="StartsOn"/> to <see cref="EndsOn"/>)
/// and end with a check-in.
/// </summary>
public sealed class GrowthItem
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public GrowthItemKind Kind { get; set; }
    public long? GoalId { get; set; }
    public required string Title { get; set; }
    public string? Detail { get; set; }
    /// <summary>Competency ids of the ladder, comma-separated.</summary>
    public string? Competencies { get; set; }
    public GrowthStatus Status { get; set; }
    /// <summary>0 to 100, as the person judges it; 100 when done.</summary>
    public int Progress { get; set; }
    public DateTime? StartsOn { get; set; }
    /// <summary>A sprint's last day, or a goal's or stretch assignment's target day.</summary>
    public DateTime? EndsOn { get; set; }
    public string? CheckIn { get; set; }
    public SprintOutcome? Outcome { get; set; }
    public DateTime? CheckedInAt { get; set; }
    public int? CreatedByPersonId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class GrowthConfiguration : IEntityTypeConfiguration<GrowthPlan>, IEntityTypeConfiguration<GrowthItem>
{
    public void Configure(EntityTypeBuilder<GrowthPlan> plan)
    {
        plan.ToTable("GrowthPlans");
        plan.Property(p => p.Focus).HasMaxLength(GrowthRules.MaxDetailLength);
        plan.HasIndex(p => p.PersonId).IsUnique();
        plan.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<GrowthItem> item)
    {
        item.ToTable("GrowthItems");
        item.Property(i => i.Kind).HasConversion<string>().HasMaxLength(10);
        item.Property(i => i.Status).HasConversion<string>().HasMaxLength(10);
        item.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(12);
        item.Property(i => i.Title).HasMaxLength(GrowthRules.MaxTitleLength);
        item.Property(i => i.Detail).HasMaxLength(GrowthRules.MaxDetailLength);
        item.Property(i => i.Competencies).HasMaxLength(400);
        item.Property(i => i.CheckIn).HasMaxLength(GrowthRules.MaxDetailLength);
        item.HasIndex(i => new { i.PlanId, i.Kind });
        item.HasOne<GrowthPlan>().WithMany(p => p.Items).HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Cascade);
        item.HasOne<GrowthItem>().WithMany().HasForeignKey(i => i.GoalId).OnDelete(DeleteBehavior.SetNull);
    }
}
