using System.Globalization;
using System.Text;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Core.Careers;

public enum BragEntryKind
{
    /// <summary>Recognition someone else gave.</summary>
    Kudos,
    /// <summary>Something the person recorded themselves: a launch, a talk, a hard problem solved.</summary>
    Achievement,
    /// <summary>Evidence written in an assessment the person was rated in.</summary>
    Evidence,
}

/// <param name="From">Who gave kudos or wrote evidence; null for the person's own achievements.</param>
/// <param name="Competencies">Competency ids of the ladder; an entry may speak to several.</param>
public sealed record BragEntry(
    DateTime Date, BragEntryKind Kind, string Text, string? Link, string? From, IReadOnlyList<string> Competencies);

/// <summary>The entries that speak to one competency, or to none (<see cref="CompetencyId"/> null).</summary>
public sealed record BragSection(string? CompetencyId, string Heading, IReadOnlyList<BragEntry> Entries);

/// <summary>
/// A brag document: what a person did and was recognised for in a review period, grouped by the
/// competencies of their ladder so it reads like the review it feeds. An entry tied to two
/// competencies appears under both; entries tied to none come last. The person owns it: it is
/// theirs to export and share.
/// </summary>
public static class BragDocument
{
    public const string UntiedHeading = "Not tied to a competency";

    public static IReadOnlyList<BragSection> Group(IEnumerable<BragEntry> entries, Ladder ladder)
    {
        var list = entries.OrderBy(e => e.Date).ThenBy(e => e.Kind).ToList();
        var sections = ladder.Competencies
            .Select(c => new BragSection(c.Id, c.Name, list.Where(e => e.Competencies.Contains(c.Id, StringComparer.Ordinal)).ToList()))
            .Where(s => s.Entries.Count > 0)
            .ToList();
        // Ids the ladder does not know (a ladder changed since) count as untied rather than vanish.
        var untied = list.Where(e => !e.Competencies.Any(id => ladder.FindCompetency(id) is not null)).ToList();
        if (untied.Count > 0)
        {
            sections.Add(new BragSection(null, UntiedHeading, untied));
        }
        return sections;
    }

    public static string ToMarkdown(string person, DateOnly from, DateOnly until, IEnumerable<BragEntry> entries, Ladder ladder)
    {
        var entryList = entries.ToList();
        var markdown = new StringBuilder();
        markdown.Append(CultureInfo.InvariantCulture, $"# Brag document: {Escape(person)}\n\n");
        markdown.Append(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd} to {until:yyyy-MM-dd} · ladder: {Escape(ladder.Name)}\n\n");
        markdown.Append(CultureInfo.InvariantCulture,
            $"{Count(entryList.Count(e => e.Kind == BragEntryKind.Achievement), "achievement")}, " +
            $"{Count(entryList.Count(e => e.Kind == BragEntryKind.Kudos), "kudos", "kudos")}, " +
            $"{Count(entryList.Count(e => e.Kind == BragEntryKind.Evidence), "piece of evidence", "pieces of evidence")}.\n");
        if (entryList.Count == 0)
        {
            markdown.Append("\nNothing recorded in this period yet.\n");
            return markdown.ToString();
        }
        foreach (var section in Group(entryList, ladder))
        {
            markdown.Append(CultureInfo.InvariantCulture, $"\n## {Escape(section.Heading)}\n\n");
            foreach (var entry in section.Entries)
            {
                markdown.Append(CultureInfo.InvariantCulture, $"- **{entry.Date:yyyy-MM-dd}** {Label(entry)}: {Escape(OneLine(entry.Text))}");
                if (entry.Link is { Length: > 0 } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    markdown.Append(CultureInfo.InvariantCulture, $" ([link](<{uri.AbsoluteUri}>))");
                }
                markdown.Append('\n');
            }
        }
        return markdown.ToString();
    }

    public static string Label(BragEntry entry) => entry.Kind switch
    {
        BragEntryKind.Kudos => $"kudos from {Escape(entry.From ?? "someone")}",
        BragEntryKind.Evidence => $"evidence from {Escape(entry.From ?? "a rater")}",
        _ => "achievement",
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Text from other people is text, not markup: Markdown's special characters are escaped.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|' or '!')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
