using Fulcrum.Core.Organisation;
using YamlDotNet.RepresentationModel;

namespace Fulcrum.Core.Careers;

/// <summary>
/// Medium's Snowflake: tracks (areas such as Mobile, Craft, Mentorship), each with five milestones
/// of a summary, signals and examples; titles with point ranges. Accepted as Snowflake's own
/// <c>constants.js</c> (its <c>tracks</c> and <c>titles</c> literals are read; the rest of the
/// JavaScript is not run) or as JSON:
/// <code>
/// {
///   "tracks": {
///     "MOBILE": {
///       "displayName": "Mobile",            // or "name"
///       "category": "A",                    // optional
///       "description": "Develops expertise in native mobile platform engineering",
///       "milestones": [ { "summary": "…", "signals": ["…"], "examples": ["…"] }, … ]
///     }
///   },
///   "titles": [ { "label": "Engineer I", "minPoints": 0, "maxPoints": 16 }, … ]   // optional
/// }
/// </code>
/// A bare object of tracks (without the "tracks" wrapper) is accepted too.
/// <list type="bullet">
/// <item>Snowflake tracks become competencies; milestone N becomes the expectations of level N
/// (its summary and signals) with its examples as evidence.</item>
/// <item>Titles are grouped by point range, lowest first, one range per level. A range holding two
/// titles (Senior Engineer and Group Lead) is a forked level; the first such range is the fork. A
/// title naming a lead, manager or director goes to the management track, any other to the IC track.</item>
/// <item>Points and categories are reported as unmapped: Snowflake places people by total points over
/// all tracks, Fulcrum by consensus on each competency against a level.</item>
/// </list>
/// </summary>
internal static class SnowflakeImport
{
    private static readonly string[] TrackKeys = ["displayName", "name", "category", "description", "milestones"];
    private static readonly string[] MilestoneKeys = ["summary", "signals", "examples"];

    private sealed record Title(string Label, int Min, int? Max, int Line);

    public static LadderDraft? Read(ImportFile file, ImportContext context)
    {
        context.MainSource = file.Name;
        YamlInput input;
        YamlMappingNode? tracks;
        YamlSequenceNode? titlesNode = null;
        YamlInput? titleInput = null;
        if (file.Text.Contains("export const tracks", StringComparison.Ordinal))
        {
            var literal = Literal(file.Text, "export const tracks", '{');
            if (literal is null)
            {
                context.Problems.Add(new(file.Name, 0, "tracks", "found 'export const tracks' but no object literal after it"));
                return null;
            }
            input = new YamlInput(file.Name, literal.Value.Line - 1);
            tracks = Root(input, literal.Value.Text, "tracks") as YamlMappingNode;
            if (Literal(file.Text, "export const titles", '[') is { } titlesLiteral)
            {
                titleInput = new YamlInput(file.Name, titlesLiteral.Line - 1);
                titlesNode = Root(titleInput, titlesLiteral.Text, "titles") as YamlSequenceNode;
                input.Problems.AddRange(titleInput.Problems);
                titleInput.Problems.Clear();
            }
            if (file.Text.Contains("milestoneToPoints", StringComparison.Ordinal))
            {
                context.Unmap(file.Name, LineOf(file.Text, "milestoneToPoints"), "points (milestoneToPoints, pointsToLevels)",
                    "Snowflake sums points over all tracks to place a person; Fulcrum assesses each competency against a level's expectations by consensus");
            }
        }
        else
        {
            input = new YamlInput(file.Name);
            var root = Root(input, file.Text, "(file)") as YamlMappingNode;
            if (root is not null && YamlInput.Has(root, "tracks"))
            {
                foreach (var key in root.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is not ("tracks" or "titles" or "categories")))
                {
                    context.Unmap(file.Name, input.Line(key), $"key '{key.Value}'", "not part of the accepted Snowflake JSON; ignored");
                }
                tracks = input.Mapping(YamlInput.Get(root, "tracks"), "tracks");
                if (YamlInput.Get(root, "titles") is { } t && !YamlInput.IsNull(t))
                {
                    titlesNode = input.Sequence(t, "titles");
                }
            }
            else
            {
                tracks = root;
            }
        }
        if (tracks is null)
        {
            if (input.Problems.Count == 0)
            {
                input.Problem(0, "tracks", "expected an object of tracks, each with milestones");
            }
            context.Problems.AddRange(input.Problems);
            return null;
        }

        var draft = new LadderDraft { Id = "snowflake", Name = "Snowflake (Medium)", CompetenciesAt = new(input.Line(tracks), "tracks") };
        ImportContext.UseDefaultScale(draft);
        context.Notes.Add("Snowflake defines no assessment scale; the ladder uses Fulcrum's default (Not yet, Developing, Meets, Exceeds).");

        // Tracks → competencies; milestone n → level n.
        var milestonesByCompetency = new List<(string Id, List<(List<string> Expectations, List<string> Evidence, Where At)> Milestones)>();
        var categories = new List<(string Category, int Line)>();
        foreach (var (keyNode, valueNode) in tracks.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var field = $"tracks.{key}";
            if (input.Mapping(valueNode, field) is not { } track)
            {
                continue;
            }
            foreach (var unknown in track.Children.Keys.OfType<YamlScalarNode>().Where(k => !TrackKeys.Contains(k.Value)))
            {
                context.Unmap(file.Name, input.Line(unknown), $"{field}.{unknown.Value}", "not part of a Snowflake track; ignored");
            }
            var name = input.Text(track, "displayName", field, required: false) ?? input.Text(track, "name", field, required: false);
            if (name is null)
            {
                input.Problem(track, $"{field}.displayName", "is required (the track's name; 'name' is accepted too)");
            }
            if (input.Text(track, "category", field, required: false) is { } category)
            {
                categories.Add((category, input.Line(YamlInput.Get(track, "category"))));
            }
            var id = LadderDraft.Slug(key);
            draft.Competencies.Add(new(id, name ?? key, input.Text(track, "description", field, required: false), new(input.Line(keyNode), field)));
            var milestones = new List<(List<string>, List<string>, Where)>();
            if (input.Sequence(YamlInput.Get(track, "milestones"), $"{field}.milestones") is { } list)
            {
                for (var i = 0; i < list.Children.Count; i++)
                {
                    var milestoneField = $"{field}.milestones[{i}]";
                    if (input.Mapping(list.Children[i], milestoneField) is not { } milestone)
                    {
                        continue;
                    }
                    foreach (var unknown in milestone.Children.Keys.OfType<YamlScalarNode>().Where(k => !MilestoneKeys.Contains(k.Value)))
                    {
                        context.Unmap(file.Name, input.Line(unknown), $"{milestoneField}.{unknown.Value}", "not part of a Snowflake milestone; ignored");
                    }
                    var summary = input.Text(milestone, "summary", milestoneField, required: true);
                    var expectations = summary is null ? new List<string>() : [summary];
                    expectations.AddRange(input.Texts(milestone, "signals", milestoneField));
                    milestones.Add((expectations, input.Texts(milestone, "examples", milestoneField), new(input.Line(milestone), milestoneField)));
                }
            }
            milestonesByCompetency.Add((id, milestones));
        }
        if (draft.Competencies.Count == 0)
        {
            input.Problem(tracks, "tracks", "there are no tracks to import");
        }
        if (categories.Count > 0)
        {
            context.Unmap(file.Name, categories[0].Line, $"category on {categories.Count} tracks ({string.Join(", ", categories.Select(c => c.Category).Distinct())})",
                "Snowflake groups tracks into categories to total points; Fulcrum competencies are not grouped");
        }
        var levelCount = milestonesByCompetency.Count == 0 ? 0 : milestonesByCompetency.Max(m => m.Milestones.Count);
        if (levelCount == 0 && draft.Competencies.Count > 0)
        {
            input.Problem(tracks, "tracks", "no track has milestones; there are no levels to import");
        }
        if (input.Problems.Count > 0)
        {
            context.Problems.AddRange(input.Problems);
            return null;
        }

        var titles = ReadTitles(titlesNode, titleInput ?? input, context);
        var bands = titles.GroupBy(t => (t.Min, t.Max)).OrderBy(g => g.Key.Min).Select(g => g.ToList()).ToList();
        foreach (var extra in bands.Skip(levelCount).SelectMany(b => b))
        {
            context.Unmap(file.Name, extra.Line, $"title '{extra.Label}'", $"its point range is above the {levelCount} milestones, so no level matches it");
        }
        var forkIndex = bands.Take(levelCount).ToList().FindIndex(b => b.Count > 1);
        draft.ForkAt = forkIndex < 0 ? null : forkIndex + 1;
        draft.Tracks.Add(new(CareerTracks.IndividualContributor, "Individual contributor", CareerTracks.IndividualContributor, default, default));
        if (draft.ForkAt is not null)
        {
            draft.Tracks.Add(new(CareerTracks.Management, "Management", CareerTracks.Management, default, default));
            context.Notes.Add($"Snowflake's milestones do not differ by track: from the fork (level {draft.ForkAt}) both tracks carry the same expectations and only the titles differ.");
        }
        else
        {
            context.Notes.Add("No title range holds two titles, so the levels do not fork; they are imported as one individual-contributor track.");
        }
        if (titles.Count == 0)
        {
            context.Notes.Add("No titles were given; levels are named after the milestones (\"Milestone 1\", …).");
        }
        context.Notes.Add("Snowflake places people by total points, not by a milestone in every track; here milestone N is read as what level N expects.");

        for (var n = 1; n <= levelCount; n++)
        {
            var band = n <= bands.Count ? bands[n - 1] : [];
            var forked = draft.ForkAt is int fork && n >= fork;
            var trackTitles = new Dictionary<string, string>();
            foreach (var title in band)
            {
                var track = forked ? ImportContext.CareerTrackFromName(title.Label) ?? CareerTracks.IndividualContributor : "shared";
                if (!trackTitles.TryAdd(track, title.Label))
                {
                    context.Unmap(file.Name, title.Line, $"title '{title.Label}'", $"shares its point range with '{trackTitles[track]}' on the same track; a level has one title per track");
                }
            }
            var fallback = titles.Count == 0 ? $"Milestone {n}" : $"Level {n}";
            string?[] levelTracks = forked ? [CareerTracks.IndividualContributor, CareerTracks.Management] : [null];
            foreach (var track in levelTracks)
            {
                var title = trackTitles.GetValueOrDefault(track ?? "shared") ?? fallback;
                var level = new LevelDraft(n, track, title, null, null, [], new(band.FirstOrDefault()?.Line ?? 0, "titles"), default, default);
                foreach (var (id, milestones) in milestonesByCompetency)
                {
                    if (n <= milestones.Count)
                    {
                        var (expectations, evidence, at) = milestones[n - 1];
                        level.Cells.Add(new(id, [.. expectations], [.. evidence], at));
                    }
                }
                draft.Levels.Add(level);
            }
        }
        return draft;
    }

    private static List<Title> ReadTitles(YamlSequenceNode? node, YamlInput input, ImportContext context)
    {
        var titles = new List<Title>();
        if (node is null)
        {
            return titles;
        }
        for (var i = 0; i < node.Children.Count; i++)
        {
            var field = $"titles[{i}]";
            if (input.Mapping(node.Children[i], field) is not { } map)
            {
                continue;
            }
            var label = input.Text(map, "label", field, required: true);
            var min = input.Integer(map, "minPoints", field, required: false) ?? 0;
            var max = input.Integer(map, "maxPoints", field, required: false);
            if (label is not null)
            {
                titles.Add(new(label, min, max, input.Line(map)));
            }
        }
        context.Problems.AddRange(input.Problems.Where(p => p.Field.StartsWith("titles", StringComparison.Ordinal)));
        return titles;
    }

    private static YamlNode? Root(YamlInput input, string text, string field)
    {
        // JSON is YAML, and so are the object literals of constants.js (quoted keys, trailing commas).
        var root = input.Load(text);
        if (root is not null && root is not YamlMappingNode and not YamlSequenceNode)
        {
            input.Problem(root, field, "expected an object");
            return null;
        }
        return root;
    }

    /// <summary>The literal assigned after a marker ("export const tracks: Tracks = {…}"), with the line it starts on.</summary>
    private static (string Text, int Line)? Literal(string text, string marker, char open)
    {
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        var equals = at < 0 ? -1 : text.IndexOf('=', at);
        var start = equals < 0 ? -1 : text.IndexOf(open, equals);
        if (start < 0)
        {
            return null;
        }
        var close = open == '{' ? '}' : ']';
        var depth = 0;
        char? quote = null;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
                continue;
            }
            if (c is '"' or '\'' or '`')
            {
                quote = c;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                i = text.IndexOf('\n', i) is var nl && nl < 0 ? text.Length : nl;
            }
            else if (c == open)
            {
                depth++;
            }
            else if (c == close && --depth == 0)
            {
                return (text[start..(i + 1)], LineOf(text[..start]));
            }
        }
        return null;
    }

    private static int LineOf(string before) => before.Count(c => c == '\n') + 1;

    private static int LineOf(string text, string marker)
    {
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? 0 : LineOf(text[..at]);
    }
}
