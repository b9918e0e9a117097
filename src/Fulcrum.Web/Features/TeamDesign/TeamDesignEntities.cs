using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.TeamDesign;

/// <summary>
/// One person's level in one skill: their own rating, and the level a lead confirmed. A private
/// record (docs/team-design.md, "Privacy"): the person and their manager chain see it; team pages
/// show only coverage.
/// </summary>
public sealed class PersonSkill
{
    public const int MaxSkillLength = 100;

    public long Id { get; set; }
    public int PersonId { get; set; }

    /// <summary>The skill as first written ("Kubernetes").</summary>
    public required string Skill { get; set; }

    /// <summary><see cref="Core.TeamDesign.SkillNames.Key"/> of the skill: the same skill however it is spelt.</summary>
    public required string SkillKey { get; set; }

    /// <summary>The person's own rating, 0 to 4; null when only a lead has rated it.</summary>
    public int? SelfLevel { get; set; }
    public int? ConfirmedLevel { get; set; }
    public int? ConfirmedByPersonId { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Something on a team's roadmap, from its start, and the skills it needs.</summary>
public sealed class Initiative
{
    public const int MaxNameLength = 200;

    public int Id { get; set; }
    public int TeamId { get; set; }
    public required string Name { get; set; }
    public DateTime StartsOn { get; set; }
    public DateTime? EndsOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<InitiativeNeed> Needs { get; set; } = [];
}

/// <summary>A skill an initiative needs, at a level, and how many people must hold it.</summary>
public sealed class InitiativeNeed
{
    public int Id { get; set; }
    public int InitiativeId { get; set; }
    public required string Skill { get; set; }
    public required string SkillKey { get; set; }
    public int Level { get; set; }
    public int People { get; set; }
}

/// <summary>A team's build-or-hire assumptions, when a leader has changed them from the defaults.</summary>
public sealed class TeamBuildOrHire
{
    public int TeamId { get; set; }
    public int WeeksPerLevelStep { get; set; }
    public double LearningShare { get; set; }
    public int WeeksToHire { get; set; }
    public int RampUpWeeks { get; set; }
    /// <summary>Costs in whole units of the organisation's currency: they are estimates.</summary>
    public long AnnualCost { get; set; }
    public long RecruitingCost { get; set; }
    public int WorkingWeeksPerYear { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A decision record: the context, the options with their trade-offs, the decision, who led and who
/// followed, whether it can be undone, and the metric it should move by how much, with a review
/// date. A team-level thing (ADR 0006) when it names a team; everyone's when it does not.
/// </summary>
public sealed class DecisionRecord
{
    public const int MaxTitleLength = 300;
    public const int MaxTextLength = 20_000;

    public int Id { get; set; }

    /// <summary>The ADR number, unique in the organisation ("0007-…" as a file).</summary>
    public int Number { get; set; }
    public int? TeamId { get; set; }
    public required string Title { get; set; }
    public string? Status { get; set; }
    public DateTime? DecidedOn { get; set; }
    public required string Context { get; set; }

    /// <summary>The options as JSON (<see cref="Core.TeamDesign.DecisionOption"/>: name, description, pros, cons).</summary>
    public required string Options { get; set; }
    public string? ChosenOption { get; set; }
    public required string Decision { get; set; }
    public string? Consequences { get; set; }

    /// <summary>Who led the decision and who followed, as JSON lists of names or emails as written.</summary>
    public required string LedBy { get; set; }
    public required string FollowedBy { get; set; }

    /// <summary><c>one-way</c> or <c>two-way</c>.</summary>
    public string? Reversibility { get; set; }
    public string? Metric { get; set; }
    public string? Expected { get; set; }
    public DateTime? ReviewOn { get; set; }

    /// <summary>What the author found at review, and the metric's figures before and after as they were then.</summary>
    public string? Outcome { get; set; }
    public double? MetricBefore { get; set; }
    public double? MetricAfter { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public int? ReviewedByPersonId { get; set; }

    /// <summary>Front matter Fulcrum does not read, kept as JSON pairs and written back on export.</summary>
    public required string OtherFrontMatter { get; set; }
    public int? AuthorPersonId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A business metric entered or imported by hand (a decision's metric when delivery does not measure it).</summary>
public sealed class MetricSeries
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Unit { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<MetricPoint> Points { get; set; } = [];
}

/// <summary>One value of a metric series on one day.</summary>
public sealed class MetricPoint
{
    public long Id { get; set; }
    public int SeriesId { get; set; }
    public DateTime On { get; set; }
    public double Value { get; set; }
}

internal sealed class TeamDesignConfiguration :
    IEntityTypeConfiguration<PersonSkill>, IEntityTypeConfiguration<Initiative>, IEntityTypeConfiguration<InitiativeNeed>,
    IEntityTypeConfiguration<TeamBuildOrHire>, IEntityTypeConfiguration<DecisionRecord>,
    IEntityTypeConfiguration<MetricSeries>, IEntityTypeConfiguration<MetricPoint>
{
    public void Configure(EntityTypeBuilder<PersonSkill> skill)
    {
        skill.ToTable("PersonSkills");
        skill.Property(s => s.Skill).HasMaxLength(PersonSkill.MaxSkillLength);
        skill.Property(s => s.SkillKey).HasMaxLength(PersonSkill.MaxSkillLength);
        skill.HasIndex(s => new { s.PersonId, s.SkillKey }).IsUnique();
        skill.HasIndex(s => s.SkillKey);
        skill.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
        skill.HasOne<Person>().WithMany().HasForeignKey(s => s.ConfirmedByPersonId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<Initiative> initiative)
    {
        initiative.ToTable("Initiatives");
        initiative.Property(i => i.Name).HasMaxLength(Initiative.MaxNameLength);
        initiative.HasIndex(i => new { i.TeamId, i.Name }).IsUnique();
        initiative.HasOne<Team>().WithMany().HasForeignKey(i => i.TeamId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<InitiativeNeed> need)
    {
        need.ToTable("InitiativeNeeds");
        need.Property(n => n.Skill).HasMaxLength(PersonSkill.MaxSkillLength);
        need.Property(n => n.SkillKey).HasMaxLength(PersonSkill.MaxSkillLength);
        need.HasIndex(n => new { n.InitiativeId, n.SkillKey }).IsUnique();
        need.HasOne<Initiative>().WithMany(i => i.Needs).HasForeignKey(n => n.InitiativeId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TeamBuildOrHire> assumptions)
    {
        assumptions.ToTable("TeamBuildOrHire");
        assumptions.HasKey(a => a.TeamId);
        assumptions.Property(a => a.TeamId).ValueGeneratedNever();
        assumptions.HasOne<Team>().WithOne().HasForeignKey<TeamBuildOrHire>(a => a.TeamId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<DecisionRecord> decision)
    {
        decision.ToTable("Decisions");
        decision.Property(d => d.Title).HasMaxLength(DecisionRecord.MaxTitleLength);
        decision.Property(d => d.Status).HasMaxLength(100);
        decision.Property(d => d.Context).HasMaxLength(DecisionRecord.MaxTextLength);
        decision.Property(d => d.Options).HasMaxLength(200_000);
        decision.Property(d => d.ChosenOption).HasMaxLength(300);
        decision.Property(d => d.Decision).HasMaxLength(DecisionRecord.MaxTextLength);
        decision.Property(d => d.Consequences).HasMaxLength(DecisionRecord.MaxTextLength);
        decision.Property(d => d.LedBy).HasMaxLength(16_000);
        decision.Property(d => d.FollowedBy).HasMaxLength(16_000);
        decision.Property(d => d.Reversibility).HasMaxLength(10);
        decision.Property(d => d.Metric).HasMaxLength(100);
        decision.Property(d => d.Expected).HasMaxLength(50);
        decision.Property(d => d.Outcome).HasMaxLength(DecisionRecord.MaxTextLength);
        decision.Property(d => d.OtherFrontMatter).HasMaxLength(100_000);
        decision.HasIndex(d => d.Number).IsUnique();
        decision.HasIndex(d => d.ReviewOn);
        decision.HasOne<Team>().WithMany().HasForeignKey(d => d.TeamId).OnDelete(DeleteBehavior.SetNull);
        decision.HasOne<Person>().WithMany().HasForeignKey(d => d.AuthorPersonId).OnDelete(DeleteBehavior.SetNull);
        decision.HasOne<Person>().WithMany().HasForeignKey(d => d.ReviewedByPersonId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<MetricSeries> series)
    {
        series.ToTable("MetricSeries");
        series.Property(s => s.Name).HasMaxLength(MetricSeries.MaxNameLength);
        series.Property(s => s.Unit).HasMaxLength(30);
        series.HasIndex(s => s.Name).IsUnique();
    }

    public void Configure(EntityTypeBuilder<MetricPoint> point)
    {
        point.ToTable("MetricPoints");
        point.HasIndex(p => new { p.SeriesId, p.On }).IsUnique();
        point.HasOne<MetricSeries>().WithMany(s => s.Points).HasForeignKey(p => p.SeriesId).OnDelete(DeleteBehavior.Cascade);
    }
}
