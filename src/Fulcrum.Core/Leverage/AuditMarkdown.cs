using System.Globalization;
using System.Text;
using NodaTime;

namespace Fulcrum.Core.Leverage;

/// <summary>The audit as a Markdown document a leader can keep or share with their own manager (the CLI's and the API's markdown).</summary>
public static class AuditMarkdown
{
    public static string Write(AuditResult result)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(result.Zone) ?? DateTimeZone.Utc;
        var text = new StringBuilder();
        var from = result.From.InZone(zone).Date;
        var to = result.To.InZone(zone).Date.PlusDays(-1);
        Line(text, $"# Calendar audit: {result.Me}");
        Line(text, $"{from:yyyy-MM-dd} to {to:yyyy-MM-dd} ({result.Zone}). {Summary(result)}");
        Line(text);
        Line(text, "## Weeks");
        Line(text, "| Week of | Meetings (h) | Load | Focus (h) | Fragmented (h) | After hours (h) | Attendee-hours |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|");
        foreach (var week in result.Weeks)
        {
            Line(text, $"| {week.Week:yyyy-MM-dd} | {H(week.MeetingHours)} | {Percent(week.Load)} | {H(week.Focus)} | {H(week.Fragmented)} | {H(week.AfterHours)} | {H(week.AttendeeHours)} |");
        }
        Line(text);
        Line(text, "## Leverage");
        foreach (var share in result.Leverage)
        {
            Line(text, $"- {share.Level}: {H(share.Hours)} h ({Percent(share.Share)})");
        }
        Line(text);
        Line(text, "## Meetings");
        Line(text, "| Meeting | Kind | Times | Hours | Attendee-hours | Presence | Suggestion |");
        Line(text, "|---|---|---:|---:|---:|---:|---|");
        foreach (var meeting in result.Meetings)
        {
            Line(text, $"| {Cell(meeting.Title)} | {meeting.Class.Kind} ({meeting.Class.Leverage}) | {meeting.Occurrences} | {H(meeting.Hours)} | {H(meeting.AttendeeHours)} | {meeting.Score} | {Action(meeting.Action)}: {Cell(meeting.Advice)}{(meeting.DelegateTo?.GrowthPlan is { } plan ? $" (growth plan: {plan})" : "")}{(meeting.SunsetRule is { } rule ? $" `{rule}`" : "")} |");
        }
        Line(text);
        Line(text, "### Why");
        foreach (var meeting in result.Meetings)
        {
            Line(text, $"- **{Cell(meeting.Title)}** ({meeting.Score}): {string.Join("; ", meeting.Reasons.Select(r => $"{r.Text} ({(r.Points > 0 ? "+" : "")}{r.Points})"))}");
        }
        if (result.OneOnOnes.Count > 0)
        {
            Line(text);
            Line(text, "## 1:1s with direct reports");
            foreach (var cadence in result.OneOnOnes)
            {
                Line(text, $"- {(cadence.Flagged ? "⚠ " : "")}{cadence.Report.Name}: {cadence.Note}");
            }
        }
        return text.ToString();
    }

    /// <summary>One sentence with the window's totals.</summary>
    public static string Summary(AuditResult result)
    {
        var weeks = Math.Max(1, result.Weeks.Count);
        var t = result.Totals;
        var left = new List<string>();
        if (t.Declined > 0) left.Add($"{t.Declined} declined");
        if (t.Tentative > 0) left.Add($"{t.Tentative} tentative");
        if (t.Free > 0) left.Add($"{t.Free} marked free");
        if (t.AllDay > 0) left.Add($"{t.AllDay} all-day");
        if (t.Blocks > 0) left.Add($"{t.Blocks} with no one else");
        return $"{Wording.Count(t.Meetings, "meeting")}, {H(t.MeetingHours)} h ({H(t.MeetingHours / weeks)} h a week); focus {H(t.Focus)} h, fragmented {H(t.Fragmented)} h, after hours {H(t.AfterHours)} h."
            + (left.Count > 0 ? $" Left out: {string.Join(", ", left)}." : "");
    }

    public static string Action(PresenceAction action) => action switch
    {
        PresenceAction.MakeAsync => "Make async",
        _ => action.ToString(),
    };

    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string H(double hours) => hours.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
