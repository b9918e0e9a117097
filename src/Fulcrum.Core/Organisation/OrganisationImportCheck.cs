using Fulcrum.Core.Csv;

namespace Fulcrum.Core.Organisation;

/// <summary>
/// Checks rows that read cleanly against what is already stored: every named team and manager
/// must exist (in the database or the same file) and no import may close a loop in the team tree
/// or the reporting lines. An import with any problem is refused whole.
/// </summary>
public static class OrganisationImportCheck
{
    /// <param name="existingParents">Stored teams: name → parent name.</param>
    public static IReadOnlyList<CsvProblem> Teams(
        IReadOnlyList<TeamRow> rows, IReadOnlyDictionary<string, string?> existingParents)
    {
        var parentOf = new Dictionary<string, string?>(existingParents, StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            parentOf[row.Name] = row.Parent;
        }
        var problems = new List<CsvProblem>();
        foreach (var row in rows)
        {
            if (row.Parent is not null && !parentOf.ContainsKey(row.Parent))
            {
                problems.Add(new CsvProblem(row.Row, "parent", $"no team named '{row.Parent}' exists or is in this file"));
            }
            else if (ClosesLoop(row.Name, parentOf))
            {
                problems.Add(new CsvProblem(row.Row, "parent", $"'{row.Parent}' is inside '{row.Name}', so this would make a loop"));
            }
        }
        return problems;
    }

    /// <param name="existingTeams">Stored team names.</param>
    /// <param name="existingManagers">Stored people: email → manager email.</param>
    public static IReadOnlyList<CsvProblem> People(
        IReadOnlyList<PersonRow> rows,
        IReadOnlyCollection<string> existingTeams,
        IReadOnlyDictionary<string, string?> existingManagers)
    {
        var teams = new HashSet<string>(existingTeams, StringComparer.OrdinalIgnoreCase);
        var managerOf = new Dictionary<string, string?>(existingManagers, StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            managerOf[row.Email] = row.ManagerEmail;
        }
        var problems = new List<CsvProblem>();
        foreach (var row in rows)
        {
            if (row.Team is not null && !teams.Contains(row.Team))
            {
                problems.Add(new CsvProblem(row.Row, "team", $"no team named '{row.Team}'; import teams first or create it"));
            }
            if (row.ManagerEmail is not null && !managerOf.ContainsKey(row.ManagerEmail))
            {
                problems.Add(new CsvProblem(row.Row, "manager_email", $"no person with email {row.ManagerEmail} exists or is in this file"));
            }
            else if (ClosesLoop(row.Email, managerOf))
            {
                problems.Add(new CsvProblem(row.Row, "manager_email", $"{row.Email} would end up managing themselves through {row.ManagerEmail}"));
            }
        }
        return problems;
    }

    private static bool ClosesLoop(string start, IReadOnlyDictionary<string, string?> upOf)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { start };
        var current = start;
        while (upOf.TryGetValue(current, out var up) && up is not null)
        {
            if (!seen.Add(up))
            {
                return string.Equals(up, start, StringComparison.OrdinalIgnoreCase);
            }
            current = up;
        }
        return false;
    }
}
