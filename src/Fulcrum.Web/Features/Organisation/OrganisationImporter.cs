using Fulcrum.Core;
using Fulcrum.Core.Csv;
using Fulcrum.Core.Organisation;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Careers;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Organisation;

public sealed record ImportReport(int Created, int Updated, IReadOnlyList<CsvProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    /// <summary>A refused file as the one problem type: every problem an entry located by row and column.</summary>
    public ProblemException Refusal() => ProblemException.Invalid("The file was not imported", Problems,
        $"{Problems.Count} problem(s); nothing was changed. First: {Problems[0]}");
}

/// <summary>
/// Brings teams and people in from CSV. All or nothing: every row is read and checked first, and
/// only a file without a single problem is written, in one transaction. Rows match stored records
/// by team name or person email, so re-importing an updated spreadsheet updates in place.
/// </summary>
public sealed class OrganisationImporter(FulcrumDbContext db, TimeProvider clock, CareerPlacements placements)
{
    public async Task<ImportReport> ImportTeamsAsync(TextReader csv, CancellationToken cancellationToken = default)
    {
        var read = OrganisationCsv.ReadTeams(csv, new Dictionary<string, TextField>
        {
            ["name"] = db.Model.Text<Team>(nameof(Team.Name)),
            ["parent"] = db.Model.Text<Team>(nameof(Team.Name)),
            ["description"] = db.Model.Text<Team>(nameof(Team.Description), multiline: true),
        });
        var stored = await db.Teams.Include(t => t.ParentTeam).ToListAsync(cancellationToken);
        var problems = read.Problems.Concat(OrganisationImportCheck.Teams(
            read.Rows, stored.ToDictionary(t => t.Name, t => t.ParentTeam?.Name, StringComparer.OrdinalIgnoreCase))).ToList();
        if (problems.Count > 0 || read.Rows.Count == 0)
        {
            return Refused(problems, "no teams to import");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var byName = stored.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        var (created, updated) = (0, 0);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in read.Rows)
        {
            if (byName.TryGetValue(row.Name, out var team))
            {
                updated++;
            }
            else
            {
                team = db.Teams.Add(new Team { Name = row.Name, CreatedAt = now }).Entity;
                byName[row.Name] = team;
                created++;
            }
            team.Description = row.Description ?? team.Description;
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in read.Rows)
        {
            byName[row.Name].ParentTeamId = row.Parent is null ? null : byName[row.Parent].Id;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportReport(created, updated, []);
    }

    public Task<ImportReport> ImportPeopleAsync(TextReader csv, CancellationToken cancellationToken = default) =>
        ImportPeopleAsync(csv, null, cancellationToken);

    /// <param name="recordedByPersonId">Who imported the file (their person), kept with new career placements.</param>
    public async Task<ImportReport> ImportPeopleAsync(TextReader csv, int? recordedByPersonId, CancellationToken cancellationToken = default)
    {
        var read = OrganisationCsv.ReadPeople(csv, new Dictionary<string, TextField>
        {
            ["name"] = db.Model.Text<Person>(nameof(Person.Name)),
            ["email"] = db.Model.Text<Person>(nameof(Person.Email)),
            ["team"] = db.Model.Text<Team>(nameof(Team.Name)),
            ["manager_email"] = db.Model.Text<Person>(nameof(Person.Email)),
            ["track"] = db.Model.Text<Person>(nameof(Person.Track)),
            ["title"] = db.Model.Text<Person>(nameof(Person.Title)),
        });
        var teams = await db.Teams.ToDictionaryAsync(t => t.Name, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var stored = await db.People.Include(p => p.Manager).ToListAsync(cancellationToken);
        var problems = read.Problems.Concat(OrganisationImportCheck.People(
            read.Rows, teams.Keys, stored.ToDictionary(p => p.Email, p => p.Manager?.Email, StringComparer.OrdinalIgnoreCase))).ToList();
        if (problems.Count > 0 || read.Rows.Count == 0)
        {
            return Refused(problems, "no people to import");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var byEmail = stored.ToDictionary(p => p.Email, StringComparer.OrdinalIgnoreCase);
        var (created, updated) = (0, 0);
        var now = clock.GetUtcNow().UtcDateTime;
        var changes = new List<PlacementChange>();
        foreach (var row in read.Rows)
        {
            if (byEmail.TryGetValue(row.Email, out var person))
            {
                updated++;
            }
            else
            {
                person = db.People.Add(new Person { Name = row.Name, Email = row.Email, CreatedAt = now }).Entity;
                byEmail[row.Email] = person;
                created++;
            }
            changes.Add(new PlacementChange(person, person.Track, person.Level));
            person.Name = row.Name;
            person.TeamId = row.Team is null ? null : teams[row.Team].Id;
            person.Track = row.Track;
            person.Level = row.Level;
            person.Title = row.Title;
        }
        await db.SaveChangesAsync(cancellationToken);
        await placements.AddChangesAsync(changes, recordedByPersonId, cancellationToken);
        foreach (var row in read.Rows)
        {
            byEmail[row.Email].ManagerId = row.ManagerEmail is null ? null : byEmail[row.ManagerEmail].Id;
        }
        await db.SaveChangesAsync(cancellationToken);

        // Logins that already exist for imported emails become those people.
        var users = await read.Rows.Select(r => r.Email.ToUpperInvariant()).ToListInBatchesAsync(
            emails => db.Users.Where(u => u.PersonId == null && emails.Contains(u.NormalizedEmail!)), cancellationToken);
        foreach (var user in users)
        {
            user.PersonId = byEmail[user.Email!].Id;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportReport(created, updated, []);
    }

    /// <summary>The stored teams in the import format (parents before children need not hold: import resolves them).</summary>
    public async Task ExportTeamsAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        var teams = await db.Teams.OrderBy(t => t.Name)
            .Select(t => new TeamRow(0, t.Name, t.ParentTeam != null ? t.ParentTeam.Name : null, t.Description))
            .ToListAsync(cancellationToken);
        OrganisationCsv.WriteTeams(writer, teams);
    }

    /// <summary>The stored people in the import format.</summary>
    public async Task ExportPeopleAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        var people = await db.People.OrderBy(p => p.Name)
            .Select(p => new PersonRow(0, p.Name, p.Email, p.Team != null ? p.Team.Name : null,
                p.Manager != null ? p.Manager.Email : null, p.Track, p.Level, p.Title))
            .ToListAsync(cancellationToken);
        OrganisationCsv.WritePeople(writer, people);
    }

    private static ImportReport Refused(List<CsvProblem> problems, string emptyMessage)
    {
        if (problems.Count == 0)
        {
            problems.Add(new CsvProblem(2, null, emptyMessage + ": the file has a header but no rows"));
        }
        return new ImportReport(0, 0, problems);
    }
}
