namespace Fulcrum.Core.Careers;

/// <summary>
/// The competencies a kudos, an achievement or a growth item names, checked against the active
/// ladder in one place, so every record words its problems alike.
/// </summary>
public static class RecordCompetencies
{
    /// <summary>
    /// How many competencies one record may name: a handful says what the work showed; naming every
    /// competency says nothing.
    /// </summary>
    public const int Max = 5;

    /// <summary>
    /// The ids as given: trimmed, blanks and duplicates dropped. A problem is added to
    /// <paramref name="problems"/>, in the words the forms and the API show, for more than
    /// <see cref="Max"/> and for ids the ladder does not have.
    /// </summary>
    public static IReadOnlyList<string> Check(Ladder ladder, IReadOnlyList<string>? ids, List<string> problems)
    {
        var wanted = (ids ?? []).Select(id => id?.Trim() ?? "").Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count > Max)
        {
            problems.Add($"competencies: at most {Max}; got {wanted.Count}.");
        }
        var unknown = wanted.Where(id => ladder.FindCompetency(id) is null).ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"competencies: {string.Join(", ", unknown.Select(u => $"'{u}'"))} not in the ladder '{ladder.Name}' " +
                $"(its competencies: {string.Join(", ", ladder.Competencies.Select(c => c.Id))}).");
        }
        return wanted;
    }
}
