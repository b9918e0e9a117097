using System.Diagnostics.CodeAnalysis;

namespace Fulcrum.Core.Careers;

/// <summary>One point on a rating scale. A rating's place in <see cref="RatingScale.Ratings"/> is its index: 0 is the lowest.</summary>
public sealed record Rating(string Id, string Label, string? Description);

/// <summary>
/// The ordered ratings assessors choose from, lowest first, and the rating from which an
/// expectation counts as met (<see cref="Meets"/>). Ratings are relative to the expectations of
/// the level being assessed: "Meets" at level 5 means meets level 5's expectations.
/// </summary>
public sealed record RatingScale(IReadOnlyList<Rating> Ratings, string Meets)
{
    public int Count => Ratings.Count;

    /// <summary>The index of the lowest rating that counts as meeting a level's expectations.</summary>
    public int MeetsIndex => IndexOf(Meets) ?? throw new InvalidOperationException($"'{Meets}' is not on the scale");

    /// <summary>The middle of the scale in steps: 1.5 on a four-point scale, 2 on a five-point one.</summary>
    public double Midpoint => (Count - 1) / 2.0;

    public int? IndexOf(string id)
    {
        for (var i = 0; i < Ratings.Count; i++)
        {
            if (Ratings[i].Id == id)
            {
                return i;
            }
        }
        return null;
    }

    public bool IsOnScale(int index) => index >= 0 && index < Ratings.Count;

    public string LabelOf(int index) => Ratings[index].Label;

    /// <summary>The scale every ladder starts from, and the one imports use when a format has none.</summary>
    public static RatingScale Default { get; } = new(
    [
        new("not-yet", "Not yet", "Rarely shows what this level expects, or only with a lot of help."),
        new("developing", "Developing", "Shows it sometimes or with support; growing into it."),
        new("meets", "Meets", "Shows it consistently and without being asked."),
        new("exceeds", "Exceeds", "Shows it consistently and already reaches into the next level."),
    ], "meets");
}

/// <summary>An area of skill assessed at every level (technical craft, delivery, ...).</summary>
public sealed record Competency(string Id, string Name, string? Description);

/// <summary>
/// A path through the levels after the fork. <see cref="CareerTrack"/> is the organisation's key
/// (<c>ic</c> or <c>management</c>, see <see cref="Organisation.CareerTracks"/>) that people on this
/// track carry, or null when the track is neither.
/// </summary>
public sealed record LadderTrack(string Id, string Name, string? CareerTrack);

/// <summary>What one level expects in one competency, and what evidence of it tends to look like.</summary>
public sealed record CompetencyExpectations(string CompetencyId, IReadOnlyList<string> Expectations, IReadOnlyList<string> Evidence)
{
    public bool IsEmpty => Expectations.Count == 0 && Evidence.Count == 0;
}

/// <summary>
/// One level: shared by every track when <see cref="TrackId"/> is null (the levels before the
/// fork), or one track's own level. <see cref="Meets"/> overrides the scale's bar for this level
/// when set (a ladder may let "Developing" count at its entry level).
/// </summary>
public sealed record LadderLevel(
    int Number,
    string? TrackId,
    string Title,
    string? Summary,
    string? Meets,
    IReadOnlyList<CompetencyExpectations> Competencies)
{
    public bool IsShared => TrackId is null;

    /// <summary>What this level says about one competency; empty lists when it says nothing.</summary>
    public CompetencyExpectations For(string competencyId) =>
        Competencies.FirstOrDefault(c => c.CompetencyId == competencyId) ?? new(competencyId, [], []);

    public override string ToString() => IsShared ? $"level {Number} ({Title})" : $"level {Number} {TrackId} ({Title})";
}

/// <summary>
/// A career ladder: a rating scale, competencies, tracks and levels. Levels below
/// <see cref="ForkAt"/> are shared by every track; from the fork each track has its own. A ladder
/// only exists valid: build one with <see cref="LadderFile.Parse"/>, <see cref="DefaultLadder.Load"/>
/// or <see cref="LadderImport"/>, which refuse it whole when anything is wrong.
/// </summary>
public sealed class Ladder
{
    internal Ladder(
        string id,
        string name,
        string? description,
        RatingScale scale,
        IReadOnlyList<Competency> competencies,
        IReadOnlyList<LadderTrack> tracks,
        int? forkAt,
        IReadOnlyList<LadderLevel> levels)
    {
        Id = id;
        Name = name;
        Description = description;
        Scale = scale;
        Competencies = competencies;
        Tracks = tracks;
        ForkAt = forkAt;
        Levels = [.. levels.OrderBy(l => l.Number).ThenBy(l => l.TrackId is null ? -1 : IndexOfTrack(tracks, l.TrackId))];
    }

    public string Id { get; }

    public string Name { get; }

    public string? Description { get; }

    public RatingScale Scale { get; }

    public IReadOnlyList<Competency> Competencies { get; }

    public IReadOnlyList<LadderTrack> Tracks { get; }

    /// <summary>The first level that differs by track; null when every level is shared.</summary>
    public int? ForkAt { get; }

    /// <summary>Every level, by number, shared ones before a number's track levels in track order.</summary>
    public IReadOnlyList<LadderLevel> Levels { get; }

    public LadderTrack? FindTrack(string trackId) => Tracks.FirstOrDefault(t => t.Id == trackId);

    public Competency? FindCompetency(string competencyId) => Competencies.FirstOrDefault(c => c.Id == competencyId);

    /// <summary>
    /// The ladder's track for an organisation career track (<c>ic</c>, <c>management</c>): the
    /// track mapped to it, or null when the ladder has none.
    /// </summary>
    public LadderTrack? TrackForCareerTrack(string? careerTrack) =>
        careerTrack is null ? null : Tracks.FirstOrDefault(t => t.CareerTrack == careerTrack);

    /// <summary>The levels a person on this track climbs: the shared ones, then the track's own.</summary>
    public IReadOnlyList<LadderLevel> LevelsOf(string trackId)
    {
        RequireTrack(trackId);
        return [.. Levels.Where(l => l.TrackId is null || l.TrackId == trackId)];
    }

    /// <summary>The level with this number on this track (a shared level below the fork), or null.</summary>
    public LadderLevel? LevelAt(string trackId, int number)
    {
        RequireTrack(trackId);
        return Levels.FirstOrDefault(l => l.Number == number && (l.TrackId is null || l.TrackId == trackId));
    }

    public bool TryLevelAt(string trackId, int number, [NotNullWhen(true)] out LadderLevel? level)
    {
        level = FindTrack(trackId) is null ? null : LevelAt(trackId, number);
        return level is not null;
    }

    /// <summary>The level above this one on the same track, or null at the top.</summary>
    public LadderLevel? NextLevel(string trackId, int number) => LevelAt(trackId, number + 1);

    /// <summary>
    /// What the level with this number on this track expects, one entry per competency in ladder
    /// order (empty lists where the level says nothing about a competency). Shared levels apply to
    /// every track. Empty when the track has no such level.
    /// </summary>
    public IReadOnlyList<CompetencyExpectations> ExpectationsAt(string trackId, int number)
    {
        var level = LevelAt(trackId, number);
        return level is null ? [] : [.. Competencies.Select(c => level.For(c.Id))];
    }

    /// <summary>The rating that counts as meeting this level's expectations (the level's own bar or the scale's).</summary>
    public int MeetsIndexAt(LadderLevel level) => level.Meets is { } meets ? Scale.IndexOf(meets) ?? Scale.MeetsIndex : Scale.MeetsIndex;

    private void RequireTrack(string trackId)
    {
        if (FindTrack(trackId) is null)
        {
            throw new ArgumentException($"the ladder '{Id}' has no track '{trackId}' (it has {string.Join(", ", Tracks.Select(t => t.Id))})", nameof(trackId));
        }
    }

    private static int IndexOfTrack(IReadOnlyList<LadderTrack> tracks, string id)
    {
        for (var i = 0; i < tracks.Count; i++)
        {
            if (tracks[i].Id == id)
            {
                return i;
            }
        }
        return int.MaxValue;
    }
}
