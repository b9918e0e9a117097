using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>
/// Fulcrum's one database. Each module declares its tables in a part of this class in its own
/// folder (e.g. Features/Delivery/DeliveryData.cs) and configures them with one
/// <see cref="IEntityTypeConfiguration{TEntity}"/> per entity, which is picked up from the assembly.
/// </summary>
public sealed partial class FulcrumDbContext(DbContextOptions<FulcrumDbContext> options)
    : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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
