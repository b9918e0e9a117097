using Fulcrum.Core.Careers;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// A career ladder as stored: its file in Fulcrum's own format (docs/careers.md), whatever it was
/// imported from. One ladder is the organisation's active one; without any, the built-in default
/// ladder is.
/// </summary>
public sealed class LadderRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Where it came from: fulcrum, ft, monzo or snowflake.</summary>
    public required string Source { get; set; }
    public required string Yaml { get; set; }
    public bool IsActive { get; set; }
    public DateTime ImportedAt { get; set; }
}

/// <summary>A person's place on a ladder from a date on: their history of tracks and levels.</summary>
public sealed class CareerPlacement
{
    public long Id { get; set; }
    public int PersonId { get; set; }
    public required string LadderId { get; set; }
    public required string TrackId { get; set; }
    public int Level { get; set; }
    public DateTime Since { get; set; }
    public int? RecordedByPersonId { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// Recognition from one person to another, tied to work (a link, a work item) and optionally to
/// competencies. Team kudos are seen by the receiver's team (and the teams above it, and their
/// managers); private kudos only by the giver and the receiver.
/// </summary>
public sealed class Kudos
{
    public long Id { get; set; }
    public int FromPersonId { get; set; }
    public Person? From { get; set; }
    public int ToPersonId { get; set; }
    public Person? To { get; set; }
    /// <summary>The receiver's team when the kudos was given: the team it is public to.</summary>
    public int? TeamId { get; set; }
    public required string Message { get; set; }
    public string? Link { get; set; }
    public string? WorkItem { get; set; }
    /// <summary>Competency ids of the ladder, comma-separated.</summary>
    public string? Competencies { get; set; }
    public bool IsPrivate { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Something a person recorded about their own work for their brag document.</summary>
public sealed class Achievement
{
    public long Id { get; set; }
    public int PersonId { get; set; }
    public required string Title { get; set; }
    public string? Detail { get; set; }
    public string? Link { get; set; }
    public DateTime Date { get; set; }
    public string? Competencies { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class CareerConfiguration :
    IEntityTypeConfiguration<LadderRecord>, IEntityTypeConfiguration<CareerPlacement>, IEntityTypeConfiguration<Kudos>, IEntityTypeConfiguration<Achievement>
{
    public void Configure(EntityTypeBuilder<LadderRecord> ladder)
    {
        ladder.ToTable("Ladders");
        ladder.Property(l => l.Id).HasMaxLength(64);
        ladder.Property(l => l.Name).HasMaxLength(200);
        ladder.Property(l => l.Source).HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<CareerPlacement> placement)
    {
        placement.ToTable("CareerPlacements");
        placement.Property(p => p.LadderId).HasMaxLength(64);
        placement.Property(p => p.TrackId).HasMaxLength(64);
        placement.Property(p => p.Note).HasMaxLength(500);
        placement.HasIndex(p => new { p.PersonId, p.Since });
        placement.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Kudos> kudos)
    {
        kudos.ToTable("Kudos");
        kudos.Property(k => k.Message).HasMaxLength(RecognitionRules.MaxMessageLength);
        kudos.Property(k => k.Link).HasMaxLength(RecognitionRules.MaxLinkLength);
        kudos.Property(k => k.WorkItem).HasMaxLength(RecognitionRules.MaxWorkItemLength);
        kudos.Property(k => k.Competencies).HasMaxLength(400);
        kudos.HasIndex(k => new { k.ToPersonId, k.CreatedAt });
        kudos.HasIndex(k => new { k.TeamId, k.CreatedAt });
        kudos.HasOne(k => k.From).WithMany().HasForeignKey(k => k.FromPersonId).OnDelete(DeleteBehavior.Cascade);
        kudos.HasOne(k => k.To).WithMany().HasForeignKey(k => k.ToPersonId).OnDelete(DeleteBehavior.Cascade);
        kudos.HasOne<Team>().WithMany().HasForeignKey(k => k.TeamId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<Achievement> achievement)
    {
        achievement.ToTable("Achievements");
        achievement.Property(a => a.Title).HasMaxLength(RecognitionRules.MaxTitleLength);
        achievement.Property(a => a.Detail).HasMaxLength(RecognitionRules.MaxMessageLength);
        achievement.Property(a => a.Link).HasMaxLength(RecognitionRules.MaxLinkLength);
        achievement.Property(a => a.Competencies).HasMaxLength(400);
        achievement.HasIndex(a => new { a.PersonId, a.Date });
        achievement.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
