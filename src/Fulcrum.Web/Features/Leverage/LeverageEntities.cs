using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>
/// A leader's calendar: the iCalendar file as uploaded or last fetched from its subscription URL,
/// and how to read it (working hours, zone, the address the calendar knows them by). One per person,
/// and private: only its owner sees it or its audit (docs/leverage.md, "Privacy").
/// </summary>
public sealed class LeverageCalendar
{
    public const int MaxFileNameLength = 200;
    public const int MaxUrlLength = 2000;
    public const int MaxErrorLength = 1000;

    public int Id { get; set; }
    public int PersonId { get; set; }
    public required string FileName { get; set; }

    /// <summary>An https (or http, or webcal) address fetched again every <see cref="LeverageOptions.RefreshInterval"/>.</summary>
    public string? SubscriptionUrl { get; set; }

    /// <summary>The file's bytes as received; read by Fulcrum's own iCalendar engine each time.</summary>
    public required byte[] Content { get; set; }
    public int Events { get; set; }
    public int Problems { get; set; }

    /// <summary>The address the calendar's invitations use for its owner (default: their email in the organisation).</summary>
    public string? Address { get; set; }
    public string? TimeZone { get; set; }

    /// <summary>Working hours, "09:00" and "17:00".</summary>
    public required string WorkStart { get; set; }
    public required string WorkEnd { get; set; }

    /// <summary>Working days as <see cref="Core.Leverage.WorkingDays.Format"/> writes them (<c>mon,tue,wed,thu,fri</c>); null is Monday to Friday.</summary>
    public string? WorkDays { get; set; }
    public DateTime ImportedAt { get; set; }

    /// <summary>When the subscription was last fetched, successfully or not (<see cref="LastError"/>).</summary>
    public DateTime? FetchedAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>The six-month question for one meeting: will what happens there matter to me in six months? Lead it, or follow.</summary>
public sealed class LeverageTriage
{
    public const int MaxUidLength = 500;
    public const int MaxTitleLength = 300;

    public long Id { get; set; }
    public int PersonId { get; set; }
    public required string MeetingUid { get; set; }
    public required string Title { get; set; }

    /// <summary><c>lead</c> or <c>follow</c>.</summary>
    public required string Choice { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class LeverageConfiguration : IEntityTypeConfiguration<LeverageCalendar>, IEntityTypeConfiguration<LeverageTriage>
{
    public void Configure(EntityTypeBuilder<LeverageCalendar> calendar)
    {
        calendar.ToTable("LeverageCalendars");
        calendar.Property(c => c.FileName).HasMaxLength(LeverageCalendar.MaxFileNameLength);
        calendar.Property(c => c.SubscriptionUrl).HasMaxLength(LeverageCalendar.MaxUrlLength);
        calendar.Property(c => c.Address).HasMaxLength(256);
        calendar.Property(c => c.TimeZone).HasMaxLength(64);
        calendar.Property(c => c.WorkStart).HasMaxLength(5);
        calendar.Property(c => c.WorkEnd).HasMaxLength(5);
        calendar.Property(c => c.WorkDays).HasMaxLength(27);
        calendar.Property(c => c.LastError).HasMaxLength(LeverageCalendar.MaxErrorLength);
        calendar.HasIndex(c => c.PersonId).IsUnique();
        calendar.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<LeverageTriage> triage)
    {
        triage.ToTable("LeverageTriage");
        triage.Property(t => t.MeetingUid).HasMaxLength(LeverageTriage.MaxUidLength);
        triage.Property(t => t.Title).HasMaxLength(LeverageTriage.MaxTitleLength);
        triage.Property(t => t.Choice).HasMaxLength(10);
        triage.HasIndex(t => new { t.PersonId, t.MeetingUid }).IsUnique();
        triage.HasOne<Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
