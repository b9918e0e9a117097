using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>The organisation's tables.</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Service> Services => Set<Service>();
}
