using System.Text.RegularExpressions;
using Fulcrum.Core.Organisation;
using YamlDotNet.RepresentationModel;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Core.Careers;

/// <summary>
/// A Financial Times job-family file (data/job-families/*.yml in engineering-progression):
/// <c>levels</c> (id, name) in order, <c>themes</c> (id, name, summary) and <c>competencies</c>
/// (level, theme, summary, proficiency, and in legacy families examples and supportingUrls).
/// <list type="bullet">
/// <item>Themes become competencies; each FT competency becomes expectations of its level in its theme.
/// A summary written as a numbered list ("1. … 2. …") becomes one expectation per item.</item>
/// <item>Levels are numbered in file order. Ids ending in <c>-ic</c> / <c>-pm</c> (or names saying
/// "Individual Contributor" / "People Manager") are the two tracks of one level; the first such level
/// is the fork. A level after the fork without a suffix goes to the track its name suggests
/// (a director manages) and is reported as unmapped when the name says nothing.</item>
/// <item><c>examples</c> become evidence. <c>proficiency</c>, <c>supportingUrls</c> and
/// <c>googleSheetId</c> have no place in a Fulcrum ladder and are reported.</item>
/// </list>
/// </summary>
internal static partial class FinancialTimesImport
{
    private static readonly string[] TopKeys = ["name", "summary", "googleSheetId", "isLegacy", "levels", "themes", "competencies"];

    public static LadderDraft? Read(ImportFile file, ImportContext context)
    {
        context.MainSource = file.Name;
        var input = new YamlInput(file.Name);
        var root = input.Load(file.Text);
        var top = root is null ? null : input.Mapping(root, "(file)");
        if (top is null)
        {
            context.Problems.AddRange(input.Problems);
            return null;
        }
        foreach (var key in top.Children.Keys.OfType<YamlScalarNode>().Where(k => !TopKeys.Contains(k.Value)))
        {
            context.Unmap(file.Name, input.Line(key), $"key '{key.Value}'", "not part of the FT job-family format; ignored");
        }
        if (YamlInput.Get(top, "googleSheetId") is { } sheet)
        {
            context.Unmap(file.Name, input.Line(sheet), "googleSheetId", "the id of FT's Google Sheet copy; Fulcrum keeps the ladder itself");
        }
        if (input.Text(top, "isLegacy", "", required: false) == "true")
        {
            context.Notes.Add("FT marks this job family as legacy (isLegacy: true); it is imported like any other.");
        }

        var familyName = input.Text(top, "name", "", required: true) ?? "";
        var draft = new LadderDraft
        {
            Id = "ft-" + LadderDraft.Slug(familyName.Length > 0 ? familyName : Path.GetFileNameWithoutExtension(file.Name)),
            IdAt = new(input.Line(YamlInput.Get(top, "name") ?? top), "name"),
            Name = $"{familyName} (Financial Times)",
            Description = input.Text(top, "summary", "", required: false),
        };
        ImportContext.UseDefaultScale(draft);
        context.Notes.Add("FT job families define no assessment scale; the ladder uses Fulcrum's default (Not yet, Developing, Meets, Exceeds).");

        // Levels: number by base id in file order; -ic / -pm suffixes are the tracks of one level.
        var levelsNode = YamlInput.Get(top, "levels");
        draft.LevelsAt = new(input.Line(levelsNode ?? top), "levels");
        var levelByFtId = new Dictionary<string, (int Number, string? Track)>();
        var unmappedLevels = new Dictionary<string, int>();
        var numberByBase = new Dictionary<string, int>();
        var titles = new List<(int Number, string? Track, string Title, Where At, Where TrackAt)>();
        int? forkAt = null;
        if (input.Sequence(levelsNode, "levels") is { } levels)
        {
            for (var i = 0; i < levels.Children.Count; i++)
            {
                var field = $"levels[{i}]";
                if (input.Mapping(levels.Children[i], field) is not { } map)
                {
                    continue;
                }
                var id = input.Text(map, "id", field, required: true);
                var name = input.Text(map, "name", field, required: true) ?? id ?? "";
                if (id is null)
                {
                    continue;
                }
                if (levelByFtId.ContainsKey(id) || unmappedLevels.ContainsKey(id))
                {
                    input.Problem(map, $"{field}.id", $"the level id '{id}' is used twice");
                    continue;
                }
                var (baseId, track) = SplitTrack(id, name);
                if (track is null && forkAt is not null)
                {
                    track = ImportContext.CareerTrackFromName(name);
                    if (track is null)
                    {
                        unmappedLevels[id] = input.Line(map);
                        continue;
                    }
                    context.Notes.Add($"The level '{name}' comes after the fork but names no track; it is placed on the {CareerTracks.Label(track).ToLowerInvariant()} track because of its title.");
                }
                if (!numberByBase.TryGetValue(baseId, out var number))
                {
                    number = numberByBase.Count + 1;
                    numberByBase[baseId] = number;
                }
                if (track is not null)
                {
                    forkAt ??= number;
                }
                levelByFtId[id] = (number, track);
                titles.Add((number, track, TrackSuffix().Replace(name, "").Trim(), new(input.Line(map), $"{field}.id"), new(input.Line(map), $"{field}.id")));
            }
        }
        draft.ForkAt = forkAt;
        draft.ForkAtAt = draft.LevelsAt;
        if (forkAt is null)
        {
            draft.Tracks.Add(new(CareerTracks.IndividualContributor, "Individual contributor", CareerTracks.IndividualContributor, draft.LevelsAt, draft.LevelsAt));
            context.Notes.Add("The levels do not fork into tracks; they are imported as one individual-contributor track.");
        }
        else
        {
            draft.Tracks.Add(new(CareerTracks.IndividualContributor, "Individual contributor", CareerTracks.IndividualContributor, draft.LevelsAt, draft.LevelsAt));
            draft.Tracks.Add(new(CareerTracks.Management, "People manager", CareerTracks.Management, draft.LevelsAt, draft.LevelsAt));
        }
        var levelDrafts = titles.ToDictionary(
            t => (t.Number, t.Track),
            t => new LevelDraft(t.Number, t.Track, t.Title, null, null, [], t.At, t.TrackAt, t.At));
        draft.Levels.AddRange(levelDrafts.Values);

        // Themes become competencies.
        var themesNode = YamlInput.Get(top, "themes");
        draft.CompetenciesAt = new(input.Line(themesNode ?? top), "themes");
        if (input.Sequence(themesNode, "themes") is { } themes)
        {
            for (var i = 0; i < themes.Children.Count; i++)
            {
                var field = $"themes[{i}]";
                if (input.Mapping(themes.Children[i], field) is not { } map)
                {
                    continue;
                }
                UnmapUnknownKeys(map, field, ["id", "name", "summary"], file.Name, input, context);
                var id = input.Text(map, "id", field, required: true);
                var name = input.Text(map, "name", field, required: true);
                if (id is not null)
                {
                    draft.Competencies.Add(new(id, name ?? id, input.Text(map, "summary", field, required: false), new(input.Line(map), $"{field}.id")));
                }
            }
        }
        var themeIds = draft.Competencies.Select(c => c.Id).ToHashSet();

        // Competencies become expectations (and evidence) of their level in their theme.
        var proficiencies = new List<(string Value, int Line)>();
        var links = 0;
        var firstLinkLine = 0;
        var skippedByLevel = new Dictionary<string, int>();
        if (input.Sequence(YamlInput.Get(top, "competencies"), "competencies") is { } competencies)
        {
            for (var i = 0; i < competencies.Children.Count; i++)
            {
                var field = $"competencies[{i}]";
                if (input.Mapping(competencies.Children[i], field) is not { } map)
                {
                    continue;
                }
                UnmapUnknownKeys(map, field, ["id", "level", "theme", "summary", "proficiency", "examples", "supportingUrls"], file.Name, input, context);
                var levelId = input.Text(map, "level", field, required: true);
                var themeId = input.Text(map, "theme", field, required: true);
                var summaryNode = YamlInput.Get(map, "summary") as YamlScalarNode;
                var summary = input.Text(map, "summary", field, required: true);
                var examples = input.Texts(map, "examples", field);
                if (input.Text(map, "proficiency", field, required: false) is { } proficiency)
                {
                    proficiencies.Add((proficiency, input.Line(YamlInput.Get(map, "proficiency"))));
                }
                if (YamlInput.Get(map, "supportingUrls") is YamlSequenceNode { Children.Count: > 0 } urls)
                {
                    links += urls.Children.Count;
                    firstLinkLine = firstLinkLine == 0 ? input.Line(urls) : firstLinkLine;
                }
                if (levelId is null || themeId is null || summary is null)
                {
                    continue;
                }
                if (!themeIds.Contains(themeId))
                {
                    input.Problem(YamlInput.Get(map, "theme"), $"{field}.theme", $"no theme '{themeId}' is defined (themes: {string.Join(", ", themeIds)})");
                    continue;
                }
                if (unmappedLevels.ContainsKey(levelId))
                {
                    skippedByLevel[levelId] = skippedByLevel.GetValueOrDefault(levelId) + 1;
                    continue;
                }
                if (!levelByFtId.TryGetValue(levelId, out var level))
                {
                    input.Problem(YamlInput.Get(map, "level"), $"{field}.level", $"no level '{levelId}' is defined (levels: {string.Join(", ", levelByFtId.Keys)})");
                    continue;
                }
                var levelDraft = levelDrafts[level];
                var cell = levelDraft.Cells.FirstOrDefault(c => c.CompetencyId == themeId);
                if (cell is null)
                {
                    cell = new CellDraft(themeId, [], [], new(input.Line(map), $"{field}.theme"));
                    levelDraft.Cells.Add(cell);
                }
                cell.Expectations.AddRange(SplitNumbered(summaryNode?.Value ?? summary));
                cell.Evidence.AddRange(examples);
            }
        }
        foreach (var (id, line) in unmappedLevels)
        {
            context.Unmap(file.Name, line, $"level '{id}'",
                $"comes after the fork but neither its id nor its name says which track it belongs to; its {Count(skippedByLevel.GetValueOrDefault(id), "competency", "competencies")} were not imported");
        }
        if (proficiencies.Count > 0)
        {
            context.Unmap(file.Name, proficiencies[0].Line, $"proficiency on {Count(proficiencies.Count, "competency", "competencies")} ("
                + string.Join(", ", proficiencies.Select(p => p.Value).Distinct()) + ")",
                "Fulcrum rates people against a level's expectations, not a proficiency per expectation; the expectation text is kept");
        }
        if (links > 0)
        {
            context.Unmap(file.Name, firstLinkLine, $"supportingUrls ({Count(links, "link", "links")})", "a Fulcrum ladder holds no links; the expectations are kept without them");
        }
        context.Problems.AddRange(input.Problems);
        return draft;
    }

    /// <summary>"senior-2-ic" → ("senior-2", ic); a name saying "(People Manager)" → management.</summary>
    private static (string BaseId, string? Track) SplitTrack(string id, string name)
    {
        if (id.EndsWith("-ic", StringComparison.Ordinal))
        {
            return (id[..^3], CareerTracks.IndividualContributor);
        }
        if (id.EndsWith("-pm", StringComparison.Ordinal) || id.EndsWith("-em", StringComparison.Ordinal))
        {
            return (id[..^3], CareerTracks.Management);
        }
        if (name.Contains("(Individual Contributor)", StringComparison.OrdinalIgnoreCase))
        {
            return (LadderDraft.Slug(TrackSuffix().Replace(name, "")), CareerTracks.IndividualContributor);
        }
        if (name.Contains("(People Manager)", StringComparison.OrdinalIgnoreCase))
        {
            return (LadderDraft.Slug(TrackSuffix().Replace(name, "")), CareerTracks.Management);
        }
        return (id, null);
    }

    /// <summary>A numbered summary ("1. Writes… 2. Considers…") as separate expectations; any other summary as one.</summary>
    internal static IEnumerable<string> SplitNumbered(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Count(l => NumberedItem().IsMatch(l)) < 2)
        {
            return [YamlInput.Clean(text)];
        }
        var items = new List<string>();
        var current = new List<string>();
        foreach (var line in lines)
        {
            var match = NumberedItem().Match(line);
            if (match.Success)
            {
                if (current.Count > 0)
                {
                    items.Add(string.Join(' ', current));
                }
                current = [line[match.Length..]];
            }
            else
            {
                current.Add(line);
            }
        }
        items.Add(string.Join(' ', current));
        return items.Select(YamlInput.Clean).Where(i => i.Length > 0);
    }

    private static void UnmapUnknownKeys(YamlMappingNode map, string field, string[] known, string source, YamlInput input, ImportContext context)
    {
        foreach (var key in map.Children.Keys.OfType<YamlScalarNode>().Where(k => !known.Contains(k.Value)))
        {
            context.Unmap(source, input.Line(key), $"{field}.{key.Value}", "not part of the FT job-family format; ignored");
        }
    }

    [GeneratedRegex(@"\s*\((Individual Contributor|People Manager)\)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex TrackSuffix();

    [GeneratedRegex(@"^\s*\d+[.)]\s+")]
    private static partial Regex NumberedItem();
}
