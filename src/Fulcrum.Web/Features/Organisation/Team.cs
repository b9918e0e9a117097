using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>A team. Teams nest: a group of teams is a team with a parent-less root.</summary>
public sealed class Team : IHasId
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int? ParentTeamId { get; set; }
    public Team? ParentTeam { get; set; }
    public List<Team> SubTeams { get; set; } = [];
    public List<Person> Members { get; set; } = [];
    public List<Service> Services { get; set; } = [];
    public DateTime CreatedAt { get; set; }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> team)
    {
        team.ToTable("Teams");
        team.Property(t => t.Name).HasMaxLength(200);
        team.Property(t => t.Description).HasMaxLength(2000);
        team.HasIndex(t => t.Name).IsUnique();
        team.HasOne(t => t.ParentTeam).WithMany(t => t.SubTeams)
            .HasForeignKey(t => t.ParentTeamId).OnDelete(DeleteBehavior.Restrict);
    }
}
