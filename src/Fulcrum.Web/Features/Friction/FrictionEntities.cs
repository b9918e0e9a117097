using Fulcrum.Core.Friction;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Friction;

/// <summary>
/// Something that gets in a team's way, as someone on the team put it, and what a leader decided
/// about it (docs/friction.md). A team-level thing (ADR 0006). Its author is kept for edit rights
/// only: the log shows the team, never the person.
/// </summary>
public sealed class FrictionItem
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public required string Title { get; set; }

    /// <summary>What happens and what it costs, in words.</summary>
    public required string Detail { get; set; }

    /// <summary>The tool or process it happens in ("CI", "release checklist").</summary>
    public string? Where { get; set; }

    /// <summary>The author's rough estimate of the hours the team loses to it a week.</summary>
    public double? HoursPerWeek { get; set; }

    /// <summary><see cref="FrictionStatus"/> in lower case.</summary>
    public required string Status { get; set; }
    public int? AuthorPersonId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? TriageNote { get; set; }
    public DateTime? TriagedAt { get; set; }
    public int? TriagedByPersonId { get; set; }
    public List<FrictionMeToo> MeToos { get; set; } = [];
}

/// <summary>One person saying a friction item hits them too; once per person and item.</summary>
public sealed class FrictionMeToo
{
    public int ItemId { get; set; }
    public int PersonId { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class FrictionConfiguration : IEntityTypeConfiguration<FrictionItem>, IEntityTypeConfiguration<FrictionMeToo>
{
    public void Configure(EntityTypeBuilder<FrictionItem> item)
    {
        item.ToTable("FrictionItems");
        item.Property(i => i.Title).HasMaxLength(FrictionRules.TitleLength);
        item.Property(i => i.Detail).HasMaxLength(FrictionRules.DetailLength);
        item.Property(i => i.Where).HasMaxLength(FrictionRules.WhereLength);
        item.Property(i => i.Status).HasMaxLength(20);
        item.Property(i => i.TriageNote).HasMaxLength(FrictionRules.NoteLength);
        item.HasIndex(i => new { i.TeamId, i.Status, i.CreatedAt });
        item.HasOne<Team>().WithMany().HasForeignKey(i => i.TeamId).OnDelete(DeleteBehavior.Cascade);
        item.HasOne<Person>().WithMany().HasForeignKey(i => i.AuthorPersonId).OnDelete(DeleteBehavior.SetNull);
        item.HasOne<Person>().WithMany().HasForeignKey(i => i.TriagedByPersonId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<FrictionMeToo> meToo)
    {
        meToo.ToTable("FrictionMeToos");
        meToo.HasKey(m => new { m.ItemId, m.PersonId });
        meToo.HasOne<FrictionItem>().WithMany(i => i.MeToos).HasForeignKey(m => m.ItemId).OnDelete(DeleteBehavior.Cascade);
        meToo.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
