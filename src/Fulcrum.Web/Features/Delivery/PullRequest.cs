using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>
/// A pull request's timeline, for the lead-time breakdown. Deliberately nothing about people (no
/// author, no reviewers): stage times describe how a service's changes flow, never who was slow.
/// </summary>
public sealed class PullRequest
{
    public long Id { get; set; }
    /// <summary>The id the code host or file gave it; unique per service, so re-sending is idempotent.</summary>
    public required string ExternalId { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
    public DateTime? FirstCommitAt { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime? FirstReviewAt { get; set; }
    /// <summary>Null while the pull request is open (or was closed without merging).</summary>
    public DateTime? MergedAt { get; set; }
    /// <summary>The commit the merge produced on the target branch: its first production deployment ends the deploy stage.</summary>
    public string? MergeSha { get; set; }
    /// <summary>webhook or import.</summary>
    public required string Source { get; set; }
    public DateTime ReceivedAt { get; set; }
}

internal sealed class PullRequestConfiguration : IEntityTypeConfiguration<PullRequest>
{
    public void Configure(EntityTypeBuilder<PullRequest> pullRequest)
    {
        pullRequest.ToTable("PullRequests");
        pullRequest.Property(p => p.ExternalId).HasMaxLength(200);
        pullRequest.Property(p => p.MergeSha).HasMaxLength(64);
        pullRequest.Property(p => p.Source).HasMaxLength(20);
        pullRequest.HasIndex(p => new { p.ServiceId, p.ExternalId }).IsUnique();
        pullRequest.HasIndex(p => new { p.ServiceId, p.MergedAt });
        pullRequest.HasOne(p => p.Service).WithMany().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}
