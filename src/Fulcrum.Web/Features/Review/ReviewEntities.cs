using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Review;

/// <summary>
/// How a person gets their weekly review, and what happened the last time it was sent. A person
/// without a row gets the default: e-mailed when they lead (a leader or admin, or anyone with direct
/// reports) and an SMTP server is configured; no Slack message.
/// </summary>
public sealed class ReviewSubscription
{
    public const int MaxWebhookLength = 500;
    public const int MaxErrorLength = 1000;

    public int PersonId { get; set; }
    public Person? Person { get; set; }
    /// <summary>Send it by e-mail to the person's account address.</summary>
    public bool Email { get; set; }
    /// <summary>A Slack-compatible incoming webhook the review is posted to; a secret, shown only masked.</summary>
    public string? SlackWebhook { get; set; }
    /// <summary>The end of the last week sent (exclusive), so each week goes out once.</summary>
    public DateTime? LastSentUntil { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    /// <summary>Why the last attempt failed, in words; null when it went out.</summary>
    public string? LastError { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ReviewSubscriptionConfiguration : IEntityTypeConfiguration<ReviewSubscription>
{
    public void Configure(EntityTypeBuilder<ReviewSubscription> subscription)
    {
        subscription.ToTable("ReviewSubscriptions");
        subscription.HasKey(s => s.PersonId);
        subscription.Property(s => s.PersonId).ValueGeneratedNever();
        subscription.Property(s => s.SlackWebhook).HasMaxLength(ReviewSubscription.MaxWebhookLength);
        subscription.Property(s => s.LastError).HasMaxLength(ReviewSubscription.MaxErrorLength);
        subscription.HasOne(s => s.Person).WithOne().HasForeignKey<ReviewSubscription>(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
