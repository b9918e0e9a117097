using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

public sealed class FulcrumDbContext(DbContextOptions<FulcrumDbContext> options)
    : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SourceRepository> Repositories => Set<SourceRepository>();
    public DbSet<Commit> Commits => Set<Commit>();
    public DbSet<Deployment> Deployments => Set<Deployment>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<ShippedChange> ShippedChanges => Set<ShippedChange>();
    public DbSet<WorkItem> WorkItems => Set<WorkItem>();
    public DbSet<PullRequest> PullRequests => Set<PullRequest>();
    public DbSet<Features.Estimation.PokerRoomRecord> PokerRooms => Set<Features.Estimation.PokerRoomRecord>();
    public DbSet<Features.Estimation.EstimateRecord> EstimateRecords => Set<Features.Estimation.EstimateRecord>();
    public DbSet<Features.Estimation.TeamDeckRecord> TeamDecks => Set<Features.Estimation.TeamDeckRecord>();
    public DbSet<Features.Careers.LadderRecord> Ladders => Set<Features.Careers.LadderRecord>();
    public DbSet<Features.Careers.CareerPlacement> CareerPlacements => Set<Features.Careers.CareerPlacement>();
    public DbSet<Features.Careers.Kudos> Kudos => Set<Features.Careers.Kudos>();
    public DbSet<Features.Careers.Achievement> Achievements => Set<Features.Careers.Achievement>();
    // Careers: assessments and growth plans (M0011)
    public DbSet<Features.Careers.AssessmentCycle> AssessmentCycles => Set<Features.Careers.AssessmentCycle>();
    public DbSet<Features.Careers.AssessmentRater> AssessmentRaters => Set<Features.Careers.AssessmentRater>();
    public DbSet<Features.Careers.CompetencyRating> AssessmentRatings => Set<Features.Careers.CompetencyRating>();
    public DbSet<Features.Careers.GrowthPlan> GrowthPlans => Set<Features.Careers.GrowthPlan>();
    public DbSet<Features.Careers.GrowthItem> GrowthItems => Set<Features.Careers.GrowthItem>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FulcrumDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
