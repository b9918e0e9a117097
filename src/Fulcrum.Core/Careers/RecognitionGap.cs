namespace Fulcrum.Core.Careers;

/// <param name="LastRecognised">The most recent kudos the team could see, or null for never.</param>
public sealed record UnrecognisedPerson(int PersonId, string Name, string? Team, DateTime? LastRecognised);

/// <summary>
/// Amplification: the people a leader should look at because nobody has recognised them lately.
/// The list says who and since when, in name order; it never counts or ranks who received most —
/// recognition is not a leaderboard (PRODUCT.md, principle 1).
/// </summary>
public static class RecognitionGap
{
    public const int DefaultDays = 60;
    public const int MaxDays = 3650;

    /// <summary>How far back to look, as asked: 1 to <see cref="MaxDays"/> days, else refused as unreadable.</summary>
    public static void EnsureDays(int days)
    {
        if (days is < 1 or > MaxDays)
        {
            var range = $"days: give 1 to {MaxDays}.";
            throw new ProblemException(ProblemKind.Unreadable, "Bad request", range, [new(range)]);
        }
    }

    public static IReadOnlyList<UnrecognisedPerson> Find(
        IEnumerable<(int PersonId, string Name, string? Team)> people,
        IReadOnlyDictionary<int, DateTime> lastRecognised,
        DateTime now,
        int days = DefaultDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        var since = now.AddDays(-days);
        return people
            .Select(p => new UnrecognisedPerson(p.PersonId, p.Name, p.Team, lastRecognised.TryGetValue(p.PersonId, out var last) ? last : null))
            .Where(p => p.LastRecognised is null || p.LastRecognised < since)
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.PersonId)
            .ToList();
    }
}
