using Fulcrum.Core.Csv;
using Fulcrum.Core.Organisation;

namespace Fulcrum.Core.TeamDesign;

/// <summary>
/// One row of a skills matrix file: a person's own level in a skill and, when a lead has looked, the
/// level the lead confirmed. People are named by email, as everywhere else in Fulcrum's imports.
/// </summary>
public sealed record SkillRow(int Row, string Email, string Skill, int SelfLevel, int? ConfirmedLevel, string? ConfirmedBy);

/// <summary>
/// The skills matrix as a spreadsheet (docs/team-design.md): <c>email,skill,level,confirmed_level,confirmed_by</c>,
/// one row per person and skill. Every problem is reported with its row and column; a file with any
/// problem is refused as a whole by whoever imports it.
/// </summary>
public static class SkillsCsv
{
    public static readonly string[] Columns = ["email", "skill", "level", "confirmed_level", "confirmed_by"];

    /// <param name="fields">What each column may hold (the database's lengths; <see cref="TextRules"/>).</param>
    public static CsvReadResult<SkillRow> Read(TextReader reader, IReadOnlyDictionary<string, TextField>? fields = null)
    {
        var table = CsvTable.Read(reader, required: ["email", "skill", "level"], optional: ["confirmed_level", "confirmed_by"],
            fields: fields, formulaEscapes: true);
        var problems = table.Problems.ToList();
        var rows = new List<SkillRow>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var record in table.Records)
        {
            var before = problems.Count;
            var email = record.Required("email", "a row needs the person's email", problems);
            if (email is not null && !OrganisationCsv.IsEmail(email))
            {
                problems.Add(new CsvProblem(record.Row, "email", $"'{email}' is not an email address"));
            }
            var skill = record.Required("skill", "a row needs a skill", problems);
            var self = Level(record, "level", problems, required: true);
            var confirmed = Level(record, "confirmed_level", problems, required: false);
            var confirmedBy = record.Get("confirmed_by")?.Trim();
            if (confirmedBy is not null && confirmed is null && !record.Refused.Contains("confirmed_level"))
            {
                problems.Add(new CsvProblem(record.Row, "confirmed_level", "confirmed_by names a lead, but no confirmed level is given"));
            }
            if (confirmedBy is not null && !OrganisationCsv.IsEmail(confirmedBy))
            {
                problems.Add(new CsvProblem(record.Row, "confirmed_by", $"'{confirmedBy}' is not an email address (the lead who confirmed)"));
            }
            if (problems.Count > before || record.Refused.Count > 0 || email is null || skill is null || self is null)
            {
                continue;
            }
            var key = (email.ToLowerInvariant(), SkillNames.Key(skill));
            if (!seen.TryAdd(key, record.Row))
            {
                problems.Add(new CsvProblem(record.Row, "skill", $"{email} already has '{skill}' on row {seen[key]}"));
                continue;
            }
            rows.Add(new SkillRow(record.Row, email, SkillNames.Clean(skill), self.Value, confirmed, confirmedBy));
        }
        return new CsvReadResult<SkillRow>(rows, problems);
    }

    private static int? Level(CsvRecord record, string column, List<CsvProblem> problems, bool required)
    {
        var text = record.Get(column);
        if (text is null)
        {
            if (required && !record.Refused.Contains(column))
            {
                problems.Add(new CsvProblem(record.Row, column, $"a row needs {SkillLevels.Expected}"));
            }
            return null;
        }
        if (!SkillLevels.TryParse(text, out var level))
        {
            problems.Add(new CsvProblem(record.Row, column, $"'{text}' is not {SkillLevels.Expected}"));
            return null;
        }
        return level;
    }
}

/// <summary>Skill names as people type them: "Machine learning", "machine  learning " and "Machine Learning" are one skill.</summary>
public static class SkillNames
{
    /// <summary>Spaces collapsed and trimmed; the case as written.</summary>
    public static string Clean(string name) => string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>What two names of the same skill share.</summary>
    public static string Key(string name) => Clean(name).ToLowerInvariant();
}
