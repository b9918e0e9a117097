using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Fulcrum.Core.TeamDesign;

public static partial class AdrMarkdown
{
    /// <summary>
    /// The record as a MADR file: YAML front matter with Fulcrum's fields and then every other entry
    /// the file had, unchanged and in order; then the title, Context and Problem Statement, Considered
    /// Options, Decision Outcome (with Consequences) and Pros and Cons of the Options. A Nygard record is
    /// written in this form too. The number is not written: it lives in the file name (<see cref="FileName"/>).
    /// </summary>
    public static string Write(DecisionDocument document)
    {
        var text = new StringBuilder();
        var front = FrontMatter(document);
        if (front.Count > 0)
        {
            text.Append("---\n");
            foreach (var line in front)
            {
                text.Append(line).Append('\n');
            }
            text.Append("---\n");
        }
        text.Append("# ").Append(OneLine(document.Title)).Append("\n\n");
        Section(text, "## Context and Problem Statement", document.Context);
        if (document.Options.Count > 0)
        {
            text.Append("## Considered Options\n\n");
            foreach (var option in document.Options)
            {
                text.Append("* ").Append(OneLine(option.Name)).Append('\n');
            }
            text.Append('\n');
        }
        var decision = document.Decision;
        var (chosenInText, _, _) = ChosenIn(decision.Split('\n'));
        if (document.ChosenOption is { } chosen && chosenInText != chosen)
        {
            // The text does not name the choice; a bare line does, and is taken off again on reading.
            var quote = chosen.Contains('"') ? '`' : '"';
            var line = $"Chosen option: {quote}{OneLine(chosen)}{quote}";
            decision = decision.Length == 0 ? line : $"{line}\n\n{decision}";
        }
        Section(text, "## Decision Outcome", decision);
        if (!string.IsNullOrWhiteSpace(document.Consequences))
        {
            Section(text, "### Consequences", document.Consequences);
        }
        var argued = document.Options.Where(o => o.Description is not null || o.Pros.Count > 0 || o.Cons.Count > 0).ToList();
        if (argued.Count > 0)
        {
            text.Append("## Pros and Cons of the Options\n\n");
            foreach (var option in argued)
            {
                text.Append("### ").Append(OneLine(option.Name)).Append("\n\n");
                if (!string.IsNullOrWhiteSpace(option.Description))
                {
                    text.Append(option.Description.Trim('\n')).Append("\n\n");
                }
                foreach (var pro in option.Pros)
                {
                    text.Append("* Good, because ").Append(OneLine(pro)).Append('\n');
                }
                foreach (var con in option.Cons)
                {
                    text.Append("* Bad, because ").Append(OneLine(con)).Append('\n');
                }
                if (option.Pros.Count + option.Cons.Count > 0)
                {
                    text.Append('\n');
                }
            }
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static void Section(StringBuilder text, string heading, string? body)
    {
        text.Append(heading).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(body))
        {
            text.Append(body.Trim('\n')).Append("\n\n");
        }
    }

    private static List<string> FrontMatter(DecisionDocument document)
    {
        var lines = new List<string>();
        if (document.Status is { } status)
        {
            lines.Add($"status: {Scalar(status)}");
        }
        if (document.Date is { } date)
        {
            lines.Add($"date: {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        }
        Names(lines, "decision-makers", document.LedBy);
        Names(lines, "consulted", document.FollowedBy);
        if (document.Reversibility is { } door)
        {
            lines.Add($"reversibility: {DoorKinds.Text(door)}");
        }
        if (document.Metric is { } metric)
        {
            lines.Add($"metric: {Scalar(metric)}");
        }
        if (document.Expected is { } expected)
        {
            lines.Add($"expected: {Scalar(expected)}");
        }
        if (document.ReviewOn is { } review)
        {
            lines.Add($"review-date: {review.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        }
        if (document.Outcome is { } outcome)
        {
            lines.Add($"outcome: {Scalar(outcome)}");
        }
        // Fulcrum's own keys are written from its fields; one also among the others would make the YAML invalid.
        foreach (var (key, raw) in document.OtherFrontMatter.Where(entry => !FulcrumKeys.Contains(entry.Key)))
        {
            lines.Add(raw.Length == 0 ? $"{key}:" : raw.StartsWith('\n') ? $"{key}:{raw}" : $"{key}: {raw}");
        }
        return lines;
    }

    private static readonly HashSet<string> FulcrumKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "status", "date", "decision-makers", "deciders", "consulted", "reversibility", "metric", "expected", "review-date", "outcome",
    };

    private static void Names(List<string> lines, string key, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }
        lines.Add($"{key}:");
        lines.AddRange(names.Select(name => $"  - {Scalar(name)}"));
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9 _.@/+()-]*$")]
    private static partial Regex PlainScalar();

    /// <summary>Plain when YAML reads it back as the same text, otherwise double-quoted with escapes: a front-matter value as this writer writes it.</summary>
    public static string Scalar(string value)
    {
        if (PlainScalar().IsMatch(value) && !value.EndsWith(' '))
        {
            return value;
        }
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
