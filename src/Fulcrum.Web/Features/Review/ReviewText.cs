using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulcrum.Web.Features.Review;

/// <summary>
/// The weekly review as text: Markdown (the CLI, the e-mail, a note), Slack's mrkdwn (an incoming
/// webhook) and JSON. Links are absolute when the site's public address is known, so they work
/// outside Fulcrum; relative otherwise.
/// </summary>
public static class ReviewText
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>"28 Nov – 4 Dec 2026": the days from <paramref name="since"/> to the day before <paramref name="until"/>.</summary>
    public static string Days(DateTime since, DateTime until)
    {
        var last = until.AddDays(-1);
        var first = since.Year != last.Year ? since.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
            : since.Month != last.Month ? since.ToString("d MMM", CultureInfo.InvariantCulture)
            : since.ToString("%d", CultureInfo.InvariantCulture);
        return $"{first} – {last.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}";
    }

    public static string Title(WeeklyReviewResult review) => $"Weekly review of {review.Name}, {review.Week}";

    public static string Markdown(WeeklyReviewResult review, Uri? site)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(Escape(Title(review))).Append("\n\n");
        text.Append(review.Teams.Count == 0
            ? "No teams: you lead none and your team is not set."
            : $"Teams: {Escape(string.Join(", ", review.Teams.Select(t => t.Name)))}.");
        text.Append(review.Attention > 0 ? $" {Core.Wording.Count(review.Attention, "item asks", "items ask")} for you (marked ⚑).\n" : "\n");
        foreach (var section in review.Sections)
        {
            text.Append("\n## [").Append(Escape(section.Title)).Append("](").Append(Link(site, section.Href)).Append(")\n\n");
            if (section.Items.Count == 0)
            {
                text.Append(Escape(section.Empty)).Append('\n');
                continue;
            }
            foreach (var item in section.Items)
            {
                text.Append("- ").Append(item.Attention ? "⚑ " : "").Append(Escape(item.Text))
                    .Append(" — [").Append(Escape(item.Source)).Append("](").Append(Link(site, item.Href)).Append(")\n");
            }
        }
        text.Append("\nMade by Fulcrum on ").Append(review.MadeAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC")
            .Append(site is null ? ".\n" : $" from {Link(site, ReviewModule.Path)}.\n");
        return text.ToString();
    }

    /// <summary>Slack's mrkdwn, as an incoming webhook takes it (<c>{"text": …}</c>): bold headings, <c>&lt;url|text&gt;</c> links.</summary>
    public static string Slack(WeeklyReviewResult review, Uri? site)
    {
        var text = new StringBuilder();
        text.Append('*').Append(SlackEscape(Title(review))).Append("*\n");
        foreach (var section in review.Sections)
        {
            text.Append("\n*").Append(SlackLink(site, section.Href, section.Title)).Append("*\n");
            if (section.Items.Count == 0)
            {
                text.Append(SlackEscape(section.Empty)).Append('\n');
                continue;
            }
            foreach (var item in section.Items)
            {
                text.Append("• ").Append(item.Attention ? ":triangular_flag_on_post: " : "").Append(SlackEscape(item.Text))
                    .Append(" (").Append(SlackLink(site, item.Href, item.Source)).Append(")\n");
            }
        }
        return text.ToString();
    }

    public static string Link(Uri? site, string href) => site is null ? href : new Uri(site, href).AbsoluteUri;

    /// <summary>Markdown's own characters in a sentence, escaped, so a team called "*Core*" stays a name.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '`' or '<' or '>' or '#' or '|')
            {
                escaped.Append('\\');
            }
            escaped.Append(c is '\n' or '\r' ? ' ' : c);
        }
        return escaped.ToString();
    }

    /// <summary>Slack's three control characters, as its documentation asks.</summary>
    private static string SlackEscape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace('\n', ' ');

    /// <summary>A link Slack shows as its text; without a public address, the text and the path.</summary>
    private static string SlackLink(Uri? site, string href, string text) =>
        site is null ? $"{SlackEscape(text)} ({SlackEscape(href)})" : $"<{Link(site, href)}|{SlackEscape(text).Replace("|", "¦")}>";
}
