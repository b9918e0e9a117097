using System.Net.Mail;
using Fulcrum.Core;
using Fulcrum.Core.Organisation;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Careers;
using Microsoft.EntityFrameworkCore;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Organisation;

public sealed record TeamInput(string? Name, string? Description, int? ParentTeamId);

public sealed record PersonInput(
    string? Name, string? Email, string? Title, int? TeamId, int? ManagerId, string? Track, int? Level);

public sealed record ServiceInput(string? Name, string? Description, string? Repository, int? TeamId);

/// <summary>
/// Creating and changing teams, people and services with the same rules for the web forms, the API
/// and the CLI. A refusal is a <see cref="ProblemException"/>: fields at fault (keys are the input's
/// property names in camelCase, as the API and the forms show them), an unknown id (not found), or a
/// record still in use that removing would lose or orphan data with (conflict, with the reason).
/// </summary>
public sealed class OrganisationCommands(FulcrumDbContext db, TimeProvider clock, CareerPlacements placements)
{
    /// <summary>The refusal for an id that names nothing: "There is no team with id 7."</summary>
    public static ProblemException NoSuch(string noun, int id) =>
        ProblemException.NotFound($"There is no {noun} with id {id}.", $"No such {noun}");

    public async Task<Team> SaveTeamAsync(int? id, TeamInput input, CancellationToken cancellationToken = default)
    {
        var team = id is int teamId ? await db.Teams.FindAsync([teamId], cancellationToken) ?? throw NoSuch("team", teamId) : null;
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim();
        var description = Clean(input.Description);
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["A team needs a name."];
        }
        else if (TextProblem(name, db.Model.Text<Team>(nameof(Team.Name)), "A team name") is { } problem)
        {
            errors["name"] = [problem];
        }
        else if (await db.Teams.AnyAsync(t => t.Name == name && t.Id != (id ?? 0), cancellationToken))
        {
            errors["name"] = [$"There is already a team named '{name}'."];
        }
        if (description is not null && TextProblem(description, db.Model.Text<Team>(nameof(Team.Description), multiline: true), "A description") is { } descriptionProblem)
        {
            errors["description"] = [descriptionProblem];
        }
        if (input.ParentTeamId is int parentId)
        {
            var parents = await db.Teams.Select(t => new { t.Id, t.ParentTeamId }).ToDictionaryAsync(t => t.Id, t => t.ParentTeamId, cancellationToken);
            if (!parents.ContainsKey(parentId))
            {
                errors["parentTeamId"] = [$"There is no team with id {parentId}."];
            }
            else if (id is int self && new ReportingLines(parents).WouldCreateCycle(self, parentId))
            {
                errors["parentTeamId"] = ["A team cannot sit inside itself or one of its own sub-teams."];
            }
        }
        if (errors.Count > 0)
        {
            throw ProblemException.InvalidFields("The team was not saved", errors);
        }
        team ??= db.Teams.Add(new Team { Name = name!, CreatedAt = clock.GetUtcNow().UtcDateTime }).Entity;
        team.Name = name!;
        team.Description = description;
        team.ParentTeamId = input.ParentTeamId;
        await db.SaveChangesAsync(cancellationToken);
        return team;
    }

    public Task<Person> SavePersonAsync(int? id, PersonInput input, CancellationToken cancellationToken = default) =>
        SavePersonAsync(id, input, null, cancellationToken);

    /// <param name="recordedByPersonId">Who made the change (their person), kept with a new career placement.</param>
    public async Task<Person> SavePersonAsync(int? id, PersonInput input, int? recordedByPersonId, CancellationToken cancellationToken = default)
    {
        var person = id is int personId ? await db.People.FindAsync([personId], cancellationToken) ?? throw NoSuch("person", personId) : null;
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim();
        var email = input.Email?.Trim();
        var title = Clean(input.Title);
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["A person needs a name."];
        }
        else if (TextProblem(name, db.Model.Text<Person>(nameof(Person.Name)), "A name") is { } problem)
        {
            errors["name"] = [problem];
        }
        if (email is not null && TextProblem(email, db.Model.Text<Person>(nameof(Person.Email)), "An email address") is { } emailProblem)
        {
            errors["email"] = [emailProblem];
        }
        else if (string.IsNullOrEmpty(email) || !MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            errors["email"] = ["Enter an email address, like ada@example.com."];
        }
        else if (await db.People.AnyAsync(p => p.Email == email && p.Id != (id ?? 0), cancellationToken))
        {
            errors["email"] = [$"{email} already belongs to someone else."];
        }
        if (input.TeamId is int teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            errors["teamId"] = [$"There is no team with id {teamId}."];
        }
        if (input.ManagerId is int managerId)
        {
            var managers = await db.People.Select(p => new { p.Id, p.ManagerId }).ToDictionaryAsync(p => p.Id, p => p.ManagerId, cancellationToken);
            if (!managers.ContainsKey(managerId))
            {
                errors["managerId"] = [$"There is no person with id {managerId}."];
            }
            else if (id is int self && new ReportingLines(managers).WouldCreateCycle(self, managerId))
            {
                errors["managerId"] = ["That would make this person their own manager, directly or through others."];
            }
        }
        var track = input.Track is null or "" ? null : CareerTracks.Normalise(input.Track);
        if (input.Track is { Length: > 0 } && track is null)
        {
            errors["track"] = [$"Choose a track: {string.Join(" or ", CareerTracks.All)}."];
        }
        if (input.Level is < 1 or > OrganisationCsv.MaxLevel)
        {
            errors["level"] = [$"A level is from 1 to {OrganisationCsv.MaxLevel}."];
        }
        if (title is not null && TextProblem(title, db.Model.Text<Person>(nameof(Person.Title)), "A title") is { } titleProblem)
        {
            errors["title"] = [titleProblem];
        }
        if (errors.Count > 0)
        {
            throw ProblemException.InvalidFields("The person was not saved", errors);
        }
        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        person ??= db.People.Add(new Person { Name = name!, Email = email!, CreatedAt = clock.GetUtcNow().UtcDateTime }).Entity;
        var placed = new PlacementChange(person, person.Track, person.Level);
        person.Name = name!;
        person.Email = email!;
        person.Title = title;
        person.TeamId = input.TeamId;
        person.ManagerId = input.ManagerId;
        person.Track = track;
        person.Level = input.Level;
        await db.SaveChangesAsync(cancellationToken);
        // A new track or level is a step in the person's career history (docs/careers.md).
        await placements.AddChangesAsync([placed], recordedByPersonId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await LinkAccountAsync(person, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return person;
    }

    public async Task<Service> SaveServiceAsync(int? id, ServiceInput input, CancellationToken cancellationToken = default)
    {
        var service = id is int serviceId ? await db.Services.FindAsync([serviceId], cancellationToken) ?? throw NoSuch("service", serviceId) : null;
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim();
        var description = Clean(input.Description);
        var repository = Clean(input.Repository);
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["A service needs a name."];
        }
        else if (TextProblem(name, db.Model.Text<Service>(nameof(Service.Name)), "A service name") is { } problem)
        {
            errors["name"] = [problem];
        }
        else if (await db.Services.AnyAsync(s => s.Name == name && s.Id != (id ?? 0), cancellationToken))
        {
            errors["name"] = [$"There is already a service named '{name}'."];
        }
        if (input.TeamId is int teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            errors["teamId"] = [$"There is no team with id {teamId}."];
        }
        if (description is not null && TextProblem(description, db.Model.Text<Service>(nameof(Service.Description), multiline: true), "A description") is { } descriptionProblem)
        {
            errors["description"] = [descriptionProblem];
        }
        if (repository is not null && TextProblem(repository, db.Model.Text<Service>(nameof(Service.Repository)), "A repository location") is { } repositoryProblem)
        {
            errors["repository"] = [repositoryProblem];
        }
        if (errors.Count > 0)
        {
            throw ProblemException.InvalidFields("The service was not saved", errors);
        }
        service ??= db.Services.Add(new Service { Name = name!, CreatedAt = clock.GetUtcNow().UtcDateTime }).Entity;
        service.Name = name!;
        service.Description = description;
        service.Repository = repository;
        service.TeamId = input.TeamId;
        await db.SaveChangesAsync(cancellationToken);
        return service;
    }

    /// <summary>Removes a team that is empty: no sub-teams, people or services (move them first).</summary>
    public async Task RemoveTeamAsync(int id, CancellationToken cancellationToken = default)
    {
        var team = await db.Teams.Where(t => t.Id == id)
            .Select(t => new { Team = t, SubTeams = t.SubTeams.Count, People = t.Members.Count, Services = t.Services.Count })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw NoSuch("team", id);
        var inUse = new List<string>();
        if (team.SubTeams > 0) inUse.Add(Count(team.SubTeams, "sub-team"));
        if (team.People > 0) inUse.Add(Count(team.People, "person", "people"));
        if (team.Services > 0) inUse.Add(Count(team.Services, "service"));
        if (inUse.Count > 0)
        {
            throw StillInUse("team", $"{team.Team.Name} still has {string.Join(", ", inUse)}; move them to another team first.");
        }
        db.Teams.Remove(team.Team);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Removes someone who has left. Refused while people still report to them. Their login,
    /// if any, stays (an admin locks it) but is no longer linked to a person.</summary>
    public async Task RemovePersonAsync(int id, CancellationToken cancellationToken = default)
    {
        var person = await db.People.Where(p => p.Id == id)
            .Select(p => new { Person = p, Reports = p.DirectReports.Count })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw NoSuch("person", id);
        if (person.Reports > 0)
        {
            throw StillInUse("person", $"{Count(person.Reports, "person reports", "people report")} to {person.Person.Name}; give them another manager first.");
        }
        foreach (var user in await db.Users.Where(u => u.PersonId == id).ToListAsync(cancellationToken))
        {
            user.PersonId = null;
        }
        db.People.Remove(person.Person);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveServiceAsync(int id, CancellationToken cancellationToken = default)
    {
        var service = await db.Services.FindAsync([id], cancellationToken) ?? throw NoSuch("service", id);
        var deployments = await db.Deployments.CountAsync(d => d.ServiceId == id, cancellationToken);
        var incidents = await db.Incidents.CountAsync(i => i.ServiceId == id, cancellationToken);
        var repositories = await db.Repositories.CountAsync(r => r.ServiceId == id, cancellationToken);
        var pullRequests = await db.PullRequests.CountAsync(p => p.ServiceId == id, cancellationToken);
        if (deployments + incidents + repositories + pullRequests > 0)
        {
            throw StillInUse("service",
                $"{service.Name} has delivery history ({Count(deployments, "deployment")}, {Count(incidents, "incident")}, {Count(repositories, "repository", "repositories")}, {Count(pullRequests, "pull request")}); removing it would lose that history.");
        }
        db.Services.Remove(service);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static ProblemException StillInUse(string noun, string reason) => ProblemException.Conflict($"The {noun} is still in use", reason);

    /// <summary>A login whose email matches a person is that person: link them so "my records" works.</summary>
    private async Task LinkAccountAsync(Person person, CancellationToken cancellationToken)
    {
        var normalized = person.Email.ToUpperInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized && u.PersonId == null, cancellationToken);
        if (user is not null)
        {
            user.PersonId = person.Id;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>What is wrong with a value for a field, as the sentence a form shows under it ("A team name
    /// has at most 200 characters."), or null: the column's length, and no control characters.</summary>
    private static string? TextProblem(string value, TextField field, string subject) => TextRules.Sentence(subject, value, field);
}
