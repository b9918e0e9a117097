using System.Security.Claims;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Organisation;

public sealed record TeamDto(int Id, string Name, string? Description, int? ParentTeamId, string? ParentTeamName, int MemberCount, int ServiceCount);

public sealed record PersonDto(
    int Id, string Name, string Email, string? Title, int? TeamId, string? TeamName,
    int? ManagerId, string? ManagerName, string? Track, int? Level);

public sealed record ServiceDto(int Id, string Name, string? Description, string? Repository, int? TeamId, string? TeamName);

public sealed record ImportResultDto(int Created, int Updated);

/// <summary>The organisation API: teams, people, services, and CSV import.</summary>
public static class OrganisationEndpoints
{
    public static IEndpointRouteBuilder MapOrganisationApi(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/api/v1/teams").WithTags("Organisation");
        teams.MapGet("/", ListTeams);
        teams.MapGet("/{id:int}", GetTeam);
        teams.MapPost("/", CreateTeam).RequireAuthorization(Policies.ManageOrganisation);
        teams.MapPut("/{id:int}", UpdateTeam).RequireAuthorization(Policies.ManageOrganisation);
        teams.MapDelete("/{id:int}", (int id, OrganisationCommands commands, CancellationToken ct) =>
            Remove("team", id, () => commands.RemoveTeamAsync(id, ct))).RequireAuthorization(Policies.ManageOrganisation);

        var people = app.MapGroup("/api/v1/people").WithTags("Organisation");
        people.MapGet("/", ListPeople);
        people.MapGet("/{id:int}", GetPerson);
        people.MapPost("/", CreatePerson).RequireAuthorization(Policies.ManageOrganisation);
        people.MapPut("/{id:int}", UpdatePerson).RequireAuthorization(Policies.ManageOrganisation);
        people.MapDelete("/{id:int}", (int id, OrganisationCommands commands, CancellationToken ct) =>
            Remove("person", id, () => commands.RemovePersonAsync(id, ct))).RequireAuthorization(Policies.ManageOrganisation);

        var services = app.MapGroup("/api/v1/services").WithTags("Organisation");
        services.MapGet("/", ListServices);
        services.MapGet("/{id:int}", GetService);
        services.MapPost("/", CreateService).RequireAuthorization(Policies.ManageOrganisation);
        services.MapPut("/{id:int}", UpdateService).RequireAuthorization(Policies.ManageOrganisation);
        services.MapDelete("/{id:int}", (int id, OrganisationCommands commands, CancellationToken ct) =>
            Remove("service", id, () => commands.RemoveServiceAsync(id, ct))).RequireAuthorization(Policies.ManageOrganisation);

        var import = app.MapGroup("/api/v1/import").WithTags("Organisation")
            .RequireAuthorization(Policies.ManageOrganisation);
        import.MapPost("/teams", (HttpRequest request, OrganisationImporter importer, CancellationToken ct) =>
            Import(request, reader => importer.ImportTeamsAsync(reader, ct)))
            .Accepts<string>("text/csv");
        import.MapPost("/people", async (HttpRequest request, OrganisationImporter importer, PersonAccess access, CancellationToken ct) =>
            await Import(request, async reader => await importer.ImportPeopleAsync(reader, await access.PersonIdOfAsync(request.HttpContext.User, ct), ct)))
            .Accepts<string>("text/csv");

        var export = app.MapGroup("/api/v1/export").WithTags("Organisation");
        export.MapGet("/teams.csv", (OrganisationImporter importer, CancellationToken ct) =>
            Export("teams.csv", writer => importer.ExportTeamsAsync(writer, ct)));
        export.MapGet("/people.csv", (OrganisationImporter importer, CancellationToken ct) =>
            Export("people.csv", writer => importer.ExportPeopleAsync(writer, ct)));
        return app;
    }

    private static async Task<FileContentHttpResult> Export(string fileName, Func<TextWriter, Task> write)
    {
        await using var writer = new StringWriter();
        await write(writer);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", fileName);
    }

    public static IQueryable<TeamDto> ProjectTeams(this IQueryable<Team> teams) =>
        teams.Select(t => new TeamDto(t.Id, t.Name, t.Description, t.ParentTeamId,
            t.ParentTeam != null ? t.ParentTeam.Name : null, t.Members.Count, t.Services.Count));

    public static IQueryable<PersonDto> ProjectPeople(this IQueryable<Person> people) =>
        people.Select(p => new PersonDto(p.Id, p.Name, p.Email, p.Title, p.TeamId,
            p.Team != null ? p.Team.Name : null, p.ManagerId, p.Manager != null ? p.Manager.Name : null, p.Track, p.Level));

    public static IQueryable<ServiceDto> ProjectServices(this IQueryable<Service> services) =>
        services.Select(s => new ServiceDto(s.Id, s.Name, s.Description, s.Repository, s.TeamId, s.Team != null ? s.Team.Name : null));

    private static async Task<Ok<List<TeamDto>>> ListTeams(FulcrumDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Teams.OrderBy(t => t.Name).ProjectTeams().ToListAsync(ct));

    private static async Task<Results<Ok<TeamDto>, ProblemHttpResult>> GetTeam(int id, FulcrumDbContext db, CancellationToken ct) =>
        await db.Teams.Where(t => t.Id == id).ProjectTeams().SingleOrDefaultAsync(ct) is { } team
            ? TypedResults.Ok(team)
            : NotFound("team", id);

    private static Task<Results<Created<TeamDto>, Ok<TeamDto>, ValidationProblem, ProblemHttpResult>> CreateTeam(
        TeamInput input, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct) =>
        Save(null, "teams", "team", () => commands.SaveTeamAsync(null, input, ct), t => db.Teams.Where(x => x.Id == t.Id).ProjectTeams().SingleAsync(ct));

    private static Task<Results<Created<TeamDto>, Ok<TeamDto>, ValidationProblem, ProblemHttpResult>> UpdateTeam(
        int id, TeamInput input, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct) =>
        Save(id, "teams", "team", () => commands.SaveTeamAsync(id, input, ct), t => db.Teams.Where(x => x.Id == t.Id).ProjectTeams().SingleAsync(ct));

    private static async Task<Ok<List<PersonDto>>> ListPeople(FulcrumDbContext db, int? teamId, CancellationToken ct)
    {
        var query = db.People.AsQueryable();
        if (teamId is int team)
        {
            query = query.Where(p => p.TeamId == team);
        }
        return TypedResults.Ok(await query.OrderBy(p => p.Name).ProjectPeople().ToListAsync(ct));
    }

    private static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> GetPerson(int id, FulcrumDbContext db, CancellationToken ct) =>
        await db.People.Where(p => p.Id == id).ProjectPeople().SingleOrDefaultAsync(ct) is { } person
            ? TypedResults.Ok(person)
            : NotFound("person", id);

    private static async Task<Results<Created<PersonDto>, Ok<PersonDto>, ValidationProblem, ProblemHttpResult>> CreatePerson(
        PersonInput input, ClaimsPrincipal user, PersonAccess access, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct)
    {
        var recordedBy = await access.PersonIdOfAsync(user, ct);
        return await Save(null, "people", "person", () => commands.SavePersonAsync(null, input, recordedBy, ct), p => db.People.Where(x => x.Id == p.Id).ProjectPeople().SingleAsync(ct));
    }

    private static async Task<Results<Created<PersonDto>, Ok<PersonDto>, ValidationProblem, ProblemHttpResult>> UpdatePerson(
        int id, PersonInput input, ClaimsPrincipal user, PersonAccess access, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct)
    {
        var recordedBy = await access.PersonIdOfAsync(user, ct);
        return await Save(id, "people", "person", () => commands.SavePersonAsync(id, input, recordedBy, ct), p => db.People.Where(x => x.Id == p.Id).ProjectPeople().SingleAsync(ct));
    }

    private static async Task<Ok<List<ServiceDto>>> ListServices(FulcrumDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Services.OrderBy(s => s.Name).ProjectServices().ToListAsync(ct));

    private static async Task<Results<Ok<ServiceDto>, ProblemHttpResult>> GetService(int id, FulcrumDbContext db, CancellationToken ct) =>
        await db.Services.Where(s => s.Id == id).ProjectServices().SingleOrDefaultAsync(ct) is { } service
            ? TypedResults.Ok(service)
            : NotFound("service", id);

    private static Task<Results<Created<ServiceDto>, Ok<ServiceDto>, ValidationProblem, ProblemHttpResult>> CreateService(
        ServiceInput input, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct) =>
        Save(null, "services", "service", () => commands.SaveServiceAsync(null, input, ct), s => db.Services.Where(x => x.Id == s.Id).ProjectServices().SingleAsync(ct));

    private static Task<Results<Created<ServiceDto>, Ok<ServiceDto>, ValidationProblem, ProblemHttpResult>> UpdateService(
        int id, ServiceInput input, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct) =>
        Save(id, "services", "service", () => commands.SaveServiceAsync(id, input, ct), s => db.Services.Where(x => x.Id == s.Id).ProjectServices().SingleAsync(ct));

    private static async Task<Results<Created<TDto>, Ok<TDto>, ValidationProblem, ProblemHttpResult>> Save<TEntity, TDto>(
        int? id, string collection, string noun, Func<Task<Outcome<TEntity>>> save, Func<TEntity, Task<TDto>> project)
        where TEntity : class, IHasId
    {
        var outcome = await save();
        if (outcome.NotFound)
        {
            return NotFound(noun, id ?? 0);
        }
        if (outcome.Value is null)
        {
            return TypedResults.ValidationProblem(outcome.Errors, title: $"The {noun} was not saved");
        }
        var dto = await project(outcome.Value);
        return id is null
            ? TypedResults.Created($"/api/v1/{collection}/{outcome.Value.Id}", dto)
            : TypedResults.Ok(dto);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Remove(string noun, int id, Func<Task<Removal>> remove)
    {
        var removal = await remove();
        if (removal.NotFound)
        {
            return NotFound(noun, id);
        }
        return removal.Removed
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The {noun} is still in use", detail: removal.RefusedBecause);
    }

    private static async Task<Results<Ok<ImportResultDto>, ProblemHttpResult>> Import(
        HttpRequest request, Func<TextReader, Task<ImportReport>> import)
    {
        if (await RequestText.ReadAsync(request, MaxImportBytes) is not { } text)
        {
            return TooLarge();
        }
        using var reader = new StringReader(text);
        var report = await import(reader);
        if (report.Succeeded)
        {
            return TypedResults.Ok(new ImportResultDto(report.Created, report.Updated));
        }
        return TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The file was not imported",
            detail: $"{report.Problems.Count} problem(s); nothing was changed. First: {report.Problems[0]}",
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = report.Problems.Select(p => new { p.Row, p.Column, p.Message, text = p.ToString() }).ToList(),
            });
    }

    private const int MaxImportBytes = 10 * 1024 * 1024;

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large",
            detail: $"An import file may be up to {MaxImportBytes / 1024 / 1024} MB; split it and import the parts.");

    public static ProblemHttpResult NotFound(string noun, int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {noun}", detail: $"There is no {noun} with id {id}.");
}
