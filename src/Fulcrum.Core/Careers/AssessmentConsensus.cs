using static Fulcrum.Core.Wording;

namespace Fulcrum.Core.Careers;

public enum RaterRole
{
    Self,
    Peer,
    Mentor,
    Manager,
}

/// <summary>
/// One person's rating of one competency: their role, the rating as an index on the ladder's scale
/// (0 is the lowest), the evidence they give, and optionally who they are.
/// </summary>
public sealed record AssessmentRating(RaterRole Role, int Rating, string? Evidence = null, string? Rater = null);

/// <summary>How far the voices agree, from none to all giving the same rating.</summary>
public enum AgreementLevel
{
    /// <summary>No consensus: too few voices, or no strict majority within one step.</summary>
    None,

    /// <summary>A strict majority within one step of each other; the others differ more.</summary>
    Majority,

    /// <summary>Every voice within one step of every other.</summary>
    WithinOneStep,

    /// <summary>Every voice gave the same rating.</summary>
    Unanimous,
}

/// <summary>One rating as shown beside the others; <see cref="InAgreement"/> marks the voices that formed the consensus.</summary>
public sealed record RatingView(RaterRole Role, string? Rater, int Rating, string Label, string? Evidence, bool InAgreement);

/// <summary>
/// The outcome for one competency. When <see cref="Reached"/> is false there is no rating at all,
/// only the reason and every view side by side. <see cref="Views"/> always lists every voice other
/// than the person's own, lowest rating first, so dissent stays visible next to a consensus.
/// </summary>
public sealed record ConsensusResult(
    bool Reached,
    int? Rating,
    string? Label,
    AgreementLevel Agreement,
    int InAgreementCount,
    int Voices,
    int? Spread,
    bool EvenSplit,
    bool IncludesManager,
    string Explanation,
    IReadOnlyList<RatingView> Views,
    RatingView? Self)
{
    /// <summary>The share of voices inside the agreeing group, 0 to 1 (0 without consensus).</summary>
    public double AgreementShare => Voices == 0 || !Reached ? 0 : (double)InAgreementCount / Voices;

    /// <summary>Self rating minus the agreed rating, in steps: positive when the person rates themselves higher.</summary>
    public int? SelfGap => Reached && Self is not null ? Self.Rating - Rating : null;
}

/// <summary>
/// "A single opinion is an opinion, multiple opinions in agreement form a consensus."
/// <para>The rule, for one competency:</para>
/// <list type="number">
/// <item>The person's own rating is shown beside the result but never counts towards it.</item>
/// <item>The voices are everyone else: peers, mentors and the manager, one voice each; the
/// manager's rating weighs no more than a mentor's. A consensus needs at least
/// <see cref="MinVoices"/> of them.</item>
/// <item>A group is the voices whose ratings lie within one step of each other (two neighbouring
/// ratings on the scale). There is a consensus when the largest group is a strict majority of the
/// voices.</item>
/// <item>The agreed rating is the median of that group; an even split between its two ratings
/// resolves to the lower one, the rating every voice in the group supports.</item>
/// <item>When two different groups are equally large and would agree on different ratings there
/// is no consensus: the views are split.</item>
/// <item>Nothing is averaged. The spread (highest minus lowest rating, in steps), the share of
/// voices in the group and every view with its evidence are reported either way.</item>
/// </list>
/// </summary>
public static class AssessmentConsensus
{
    public const int MinVoices = 3;

    public static ConsensusResult Compute(IReadOnlyList<AssessmentRating> ratings, RatingScale scale)
    {
        Validate(ratings, scale);
        var selfRating = ratings.SingleOrDefault(r => r.Role == RaterRole.Self);
        var voices = ratings.Where(r => r.Role != RaterRole.Self).OrderBy(r => r.Rating).ToList();
        var includesManager = voices.Any(v => v.Role == RaterRole.Manager);
        var spread = voices.Count == 0 ? (int?)null : voices[^1].Rating - voices[0].Rating;

        RatingView View(AssessmentRating r, bool inAgreement) => new(r.Role, r.Rater, r.Rating, scale.LabelOf(r.Rating), r.Evidence, inAgreement);
        var self = selfRating is null ? null : View(selfRating, false);
        ConsensusResult None(string why) =>
            new(false, null, null, AgreementLevel.None, 0, voices.Count, spread, false, includesManager, why, [.. voices.Select(v => View(v, false))], self);

        if (voices.Count < MinVoices)
        {
            return None(voices.Count == 0
                ? $"No ratings from others yet. A consensus needs at least {MinVoices} ratings from peers, mentors or the manager; the self rating does not count."
                : $"Only {Count(voices.Count, "rating")} from others. A consensus needs at least {MinVoices} from peers, mentors or the manager; the self rating does not count.");
        }

        // Every window of two neighbouring ratings [low, low + 1], with the voices inside it.
        var groups = Enumerable.Range(0, Math.Max(1, scale.Count - 1))
            .Select(low => voices.Where(v => v.Rating >= low && v.Rating <= low + 1).ToList())
            .ToList();
        var largest = groups.Max(g => g.Count);
        if (largest * 2 <= voices.Count)
        {
            return None($"No strict majority of the {voices.Count} voices lies within one step: {Tally(voices, scale)}.");
        }
        var candidates = groups.Where(g => g.Count == largest).ToList();
        var agreedByCandidate = candidates.Select(LowerMedian).Distinct().ToList();
        if (agreedByCandidate.Count > 1)
        {
            return None($"The voices are split between equally large groups that agree on different ratings ("
                + string.Join(" and ", agreedByCandidate.Select(scale.LabelOf)) + $"): {Tally(voices, scale)}.");
        }

        // The lowest of the equally large groups is shown as the agreeing one: they all give the same rating.
        var group = candidates[0];
        var agreed = agreedByCandidate[0];
        var evenSplit = group.Select(v => v.Rating).Distinct().Count() == 2
            && group.Count(v => v.Rating == group[0].Rating) * 2 == group.Count;
        var level = spread == 0 ? AgreementLevel.Unanimous : group.Count == voices.Count ? AgreementLevel.WithinOneStep : AgreementLevel.Majority;
        var outside = voices.Where(v => !group.Contains(v)).ToList();

        var explanation = level switch
        {
            AgreementLevel.Unanimous => $"All {voices.Count} voices rate {scale.LabelOf(agreed)}.",
            AgreementLevel.WithinOneStep => $"All {voices.Count} voices lie within one step ({Tally(voices, scale)}); the agreed rating is {scale.LabelOf(agreed)}.",
            _ => $"{group.Count} of {voices.Count} voices lie within one step ({Tally(group, scale)}); the agreed rating is {scale.LabelOf(agreed)}. "
                + $"Differing: {string.Join(", ", outside.Select(v => $"{Role(v.Role)} rated {scale.LabelOf(v.Rating)}"))}.",
        };
        if (evenSplit)
        {
            explanation += $" The group is split evenly between {scale.LabelOf(group[0].Rating)} and {scale.LabelOf(group[^1].Rating)}; the lower is the rating all of them support.";
        }
        if (!includesManager)
        {
            explanation += " No manager rating among them.";
        }

        return new(true, agreed, scale.LabelOf(agreed), level, group.Count, voices.Count, spread, evenSplit, includesManager,
            explanation, [.. voices.Select(v => View(v, group.Contains(v)))], self);
    }

    private static int LowerMedian(List<AssessmentRating> sortedGroup) => sortedGroup[(sortedGroup.Count - 1) / 2].Rating;

    private static void Validate(IReadOnlyList<AssessmentRating> ratings, RatingScale scale)
    {
        foreach (var rating in ratings)
        {
            if (!scale.IsOnScale(rating.Rating))
            {
                throw new ArgumentOutOfRangeException(nameof(ratings),
                    $"a {Role(rating.Role)} rating of {rating.Rating} is not on the scale (0 to {scale.Count - 1})");
            }
        }
        if (ratings.Count(r => r.Role == RaterRole.Self) > 1)
        {
            throw new ArgumentException("there can be only one self rating per competency", nameof(ratings));
        }
        var duplicate = ratings.Where(r => r.Rater is not null).GroupBy(r => r.Rater, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"{duplicate.Key} rated more than once; each person is one voice", nameof(ratings));
        }
    }

    /// <summary>"2 × Developing, 1 × Exceeds": how the ratings fall, lowest first.</summary>
    private static string Tally(IEnumerable<AssessmentRating> ratings, RatingScale scale) =>
        string.Join(", ", ratings.GroupBy(r => r.Rating).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {scale.LabelOf(g.Key)}"));

    internal static string Role(RaterRole role) => role switch
    {
        RaterRole.Self => "self",
        RaterRole.Peer => "peer",
        RaterRole.Mentor => "mentor",
        RaterRole.Manager => "manager",
        _ => role.ToString().ToLowerInvariant(),
    };
}
