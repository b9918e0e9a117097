using Fulcrum.Core.Careers;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Careers;

public enum CycleStatus
{
    Open,
    Closed,
}

/// <summary>
/// One assessment of one person against one level of a ladder: opened by the person or someone in
/// their manager chain, rated by the person, their manager and two or more peers or mentors, and
/// closed once enough voices are in. A private record (ADR 0004): its raters are its named readers.
/// </summary>
public sealed class AssessmentCycle
{
    public long Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    /// <summary>The ladder the cycle was opened on; it keeps using it when another ladder becomes active.</summary>
    public required string LadderId { get; set; }
    public required string TrackId { get; set; }
    /// <summary>The level whose expectations the raters rate against (usually the person's next level).</summary>
    public int Level { get; set; }
    /// <summary>Who opened it; null when that person has since been removed. No foreign key, like other "by" columns.</summary>
    public int? OpenedByPersonId { get; set; }
    public DateTime OpenedAt { get; set; }
    /// <summary>The day the raters are asked to be done by. Nothing closes by itself.</summary>
    public DateTime? ClosesAt { get; set; }
    public CycleStatus Status { get; set; }
    public DateTime? ClosedAt { get; set; }
    public int? ClosedByPersonId { get; set; }
    public List<AssessmentRater> Raters { get; set; } = [];
}

/// <summary>
/// Someone asked to rate a cycle, in one role. The name is kept so that a closed cycle still reads
/// whole when a rater has left the organisation (their person row gone, <see cref="PersonId"/> null).
/// </summary>
public sealed class AssessmentRater
{
    public long Id { get; set; }
    public long CycleId { get; set; }
    public AssessmentCycle? Cycle { get; set; }
    public int? PersonId { get; set; }
    public required string Name { get; set; }
    public RaterRole Role { get; set; }
    public int? ChosenByPersonId { get; set; }
    public DateTime AddedAt { get; set; }
    /// <summary>Null while the ratings are a draft; only submitted ratings count towards the results.</summary>
    public DateTime? SubmittedAt { get; set; }
    public List<CompetencyRating> Ratings { get; set; } = [];
}

/// <summary>One rater's rating of one competency: a rating id on the ladder's scale, the evidence for it,
/// and, from the person themselves only, how much they enjoy that area (1–5).</summary>
public sealed class CompetencyRating
{
    public long Id { get; set; }
    public long RaterId { get; set; }
    public required string CompetencyId { get; set; }
    public string? RatingId { get; set; }
    public string? Evidence { get; set; }
    public int? Enjoyment { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class AssessmentConfiguration :
    IEntityTypeConfiguration<AssessmentCycle>, IEntityTypeConfiguration<AssessmentRater>, IEntityTypeConfiguration<CompetencyRating>
{
    public void Configure(EntityTypeBuilder<AssessmentCycle> cycle)
    {
        cycle.ToTable("AssessmentCycles");
        cycle.Property(c => c.LadderId).HasMaxLength(64);
        cycle.Property(c => c.TrackId).HasMaxLength(64);
        cycle.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
        cycle.HasIndex(c => new { c.PersonId, c.OpenedAt });
        cycle.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<AssessmentRater> rater)
    {
        rater.ToTable("AssessmentRaters");
        rater.Property(r => r.Name).HasMaxLength(200);
        rater.Property(r => r.Role).HasConversion<string>().HasMaxLength(10);
        rater.HasIndex(r => new { r.CycleId, r.PersonId }).IsUnique();
        rater.HasIndex(r => r.PersonId);
        rater.HasOne(r => r.Cycle).WithMany(c => c.Raters).HasForeignKey(r => r.CycleId).OnDelete(DeleteBehavior.Cascade);
        rater.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<CompetencyRating> rating)
    {
        rating.ToTable("AssessmentRatings");
        rating.Property(r => r.CompetencyId).HasMaxLength(64);
        rating.Property(r => r.RatingId).HasMaxLength(64);
        rating.Property(r => r.Evidence).HasMaxLength(AssessmentRules.MaxEvidenceLength);
        rating.HasIndex(r => new { r.RaterId, r.CompetencyId }).IsUnique();
        rating.HasOne<AssessmentRater>().WithMany(r => r.Ratings).HasForeignKey(r => r.RaterId).OnDelete(DeleteBehavior.Cascade);
    }
}
