using System.ComponentModel.DataAnnotations;

namespace Fulcrum.Web.Features.Review;

/// <summary>
/// Where and when the weekly review is sent, from <c>Fulcrum:Review</c> (environment:
/// <c>Fulcrum__Review__Smtp__Host=mail.example.com</c>); docs/review.md and docs/operations.md list them.
/// Without an SMTP host nothing is e-mailed; Slack messages go to the webhooks people set on their review page.
/// </summary>
public sealed class ReviewOptions : IValidatableObject
{
    public const string Section = "Fulcrum:Review";

    /// <summary>The site's address as people reach it (https://fulcrum.example.com/), for the links in e-mails, Slack messages and the CLI's Markdown.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>The day of the week the review is sent, for the seven days before it.</summary>
    public DayOfWeek SendOn { get; set; } = DayOfWeek.Monday;

    /// <summary>The hour of that day (UTC) from which it is sent.</summary>
    [Range(0, 23)]
    public int SendAtHourUtc { get; set; } = 7;

    /// <summary>How often the server looks whether a review is due.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one e-mail or webhook delivery may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a Slack webhook may point at a loopback, private or link-local address. Off by default:
    /// the server posts to the address, so anyone who sets a webhook could otherwise make it reach inside
    /// your network. Turn it on for a chat server on your own network (Mattermost, Rocket.Chat).
    /// </summary>
    public bool AllowPrivateWebhooks { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The SMTP settings are checked too (data annotations stop at the first level), and the sender must be an address.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Smtp, new ValidationContext(Smtp), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return new ValidationResult($"Smtp: {result.ErrorMessage}", [.. result.MemberNames.Select(m => "Smtp:" + m)]);
        }
        if (Smtp.Configured && !System.Net.Mail.MailAddress.TryCreate(Smtp.From, out _))
        {
            yield return new ValidationResult($"Smtp:From '{Smtp.From}' is not an e-mail address (Fulcrum <fulcrum@example.com>).", ["Smtp:From"]);
        }
        if (PublicUrl is { IsAbsoluteUri: false } or { Scheme: not ("http" or "https") })
        {
            yield return new ValidationResult("PublicUrl must be the site's absolute http(s) address, like https://fulcrum.example.com/.", [nameof(PublicUrl)]);
        }
    }
}

/// <summary>The SMTP server the review is e-mailed through; none when <see cref="Host"/> is empty.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>Upgrade the connection with STARTTLS before sending (SMTP submission on port 587 usually wants it).</summary>
    public bool StartTls { get; set; }

    /// <summary>The sender, e.g. <c>Fulcrum &lt;fulcrum@example.com&gt;</c>.</summary>
    public string From { get; set; } = "Fulcrum <fulcrum@localhost>";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}
