using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>Someone in the organisation, whether or not they have a login.</summary>
public sealed class Person : IHasId
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public string? Title { get; set; }
    public int? TeamId { get; set; }
    public Team? Team { get; set; }
    public int? ManagerId { get; set; }
    public Person? Manager { get; set; }
    public List<Person> DirectReports { get; set; } = [];
    /// <summary>Career track key, e.g. <c>ic</c> or <c>management</c> (see <see cref="Core.Organisation.CareerTracks"/>).</summary>
    public string? Track { get; set; }
    public int? Level { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> person)
    {
        person.ToTable("People");
        person.Property(p => p.Name).HasMaxLength(200);
        person.Property(p => p.Email).HasMaxLength(256);
        person.Property(p => p.Title).HasMaxLength(200);
        person.Property(p => p.Track).HasMaxLength(64);
        person.HasIndex(p => p.Email).IsUnique();
        person.HasOne(p => p.Team).WithMany(t => t.Members)
            .HasForeignKey(p => p.TeamId).OnDelete(DeleteBehavior.SetNull);
        person.HasOne(p => p.Manager).WithMany(p => p.DirectReports)
            .HasForeignKey(p => p.ManagerId).OnDelete(DeleteBehavior.Restrict);
    }
}
