namespace Fulcrum.Core.Careers;

/// <param name="Enjoyment">The person's own answer, 1–5 (null when they gave none).</param>
/// <param name="Quadrant">Aptitude (the others' consensus) × enjoyment, with what to do about it.</param>
public sealed record CompetencyResultView(
    string Competency, string Name, string? Description, IReadOnlyList<string> Expectations, ConsensusResult Consensus, int? Enjoyment, QuadrantResult Quadrant);

/// <param name="Evidence">The views of the agreeing group, with their evidence.</param>
public sealed record ReadinessAreaView(
    string Competency, string Name, ReadinessStatus Status, IReadOnlyList<string> Expectations, string? AgreedRating, IReadOnlyList<RatingView> Evidence);

/// <param name="Level">The level the cycle rated against, whose expectations are or are not met.</param>
public sealed record ReadinessView(string Level, bool Ready, string Summary, IReadOnlyList<ReadinessAreaView> Areas);

/// <summary>What a closed cycle comes to: per competency the consensus (or none), the quadrant, and readiness for the level rated against.</summary>
/// <param name="Readiness">Null when the cycle rated against a track's first level (there is no level below to be ready from).</param>
public sealed record CycleResults(string Summary, IReadOnlyList<CompetencyResultView> Competencies, ReadinessView? Readiness)
{
    /// <summary>
    /// Consensus (<see cref="AssessmentConsensus"/>), quadrant (<see cref="AptitudeEnjoyment"/>) and
    /// readiness (<see cref="NextLevelReadiness"/> from the level below the one rated against) from the
    /// submitted sheets of a cycle on <paramref name="ladder"/>'s <paramref name="trackId"/> at <paramref name="level"/>.
    /// </summary>
    public static CycleResults Compute(Ladder ladder, string trackId, int level, IReadOnlyList<RaterSheet> raters)
    {
        var scale = ladder.Scale;
        var submitted = raters.Where(r => r.Submitted).ToList();
        // The consensus engine tells voices apart by name; two raters with one name stay two voices.
        var names = submitted.GroupBy(r => r.Name).SelectMany(g => g.Count() == 1
                ? g.Select(r => (r.Id, Name: r.Name))
                : g.Select((r, i) => (r.Id, Name: $"{r.Name} ({i + 1})")))
            .ToDictionary(x => x.Id, x => x.Name);
        var rated = ladder.LevelAt(trackId, level);
        var results = new List<CompetencyResultView>();
        var byCompetency = new Dictionary<string, ConsensusResult>();
        foreach (var competency in ladder.Competencies)
        {
            var ratings = submitted
                .Select(r => (Rater: r, Answer: r.Answers.FirstOrDefault(x => x.Competency == competency.Id)))
                .Where(x => x.Answer?.Rating is { } id && scale.IndexOf(id) is not null)
                .Select(x => new AssessmentRating(x.Rater.Role, scale.IndexOf(x.Answer!.Rating!)!.Value, x.Answer.Evidence, names[x.Rater.Id]))
                .ToList();
            var consensus = AssessmentConsensus.Compute(ratings, scale);
            byCompetency[competency.Id] = consensus;
            var enjoyment = submitted.Where(r => r.Role == RaterRole.Self)
                .Select(r => r.Answers.FirstOrDefault(x => x.Competency == competency.Id)?.Enjoyment).FirstOrDefault();
            results.Add(new(competency.Id, competency.Name, competency.Description, rated?.For(competency.Id).Expectations ?? [],
                consensus, enjoyment, AptitudeEnjoyment.Classify(consensus, scale, enjoyment)));
        }

        ReadinessView? readiness = null;
        if (ladder.LevelAt(trackId, level - 1) is not null)
        {
            var assessed = NextLevelReadiness.Assess(ladder, trackId, level - 1, byCompetency);
            readiness = new(assessed.Next!.Title, assessed.Ready, assessed.Summary, [.. assessed.Competencies.Select(a => new ReadinessAreaView(
                a.Competency.Id, a.Competency.Name, a.Status, a.Expectations, a.Consensus?.Label,
                a.Status == ReadinessStatus.Met || a.Status == ReadinessStatus.NotYet ? [.. a.Consensus!.Views.Where(v => v.InAgreement)] : []))]);
        }

        var agreed = results.Count(r => r.Consensus.Reached);
        var without = results.Where(r => !r.Consensus.Reached).Select(r => r.Name).ToList();
        var summary = without.Count == 0
            ? $"Consensus on all {results.Count} competencies."
            : $"Consensus on {agreed} of {results.Count} competencies; no consensus on {string.Join(", ", without)}.";
        return new(summary, results, readiness);
    }
}
