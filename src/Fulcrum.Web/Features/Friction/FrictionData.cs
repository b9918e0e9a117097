using Fulcrum.Web.Features.Friction;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>The friction log's tables: the items and who said "me too".</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<FrictionItem> FrictionItems => Set<FrictionItem>();
    public DbSet<FrictionMeToo> FrictionMeToos => Set<FrictionMeToo>();
}
