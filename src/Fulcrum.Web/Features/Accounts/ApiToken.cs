using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Accounts;

/// <summary>
/// An API token. Only its SHA-256 hash is stored; the secret is shown once. A personal token acts as
/// its owner; a service token (<see cref="Scope"/> = <see cref="ApiTokenScopes.Services"/>) may only post
/// deployments, incidents and pull requests for its <see cref="Services"/>, and nothing else.
/// </summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the token, safe to show so a person can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    /// <summary>Null for a personal token; <see cref="ApiTokenScopes.Services"/> for a service token. Kept apart from
    /// <see cref="Services"/> so that a service token whose services were all removed may post nothing, rather
    /// than becoming personal.</summary>
    public string? Scope { get; set; }
    public List<ApiTokenServiceGrant> Services { get; set; } = [];
}

public static class ApiTokenScopes
{
    public const string Services = "services";
}

/// <summary>A service a service token may post delivery records for. Removing the service removes the grant.</summary>
public sealed class ApiTokenServiceGrant
{
    public int ApiTokenId { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.ToTable("ApiTokens");
        token.Property(t => t.Name).HasMaxLength(200);
        token.Property(t => t.Prefix).HasMaxLength(32);
        token.Property(t => t.Hash).HasMaxLength(128);
        token.HasIndex(t => t.Hash).IsUnique();
        token.HasIndex(t => t.UserId);
        token.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        token.Property(t => t.Scope).HasMaxLength(20);
        token.HasMany(t => t.Services).WithOne().HasForeignKey(g => g.ApiTokenId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiTokenServiceGrantConfiguration : IEntityTypeConfiguration<ApiTokenServiceGrant>
{
    public void Configure(EntityTypeBuilder<ApiTokenServiceGrant> grant)
    {
        grant.ToTable("ApiTokenServices");
        grant.HasKey(g => new { g.ApiTokenId, g.ServiceId });
        grant.HasIndex(g => g.ServiceId);
        grant.HasOne(g => g.Service).WithMany().HasForeignKey(g => g.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
