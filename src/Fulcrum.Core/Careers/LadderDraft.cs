using System.Text.RegularExpressions;
using Fulcrum.Core.Organisation;

namespace Fulcrum.Core.Careers;

/// <summary>Where a value came from: its line (0 when unknown) and its field path.</summary>
internal readonly record struct Where(int Line, string Field);

internal sealed record RatingDraft(string Id, string Label, string? Description, Where At);

internal sealed record CompetencyDraft(string Id, string Name, string? Description, Where At);

internal sealed record TrackDraft(string Id, string Name, string? CareerTrack, Where At, Where CareerTrackAt);

internal sealed record CellDraft(string CompetencyId, List<string> Expectations, List<string> Evidence, Where At);

internal sealed record LevelDraft(
    int Number,
    string? TrackId,
    string Title,
    string? Summary,
    string? Meets,
    List<CellDraft> Cells,
    Where At,
    Where TrackAt,
    Where MeetsAt);

/// <summary>
/// A ladder before it is checked: what the YAML file or an importer read, each part with where it
/// came from. <see cref="Check"/> holds every rule a ladder must satisfy, so a file and an import are
/// refused for the same reasons and with lines into their own source.
/// </summary>
internal sealed partial class LadderDraft
{
    public const int MaxIdLength = 60;

    public string Id { get; set; } = "";

    public Where IdAt { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public List<RatingDraft> Ratings { get; } = [];

    public Where RatingsAt { get; set; }

    public string Meets { get; set; } = "";

    public Where MeetsAt { get; set; }

    public List<CompetencyDraft> Competencies { get; } = [];

    public Where CompetenciesAt { get; set; }

    public List<TrackDraft> Tracks { get; } = [];

    public Where TracksAt { get; set; }

    public int? ForkAt { get; set; }

    public Where ForkAtAt { get; set; }

    public List<LevelDraft> Levels { get; } = [];

    public Where LevelsAt { get; set; }

    public static bool IsId(string id) => id.Length is > 0 and <= MaxIdLength && IdPattern().IsMatch(id);

    /// <summary>Turns a name into an id: "Web Client" → "web-client", "WEB_CLIENT" → "web-client".</summary>
    public static string Slug(string text)
    {
        var slug = Regex.Replace(text.Trim().ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        if (slug.Length > MaxIdLength)
        {
            slug = slug[..MaxIdLength].TrimEnd('-');
        }
        return slug.Length == 0 ? "x" : slug;
    }

    /// <summary>Every rule a ladder must keep; problems carry the source's lines and fields.</summary>
    public List<LadderProblem> Check(string? source)
    {
        var problems = new List<LadderProblem>();
        void Add(Where at, string message) => problems.Add(new(source, at.Line, at.Field, message));

        if (!IsId(Id))
        {
            Add(IdAt, $"the ladder id must be 1 to {MaxIdLength} lower-case letters, digits or hyphens, starting with a letter or digit");
        }

        if (Ratings.Count < 2)
        {
            Add(RatingsAt, $"a rating scale needs at least 2 ratings; it has {Ratings.Count}");
        }
        CheckIds(Ratings, r => r.Id, r => r.At, "rating", Add);
        if (Meets.Length > 0 && Ratings.Count > 0 && Ratings.All(r => r.Id != Meets))
        {
            Add(MeetsAt, $"'{Meets}' is not a rating on the scale ({string.Join(", ", Ratings.Select(r => r.Id))})");
        }

        if (Competencies.Count == 0)
        {
            Add(CompetenciesAt, "a ladder needs at least one competency");
        }
        CheckIds(Competencies, c => c.Id, c => c.At, "competency", Add);

        if (Tracks.Count == 0)
        {
            Add(TracksAt, "a ladder needs at least one track");
        }
        CheckIds(Tracks, t => t.Id, t => t.At, "track", Add);
        foreach (var track in Tracks.Where(t => t.CareerTrack is not null))
        {
            if (!CareerTracks.IsKnown(track.CareerTrack))
            {
                Add(track.CareerTrackAt, $"'{track.CareerTrack}' is not a career track; use {string.Join(" or ", CareerTracks.All)} (or none)");
            }
            else if (Tracks.First(t => t.CareerTrack == track.CareerTrack) != track)
            {
                Add(track.CareerTrackAt, $"two tracks map to the career track '{track.CareerTrack}'; people on it would not know which ladder track is theirs");
            }
        }

        var competencyIds = Competencies.Select(c => c.Id).ToHashSet();
        var trackIds = Tracks.Select(t => t.Id).ToHashSet();
        var ratingIds = Ratings.Select(r => r.Id).ToHashSet();
        if (Levels.Count == 0)
        {
            Add(LevelsAt, "a ladder needs at least one level");
        }
        var seen = new HashSet<(int, string?)>();
        foreach (var level in Levels)
        {
            if (level.Number < 0)
            {
                Add(level.At, $"level numbers start at 0 or above; {level.Number} is not one");
            }
            if (level.TrackId is not null && !trackIds.Contains(level.TrackId))
            {
                Add(level.TrackAt, $"no track '{level.TrackId}' is defined (tracks: {string.Join(", ", trackIds)})");
            }
            if (!seen.Add((level.Number, level.TrackId)))
            {
                Add(level.At, level.TrackId is null
                    ? $"level {level.Number} is defined twice"
                    : $"level {level.Number} of track '{level.TrackId}' is defined twice");
            }
            if (level.Meets is not null && !ratingIds.Contains(level.Meets))
            {
                Add(level.MeetsAt, $"'{level.Meets}' is not a rating on the scale ({string.Join(", ", ratingIds)})");
            }
            var cellsSeen = new HashSet<string>();
            foreach (var cell in level.Cells)
            {
                if (!competencyIds.Contains(cell.CompetencyId))
                {
                    Add(cell.At, $"no competency '{cell.CompetencyId}' is defined (competencies: {string.Join(", ", competencyIds)})");
                }
                else if (!cellsSeen.Add(cell.CompetencyId))
                {
                    Add(cell.At, $"the competency '{cell.CompetencyId}' appears twice in this level");
                }
            }
        }

        CheckFork(Add);
        return problems;
    }

    private void CheckFork(Action<Where, string> add)
    {
        var shared = Levels.Where(l => l.TrackId is null).ToList();
        var forked = Levels.Where(l => l.TrackId is not null).ToList();
        if (forked.Count > 0 && ForkAt is null)
        {
            add(forked[0].TrackAt, "this level belongs to a track, so the ladder needs 'fork-at': the first level that differs by track");
            return;
        }
        if (ForkAt is int fork)
        {
            if (forked.Count == 0 && Levels.Count > 0)
            {
                add(ForkAtAt, $"the ladder forks at level {fork} but no level names a track; remove 'fork-at' or give levels from {fork} a track");
                return;
            }
            foreach (var level in shared.Where(l => l.Number >= fork))
            {
                add(level.At, $"level {level.Number} is at or after the fork (level {fork}), so it needs a track");
            }
            foreach (var level in forked.Where(l => l.Number < fork))
            {
                add(level.TrackAt, $"level {level.Number} is before the fork (level {fork}), where levels are shared by every track; remove its track");
            }
            if (shared.Count > 0 && shared.Max(l => l.Number) < fork - 1 && shared.All(l => l.Number < fork))
            {
                var last = shared.Max(l => l.Number);
                add(ForkAtAt, MissingLevels(last + 1, fork - 1, "before the fork") + $": shared levels end at {last} and the tracks start at {fork}");
            }
            foreach (var track in Tracks)
            {
                var own = forked.Where(l => l.TrackId == track.Id && l.Number >= fork).OrderBy(l => l.Number).ToList();
                if (own.Count == 0)
                {
                    add(track.At, $"the track '{track.Id}' has no levels from the fork (level {fork})");
                    continue;
                }
                if (own[0].Number != fork)
                {
                    add(own[0].At, MissingLevels(fork, own[0].Number - 1, $"on track '{track.Id}'") + $": the track starts at the fork, level {fork}");
                }
                CheckRun(own, $"on track '{track.Id}'", add);
            }
        }
        CheckRun([.. shared.Where(l => ForkAt is null || l.Number < ForkAt).OrderBy(l => l.Number)], ForkAt is null ? "" : "before the fork", add);
    }

    private static void CheckRun(List<LevelDraft> levels, string where, Action<Where, string> add)
    {
        for (var i = 1; i < levels.Count; i++)
        {
            var previous = levels[i - 1].Number;
            if (levels[i].Number > previous + 1)
            {
                add(levels[i].At, MissingLevels(previous + 1, levels[i].Number - 1, where) + $": levels go {previous} then {levels[i].Number}");
            }
        }
    }

    private static string MissingLevels(int from, int to, string where)
    {
        var which = from == to ? $"level {from} is missing" : $"levels {from} to {to} are missing";
        return where.Length == 0 ? which : $"{which} {where}";
    }

    private static void CheckIds<T>(List<T> items, Func<T, string> id, Func<T, Where> at, string what, Action<Where, string> add)
    {
        var seen = new HashSet<string>();
        foreach (var item in items)
        {
            if (!IsId(id(item)))
            {
                add(at(item), $"the {what} id '{id(item)}' must be 1 to {MaxIdLength} lower-case letters, digits or hyphens");
            }
            else if (!seen.Add(id(item)))
            {
                add(at(item), $"the {what} id '{id(item)}' is used twice");
            }
        }
    }

    /// <summary>The ladder, once <see cref="Check"/> found nothing wrong.</summary>
    public Ladder Build() => new(
        Id,
        Name,
        Description,
        new RatingScale([.. Ratings.Select(r => new Rating(r.Id, r.Label, r.Description))], Meets),
        [.. Competencies.Select(c => new Competency(c.Id, c.Name, c.Description))],
        [.. Tracks.Select(t => new LadderTrack(t.Id, t.Name, t.CareerTrack))],
        ForkAt,
        [.. Levels.Select(l => new LadderLevel(l.Number, l.TrackId, l.Title, l.Summary, l.Meets,
            // cells in the ladder's competency order, so every reader lists areas the same way
            [.. l.Cells.OrderBy(c => Competencies.FindIndex(x => x.Id == c.CompetencyId))
                .Select(c => new CompetencyExpectations(c.CompetencyId, [.. c.Expectations], [.. c.Evidence]))]))]);

    /// <summary>Checks and builds in one step: the ladder, or every problem and no ladder.</summary>
    public LadderResult ToResult(string? source, IEnumerable<LadderProblem> earlier)
    {
        var problems = earlier.Concat(Check(source)).ToList();
        return problems.Count > 0 ? new(null, problems) : new(Build(), []);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IdPattern();
}
