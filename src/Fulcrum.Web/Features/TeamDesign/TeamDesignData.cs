using Fulcrum.Web.Features.TeamDesign;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>Team design's tables: skills, the roadmap's needs, build-or-hire assumptions, decision records and metric series.</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<PersonSkill> PersonSkills => Set<PersonSkill>();
    public DbSet<Initiative> Initiatives => Set<Initiative>();
    public DbSet<InitiativeNeed> InitiativeNeeds => Set<InitiativeNeed>();
    public DbSet<TeamBuildOrHire> TeamBuildOrHire => Set<TeamBuildOrHire>();
    public DbSet<DecisionRecord> Decisions => Set<DecisionRecord>();
    public DbSet<MetricSeries> MetricSeries => Set<MetricSeries>();
    public DbSet<MetricPoint> MetricPoints => Set<MetricPoint>();
}
