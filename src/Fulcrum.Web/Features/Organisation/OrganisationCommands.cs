using System.Net.Mail;
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

/// <summary>The result of a change: the saved entity, or the problems per field (keys are the
/// input's property names in camelCase, as the API and the forms show them), or not found.</summary>
public sealed record Outcome<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors, bool NotFound = false)
    where T : class
{
    public bool Succeeded => Value is not null;
    public static Outcome<T> Ok(T value) => new(value, new Dictionary<string, string[]>());
    public static Outcome<T> Missing() => new(null, new Dictionary<string, string[]>(), NotFound: true);
    public static Outcome<T> Invalid(Dictionary<string, string[]> errors) => new(null, errors);
}

/// <summary>The result of a removal: done, nothing to remove, or refused with the reason (the
/// record is still in use and removing it would lose or orphan data).</summary>
public sealed record Removal(bool Removed, bool NotFound, string? RefusedBecause)
{
    public static readonly Removal Done = new(true, false, null);
    public static readonly Removal Missing = new(false, true, null);
    public static Removal Refused(string reason) => new(false, false, reason);
}

/// <summary>Creating and changing teams, people and services with the same rules for the web
/// forms, the API and the CLI.</summary>
public sealed class OrganisationCommands(FulcrumDbContext db, TimeProvider clock, CareerPlacements placements)
{
    public async Task<Outcome<Team>> SaveTeamAsync(int? id, TeamInput input, CancellationToken cancellationToken = default)
    {
        var team = id is int teamId ? await db.Teams.FindAsync([teamId], cancellationToken) : null;
        if (id is not null && team is null)
        {
            return Outcome<Team>.Missing();
        }
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["A team needs a name."];
        }
        else if (name.Length > 200)
        {
            errors["name"] = ["A team name has at most 200 characters."];
        }
        else if (await db.Teams.AnyAsync(t => t.Name == name && t.Id != (id ?? 0), cancellationToken))
        {
            errors["name"] = [$"There is already a team named '{name}'."];
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
            return Outcome<Team>.Invalid(errors);
        }
        team ??= db.Teams.Add(new Team { Name = name!, CreatedAt = clock.GetUtcNow().UtcDateTime }).Entity;
        team.Name = name!;
        team.Description = Clean(input.Description);
        team.ParentTeamId = input.ParentTeamId;
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Team>.Ok(team);
    }

    public Task<Outcome<Person>> SavePersonAsync(int? id, PersonInput input, CancellationToken cancellationToken = default) =>
        SavePersonAsync(id, input, null, cancellationToken);

    /// <param name="recordedByPersonId">Who made the change (their person), kept with a new career placement.</param>
    public async Task<Outcome<Person>> SavePersonAsync(int? id, PersonInput input, int? recordedByPersonId, CancellationToken cancellationToken = default)
    {
        var person = id is int personId ? await db.People.FindAsync([personId], cancellationToken) : null;
        if (id is not null && person is null)
        {
            return Outcome<Person>.Missing();
        }
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim();
        var email = input.Email?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["A person needs a name."];
        }
        else if (name.Length > 200)
        {
            errors["name"] = ["A name has at most 200 characters."];
        }
        if (string.IsNullOrEmpty(email) || !MailAddress.TryCreate(email, out var address) || address.Address != email)
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
        if (input.Title is { Length: > 200 })
        {
            errors["title"] = ["A title has at most 200 characters."];
        }
        if (errors.Count > 0)
        {
            return Outcome<Person>.Invalid(errors);
        }
        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        person ??= db.People.Add(new Person { Name = name!, Email = email!, CreatedAt = clock.GetUtcNow().UtcDateTime }).Entity;
        var placed = new PlacementChange(person, person.Track, person.Level);
        person.Name = name!;
        person.Email = email!;
        person.Title = Clean(input.Title);
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
        return Outcome<Person>.Ok(person);
    }

    public async Task<Outcome<Service>> SaveServiceAsync(int? id, ServiceInput input, CancellationToken cancellationToken = default)
    {
        var service = id is int serviceId ? await db.Services.FindAsync([serviceId], cancellationToken) : null;
        if (id is not null && service is null)
        {
            return Outcome<Service>.Missing();
        }
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["A service needs a name."];
        }
        else if (name.Length > 200)
        {
            errors["name"] = ["A service name has at most 200 characters."];
        }
        else if (await db.Services.AnyAsync(s => s.Name == name && s.Id != (id ?? 0), cancellationToken))
        {
            errors["name"] = [$"There is already a service named '{name}'."];
        }
        if (input.TeamId is int teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            errors["teamId"] = [$"There is no team with id {teamId}."];
        }
        if (input.Repository is { Length: > 1000 })
        {
            errors["repository"] = ["A repository location has at most 1000 characters."];
        }
        if (errors.Count > 0)
        {
            return Outcome<Service>.Invalid(errors);
        }
        service ??= db.Services.Add(new Service { Name = name!, CreatedAt = clock.GetUtcNow().UtcDateTime }).Entity;
        service.Name = name!;
        service.Description = Clean(input.Description);
        service.Repository = Clean(input.Repository);
        service.TeamId = input.TeamId;
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Service>.Ok(service);
    }

    /// <summary>Removes a team that is empty: no sub-teams, people or services (move them first).</summary>
    public async Task<Removal> RemoveTeamAsync(int id, CancellationToken cancellationToken = default)
    {
        var team = await db.Teams.Where(t => t.Id == id)
            .Select(t => new { Team = t, SubTeams = t.SubTeams.Count, People = t.Members.Count, Services = t.Services.Count })
            .SingleOrDefaultAsync(cancellationToken);
        if (team is null)
        {
            return Removal.Missing;
        }
        var inUse = new List<string>();
        if (team.SubTeams > 0) inUse.Add(Count(team.SubTeams, "sub-team"));
        if (team.People > 0) inUse.Add(Count(team.People, "person", "people"));
        if (team.Services > 0) inUse.Add(Count(team.Services, "service"));
        if (inUse.Count > 0)
        {
            return Removal.Refused($"{team.Team.Name} still has {string.Join(", ", inUse)}; move them to another team first.");
        }
        db.Teams.Remove(team.Team);
        await db.SaveChangesAsync(cancellationToken);
        return Removal.Done;
    }

    /// <summary>Removes someone who has left. Refused while people still report to them. Their login,
    /// if any, stays (an admin locks it) but is no longer linked to a person.</summary>
    public async Task<Removal> RemovePersonAsync(int id, CancellationToken cancellationToken = default)
    {
        var person = await db.People.Where(p => p.Id == id)
            .Select(p => new { Person = p, Reports = p.DirectReports.Count })
            .SingleOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return Removal.Missing;
        }
        if (person.Reports > 0)
        {
            return Removal.Refused($"{Count(person.Reports, "person reports", "people report")} to {person.Person.Name}; give them another manager first.");
        }
        foreach (var user in await db.Users.Where(u => u.PersonId == id).ToListAsync(cancellationToken))
        {
            user.PersonId = null;
        }
        db.People.Remove(person.Person);
        await db.SaveChangesAsync(cancellationToken);
        return Removal.Done;
    }

    public async Task<Removal> RemoveServiceAsync(int id, CancellationToken cancellationToken = default)
    {
        var service = await db.Services.FindAsync([id], cancellationToken);
        if (service is null)
        {
            return Removal.Missing;
        }
        var deployments = await db.Deployments.CountAsync(d => d.ServiceId == id, cancellationToken);
        var incidents = await db.Incidents.CountAsync(i => i.ServiceId == id, cancellationToken);
        var repositories = await db.Repositories.CountAsync(r => r.ServiceId == id, cancellationToken);
        var pullRequests = await db.PullRequests.CountAsync(p => p.ServiceId == id, cancellationToken);
        if (deployments + incidents + repositories + pullRequests > 0)
        {
            return Removal.Refused(
                $"{service.Name} has delivery history ({Count(deployments, "deployment")}, {Count(incidents, "incident")}, {Count(repositories, "repository", "repositories")}, {Count(pullRequests, "pull request")}); removing it would lose that history.");
        }
        db.Services.Remove(service);
        await db.SaveChangesAsync(cancellationToken);
        return Removal.Done;
    }

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
}
