using System.Security.Claims;
using Fulcrum.Core;
using Fulcrum.Core.Csv;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
        teams.MapDelete("/{id:int}", async (int id, OrganisationCommands commands, CancellationToken ct) =>
        {
            await commands.RemoveTeamAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.ManageOrganisation);

        var people = app.MapGroup("/api/v1/people").WithTags("Organisation");
        people.MapGet("/", ListPeople);
        people.MapGet("/{id:int}", GetPerson);
        people.MapPost("/", CreatePerson).RequireAuthorization(Policies.ManageOrganisation);
        people.MapPut("/{id:int}", UpdatePerson).RequireAuthorization(Policies.ManageOrganisation);
        people.MapDelete("/{id:int}", async (int id, OrganisationCommands commands, CancellationToken ct) =>
        {
            await commands.RemovePersonAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.ManageOrganisation);

        var services = app.MapGroup("/api/v1/services").WithTags("Organisation");
        services.MapGet("/", ListServices);
        services.MapGet("/{id:int}", GetService);
        services.MapPost("/", CreateService).RequireAuthorization(Policies.ManageOrganisation);
        services.MapPut("/{id:int}", UpdateService).RequireAuthorization(Policies.ManageOrganisation);
        services.MapDelete("/{id:int}", async (int id, OrganisationCommands commands, CancellationToken ct) =>
        {
            await commands.RemoveServiceAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.ManageOrganisation);

        var import = app.MapGroup("/api/v1/import").WithTags("Organisation")
            .RequireAuthorization(Policies.ManageOrganisation);
        import.MapPost("/teams", async (HttpRequest request, OrganisationImporter importer, IOptions<OrganisationOptions> options, CancellationToken ct) =>
            Imported(await importer.ImportTeamsAsync(await ImportTextAsync(request, options.Value), ct)))
            .Accepts<string>("text/csv");
        import.MapPost("/people", async (HttpRequest request, OrganisationImporter importer, PersonAccess access, IOptions<OrganisationOptions> options, CancellationToken ct) =>
            Imported(await importer.ImportPeopleAsync(await ImportTextAsync(request, options.Value), await access.PersonIdOfAsync(request.HttpContext.User, ct), ct)))
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

    private static async Task<Ok<TeamDto>> GetTeam(int id, FulcrumDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await TeamAsync(db, id, ct) ?? throw OrganisationCommands.NoSuch("team", id));

    private static async Task<Created<TeamDto>> CreateTeam(TeamInput input, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct)
    {
        var team = await commands.SaveTeamAsync(null, input, ct);
        return TypedResults.Created($"/api/v1/teams/{team.Id}", (await TeamAsync(db, team.Id, ct))!);
    }

    private static async Task<Ok<TeamDto>> UpdateTeam(int id, TeamInput input, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct)
    {
        await commands.SaveTeamAsync(id, input, ct);
        return TypedResults.Ok((await TeamAsync(db, id, ct))!);
    }

    private static Task<TeamDto?> TeamAsync(FulcrumDbContext db, int id, CancellationToken ct) =>
        db.Teams.Where(t => t.Id == id).ProjectTeams().SingleOrDefaultAsync(ct);

    private static async Task<Ok<List<PersonDto>>> ListPeople(FulcrumDbContext db, int? teamId, CancellationToken ct)
    {
        var query = db.People.AsQueryable();
        if (teamId is int team)
        {
            query = query.Where(p => p.TeamId == team);
        }
        return TypedResults.Ok(await query.OrderBy(p => p.Name).ProjectPeople().ToListAsync(ct));
    }

    private static async Task<Ok<PersonDto>> GetPerson(int id, FulcrumDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await PersonAsync(db, id, ct) ?? throw OrganisationCommands.NoSuch("person", id));

    private static async Task<Created<PersonDto>> CreatePerson(
        PersonInput input, ClaimsPrincipal user, PersonAccess access, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct)
    {
        var person = await commands.SavePersonAsync(null, input, await access.PersonIdOfAsync(user, ct), ct);
        return TypedResults.Created($"/api/v1/people/{person.Id}", (await PersonAsync(db, person.Id, ct))!);
    }

    private static async Task<Ok<PersonDto>> UpdatePerson(
        int id, PersonInput input, ClaimsPrincipal user, PersonAccess access, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct)
    {
        await commands.SavePersonAsync(id, input, await access.PersonIdOfAsync(user, ct), ct);
        return TypedResults.Ok((await PersonAsync(db, id, ct))!);
    }

    private static Task<PersonDto?> PersonAsync(FulcrumDbContext db, int id, CancellationToken ct) =>
        db.People.Where(p => p.Id == id).ProjectPeople().SingleOrDefaultAsync(ct);

    private static async Task<Ok<List<ServiceDto>>> ListServices(FulcrumDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Services.OrderBy(s => s.Name).ProjectServices().ToListAsync(ct));

    private static async Task<Ok<ServiceDto>> GetService(int id, FulcrumDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ServiceAsync(db, id, ct) ?? throw OrganisationCommands.NoSuch("service", id));

    private static async Task<Created<ServiceDto>> CreateService(ServiceInput input, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct)
    {
        var service = await commands.SaveServiceAsync(null, input, ct);
        return TypedResults.Created($"/api/v1/services/{service.Id}", (await ServiceAsync(db, service.Id, ct))!);
    }

    private static async Task<Ok<ServiceDto>> UpdateService(int id, ServiceInput input, OrganisationCommands commands, FulcrumDbContext db, CancellationToken ct)
    {
        await commands.SaveServiceAsync(id, input, ct);
        return TypedResults.Ok((await ServiceAsync(db, id, ct))!);
    }

    private static Task<ServiceDto?> ServiceAsync(FulcrumDbContext db, int id, CancellationToken ct) =>
        db.Services.Where(s => s.Id == id).ProjectServices().SingleOrDefaultAsync(ct);

    /// <summary>The CSV body, or a refusal: 413 above the size limit, 400 naming the row where it is not UTF-8.</summary>
    private static async Task<StringReader> ImportTextAsync(HttpRequest request, OrganisationOptions limits) =>
        new(ImportText.Decode(await RequestText.ReadBytesAsync(request, limits.ImportLimitBytes)
            ?? throw ProblemException.TooLarge("The file is too large", limits.TooLargeMessage)));

    /// <summary>200 with the counts, or the refusal (422) with every problem by row and column.</summary>
    private static Ok<ImportResultDto> Imported(ImportReport report) =>
        report.Succeeded ? TypedResults.Ok(new ImportResultDto(report.Created, report.Updated)) : throw report.Refusal();
}
