using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Feedback;

/// <summary>
/// A code-review comment left on one of a service's pull requests, with the Conventional Comments
/// label the classifier gave it (docs/feedback.md). Deliberately nothing about who wrote it:
/// feedback is reported per team, never per reviewer. The text is kept so that a better
/// classifier can label it again.
/// </summary>
public sealed class ReviewComment
{
    public long Id { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
    /// <summary>The code host's id (GitHub's, prefixed by its kind) or the file's: unique per service, so importing again changes nothing.</summary>
    public required string ExternalId { get; set; }
    /// <summary>The pull request's number or name, as the delivery imports know it.</summary>
    public required string PullRequest { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string Body { get; set; }
    public DateTime? PullRequestOpenedAt { get; set; }
    /// <summary>praise, nitpick, suggestion, issue, question, thought or chore.</summary>
    public required string Label { get; set; }
    /// <summary>blocking, non-blocking or unspecified.</summary>
    public required string Blocking { get; set; }
    /// <summary>The author wrote the label; otherwise the classifier guessed it.</summary>
    public bool Explicit { get; set; }
    public double Confidence { get; set; }
    /// <summary>github or csv.</summary>
    public required string Source { get; set; }
    public DateTime ReceivedAt { get; set; }
}

internal sealed class ReviewCommentConfiguration : IEntityTypeConfiguration<ReviewComment>
{
    public void Configure(EntityTypeBuilder<ReviewComment> comment)
    {
        comment.ToTable("ReviewComments");
        comment.Property(c => c.ExternalId).HasMaxLength(200);
        comment.Property(c => c.PullRequest).HasMaxLength(200);
        comment.Property(c => c.Body).HasMaxLength(Core.Feedback.ReviewCommentFiles.MaxBodyLength);
        comment.Property(c => c.Label).HasMaxLength(20);
        comment.Property(c => c.Blocking).HasMaxLength(20);
        comment.Property(c => c.Source).HasMaxLength(20);
        comment.HasIndex(c => new { c.ServiceId, c.ExternalId }).IsUnique();
        comment.HasIndex(c => new { c.ServiceId, c.CreatedAt });
        comment.HasOne(c => c.Service).WithMany().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
