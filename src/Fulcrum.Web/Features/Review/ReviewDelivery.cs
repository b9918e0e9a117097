using Fulcrum.Core;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Review;

/// <summary>How a person gets their review, as their page and the API show it. The webhook is shown masked.</summary>
/// <param name="Email">E-mailed to <paramref name="Address"/> each week.</param>
/// <param name="EmailAvailable">An SMTP server is configured; without one nothing is e-mailed.</param>
/// <param name="Chosen">The person chose these settings; otherwise they are the default for someone who leads or does not.</param>
public sealed record ReviewDeliveryView(
    bool Email, string Address, bool EmailAvailable, string? SlackWebhook, bool Chosen, DayOfWeek SendOn, int SendAtHourUtc,
    DateTime? LastSentUntil, DateTime? LastAttemptAt, string? LastError);

/// <summary>A change to how a person gets their review: leave a field out to keep it; an empty webhook removes it.</summary>
public sealed record ReviewDeliveryRequest(bool? Email, string? SlackWebhook);

/// <summary>What one sending did: to whom and where it went, or why it did not.</summary>
public sealed record ReviewSent(string Email, string Week, IReadOnlyList<string> Channels, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Sends weekly reviews (docs/review.md): each person's settings, sending one review now, and the
/// scheduled sending of every review due, once per person and week. A failed channel is recorded with
/// its reason and tried again an hour later, until the week is sent or the next week begins.
/// </summary>
public sealed class ReviewDelivery(
    FulcrumDbContext db, WeeklyReview reviews, ReviewMail mail, ReviewWebhook webhook, IOptions<ReviewOptions> options,
    TimeProvider clock, ILogger<ReviewDelivery> logger)
{
    /// <summary>How long a failed sending waits before it is tried again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromHours(1);

    /// <summary>How long after its hour a week's review may still go out; after that it waits for the next week.</summary>
    public static readonly TimeSpan LateBy = TimeSpan.FromHours(24);

    public async Task<ReviewDeliveryView> GetAsync(ReviewReader reader, CancellationToken cancellationToken = default)
    {
        var row = await db.ReviewSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.PersonId == reader.PersonId, cancellationToken);
        return View(row, reader.Email, await DefaultEmailAsync(reader.PersonId, reader.Leads, cancellationToken));
    }

    public async Task<ReviewDeliveryView> SetAsync(ReviewReader reader, ReviewDeliveryRequest request, CancellationToken cancellationToken = default)
    {
        var row = await db.ReviewSubscriptions.SingleOrDefaultAsync(s => s.PersonId == reader.PersonId, cancellationToken);
        if (row is null)
        {
            row = new ReviewSubscription { PersonId = reader.PersonId, Email = await DefaultEmailAsync(reader.PersonId, reader.Leads, cancellationToken) };
            db.ReviewSubscriptions.Add(row);
        }
        if (request.Email is bool email)
        {
            row.Email = email;
        }
        if (request.SlackWebhook is { } hook)
        {
            row.SlackWebhook = string.IsNullOrWhiteSpace(hook) ? null : ReviewWebhook.Address(hook).AbsoluteUri;
        }
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return View(row, reader.Email, true);
    }

    /// <summary>Sends the reader's review for their week now, to every channel they have (the page's "Send it now", <c>fulcrum review send --me</c>).</summary>
    public async Task<ReviewSent> SendNowAsync(ReviewReader reader, CancellationToken cancellationToken = default)
    {
        var row = await db.ReviewSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.PersonId == reader.PersonId, cancellationToken);
        var email = row?.Email ?? await DefaultEmailAsync(reader.PersonId, reader.Leads, cancellationToken);
        if (!(email && mail.Configured) && row?.SlackWebhook is null)
        {
            throw ProblemException.Invalid("Nowhere to send it",
                mail.Configured
                    ? "E-mail is turned off and there is no Slack webhook: turn one on first."
                    : "No SMTP server is configured (Fulcrum:Review:Smtp:Host) and there is no Slack webhook: add a webhook, or ask an admin to configure e-mail.");
        }
        return await SendAsync(reader, email, row?.SlackWebhook, cancellationToken);
    }

    /// <summary>
    /// The reviews due now: from the configured day and hour, and for a day after it, each person with a
    /// channel whose review for the week just ended has not gone out. Returns what was sent; a person's failure does not
    /// stop the others.
    /// </summary>
    public async Task<IReadOnlyList<ReviewSent>> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var weekEnd = WeekEnd(now, settings);
        var until = weekEnd.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        if (now >= until.AddHours(settings.SendAtHourUtc) + LateBy)
        {
            // A review is news on its day: a server that was down all of it does not send stale ones.
            return [];
        }
        var accounts = await db.Users.AsNoTracking().Where(u => u.PersonId != null && u.Email != null)
            .Select(u => new { u.Email, PersonId = u.PersonId!.Value }).ToListAsync(cancellationToken);
        var rows = await db.ReviewSubscriptions.AsNoTracking().ToDictionaryAsync(s => s.PersonId, cancellationToken);
        var sent = new List<ReviewSent>();
        foreach (var account in accounts)
        {
            var row = rows.GetValueOrDefault(account.PersonId);
            if (row?.LastSentUntil >= until || (row?.LastError is not null && row.LastAttemptAt > now - RetryAfter))
            {
                continue;
            }
            if (row is { Email: false, SlackWebhook: null } || (row?.SlackWebhook is null && !mail.Configured))
            {
                continue;
            }
            try
            {
                var reader = await reviews.ReaderAsync(account.Email!, weekEnd, cancellationToken);
                var email = row?.Email ?? await DefaultEmailAsync(reader.PersonId, reader.Leads, cancellationToken);
                if (email && mail.Configured || row?.SlackWebhook is not null)
                {
                    sent.Add(await SendAsync(reader, email, row?.SlackWebhook, cancellationToken));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One person's review that cannot be made does not hold up everyone else's.
                logger.LogError(e, "The weekly review of {Person} could not be made", account.Email);
                sent.Add(new ReviewSent(account.Email!, ReviewText.Days(until.AddDays(-7), until), [], [$"The review could not be made: {e.Message}"]));
                db.ChangeTracker.Clear();
                await RecordAsync(account.PersonId, row?.Email ?? false, null, [$"The review could not be made: {e.Message}"], cancellationToken);
            }
        }
        return sent;
    }

    /// <summary>The end (exclusive) of the week whose review is due at <paramref name="now"/>: the last send day whose hour has come.</summary>
    public static DateOnly WeekEnd(DateTime now, ReviewOptions settings)
    {
        var today = DateOnly.FromDateTime(now);
        var back = ((int)today.DayOfWeek - (int)settings.SendOn + 7) % 7;
        if (back == 0 && now.Hour < settings.SendAtHourUtc)
        {
            back = 7;
        }
        return today.AddDays(-back);
    }

    private async Task<ReviewSent> SendAsync(ReviewReader reader, bool email, string? slackWebhook, CancellationToken cancellationToken)
    {
        var review = await reviews.MakeAsync(reader, cancellationToken);
        var channels = new List<string>();
        var problems = new List<string>();
        if (email && mail.Configured)
        {
            try
            {
                await mail.SendAsync(reader.Email, review, cancellationToken);
                channels.Add($"e-mail to {reader.Email}");
            }
            catch (Exception e) when (e is System.Net.Mail.SmtpException or IOException or InvalidOperationException or FormatException)
            {
                problems.Add($"E-mail to {reader.Email} failed: {e.Message}");
            }
        }
        if (slackWebhook is not null)
        {
            try
            {
                await webhook.SendAsync(slackWebhook, review, cancellationToken);
                channels.Add($"Slack webhook {ReviewWebhook.Masked(slackWebhook)}");
            }
            catch (ReviewNotSent e)
            {
                problems.Add(e.Message);
            }
        }
        await RecordAsync(reader.PersonId, email, problems.Count == 0 ? reader.Until : null, problems, cancellationToken);
        foreach (var problem in problems)
        {
            logger.LogWarning("Weekly review of {Person} not sent: {Problem}", reader.Email, problem);
        }
        return new ReviewSent(reader.Email, review.Week, channels, problems);
    }

    private async Task RecordAsync(int personId, bool email, DateTime? sentUntil, List<string> problems, CancellationToken cancellationToken)
    {
        var row = await db.ReviewSubscriptions.SingleOrDefaultAsync(s => s.PersonId == personId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (row is null)
        {
            row = new ReviewSubscription { PersonId = personId, Email = email, UpdatedAt = now };
            db.ReviewSubscriptions.Add(row);
        }
        row.LastAttemptAt = now;
        if (sentUntil is DateTime until && (row.LastSentUntil is null || row.LastSentUntil < until))
        {
            row.LastSentUntil = until;
        }
        var error = problems.Count == 0 ? null : string.Join(" ", problems);
        row.LastError = error is { Length: > ReviewSubscription.MaxErrorLength } ? error[..(ReviewSubscription.MaxErrorLength - 1)] + "…" : error;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>E-mailed by default to those who lead: leaders and admins, and anyone with direct reports.</summary>
    private async Task<bool> DefaultEmailAsync(int personId, bool leads, CancellationToken cancellationToken) =>
        leads || await db.People.AnyAsync(p => p.ManagerId == personId, cancellationToken);

    private ReviewDeliveryView View(ReviewSubscription? row, string address, bool defaultEmail)
    {
        var settings = options.Value;
        return new(row?.Email ?? defaultEmail, address, mail.Configured, row?.SlackWebhook is { } hook ? ReviewWebhook.Masked(hook) : null, row is not null,
            settings.SendOn, settings.SendAtHourUtc, row?.LastSentUntil, row?.LastAttemptAt, row?.LastError);
    }
}
