using Fulcrum.Core.Delivery;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>A local git repository read for a service, and the ref tips seen at the last ingest
/// (so the next ingest reads only what is new).</summary>
public sealed class SourceRepository
{
    /// <summary>The path's column length, for checks that run before EF Core's model is built (a cold CLI ingest).</summary>
    public const int PathLength = 1000;

    public int Id { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
    public required string Path { get; set; }
    /// <summary>The distinct commit shas the refs pointed at, one per line.</summary>
    public string Tips { get; set; } = "";
    public int CommitCount { get; set; }
    public DateTime? LastIngestedAt { get; set; }
    /// <summary>The glob of tags read as production deployments (<c>--release-tags</c>), kept for the scheduled re-reads.</summary>
    public string? ReleaseTags { get; set; }

    /// <summary>The longest <see cref="ReleaseTags"/> glob.</summary>
    public const int ReleaseTagsLength = 200;
}

/// <summary>Commit metadata: sha, parents and committer time. Nothing about who wrote it.</summary>
/// <remarks>A commit is stored once per service, however many of its repositories hold it (a fork, a
/// mirror, the same repository cloned again at a new path): <see cref="RepositoryId"/> is the one it was
/// first read from.</remarks>
public sealed class Commit
{
    public long Id { get; set; }
    public int ServiceId { get; set; }
    public int RepositoryId { get; set; }
    public required string Sha { get; set; }
    /// <summary>Parent shas separated by spaces.</summary>
    public string Parents { get; set; } = "";
    public DateTime CommittedAt { get; set; }
}

public sealed class Deployment
{
    public long Id { get; set; }
    /// <summary>The id the CI system or file gave it; unique per service, so retries are idempotent.</summary>
    public required string ExternalId { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
    public required string Environment { get; set; }
    public string? Sha { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }
    public bool Succeeded { get; set; }
    /// <summary>webhook, import or tag.</summary>
    public required string Source { get; set; }
    public bool IsRollback { get; set; }
    /// <summary>Commits this deployment brought into production that are older than the service's first
    /// production deployment: cut off, so they have no lead time (set by <see cref="AttributionRefresh"/>).</summary>
    public int CutOffCommits { get; set; }
    public DateTime ReceivedAt { get; set; }
}

public sealed class Incident
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? Severity { get; set; }
    public string? Title { get; set; }
    /// <summary>Evidence as given: the deployment's external id and/or the causing commit.</summary>
    public string? GivenDeploymentId { get; set; }
    public string? CausedBySha { get; set; }
    /// <summary>The attributed deployment, how sure, and why (see <see cref="IncidentAttribution"/>).</summary>
    public long? DeploymentId { get; set; }
    public Deployment? Deployment { get; set; }
    public IncidentLink Link { get; set; }
    public double Confidence { get; set; }
    public string? AttributionReason { get; set; }
    /// <summary>Set when a leader confirmed or rejected a suspected link; re-attribution keeps their word.</summary>
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public DateTime ReceivedAt { get; set; }
}

/// <summary>A commit's first production deployment and its lead time: the result of
/// <see cref="ChangeAttribution"/>, rebuilt per service when commits or deployments change.</summary>
public sealed class ShippedChange
{
    public long CommitId { get; set; }
    public int ServiceId { get; set; }
    public long DeploymentId { get; set; }
    public DateTime ShippedAt { get; set; }
    public double LeadTimeHours { get; set; }
}

internal sealed class DeliveryConfiguration :
    IEntityTypeConfiguration<SourceRepository>, IEntityTypeConfiguration<Commit>, IEntityTypeConfiguration<Deployment>,
    IEntityTypeConfiguration<Incident>, IEntityTypeConfiguration<ShippedChange>
{
    public void Configure(EntityTypeBuilder<SourceRepository> repository)
    {
        repository.ToTable("Repositories");
        repository.Property(r => r.Path).HasMaxLength(SourceRepository.PathLength);
        repository.Property(r => r.ReleaseTags).HasMaxLength(SourceRepository.ReleaseTagsLength);
        repository.HasIndex(r => new { r.ServiceId, r.Path }).IsUnique();
        repository.HasOne(r => r.Service).WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Commit> commit)
    {
        commit.ToTable("Commits");
        commit.Property(c => c.Sha).HasMaxLength(64);
        commit.HasIndex(c => new { c.ServiceId, c.Sha }).IsUnique();
        commit.HasIndex(c => new { c.RepositoryId, c.CommittedAt });
        commit.HasOne<SourceRepository>().WithMany().HasForeignKey(c => c.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        commit.HasOne<Service>().WithMany().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Deployment> deployment)
    {
        deployment.ToTable("Deployments");
        deployment.Property(d => d.ExternalId).HasMaxLength(200);
        deployment.Property(d => d.Environment).HasMaxLength(100);
        deployment.Property(d => d.Sha).HasMaxLength(64);
        deployment.Property(d => d.Source).HasMaxLength(20);
        deployment.HasIndex(d => new { d.ServiceId, d.ExternalId }).IsUnique();
        deployment.HasIndex(d => new { d.ServiceId, d.FinishedAt });
        deployment.HasOne(d => d.Service).WithMany().HasForeignKey(d => d.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Incident> incident)
    {
        incident.ToTable("Incidents");
        incident.Property(i => i.ExternalId).HasMaxLength(200);
        incident.Property(i => i.Severity).HasMaxLength(50);
        incident.Property(i => i.Title).HasMaxLength(500);
        incident.Property(i => i.GivenDeploymentId).HasMaxLength(200);
        incident.Property(i => i.CausedBySha).HasMaxLength(64);
        incident.Property(i => i.AttributionReason).HasMaxLength(500);
        incident.Property(i => i.ReviewedBy).HasMaxLength(256);
        incident.HasIndex(i => new { i.ServiceId, i.ExternalId }).IsUnique();
        incident.HasIndex(i => new { i.ServiceId, i.StartedAt });
        incident.HasIndex(i => i.DeploymentId);
        incident.HasOne(i => i.Service).WithMany().HasForeignKey(i => i.ServiceId).OnDelete(DeleteBehavior.Restrict);
        incident.HasOne(i => i.Deployment).WithMany().HasForeignKey(i => i.DeploymentId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<ShippedChange> change)
    {
        change.ToTable("ShippedChanges");
        change.HasKey(c => c.CommitId);
        change.HasIndex(c => new { c.ServiceId, c.ShippedAt });
        change.HasIndex(c => c.DeploymentId);
        change.HasOne<Commit>().WithOne().HasForeignKey<ShippedChange>(c => c.CommitId).OnDelete(DeleteBehavior.Cascade);
        change.HasOne<Deployment>().WithMany().HasForeignKey(c => c.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        change.HasOne<Service>().WithMany().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
