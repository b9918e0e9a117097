using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Fulcrum.Core.Careers;

/// <summary>
/// Monzo progression-framework pages: Markdown files whose YAML front-matter holds <c>title</c>,
/// <c>levels</c> (how many) and <c>topics</c>, each topic a <c>name</c>, a <c>title</c> and
/// <c>content</c> per level with <c>criteria</c> and <c>exampleCriteria</c> (a criterion with examples).
/// <list type="bullet">
/// <item>Each page is a track, named after the page's title; topics become competencies, matched across
/// pages by name ("communication" on two pages is one competency).</item>
/// <item>Criteria and example criteria become the level's expectations; each example becomes
/// evidence, written "criterion: example" so it keeps its link to what it illustrates.</item>
/// <item>One page gives a ladder whose levels are all shared. Several pages give one track each
/// and no shared levels (Monzo does not share levels between frameworks), so the fork is at the
/// first level.</item>
/// <item>The Markdown body, pages without topics (<c>yaml: false</c>: prose only) and unknown keys are
/// reported as unmapped; the website keys (path, sidebarTitle, sidebarGroup, yaml, homepage) are ignored.</item>
/// </list>
/// </summary>
internal static partial class MonzoImport
{
    private static readonly string[] WebsiteKeys = ["path", "sidebarTitle", "sidebarGroup", "yaml", "homepage"];
    private static readonly string[] ContentKeys = ["level", "criteria", "exampleCriteria"];

    private sealed record Page(ImportFile File, string TrackId, string TrackName, int Levels, List<(YamlMappingNode Topic, string Field)> Topics, YamlInput Input);

    public static LadderDraft? Read(IReadOnlyList<ImportFile> files, ImportContext context)
    {
        context.MainSource = files.Count == 1 ? files[0].Name : null;
        var pages = new List<Page>();
        foreach (var file in files)
        {
            if (ReadPage(file, context, pages.Select(p => p.TrackId).ToHashSet()) is { } page)
            {
                pages.Add(page);
            }
        }
        if (context.Problems.Count > 0)
        {
            return null;
        }
        if (pages.Count == 0)
        {
            context.Problems.Add(new(null, 0, "topics", "none of the files has levelled topics in its front-matter; there is nothing to import"));
            return null;
        }

        var shared = pages.Count == 1;
        var first = pages[0];
        var draft = new LadderDraft
        {
            Id = "monzo-" + (shared ? first.TrackId : "framework"),
            Name = shared ? $"{first.TrackName} (Monzo)" : $"Monzo progression framework: {string.Join(", ", pages.Select(p => p.TrackName))}",
            ForkAt = shared ? null : 1,
        };
        ImportContext.UseDefaultScale(draft);
        context.Notes.Add("Monzo frameworks define no assessment scale; the ladder uses Fulcrum's default (Not yet, Developing, Meets, Exceeds).");
        context.Notes.Add("Monzo levels have numbers but no titles; they are imported as \"Level 1\", \"Level 2\", ….");
        if (!shared)
        {
            context.Notes.Add("Each page is its own track and Monzo shares no levels between pages, so every level belongs to a track.");
        }

        var careerTracksTaken = new HashSet<string>();
        foreach (var page in pages)
        {
            var career = ImportContext.CareerTrackFromName(page.TrackName + " " + page.TrackId);
            if (career is not null && !careerTracksTaken.Add(career))
            {
                career = null;
            }
            draft.Tracks.Add(new(page.TrackId, page.TrackName, career, new(0, page.File.Name), new(0, page.File.Name)));
            var levels = Enumerable.Range(1, page.Levels)
                .ToDictionary(n => n, n => new LevelDraft(n, shared ? null : page.TrackId, $"Level {n}", null, null, [], new(0, page.File.Name), new(0, page.File.Name), default));
            draft.Levels.AddRange(levels.Values);
            ReadTopics(page, levels, draft, context);
            var empty = levels.Values.Where(l => l.Cells.All(c => c.Expectations.Count == 0)).Select(l => l.Number).ToList();
            if (empty.Count > 0)
            {
                context.Notes.Add($"{page.File.Name} has no criteria at level {string.Join(", ", empty)}; the level is kept so the numbers match Monzo's.");
            }
        }
        foreach (var page in pages)
        {
            context.Problems.AddRange(page.Input.Problems);
        }
        return draft;
    }

    private static Page? ReadPage(ImportFile file, ImportContext context, HashSet<string> takenIds)
    {
        var text = file.Text.Replace("\r\n", "\n").TrimStart('\uFEFF');
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            context.Problems.Add(new(file.Name, 1, "(front-matter)", "a Monzo framework page starts with a '---' line and YAML front-matter"));
            return null;
        }
        var close = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (close < 0)
        {
            context.Problems.Add(new(file.Name, 1, "(front-matter)", "the front-matter is not closed by a second '---' line"));
            return null;
        }
        var input = new YamlInput(file.Name, lineOffset: 1);
        var root = input.Load(string.Join('\n', lines[1..close]));
        var top = root is null ? null : input.Mapping(root, "(front-matter)");
        if (top is null)
        {
            context.Problems.AddRange(input.Problems);
            return null;
        }
        foreach (var key in top.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is not ("title" or "levels" or "topics") && !WebsiteKeys.Contains(k.Value)))
        {
            context.Unmap(file.Name, input.Line(key), $"front-matter key '{key.Value}'", "not part of Monzo's framework format; ignored");
        }

        var topicsNode = YamlInput.Get(top, "topics");
        if (topicsNode is null || YamlInput.IsNull(topicsNode))
        {
            var prose = input.Text(top, "yaml", "", required: false) == "false" ? " (yaml: false): its levels are written as prose" : "";
            context.Unmap(file.Name, 1, $"page '{file.Name}'", $"has no levelled topics in its front-matter{prose}; nothing from it was imported");
            return null;
        }
        var body = string.Join('\n', lines[(close + 1)..]);
        if (body.Trim().Length > 0)
        {
            context.Unmap(file.Name, close + 2, $"Markdown body ({body.Split('\n').Count(l => l.Trim().Length > 0)} lines)",
                "prose around the framework; only the levelled topics in the front-matter become expectations");
        }
        var title = CleanTitle(input.Text(top, "title", "", required: false) ?? "");
        var trackId = LadderDraft.Slug(Path.GetFileNameWithoutExtension(file.Name));
        for (var n = 2; !takenIds.Add(trackId); n++)
        {
            trackId = $"{LadderDraft.Slug(Path.GetFileNameWithoutExtension(file.Name))}-{n}";
        }
        var declared = input.Integer(top, "levels", "", required: false);
        var topics = new List<(YamlMappingNode, string)>();
        var highest = 0;
        if (input.Sequence(topicsNode, "topics") is { } list)
        {
            for (var i = 0; i < list.Children.Count; i++)
            {
                if (input.Mapping(list.Children[i], $"topics[{i}]") is { } topic)
                {
                    topics.Add((topic, $"topics[{i}]"));
                    highest = Math.Max(highest, HighestLevel(topic, input, $"topics[{i}]"));
                }
            }
        }
        if (declared is int d && d < 1)
        {
            input.Problem(YamlInput.Get(top, "levels"), "levels", $"a framework has at least 1 level; it says {d}");
        }
        // The content's level numbers are the truth: Monzo's site draws buttons for 1..levels, and some
        // pages (ops-leadership) hold criteria for a level above that count, which the site never shows.
        var levels = Math.Max(1, Math.Max(declared ?? 0, highest));
        if (declared is int shown && highest > shown)
        {
            context.Notes.Add($"{file.Name} says it has {shown} levels but holds criteria up to level {highest}; all {highest} levels are imported (Monzo's site shows only levels 1 to {shown}).");
        }
        if (input.Problems.Count > 0)
        {
            context.Problems.AddRange(input.Problems);
            return null;
        }
        return new(file, trackId, title.Length > 0 ? title : trackId, levels, topics, input);
    }

    private static int HighestLevel(YamlMappingNode topic, YamlInput input, string field)
    {
        var highest = 0;
        if (YamlInput.Get(topic, "content") is YamlSequenceNode content)
        {
            for (var j = 0; j < content.Children.Count; j++)
            {
                if (content.Children[j] is YamlMappingNode entry && input.Integer(entry, "level", $"{field}.content[{j}]", required: true) is int level)
                {
                    if (level < 1)
                    {
                        input.Problem(YamlInput.Get(entry, "level"), $"{field}.content[{j}].level", $"level {level} is not a level (they start at 1)");
                    }
                    highest = Math.Max(highest, level);
                }
            }
        }
        return highest;
    }

    private static void ReadTopics(Page page, Dictionary<int, LevelDraft> levels, LadderDraft draft, ImportContext context)
    {
        var input = page.Input;
        var source = page.File.Name;
        foreach (var (topic, field) in page.Topics)
        {
            foreach (var key in topic.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is not ("name" or "title" or "content")))
            {
                context.Unmap(source, input.Line(key), $"{field}.{key.Value}", "not part of Monzo's topic format; ignored");
            }
            var rawName = input.Text(topic, "name", field, required: true);
            if (rawName is null)
            {
                continue;
            }
            // "communication: transparent communication; giving and receiving feedback" → name and description
            var colon = rawName.IndexOf(':');
            var shortName = colon > 0 ? rawName[..colon].Trim() : rawName;
            var id = LadderDraft.Slug(shortName);
            var title = CleanTitle(input.Text(topic, "title", field, required: false) ?? "");
            if (draft.Competencies.All(c => c.Id != id))
            {
                draft.Competencies.Add(new(id, title.Length > 0 ? title : TitleCase(shortName), colon > 0 ? Capitalise(rawName[(colon + 1)..].Trim()) : null,
                    new(input.Line(topic), $"{field}.name")));
            }
            if (input.Sequence(YamlInput.Get(topic, "content"), $"{field}.content") is not { } content)
            {
                continue;
            }
            for (var j = 0; j < content.Children.Count; j++)
            {
                var entryField = $"{field}.content[{j}]";
                if (input.Mapping(content.Children[j], entryField) is not { } entry
                    || input.Integer(entry, "level", entryField, required: true) is not int number
                    || !levels.TryGetValue(number, out var level))
                {
                    continue;
                }
                foreach (var key in entry.Children.Keys.OfType<YamlScalarNode>().Where(k => !ContentKeys.Contains(k.Value)))
                {
                    context.Unmap(source, input.Line(key), $"{entryField}.{key.Value}", "not part of Monzo's level format; ignored");
                }
                var cell = level.Cells.FirstOrDefault(c => c.CompetencyId == id);
                if (cell is null)
                {
                    cell = new CellDraft(id, [], [], new(input.Line(entry), $"{entryField}.level"));
                    level.Cells.Add(cell);
                }
                cell.Expectations.AddRange(input.Texts(entry, "criteria", entryField));
                if (YamlInput.Get(entry, "exampleCriteria") is { } examplesNode && !YamlInput.IsNull(examplesNode)
                    && input.Sequence(examplesNode, $"{entryField}.exampleCriteria") is { } examples)
                {
                    for (var k = 0; k < examples.Children.Count; k++)
                    {
                        var exampleField = $"{entryField}.exampleCriteria[{k}]";
                        if (input.Mapping(examples.Children[k], exampleField) is not { } example)
                        {
                            continue;
                        }
                        var criterion = input.Text(example, "criteria", exampleField, required: true);
                        if (criterion is null)
                        {
                            continue;
                        }
                        cell.Expectations.Add(criterion);
                        cell.Evidence.AddRange(input.Texts(example, "examples", exampleField).Select(e => $"{criterion.TrimEnd('.')}: {e}"));
                    }
                }
            }
        }
    }

    /// <summary>"🛠️ Backend Engineering Framework" → "Backend Engineering".</summary>
    internal static string CleanTitle(string title)
    {
        var letters = new StringBuilder();
        foreach (var rune in title.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.OtherSymbol or UnicodeCategory.NonSpacingMark or UnicodeCategory.Format or UnicodeCategory.ModifierSymbol
                || rune.Value is 0xFE0F or 0x200D)
            {
                continue;
            }
            letters.Append(rune.ToString());
        }
        var cleaned = Whitespace().Replace(letters.ToString(), " ").Trim();
        return FrameworkSuffix().Replace(cleaned, "").Trim();
    }

    private static string TitleCase(string text) =>
        string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Capitalise));

    private static string Capitalise(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s+Framework$", RegexOptions.IgnoreCase)]
    private static partial Regex FrameworkSuffix();
}
