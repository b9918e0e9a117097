using System.Globalization;
using Fulcrum.Core.Organisation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Fulcrum.Core.Careers;

/// <summary>
/// Fulcrum's own ladder format: one YAML file per ladder (the keys are listed in docs/careers.md).
/// <see cref="Parse"/> reports every problem with its line and field and returns no ladder when
/// there is any; <see cref="Write"/> writes a ladder back in the same format, so a ladder read and
/// written again reads the same.
/// </summary>
public static class LadderFile
{
    internal static readonly string[] TopKeys = ["ladder", "name", "description", "rating-scale", "competencies", "tracks", "fork-at", "levels"];
    private static readonly string[] ScaleKeys = ["meets", "ratings"];
    private static readonly string[] RatingKeys = ["id", "label", "description"];
    private static readonly string[] CompetencyKeys = ["id", "name", "description"];
    private static readonly string[] TrackKeys = ["id", "name", "career-track"];
    private static readonly string[] LevelKeys = ["level", "track", "title", "summary", "meets", "competencies"];
    private static readonly string[] CellKeys = ["expectations", "evidence"];

    /// <summary>Written as a track's career-track when it deliberately maps to none.</summary>
    public const string NoCareerTrack = "none";

    public static LadderResult Parse(string text, string? source = null)
    {
        var input = new YamlInput(source);
        var root = input.Load(text);
        if (root is null)
        {
            return new(null, input.Problems);
        }
        var top = input.Mapping(root, "(file)");
        if (top is null)
        {
            return new(null, input.Problems);
        }
        var draft = Read(input, top);
        return draft.ToResult(source, input.Problems);
    }

    private static LadderDraft Read(YamlInput input, YamlMappingNode top)
    {
        input.OnlyKeys(top, "", TopKeys);
        var draft = new LadderDraft
        {
            Id = input.Text(top, "ladder", "", required: true) ?? "",
            IdAt = At(input, YamlInput.Get(top, "ladder") ?? top, "ladder"),
            Name = input.Text(top, "name", "", required: true) ?? "",
            Description = input.Text(top, "description", "", required: false),
        };

        var scaleNode = YamlInput.Get(top, "rating-scale");
        draft.RatingsAt = At(input, scaleNode ?? top, "rating-scale");
        if (input.Mapping(scaleNode, "rating-scale") is { } scale)
        {
            input.OnlyKeys(scale, "rating-scale", ScaleKeys);
            draft.Meets = input.Text(scale, "meets", "rating-scale", required: true) ?? "";
            draft.MeetsAt = At(input, YamlInput.Get(scale, "meets") ?? scale, "rating-scale.meets");
            var ratingsNode = YamlInput.Get(scale, "ratings");
            draft.RatingsAt = At(input, ratingsNode ?? scale, "rating-scale.ratings");
            ForEach(input, ratingsNode, "rating-scale.ratings", (map, field) =>
            {
                input.OnlyKeys(map, field, RatingKeys);
                var id = input.Text(map, "id", field, required: true);
                var label = input.Text(map, "label", field, required: true);
                if (id is not null)
                {
                    draft.Ratings.Add(new(id, label ?? id, input.Text(map, "description", field, required: false), At(input, map, $"{field}.id")));
                }
            });
        }

        var competenciesNode = YamlInput.Get(top, "competencies");
        draft.CompetenciesAt = At(input, competenciesNode ?? top, "competencies");
        ForEach(input, competenciesNode, "competencies", (map, field) =>
        {
            input.OnlyKeys(map, field, CompetencyKeys);
            var id = input.Text(map, "id", field, required: true);
            var name = input.Text(map, "name", field, required: true);
            if (id is not null)
            {
                draft.Competencies.Add(new(id, name ?? id, input.Text(map, "description", field, required: false), At(input, map, $"{field}.id")));
            }
        });

        var tracksNode = YamlInput.Get(top, "tracks");
        draft.TracksAt = At(input, tracksNode ?? top, "tracks");
        ForEach(input, tracksNode, "tracks", (map, field) =>
        {
            input.OnlyKeys(map, field, TrackKeys);
            var id = input.Text(map, "id", field, required: true);
            var name = input.Text(map, "name", field, required: true);
            if (id is null)
            {
                return;
            }
            // Absent: inferred from the id or name ("ic", "management", "engineering manager"...); "none": no mapping.
            var career = YamlInput.Has(map, "career-track")
                ? input.Text(map, "career-track", field, required: false)
                : CareerTracks.Normalise(id) ?? CareerTracks.Normalise(name);
            if (career == NoCareerTrack)
            {
                career = null;
            }
            draft.Tracks.Add(new(id, name ?? id, career, At(input, map, $"{field}.id"),
                At(input, YamlInput.Get(map, "career-track") ?? map, $"{field}.career-track")));
        });

        draft.ForkAt = input.Integer(top, "fork-at", "", required: false);
        draft.ForkAtAt = At(input, YamlInput.Get(top, "fork-at") ?? top, "fork-at");

        var levelsNode = YamlInput.Get(top, "levels");
        draft.LevelsAt = At(input, levelsNode ?? top, "levels");
        ForEach(input, levelsNode, "levels", (map, field) =>
        {
            input.OnlyKeys(map, field, LevelKeys);
            var number = input.Integer(map, "level", field, required: true);
            var title = input.Text(map, "title", field, required: true);
            var cells = new List<CellDraft>();
            if (YamlInput.Get(map, "competencies") is { } cellsNode && !YamlInput.IsNull(cellsNode)
                && input.Mapping(cellsNode, $"{field}.competencies") is { } cellMap)
            {
                foreach (var (keyNode, valueNode) in cellMap.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value ?? "?";
                    var cellField = $"{field}.competencies.{key}";
                    if (input.Mapping(valueNode, cellField) is { } cell)
                    {
                        input.OnlyKeys(cell, cellField, CellKeys);
                        cells.Add(new(key, input.Texts(cell, "expectations", cellField), input.Texts(cell, "evidence", cellField), At(input, keyNode, cellField)));
                    }
                }
            }
            if (number is int n)
            {
                draft.Levels.Add(new(n, input.Text(map, "track", field, required: false), title ?? "", input.Text(map, "summary", field, required: false),
                    input.Text(map, "meets", field, required: false), cells, At(input, map, $"{field}.level"),
                    At(input, YamlInput.Get(map, "track") ?? map, $"{field}.track"), At(input, YamlInput.Get(map, "meets") ?? map, $"{field}.meets")));
            }
        });
        return draft;
    }

    private static void ForEach(YamlInput input, YamlNode? node, string field, Action<YamlMappingNode, string> read)
    {
        if (input.Sequence(node, field) is not { } seq)
        {
            return;
        }
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (input.Mapping(seq.Children[i], $"{field}[{i}]") is { } map)
            {
                read(map, $"{field}[{i}]");
            }
        }
    }

    private static Where At(YamlInput input, YamlNode node, string field) => new(input.Line(node), field);

    /// <summary>The ladder as a ladder file. Long texts stay on one line so a diff shows what changed.</summary>
    public static string Write(Ladder ladder)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings().WithBestWidth(int.MaxValue).WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());
        Pair(emitter, "ladder", ladder.Id);
        Pair(emitter, "name", ladder.Name);
        Pair(emitter, "description", ladder.Description);

        Key(emitter, "rating-scale");
        emitter.Emit(new MappingStart());
        Pair(emitter, "meets", ladder.Scale.Meets);
        Key(emitter, "ratings");
        List(emitter, ladder.Scale.Ratings, r =>
        {
            Pair(emitter, "id", r.Id);
            Pair(emitter, "label", r.Label);
            Pair(emitter, "description", r.Description);
        });
        emitter.Emit(new MappingEnd());

        Key(emitter, "competencies");
        List(emitter, ladder.Competencies, c =>
        {
            Pair(emitter, "id", c.Id);
            Pair(emitter, "name", c.Name);
            Pair(emitter, "description", c.Description);
        });

        Key(emitter, "tracks");
        List(emitter, ladder.Tracks, t =>
        {
            Pair(emitter, "id", t.Id);
            Pair(emitter, "name", t.Name);
            var inferred = CareerTracks.Normalise(t.Id) ?? CareerTracks.Normalise(t.Name);
            Pair(emitter, "career-track", t.CareerTrack ?? (inferred is null ? null : NoCareerTrack));
        });

        if (ladder.ForkAt is int fork)
        {
            Pair(emitter, "fork-at", fork.ToString(CultureInfo.InvariantCulture));
        }

        Key(emitter, "levels");
        List(emitter, ladder.Levels, level =>
        {
            Pair(emitter, "level", level.Number.ToString(CultureInfo.InvariantCulture));
            Pair(emitter, "track", level.TrackId);
            Pair(emitter, "title", level.Title);
            Pair(emitter, "summary", level.Summary);
            Pair(emitter, "meets", level.Meets);
            var cells = level.Competencies.Where(c => !c.IsEmpty).ToList();
            if (cells.Count > 0)
            {
                Key(emitter, "competencies");
                emitter.Emit(new MappingStart());
                foreach (var cell in cells)
                {
                    Key(emitter, cell.CompetencyId);
                    emitter.Emit(new MappingStart());
                    Texts(emitter, "expectations", cell.Expectations);
                    Texts(emitter, "evidence", cell.Evidence);
                    emitter.Emit(new MappingEnd());
                }
                emitter.Emit(new MappingEnd());
            }
        });

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Key(IEmitter emitter, string key) => emitter.Emit(new Scalar(key));

    private static void Pair(IEmitter emitter, string key, string? value)
    {
        if (value is null)
        {
            return;
        }
        Key(emitter, key);
        emitter.Emit(Text(value));
    }

    private static void Texts(IEmitter emitter, string key, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }
        Key(emitter, key);
        emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
        foreach (var value in values)
        {
            emitter.Emit(Text(value));
        }
        emitter.Emit(new SequenceEnd());
    }

    private static void List<T>(IEmitter emitter, IEnumerable<T> items, Action<T> write)
    {
        emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
        foreach (var item in items)
        {
            emitter.Emit(new MappingStart());
            write(item);
            emitter.Emit(new MappingEnd());
        }
        emitter.Emit(new SequenceEnd());
    }

    // Texts a YAML reader would take for something else (yes, 12, null) are quoted so they stay texts;
    // texts with paragraph breaks become literal blocks.
    private static Scalar Text(string value)
    {
        if (value.Contains('\n'))
        {
            return new Scalar(null, null, value, ScalarStyle.Literal, false, true);
        }
        return new Scalar(null, null, value, ScalarStyle.Any, true, false);
    }
}
