namespace Fulcrum.Core.Careers;

/// <summary>
/// What changes for one competency when someone moves from one track's level to another's:
/// expectations both levels hold (same text, or the same shared level), the ones the new level
/// adds, and the ones it no longer asks for.
/// </summary>
public sealed record CompetencyShift(
    Competency Competency,
    IReadOnlyList<string> Shared,
    IReadOnlyList<string> New,
    IReadOnlyList<string> Dropped)
{
    public bool Unchanged => New.Count == 0 && Dropped.Count == 0;
}

/// <summary>
/// A track switch side by side, e.g. Senior Engineer (IC 5) to Engineering Manager (management 5).
/// <see cref="SameLevel"/> is true when both are one shared level (before the fork), so nothing
/// changes. <see cref="Foundation"/> lists the shared levels both paths have in common.
/// </summary>
public sealed record TrackSwitchComparison(
    LadderLevel From,
    LadderLevel To,
    bool SameLevel,
    IReadOnlyList<LadderLevel> Foundation,
    IReadOnlyList<CompetencyShift> Competencies)
{
    public int SharedCount => Competencies.Sum(c => c.Shared.Count);

    public int NewCount => Competencies.Sum(c => c.New.Count);

    public int DroppedCount => Competencies.Sum(c => c.Dropped.Count);
}

public static class TrackSwitch
{
    /// <summary>
    /// Compares two levels per competency. Expectations match when their text is the same after
    /// trimming, collapsing spaces, ignoring case and a final full stop; anything else counts as new
    /// or dropped, because a ladder that rewords an expectation usually means something different.
    /// </summary>
    public static TrackSwitchComparison Compare(Ladder ladder, string fromTrack, int fromLevel, string toTrack, int toLevel)
    {
        var from = ladder.LevelAt(fromTrack, fromLevel)
            ?? throw new ArgumentException($"the track '{fromTrack}' has no level {fromLevel}", nameof(fromLevel));
        var to = ladder.LevelAt(toTrack, toLevel)
            ?? throw new ArgumentException($"the track '{toTrack}' has no level {toLevel}", nameof(toLevel));
        var same = ReferenceEquals(from, to);
        var foundation = ladder.Levels.Where(l => l.IsShared && l.Number <= Math.Min(fromLevel, toLevel)).ToList();

        var shifts = new List<CompetencyShift>();
        foreach (var competency in ladder.Competencies)
        {
            var before = from.For(competency.Id).Expectations;
            var after = to.For(competency.Id).Expectations;
            if (same)
            {
                shifts.Add(new(competency, before, [], []));
                continue;
            }
            var beforeKeys = before.Select(Key).ToHashSet();
            var afterKeys = after.Select(Key).ToHashSet();
            shifts.Add(new(
                competency,
                [.. after.Where(e => beforeKeys.Contains(Key(e)))],
                [.. after.Where(e => !beforeKeys.Contains(Key(e)))],
                [.. before.Where(e => !afterKeys.Contains(Key(e)))]));
        }
        return new(from, to, same, foundation, shifts);
    }

    private static string Key(string expectation) =>
        string.Join(' ', expectation.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.').ToLowerInvariant();
}
