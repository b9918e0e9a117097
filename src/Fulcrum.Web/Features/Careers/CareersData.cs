using Fulcrum.Web.Features.Careers;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>Careers' tables: ladders and placements, recognition, assessments and growth plans.</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<LadderRecord> Ladders => Set<LadderRecord>();
    public DbSet<CareerPlacement> CareerPlacements => Set<CareerPlacement>();
    public DbSet<Kudos> Kudos => Set<Kudos>();
    public DbSet<Achievement> Achievements => Set<Achievement>();
    public DbSet<AssessmentCycle> AssessmentCycles => Set<AssessmentCycle>();
    public DbSet<AssessmentRater> AssessmentRaters => Set<AssessmentRater>();
    public DbSet<CompetencyRating> AssessmentRatings => Set<CompetencyRating>();
    public DbSet<GrowthPlan> GrowthPlans => Set<GrowthPlan>();
    public DbSet<GrowthItem> GrowthItems => Set<GrowthItem>();
}
