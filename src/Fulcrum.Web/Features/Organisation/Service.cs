using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>A deployable service and the repository it is built from, owned by one team.
/// Delivery metrics aggregate to services and from there to teams.</summary>
public sealed class Service : IHasId
{
    /// <summary>The name's column length, for checks that run before EF Core's model is built (a cold CLI ingest).</summary>
    public const int NameLength = 200;

    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Where the code lives: a local path or a clone URL.</summary>
    public string? Repository { get; set; }
    public int? TeamId { get; set; }
    public Team? Team { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> service)
    {
        service.ToTable("Services");
        service.Property(s => s.Name).HasMaxLength(Service.NameLength);
        service.Property(s => s.Description).HasMaxLength(2000);
        service.Property(s => s.Repository).HasMaxLength(1000);
        service.HasIndex(s => s.Name).IsUnique();
        service.HasOne(s => s.Team).WithMany(t => t.Services)
            .HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}
