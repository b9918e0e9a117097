using Fulcrum.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>The background jobs' queue (ADR 0013).</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<Job> Jobs => Set<Job>();
}
