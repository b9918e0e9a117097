namespace Fulcrum.Core.Careers;

public enum ReadinessStatus
{
    /// <summary>Others agree the person meets the next level's expectations in this area.</summary>
    Met,

    /// <summary>Others agree on a rating below the bar.</summary>
    NotYet,

    /// <summary>Rated, but the voices do not agree; the views are in the consensus result.</summary>
    NoConsensus,

    /// <summary>Nobody has rated this area against the next level.</summary>
    NotAssessed,

    /// <summary>The next level adds nothing in this area.</summary>
    NothingNew,
}

public sealed record CompetencyReadiness(
    Competency Competency,
    IReadOnlyList<string> Expectations,
    ReadinessStatus Status,
    ConsensusResult? Consensus);

public sealed record LevelReadiness(LadderLevel Current, LadderLevel? Next, IReadOnlyList<CompetencyReadiness> Competencies, string Summary)
{
    /// <summary>True when every area the next level asks something of is met by consensus.</summary>
    public bool Ready => Next is not null && Competencies.All(c => c.Status is ReadinessStatus.Met or ReadinessStatus.NothingNew);

    public int Count(ReadinessStatus status) => Competencies.Count(c => c.Status == status);
}

/// <summary>
/// Which of the next level's expectations a person meets, by consensus. The assessments passed in
/// must have been made against the next level's expectations (raters read that level's list): an
/// area is met when the voices agree on a rating at or above the next level's bar (the scale's
/// "meets" unless the level sets its own). An area without consensus is shown as such, never
/// counted as met or missed.
/// </summary>
public static class NextLevelReadiness
{
    public static LevelReadiness Assess(
        Ladder ladder, string trackId, int currentLevel, IReadOnlyDictionary<string, ConsensusResult> consensusAgainstNextLevel)
    {
        var current = ladder.LevelAt(trackId, currentLevel)
            ?? throw new ArgumentException($"the track '{trackId}' has no level {currentLevel}", nameof(currentLevel));
        var next = ladder.NextLevel(trackId, currentLevel);
        if (next is null)
        {
            return new(current, null, [], $"{current.Title} is the top of the {ladder.FindTrack(trackId)!.Name} track.");
        }
        var bar = ladder.MeetsIndexAt(next);
        var areas = new List<CompetencyReadiness>();
        foreach (var competency in ladder.Competencies)
        {
            var expectations = next.For(competency.Id).Expectations;
            var consensus = consensusAgainstNextLevel.GetValueOrDefault(competency.Id);
            var status = expectations.Count == 0 ? ReadinessStatus.NothingNew
                : consensus is null || consensus.Voices == 0 && consensus.Self is null ? ReadinessStatus.NotAssessed
                : !consensus.Reached ? ReadinessStatus.NoConsensus
                : consensus.Rating >= bar ? ReadinessStatus.Met
                : ReadinessStatus.NotYet;
            areas.Add(new(competency, expectations, status, consensus));
        }
        var asked = areas.Count(a => a.Status != ReadinessStatus.NothingNew);
        var met = areas.Count(a => a.Status == ReadinessStatus.Met);
        var summary = $"{met} of {asked} areas of {next.Title} met by consensus";
        var open = new List<string>();
        void Note(ReadinessStatus status, string words)
        {
            var names = areas.Where(a => a.Status == status).Select(a => a.Competency.Name).ToList();
            if (names.Count > 0)
            {
                open.Add($"{words}: {string.Join(", ", names)}");
            }
        }
        Note(ReadinessStatus.NotYet, "not yet");
        Note(ReadinessStatus.NoConsensus, "no consensus");
        Note(ReadinessStatus.NotAssessed, "not assessed");
        summary += open.Count == 0 ? "." : "; " + string.Join("; ", open) + ".";
        return new(current, next, areas, summary);
    }
}
