using Fulcrum.Core;
using Fulcrum.Core.Csv;
using Fulcrum.Core.TeamDesign;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
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
        var decisions = app.MapGroup("/api/v1/decisions").WithTags("Decisions");
        decisions.MapGet("/", async (Me me, Decisions store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(await me.ScopeAsync(ct), ct)));
        decisions.MapPost("/", async (DecisionRequest request, Me me, Decisions store, IAuthorizationService auth, CancellationToken ct) =>
        {
            var added = await store.AddAsync(request, await me.ScopeAsync(ct), await MayManageAsync(auth, me), ct);
            return TypedResults.Created($"/api/v1/decisions/{added.Number}", added);
        }).ProducesValidationProblem();
        decisions.MapGet("{number:int}", async (int number, string? format, Me me, Decisions store, IAuthorizationService auth, CancellationToken ct) =>
        {
            var scope = await me.ScopeAsync(ct);
            if (string.Equals(format, "markdown", StringComparison.OrdinalIgnoreCase))
            {
                var file = (await store.ExportAsync(scope, ct)).FirstOrDefault(f => f.FileName.StartsWith($"{number:D4}-", StringComparison.Ordinal));
                return file.Text is null ? throw ProblemException.NotFound($"There is no decision {number} for you.") : (IResult)TypedResults.Text(file.Text, "text/markdown; charset=utf-8");
            }
            return TypedResults.Ok(await store.GetAsync(number, scope, await MayManageAsync(auth, me), ct));
        }).ProducesProblem(StatusCodes.Status404NotFound);
        decisions.MapPut("{number:int}", async (int number, DecisionRequest request, Me me, Decisions store, IAuthorizationService auth, CancellationToken ct) =>
            TypedResults.Ok(await store.UpdateAsync(number, request, await me.ScopeAsync(ct), await MayManageAsync(auth, me), ct)))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        decisions.MapDelete("{number:int}", async (int number, Me me, Decisions store, IAuthorizationService auth, CancellationToken ct) =>
        {
            await store.RemoveAsync(number, await me.ScopeAsync(ct), await MayManageAsync(auth, me), ct);
            return TypedResults.NoContent();
        }).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        decisions.MapGet("{number:int}/metric", async (int number, Me me, Decisions store, CancellationToken ct) =>
            await store.CompareAsync(number, await me.ScopeAsync(ct), ct) is { } comparison
                ? TypedResults.Ok(MetricView.Of(comparison))
                : throw ProblemException.NotFound($"Decision {number} names no metric."))
            .ProducesProblem(StatusCodes.Status404NotFound);
        decisions.MapPost("{number:int}/review", async (int number, ReviewRequest request, Me me, Decisions store, IAuthorizationService auth, CancellationToken ct) =>
            TypedResults.Ok(await store.ReviewAsync(number, request, await me.ScopeAsync(ct), await MayManageAsync(auth, me), ct)))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        decisions.MapGet("export.zip", async (Me me, Decisions store, CancellationToken ct) =>
        {
            using var zip = new MemoryStream();
            using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, text) in await store.ExportAsync(await me.ScopeAsync(ct), ct))
                {
                    await using var entry = archive.CreateEntry(name).Open();
                    await entry.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), ct);
                }
            }
            return TypedResults.File(zip.ToArray(), "application/zip", "adr.zip");
        });
        decisions.MapPost("import", async (HttpRequest request, Me me, Decisions store, IAuthorizationService auth, IOptions<OrganisationOptions> options, CancellationToken ct) =>
        {
            var documents = await DecisionFiles.ReadAsync(request, options.Value.ImportLimitBytes, ct);
            var report = await store.ImportAsync(documents, await me.ScopeAsync(ct), await MayManageAsync(auth, me), ct);
            return report.Succeeded
                ? TypedResults.Ok(new ImportResultDto(report.Created, report.Updated))
                : throw ProblemException.Invalid("The decision records were not imported", report.Problems.Select(p => p.ToString()),
                    $"{report.Problems.Count} problem(s); nothing was changed. First: {report.Problems[0]}");
        }).Accepts<IFormFileCollection>("multipart/form-data").ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var series = app.MapGroup("/api/v1/metric-series").WithTags("Decisions");
        series.MapGet("/", async (MetricSeriesStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        series.MapGet("{name}", async (string name, MetricSeriesStore store, CancellationToken ct) => TypedResults.Ok(await store.GetAsync(name, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound);
        series.MapPost("{name}", async (string name, string? unit, HttpRequest request, MetricSeriesStore store, IOptions<OrganisationOptions> options, CancellationToken ct) =>
        {
            var limits = options.Value;
            var text = ImportText.Decode(await RequestText.ReadBytesAsync(request, limits.ImportLimitBytes)
                ?? throw ProblemException.TooLarge("The file is too large", limits.TooLargeMessage));
            return TypedResults.Ok(await store.ImportAsync(name, unit, new StringReader(text), ct));
        }).Accepts<string>("text/csv").RequireAuthorization(Policies.ManageOrganisation).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Whether the signed-in person manages the organisation (a leader or admin): the rule for changing others' team-level records.</summary>
    internal static async Task<bool> MayManageAsync(IAuthorizationService authorization, Me me) =>
        (await authorization.AuthorizeAsync(me.User, Policies.ManageOrganisation)).Succeeded;
}

/// <summary>A decision's metric before and after, as the API and pages show it.</summary>
public sealed record MetricView(string Metric, string Title, string Unit, string Source, DateOnly BeforeFrom, DateOnly DecidedOn, DateOnly AfterTo,
    double? Before, int BeforeSamples, double? After, int AfterSamples, double? Change, double? ChangePercent, string? Expected, bool? MetExpectation, string Sentence)
{
    public static MetricView Of(MetricComparison c) => new(c.Metric, c.Title, c.Unit, c.Source, c.BeforeFrom, c.Pivot, c.AfterTo,
        c.Before, c.BeforeSamples, c.After, c.AfterSamples, c.Change, c.ChangePercent, c.Expected?.ToString(), c.MetExpectation, c.Sentence);
}
