using System.Globalization;
using System.Net.Mail;
using CsvHelper;
using Fulcrum.Core.Csv;

namespace Fulcrum.Core.Organisation;

public sealed record TeamRow(int Row, string Name, string? Parent, string? Description);

public sealed record PersonRow(
    int Row, string Name, string Email, string? Team, string? ManagerEmail, string? Track, int? Level, string? Title);

/// <summary>
/// The spreadsheet formats for bringing an existing organisation in (docs/organisation.md):
/// teams: <c>name,parent,description</c>; people: <c>name,email,team,manager_email,track,level,title</c>.
/// </summary>
public static class OrganisationCsv
{
    public static readonly string[] TeamColumns = ["name", "parent", "description"];
    public static readonly string[] PeopleColumns = ["name", "email", "team", "manager_email", "track", "level", "title"];

    public const int MaxLevel = 20;

    /// <param name="fields">What each column may hold (the database's lengths; <see cref="TextRules"/>).</param>
    public static CsvReadResult<TeamRow> ReadTeams(TextReader reader, IReadOnlyDictionary<string, TextField>? fields = null)
    {
        var table = CsvTable.Read(reader, required: ["name"], optional: ["parent", "description"], fields: fields, formulaEscapes: true);
        var problems = table.Problems.ToList();
        var rows = new List<TeamRow>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in table.Records)
        {
            var name = record.Get("name");
            if (name is null)
            {
                if (!record.Refused.Contains("name"))
                {
                    problems.Add(new CsvProblem(record.Row, "name", "a team needs a name"));
                }
                continue;
            }
            if (record.Refused.Count > 0)
            {
                continue;
            }
            if (!seen.TryAdd(name, record.Row))
            {
                problems.Add(new CsvProblem(record.Row, "name", $"team '{name}' already appears on row {seen[name]}"));
                continue;
            }
            var parent = record.Get("parent");
            if (parent is not null && string.Equals(parent, name, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new CsvProblem(record.Row, "parent", "a team cannot be its own parent"));
                continue;
            }
            rows.Add(new TeamRow(record.Row, name, parent, record.Get("description")));
        }
        return new CsvReadResult<TeamRow>(rows, problems);
    }

    /// <param name="fields">What each column may hold (the database's lengths; <see cref="TextRules"/>).</param>
    public static CsvReadResult<PersonRow> ReadPeople(TextReader reader, IReadOnlyDictionary<string, TextField>? fields = null)
    {
        var table = CsvTable.Read(reader, required: ["name", "email"],
            optional: ["team", "manager_email", "track", "level", "title"], fields: fields, formulaEscapes: true);
        var problems = table.Problems.ToList();
        var rows = new List<PersonRow>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in table.Records)
        {
            var before = problems.Count;
            var name = record.Get("name");
            if (name is null && !record.Refused.Contains("name"))
            {
                problems.Add(new CsvProblem(record.Row, "name", "a person needs a name"));
            }
            var email = record.Get("email");
            if (email is null)
            {
                if (!record.Refused.Contains("email"))
                {
                    problems.Add(new CsvProblem(record.Row, "email", "a person needs an email address"));
                }
            }
            else if (!IsEmail(email))
            {
                problems.Add(new CsvProblem(record.Row, "email", $"'{email}' is not an email address"));
            }
            else if (!seen.TryAdd(email, record.Row))
            {
                problems.Add(new CsvProblem(record.Row, "email", $"{email} already appears on row {seen[email]}"));
            }
            var managerEmail = record.Get("manager_email");
            if (managerEmail is not null && !IsEmail(managerEmail))
            {
                problems.Add(new CsvProblem(record.Row, "manager_email", $"'{managerEmail}' is not an email address"));
            }
            else if (managerEmail is not null && string.Equals(managerEmail, email, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new CsvProblem(record.Row, "manager_email", "a person cannot be their own manager"));
            }
            var trackText = record.Get("track");
            var track = CareerTracks.Normalise(trackText);
            if (trackText is not null && track is null)
            {
                problems.Add(new CsvProblem(record.Row, "track",
                    $"'{trackText}' is not a career track; use {string.Join(" or ", CareerTracks.All)}"));
            }
            int? level = null;
            if (record.Get("level") is { } levelText)
            {
                if (int.TryParse(levelText, out var parsed) && parsed is >= 1 and <= MaxLevel)
                {
                    level = parsed;
                }
                else
                {
                    problems.Add(new CsvProblem(record.Row, "level", $"'{levelText}' is not a level from 1 to {MaxLevel}"));
                }
            }
            if (problems.Count == before && record.Refused.Count == 0)
            {
                rows.Add(new PersonRow(record.Row, name!, email!, record.Get("team"), managerEmail, track, level, record.Get("title")));
            }
        }
        return new CsvReadResult<PersonRow>(rows, problems);
    }

    /// <summary>Writes teams in the import format, so an export can be edited and imported back. A value
    /// a spreadsheet would run as a formula is written neutralised (<see cref="CsvFormulas"/>).</summary>
    public static void WriteTeams(TextWriter writer, IEnumerable<TeamRow> rows) =>
        CsvOut.Write(writer, TeamColumns, rows.Select(r => new[] { r.Name, r.Parent, r.Description }));

    /// <summary>Writes people in the import format, so an export can be edited and imported back.</summary>
    public static void WritePeople(TextWriter writer, IEnumerable<PersonRow> rows) =>
        CsvOut.Write(writer, PeopleColumns, rows.Select(r => new[]
        {
            r.Name, r.Email, r.Team, r.ManagerEmail, r.Track, r.Level?.ToString(CultureInfo.InvariantCulture), r.Title,
        }));

    /// <summary>An address as the organisation import takes it: one mailbox, nothing around it, a dot in the domain.</summary>
    public static bool IsEmail(string value) =>
        value.Length <= 256 && MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.');
}
