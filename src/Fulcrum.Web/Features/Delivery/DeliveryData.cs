using Fulcrum.Web.Features.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>Delivery's tables.</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<SourceRepository> Repositories => Set<SourceRepository>();
    public DbSet<Commit> Commits => Set<Commit>();
    public DbSet<Deployment> Deployments => Set<Deployment>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<ShippedChange> ShippedChanges => Set<ShippedChange>();
    public DbSet<WorkItem> WorkItems => Set<WorkItem>();
    public DbSet<PullRequest> PullRequests => Set<PullRequest>();
}
