using System.Globalization;
using System.Text.RegularExpressions;

namespace Fulcrum.Core.TeamDesign;

/// <summary>
/// Reads one decision record's lines. Only the headings Fulcrum knows divide the file; any other
/// heading and its text stay, as written, in the field of the section it appears in (a heading that
/// follows Status, Considered Options or the title goes to Context, one that follows the pros and
/// cons goes to Decision), so nothing a team wrote is dropped on import.
/// </summary>
internal sealed partial class AdrReader(string file, string[] lines)
{
    private enum Part
    {
        Context,
        Status,
        Options,
        Decision,
        Consequences,
        ProsAndCons,
    }

    private readonly List<AdrProblem> problems = [];
    private readonly List<string> context = [];
    private readonly List<string> decision = [];
    private readonly List<string> consequences = [];
    private readonly List<string> status = [];
    private readonly List<(string Text, int Line, bool Indented, bool Fenced)> options = [];
    private readonly List<(string Heading, int Line, List<(string Text, bool Fenced)> Lines)> prosAndCons = [];
    private readonly Dictionary<string, (string Value, int Line)> metadata = new(StringComparer.OrdinalIgnoreCase);
    private int contextLine;
    private int decisionLine;
    private int consequencesLine;
    private int statusLine;
    private bool madrSignals;

    [GeneratedRegex(@"^ {0,3}(?<bullet>[*+-][ \t]+)?(?<key>status|deciders|decision-makers|decision makers|date|consulted)[ \t]*:[ \t]*(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex MetadataLine();

    [GeneratedRegex(@"^(?<indent>[ \t]*)[*+-][ \t]+(?<text>.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^ {0,3}[*+-][ \t]+(?<kind>good|bad)[ \t]*[,:][ \t]*(?:because[ \t]+)?(?<text>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ProOrCon();

    [GeneratedRegex(@"^(?:adr[-_ ]?)?(?<number>\d+)[.:][ \t]+(?<title>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedTitle();

    [GeneratedRegex(@"^(?:adr[-_]?)?(?<number>\d+)(?:[-_. ]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedFileName();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)", RegexOptions.NonBacktracking)]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"<!--.*?-->")]
    private static partial Regex HtmlComment();

    public AdrReadResult Read()
    {
        var bodyStart = 0;
        IReadOnlyList<FrontMatterEntry>? frontMatter = null;
        if (lines.Length > 0 && lines[0].TrimEnd() == "---")
        {
            var close = Array.FindIndex(lines, 1, line => line.TrimEnd() is "---" or "...");
            if (close < 0)
            {
                return new(null, [new(file, 1, "front matter", "the front matter opened on line 1 is never closed: add a line '---' after it")]);
            }
            frontMatter = AdrFrontMatter.Parse(string.Join('\n', lines[1..close]), 2, file, problems);
            bodyStart = close + 1;
            madrSignals = true;
        }

        var (title, titleLine) = ReadBody(bodyStart);
        var fields = new Fields();
        if (frontMatter is not null)
        {
            ReadFrontMatter(frontMatter, fields);
        }
        ReadMetadataLines(fields);
        var statusText = status.Count > 0 ? Paragraphs(status) : null;

        if (title is null && fields.FallbackTitle is { } fallback)
        {
            (title, titleLine) = (fallback.Value, fallback.Line);
        }
        int? number = null;
        if (title is null)
        {
            problems.Add(new(file, 0, "title", "no title heading: start the record with a line '# Title' (after any front matter)"));
        }
        else
        {
            if (NumberedTitle().Match(title) is { Success: true } numbered)
            {
                number = int.TryParse(numbered.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var fromTitle) ? fromTitle : null;
                title = numbered.Groups["title"].Value.Trim();
            }
            Limit("title", titleLine, title, AdrLimits.Title);
        }
        if (NumberedFileName().Match(Path.GetFileNameWithoutExtension(file)) is { Success: true } fromName
            && int.TryParse(fromName.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var fileNumber))
        {
            number = fileNumber;
        }

        if (contextLine == 0 && decisionLine == 0)
        {
            problems.Add(new(file, 0, "file", "not an ADR: no Context or Decision section (a '## Context' or '## Decision' heading)"));
        }

        fields.Status ??= statusText is null ? null : (statusText, statusLine);
        if (fields.Status is { } statusValue)
        {
            Limit("status", statusValue.Line, statusValue.Value, AdrLimits.Status);
        }
        if (fields.Expected is not null && fields.Metric is null)
        {
            problems.Add(new(file, fields.Expected.Value.Line, "expected",
                "expected says how much a metric should move, but no metric is given: add 'metric:' (e.g. lead-time) or remove 'expected:'"));
        }
        if (fields.Metric is { } metric)
        {
            Limit("metric", metric.Line, metric.Value, AdrLimits.Metric);
        }
        if (fields.Expected is { } expected)
        {
            Limit("expected", expected.Line, expected.Value, AdrLimits.Expected, "expected change");
        }
        if (fields.Outcome is { } outcome)
        {
            Limit("outcome", outcome.Line, outcome.Value, AdrLimits.Text, "outcome text");
        }
        CheckNames(fields.LedBy, fields.LedByField);
        CheckNames(fields.FollowedBy, "consulted");

        // Options first: text in the options list that is not an option joins the context.
        var considered = Options();
        var contextText = Text(context);
        var decisionLines = Trimmed(decision);
        var (chosen, chosenLine, bare) = AdrMarkdown.ChosenIn(decisionLines);
        if (chosen is not null && chosenLine == 0 && bare && (decisionLines.Count == 1 || decisionLines[1].Trim().Length == 0))
        {
            decisionLines = Trimmed(decisionLines.Skip(1).ToList());
        }
        var decisionText = string.Join('\n', decisionLines);
        var consequencesText = Text(consequences);
        Limit("context", contextLine, contextText, AdrLimits.Text, "context text");
        Limit("decision", decisionLine, decisionText, AdrLimits.Text, "decision text");
        Limit("consequences", consequencesLine, consequencesText, AdrLimits.Text, "consequences text");

        if (problems.Count > 0)
        {
            // In the order a person meets them in the file (whole-file problems first).
            return new(null, problems.OrderBy(p => p.Line).ToList());
        }
        var document = new DecisionDocument(
            number,
            title!,
            fields.Status?.Value,
            fields.Date,
            contextText,
            considered,
            chosen,
            decisionText,
            consequencesText.Length == 0 ? null : consequencesText,
            fields.LedBy.Select(n => n.Name).ToList(),
            fields.FollowedBy.Select(n => n.Name).ToList(),
            fields.Reversibility,
            fields.Metric?.Value,
            fields.Expected?.Value,
            fields.ReviewOn,
            fields.Outcome?.Value,
            madrSignals ? AdrLayout.Madr : AdrLayout.Nygard,
            fields.Other);
        return new(document, problems);
    }

    private sealed class Fields
    {
        public (string Value, int Line)? Status;
        public DateOnly? Date;
        public List<(string Name, int Line)> LedBy = [];
        public string LedByField = "decision-makers";
        public List<(string Name, int Line)> FollowedBy = [];
        public DoorKind? Reversibility;
        public (string Value, int Line)? Metric;
        public (string Value, int Line)? Expected;
        public DateOnly? ReviewOn;
        public (string Value, int Line)? Outcome;
        public (string Value, int Line)? FallbackTitle;
        public List<KeyValuePair<string, string>> Other = [];
        public HashSet<string> Given = new(StringComparer.OrdinalIgnoreCase);
    }

    private void ReadFrontMatter(IReadOnlyList<FrontMatterEntry> entries, Fields fields)
    {
        foreach (var entry in entries)
        {
            var key = entry.Key.ToLowerInvariant();
            switch (key)
            {
                case "status":
                    fields.Status = Located(entry);
                    break;
                case "metric":
                    fields.Metric = Located(entry);
                    break;
                case "expected":
                    fields.Expected = Located(entry);
                    break;
                case "outcome":
                    fields.Outcome = Located(entry);
                    break;
                case "date":
                    fields.Date = Date(AdrFrontMatter.Text(entry, file, problems), entry.Line, "date");
                    break;
                case "review-date":
                    fields.ReviewOn = Date(AdrFrontMatter.Text(entry, file, problems), entry.Line, "review-date");
                    break;
                case "deciders" or "decision-makers":
                    fields.LedBy.AddRange(AdrFrontMatter.Names(entry, file, problems));
                    fields.LedByField = entry.Key;
                    break;
                case "consulted":
                    fields.FollowedBy.AddRange(AdrFrontMatter.Names(entry, file, problems));
                    break;
                case "reversibility":
                    if (AdrFrontMatter.Text(entry, file, problems) is { } door)
                    {
                        if (DoorKinds.TryParse(door, out var kind))
                        {
                            fields.Reversibility = kind;
                        }
                        else
                        {
                            problems.Add(new(file, entry.Line, "reversibility", $"'{door}' is not a reversibility; write {DoorKinds.Accepted}"));
                        }
                    }
                    break;
                default:
                    if (key == "title" && entry.Value is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { Length: > 0 } title })
                    {
                        fields.FallbackTitle = (title.Trim(), entry.Line);
                    }
                    fields.Other.Add(new(entry.Key, entry.Raw));
                    continue;
            }
            fields.Given.Add(key is "deciders" ? "decision-makers" : key);
        }
    }

    private (string Value, int Line)? Located(FrontMatterEntry entry) =>
        AdrFrontMatter.Text(entry, file, problems) is { } text ? (text, entry.Line) : null;

    /// <summary>MADR 2's <c>* Status: accepted</c> bullets and Nygard's <c>Date: 2016-02-12</c> line; front matter wins.</summary>
    private void ReadMetadataLines(Fields fields)
    {
        foreach (var (key, (value, line)) in metadata)
        {
            switch (key.ToLowerInvariant())
            {
                case "status" when !fields.Given.Contains("status"):
                    fields.Status = value.Length == 0 ? null : (value, line);
                    break;
                case "date" when !fields.Given.Contains("date"):
                    fields.Date = Date(value.Length == 0 ? null : value, line, "date");
                    break;
                case "deciders" or "decision-makers" or "decision makers" when !fields.Given.Contains("decision-makers"):
                    fields.LedBy.AddRange(AdrFrontMatter.Split(value, line));
                    fields.LedByField = key.ToLowerInvariant() == "deciders" ? "deciders" : "decision-makers";
                    break;
                case "consulted" when !fields.Given.Contains("consulted"):
                    fields.FollowedBy.AddRange(AdrFrontMatter.Split(value, line));
                    break;
            }
        }
    }

    private DateOnly? Date(string? text, int line, string field)
    {
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        problems.Add(new(file, line, field, $"'{text}' is not a date written as YYYY-MM-DD (for example 2024-03-31)"));
        return null;
    }

    /// <param name="what">How the message names it: "the context text is …", "the expected change is …".</param>
    private void Limit(string field, int line, string text, int maximum, string? what = null)
    {
        if (text.Length > maximum)
        {
            problems.Add(new(file, line, field,
                $"the {what ?? field} is {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; at most {maximum.ToString("N0", CultureInfo.InvariantCulture)} are kept, so shorten it"));
        }
    }

    private void CheckNames(List<(string Name, int Line)> names, string field)
    {
        if (names.Count > AdrLimits.Names)
        {
            problems.Add(new(file, names[AdrLimits.Names].Line, field, $"names {names.Count} people; at most {AdrLimits.Names} can be kept"));
        }
        foreach (var (name, line) in names.Where(n => n.Name.Length > AdrLimits.Name))
        {
            problems.Add(new(file, line, field, $"a name of {name.Length} characters is longer than the {AdrLimits.Name} a name may have"));
        }
    }

    /// <summary>Sorts every line after the front matter into its part; returns the title and its line.</summary>
    private (string? Title, int Line) ReadBody(int start)
    {
        string? title = null;
        var titleLine = 0;
        var part = Part.Context;
        var beforeSections = true;
        var fence = "";
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            var fenced = fence.Length > 0;
            var trimmed = line.TrimStart(' ');
            var marker = trimmed.StartsWith("```", StringComparison.Ordinal) ? "```" : trimmed.StartsWith("~~~", StringComparison.Ordinal) ? "~~~" : "";
            if (marker.Length > 0 && line.Length - trimmed.Length <= 3)
            {
                if (fence.Length == 0)
                {
                    fence = marker;
                }
                else if (marker == fence && trimmed.Trim().Trim(fence[0]).Length == 0)
                {
                    fence = "";
                }
                fenced = true;
            }

            if (!fenced && Heading(line) is var (level, text))
            {
                var key = SectionKey(text);
                if (level == 1 && title is null)
                {
                    (title, titleLine) = (HtmlComment().Replace(text, "").Trim(), number);
                    continue;
                }
                Part? known = level == 2 ? KnownSection(key) : null;
                var keepHeading = key is "positive consequences" or "negative consequences";
                if (level == 3 && part is Part.Decision or Part.Consequences
                    && key is "consequences" or "positive consequences" or "negative consequences")
                {
                    known = Part.Consequences;
                }
                if (known is { } section)
                {
                    beforeSections = false;
                    part = section;
                    madrSignals |= key is "context and problem statement" or "considered options" or "decision outcome" or "decision drivers"
                        || key.StartsWith("pros and cons", StringComparison.Ordinal);
                    switch (section)
                    {
                        case Part.Context when contextLine == 0:
                            contextLine = number;
                            break;
                        case Part.Decision when decisionLine == 0:
                            decisionLine = number;
                            break;
                        case Part.Consequences when consequencesLine == 0:
                            consequencesLine = number;
                            break;
                        case Part.Status when statusLine == 0:
                            statusLine = number;
                            break;
                    }
                    if (keepHeading)
                    {
                        Append(Target(part)!, line, fenced: false);
                    }
                    continue;
                }
                if (level == 3 && part == Part.ProsAndCons)
                {
                    prosAndCons.Add((text.Trim(), number, []));
                    continue;
                }
                if (level == 2)
                {
                    // A section Fulcrum has no field for: it and its text join the part it belongs with.
                    beforeSections = false;
                    part = part switch
                    {
                        Part.Status or Part.Options => Part.Context,
                        Part.ProsAndCons => Part.Decision,
                        _ => part,
                    };
                    madrSignals |= key == "decision drivers";
                }
            }
            if (!fenced && beforeSections && part == Part.Context && MetadataLine().Match(line) is { Success: true } meta)
            {
                var key = meta.Groups["key"].Value;
                if (metadata.TryAdd(key, (meta.Groups["value"].Value.Trim(), number)))
                {
                    madrSignals |= meta.Groups["bullet"].Success;
                    continue;
                }
            }

            switch (part)
            {
                case Part.Status:
                    status.Add(line);
                    break;
                case Part.Options:
                    options.Add((line, number, line.Length > 0 && char.IsWhiteSpace(line[0]), fenced));
                    break;
                case Part.ProsAndCons when prosAndCons.Count > 0:
                    prosAndCons[^1].Lines.Add((line, fenced));
                    break;
                case Part.ProsAndCons:
                    Append(decision, line, fenced);
                    break;
                default:
                    Append(Target(part)!, line, fenced);
                    break;
            }
        }
        return (title, titleLine);
    }

    /// <summary>An ATX heading (<c>## Text ##</c>): its level and text. Parsed by hand, not by a regular
    /// expression, so that a line of half a megabyte of spaces takes linear time.</summary>
    private static (int Level, string Text)? Heading(string line)
    {
        var at = 0;
        while (at < line.Length && at < 4 && line[at] == ' ')
        {
            at++;
        }
        var marks = 0;
        while (at + marks < line.Length && line[at + marks] == '#')
        {
            marks++;
        }
        var after = at + marks;
        if (at > 3 || marks is 0 or > 6 || (after < line.Length && line[after] is not (' ' or '\t')))
        {
            return null;
        }
        var text = line[after..].Trim(' ', '\t');
        var closing = text.TrimEnd('#');
        if (closing.Length == 0)
        {
            text = "";
        }
        else if (closing.Length < text.Length && closing[^1] is ' ' or '\t')
        {
            text = closing.TrimEnd(' ', '\t');
        }
        return (marks, text);
    }

    private List<string>? Target(Part part) => part switch
    {
        Part.Context => context,
        Part.Decision => decision,
        Part.Consequences => consequences,
        _ => null,
    };

    private static Part? KnownSection(string key) => key switch
    {
        "status" => Part.Status,
        "context" or "context and problem statement" or "problem statement" or "context and problem" => Part.Context,
        "considered options" or "options considered" or "options" => Part.Options,
        "decision" or "decision outcome" => Part.Decision,
        "consequences" or "positive consequences" or "negative consequences" => Part.Consequences,
        _ when key.StartsWith("pros and cons", StringComparison.Ordinal) => Part.ProsAndCons,
        _ => null,
    };

    /// <summary>A heading as a key: comments, emphasis and a trailing colon gone, lowercase, single spaces.</summary>
    private static string SectionKey(string heading)
    {
        var text = HtmlComment().Replace(heading, "").Replace("*", "").Replace("_", " ").Trim().TrimEnd(':').ToLowerInvariant();
        return string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Adds a line to a text, keeping one blank line between paragraphs (outside code blocks).</summary>
    private static void Append(List<string> target, string line, bool fenced)
    {
        if (!fenced && line.Trim().Length == 0 && (target.Count == 0 || target[^1].Trim().Length == 0))
        {
            return;
        }
        target.Add(fenced ? line : line.TrimEnd());
    }

    private static List<string> Trimmed(List<string> text)
    {
        var first = text.FindIndex(l => l.Trim().Length > 0);
        if (first < 0)
        {
            return [];
        }
        var last = text.FindLastIndex(l => l.Trim().Length > 0);
        return text.GetRange(first, last - first + 1);
    }

    private static string Text(List<string> text) => string.Join('\n', Trimmed(text));

    /// <summary>Nygard's Status section: its first paragraph is the status; anything after it (adr-tools'
    /// "Amended by …" links) goes to the start of Context, so it is kept.</summary>
    private string? Paragraphs(List<string> section)
    {
        var text = Trimmed(section);
        var blank = text.FindIndex(l => l.Trim().Length == 0);
        var first = blank < 0 ? text : text.GetRange(0, blank);
        if (blank >= 0)
        {
            var rest = Trimmed(text.GetRange(blank, text.Count - blank));
            var merged = new List<string>(rest);
            if (context.Count > 0 && rest.Count > 0)
            {
                merged.Add("");
            }
            merged.AddRange(context);
            context.Clear();
            context.AddRange(merged);
        }
        var status = string.Join(' ', first.Select(l => l.Trim()));
        return status.Length == 0 ? null : status;
    }

    /// <summary>The considered options, each joined with its pros and cons subsection; a subsection whose
    /// option is not listed is an option too. Text in the list that is not an option goes to Context.</summary>
    private IReadOnlyList<DecisionOption> Options()
    {
        var listed = new List<(string Name, int Line)>();
        var other = new List<(string Text, bool Fenced)>();
        var continuing = false;
        foreach (var (text, line, indented, fenced) in options)
        {
            var bullet = fenced ? null : Bullet().Match(text) is { Success: true } match && match.Groups["indent"].Value.Length < 2 ? match : null;
            if (bullet is not null)
            {
                listed.Add((bullet.Groups["text"].Value.Trim(), line));
                continuing = true;
            }
            else if (continuing && indented && !fenced && text.Trim().Length > 0 && !Bullet().IsMatch(text))
            {
                listed[^1] = ($"{listed[^1].Name} {text.Trim()}", listed[^1].Line);
            }
            else
            {
                continuing = false;
                other.Add((text, fenced));
            }
        }
        if (other.Any(o => o.Text.Trim().Length > 0))
        {
            Append(context, "", fenced: false);
            foreach (var (text, fenced) in other)
            {
                Append(context, text, fenced);
            }
        }

        var result = listed.Select(o => (o.Name, o.Line, Description: (string?)null, Pros: (IReadOnlyList<string>)[], Cons: (IReadOnlyList<string>)[])).ToList();
        var matched = new HashSet<int>();
        foreach (var (heading, line, body) in prosAndCons)
        {
            var (description, pros, cons) = Arguments(body);
            var at = result.FindIndex(o => o.Name == heading);
            if (at < 0 || matched.Contains(at))
            {
                at = result.FindIndex(o => OptionKey(o.Name) == OptionKey(heading));
            }
            if (at < 0 || matched.Contains(at))
            {
                result.Add((heading, line, description, pros, cons));
                matched.Add(result.Count - 1);
                continue;
            }
            matched.Add(at);
            result[at] = (result[at].Name, result[at].Line, description, pros, cons);
        }
        if (result.Count > AdrLimits.Options)
        {
            problems.Add(new(file, result[AdrLimits.Options].Line, "options",
                $"lists {result.Count} options; at most {AdrLimits.Options} can be kept"));
        }
        foreach (var option in result.Where(o => o.Name.Length > AdrLimits.OptionName))
        {
            problems.Add(new(file, option.Line, "options",
                $"an option's name is {option.Name.Length} characters long; at most {AdrLimits.OptionName} are kept (put the detail in its pros and cons section)"));
        }
        return result.Select(o => new DecisionOption(o.Name, o.Description, o.Pros, o.Cons)).ToList();
    }

    /// <summary>"[CSS Modules] with [SASS]" and "CSS Modules with SASS" name the same option, as do "[OneFlow]" and "One Flow".</summary>
    private static string OptionKey(string name)
    {
        var text = MarkdownLink().Replace(name, "${text}");
        text = new string(text.Where(c => c is not ('[' or ']' or '"' or '\'' or '`' or '“' or '”' or '‘' or '’' or '*')).ToArray());
        return string.Concat(text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', ':');
    }

    /// <summary>An option's subsection: Good and Bad bullets (each with its indented continuation lines
    /// joined into one line), and everything else as its description.</summary>
    private static (string? Description, IReadOnlyList<string> Pros, IReadOnlyList<string> Cons) Arguments(List<(string Text, bool Fenced)> body)
    {
        var description = new List<string>();
        var pros = new List<string>();
        var cons = new List<string>();
        List<string>? current = null;
        foreach (var (text, fenced) in body)
        {
            if (!fenced && ProOrCon().Match(text) is { Success: true } argument)
            {
                current = argument.Groups["kind"].Value.Equals("good", StringComparison.OrdinalIgnoreCase) ? pros : cons;
                current.Add(argument.Groups["text"].Value.Trim());
                continue;
            }
            if (current is not null && !fenced && text.Length > 0 && char.IsWhiteSpace(text[0]) && text.Trim().Length > 0)
            {
                current[^1] = $"{current[^1]} {text.Trim()}";
                continue;
            }
            current = null;
            Append(description, text, fenced);
        }
        var written = Text(description);
        return (written.Length == 0 ? null : written, pros, cons);
    }
}
