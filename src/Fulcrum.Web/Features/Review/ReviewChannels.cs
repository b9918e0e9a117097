using System.Net;
using System.Net.Http.Json;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Fulcrum.Core;
using Fulcrum.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Review;

/// <summary>Sends a review by e-mail through the configured SMTP server: Markdown as the plain text, the same rendered as HTML.</summary>
public sealed class ReviewMail(IOptions<ReviewOptions> options)
{
    public bool Configured => options.Value.Smtp.Configured;

    public async Task SendAsync(string to, WeeklyReviewResult review, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var smtp = settings.Smtp;
        if (!smtp.Configured)
        {
            throw ProblemException.Unavailable("No SMTP server", "No SMTP server is configured (Fulcrum:Review:Smtp:Host), so the review cannot be e-mailed.");
        }
        var markdown = ReviewText.Markdown(review, settings.PublicUrl);
        using var message = new MailMessage(new MailAddress(smtp.From), new MailAddress(to))
        {
            Subject = ReviewText.Title(review),
            SubjectEncoding = Encoding.UTF8,
        };
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(markdown, Encoding.UTF8, MediaTypeNames.Text.Plain));
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(Html(markdown), Encoding.UTF8, MediaTypeNames.Text.Html));
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.StartTls,
            Timeout = (int)settings.SendTimeout.TotalMilliseconds,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }
        await client.SendMailAsync(message, cancellationToken);
    }

    /// <summary>The Markdown as an HTML e-mail body; raw HTML in the text is not passed through.</summary>
    private static string Html(string markdown)
    {
        var pipeline = Markdig.MarkdownExtensions.DisableHtml(new Markdig.MarkdownPipelineBuilder()).Build();
        return "<!DOCTYPE html><html><body style=\"font-family: sans-serif; line-height: 1.5\">" + Markdig.Markdown.ToHtml(markdown, pipeline) + "</body></html>";
    }
}

/// <summary>
/// Posts a review to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat take
/// <c>{"text": …}</c>). The server makes the request, so webhooks on private addresses are refused
/// unless <see cref="ReviewOptions.AllowPrivateWebhooks"/> allows them.
/// </summary>
public sealed class ReviewWebhook : IDisposable
{
    private readonly HttpClient client;
    private readonly ReviewOptions settings;

    public ReviewWebhook(IOptions<ReviewOptions> options)
    {
        settings = options.Value;
        client = new HttpClient(OutboundAddresses.Handler(settings.AllowPrivateWebhooks, "Fulcrum:Review:AllowPrivateWebhooks", settings.SendTimeout))
        {
            Timeout = settings.SendTimeout,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Fulcrum-review/1.0");
    }

    /// <summary>A webhook address as a person gives it: http or https, at most <see cref="ReviewSubscription.MaxWebhookLength"/> characters.</summary>
    public static Uri Address(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > ReviewSubscription.MaxWebhookLength
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            throw ProblemException.InvalidField("slackWebhook",
                $"Give the incoming webhook's https address as Slack shows it (https://hooks.slack.com/services/…), at most {ReviewSubscription.MaxWebhookLength} characters.",
                "Not a webhook address");
        }
        return uri;
    }

    /// <summary>"https://hooks.slack.com/services/T0…": enough to recognise a webhook, not enough to use it.</summary>
    public static string Masked(string address)
    {
        var uri = new Uri(address);
        var path = uri.AbsolutePath.Length > 12 ? uri.AbsolutePath[..12] + "…" : uri.AbsolutePath;
        return $"{uri.Scheme}://{uri.Authority}{path}";
    }

    public async Task SendAsync(string address, WeeklyReviewResult review, CancellationToken cancellationToken)
    {
        var uri = Address(address);
        try
        {
            using var response = await client.PostAsJsonAsync(uri, new { text = ReviewText.Slack(review, settings.PublicUrl) }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ReviewNotSent($"The webhook at {uri.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
        }
        catch (HttpRequestException e)
        {
            throw new ReviewNotSent(OutboundAddresses.RefusalOf(e) ?? $"The webhook at {uri.Host} could not be reached ({e.Message}).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ReviewNotSent($"The webhook at {uri.Host} did not answer within {settings.SendTimeout.TotalSeconds:0} seconds.");
        }
    }

    public void Dispose() => client.Dispose();
}

/// <summary>A channel refused or could not take a review; the message says why, in words.</summary>
public sealed class ReviewNotSent(string message) : Exception(message);
