using Fulcrum.Core;
using Fulcrum.Core.Csv;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.TeamDesign;

/// <summary>
/// Team design over HTTP (docs/team-design.md): people's skills (a private record), each team's
/// roadmap needs and build-or-hire assumptions (team-level), and the gap report.
/// </summary>
public static class TeamDesignEndpoints
{
    public static IEndpointRouteBuilder MapTeamDesignApi(this IEndpointRouteBuilder app)
    {
        var skills = app.MapGroup("/api/v1/skills").WithTags("Team design");
        skills.MapGet("people", async (Me me, TeamSkills store, CancellationToken ct) => TypedResults.Ok(await store.ReadableAsync(me.PersonId, ct)));
        skills.MapGet("me", async (Me me, TeamSkills store, CancellationToken ct) => TypedResults.Ok(await store.ForPersonAsync(me.PersonId, me.PersonId, ct)));
        skills.MapGet("people/{id:int}", async (int id, Me me, TeamSkills store, CancellationToken ct) =>
            TypedResults.Ok(await store.ForPersonAsync(me.PersonId, id, ct))).ProducesProblem(StatusCodes.Status404NotFound);
        skills.MapPut("people/{id:int}", async (int id, SkillLevelRequest request, Me me, TeamSkills store, CancellationToken ct) =>
            TypedResults.Ok(await store.RateAsync(me.PersonId, id, request, ct))).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        skills.MapPost("people/{id:int}/confirm", async (int id, SkillLevelRequest request, Me me, TeamSkills store, CancellationToken ct) =>
            TypedResults.Ok(await store.ConfirmAsync(me.PersonId, id, request, ct))).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        skills.MapDelete("people/{id:int}/{skill}", async (int id, string skill, Me me, TeamSkills store, CancellationToken ct) =>
        {
            await store.RemoveAsync(me.PersonId, id, skill, ct);
            return TypedResults.NoContent();
        }).ProducesProblem(StatusCodes.Status404NotFound);
        skills.MapPost("import", async (HttpRequest request, TeamSkills store, IOptions<OrganisationOptions> options, CancellationToken ct) =>
        {
            var limits = options.Value;
            var text = ImportText.Decode(await RequestText.ReadBytesAsync(request, limits.ImportLimitBytes)
                ?? throw ProblemException.TooLarge("The file is too large", limits.TooLargeMessage));
            var report = await store.ImportAsync(new StringReader(text), ct);
            return report.Succeeded ? TypedResults.Ok(new ImportResultDto(report.Created, report.Updated)) : throw report.Refusal();
        }).Accepts<string>("text/csv").RequireAuthorization(Policies.ManageOrganisation).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        skills.MapGet("export.csv", async (Me me, TeamSkills store, CancellationToken ct) =>
        {
            await using var writer = new StringWriter();
            await store.ExportAsync(me.PersonId, writer, ct);
            return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", "skills.csv");
        });

        var teams = app.MapGroup("/api/v1/teams/{team}").WithTags("Team design");
        teams.MapGet("skill-gaps", async (string team, Me me, TeamRoadmap roadmap, CancellationToken ct) =>
            TypedResults.Ok(await roadmap.GapsAsync(await roadmap.TeamAsync(team, await me.ScopeAsync(ct), ct), me.PersonId, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound);
        teams.MapGet("initiatives", async (string team, Me me, TeamRoadmap roadmap, CancellationToken ct) =>
            TypedResults.Ok(await roadmap.InitiativesAsync(await roadmap.TeamAsync(team, await me.ScopeAsync(ct), ct), ct)));
        teams.MapPost("initiatives", async (string team, InitiativeRequest request, Me me, TeamRoadmap roadmap, CancellationToken ct) =>
        {
            var added = await roadmap.AddInitiativeAsync(await roadmap.TeamAsync(team, await me.ScopeAsync(ct), ct), request, ct);
            return TypedResults.Created($"/api/v1/teams/{added.Team.Id}/initiatives/{added.Id}", added);
        }).RequireAuthorization(Policies.ManageOrganisation).ProducesValidationProblem();
        teams.MapPut("initiatives/{id:int}", async (string team, int id, InitiativeRequest request, Me me, TeamRoadmap roadmap, CancellationToken ct) =>
            TypedResults.Ok(await roadmap.UpdateInitiativeAsync(await roadmap.TeamAsync(team, await me.ScopeAsync(ct), ct), id, request, ct)))
            .RequireAuthorization(Policies.ManageOrganisation).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        teams.MapDelete("initiatives/{id:int}", async (string team, int id, Me me, TeamRoadmap roadmap, CancellationToken ct) =>
        {
            await roadmap.RemoveInitiativeAsync(await roadmap.TeamAsync(team, await me.ScopeAsync(ct), ct), id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.ManageOrganisation).ProducesProblem(StatusCodes.Status404NotFound);
        teams.MapGet("build-or-hire", async (string team, Me me, TeamRoadmap roadmap, CancellationToken ct) =>
            TypedResults.Ok(await roadmap.AssumptionsAsync(await roadmap.TeamAsync(team, await me.ScopeAsync(ct), ct), ct)));
        teams.MapPut("build-or-hire", async (string team, AssumptionsRequest request, Me me, TeamRoadmap roadmap, CancellationToken ct) =>
            TypedResults.Ok(await roadmap.SetAssumptionsAsync(await roadmap.TeamAsync(team, await me.ScopeAsync(ct), ct), request, ct)))
            .RequireAuthorization(Policies.ManageOrganisation).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        teams.MapDelete("build-or-hire", async (string team, Me me, TeamRoadmap roadmap, CancellationToken ct) =>
            TypedResults.Ok(await roadmap.ResetAssumptionsAsync(await roadmap.TeamAsync(team, await me.ScopeAsync(ct), ct), ct)))
            .RequireAuthorization(Policies.ManageOrganisation);
        return app;
    }
}
