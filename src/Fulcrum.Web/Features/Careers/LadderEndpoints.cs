using System.Security.Claims;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Core.Careers;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Careers;

/// <param name="Name">The file's name: shown in problems, and a Monzo page's name is its track's id.</param>
public sealed record LadderImportFile(string? Name, string? Text);

/// <param name="Format">fulcrum, ft, monzo or snowflake; detected from the content when left out.</param>
/// <param name="Activate">Make the imported ladder the active one.</param>
/// <param name="Replace">Overwrite a ladder with the same id (otherwise 409).</param>
public sealed record LadderImportRequest(IReadOnlyList<LadderImportFile>? Files, string? Format = null, bool Activate = false, bool Replace = false);

/// <summary>Career ladders and people's placements on them over HTTP (docs/careers.md).</summary>
public static class LadderEndpoints
{
    public static IEndpointRouteBuilder MapLadders(this IEndpointRouteBuilder app)
    {
        var ladders = app.MapGroup("/api/v1/ladders").WithTags("Careers");
        ladders.MapGet("", ListAsync);
        ladders.MapGet("{id}", GetAsync);
        ladders.MapGet("{id}/file", FileAsync).Produces<string>(StatusCodes.Status200OK, "application/yaml");
        ladders.MapGet("{id}/compare", CompareAsync);
        ladders.MapPost("import", ImportAsync).RequireAuthorization(Policies.ManageOrganisation)
            .Accepts<LadderImportRequest>("application/json", "multipart/form-data", "application/yaml", "text/*", "application/javascript", "application/octet-stream")
            .Produces<LadderImportView>(StatusCodes.Status201Created)
            .Produces<LadderImportView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        ladders.MapPost("{id}/activate", ActivateAsync).RequireAuthorization(Policies.ManageOrganisation);
        ladders.MapDelete("{id}", RemoveAsync).RequireAuthorization(Policies.ManageOrganisation);

        app.MapGet("/api/v1/people/{id:int}/placements", PlacementsAsync).WithTags("Careers");
        return app;
    }

    /// <summary>Every ladder, the active one first and marked; the built-in ladder is always listed (unless a stored ladder took its id).</summary>
    private static async Task<Ok<IReadOnlyList<LadderSummary>>> ListAsync(LadderStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(ct));

    /// <summary>A ladder with every level and what it expects per competency.</summary>
    private static async Task<Ok<LadderView>> GetAsync(string id, LadderStore store, CancellationToken ct) =>
        TypedResults.Ok(LadderView.From(await store.FindAsync(id, ct) ?? throw NoSuchLadder(id)));

    /// <summary>The ladder as a Fulcrum ladder file (YAML), whatever format it was imported from.</summary>
    private static async Task<ContentHttpResult> FileAsync(string id, LadderStore store, HttpContext context, CancellationToken ct)
    {
        var yaml = await store.FileAsync(id, ct) ?? throw NoSuchLadder(id);
        context.Response.Headers.ContentDisposition = $"inline; filename=\"{id}.yaml\"";
        return TypedResults.Text(yaml, "application/yaml; charset=utf-8");
    }

    /// <summary>
    /// A track switch: <c>from</c> and <c>to</c> are tracks (ids on the ladder, or ic / management),
    /// <c>level</c> the level on both, or <c>fromLevel</c> and <c>toLevel</c>. Per competency: the
    /// expectations both levels share, the new ones and the dropped ones.
    /// </summary>
    private static async Task<Ok<TrackSwitchView>> CompareAsync(
        string id, string? from, string? to, int? level, int? fromLevel, int? toLevel, LadderStore store, CancellationToken ct)
    {
        var stored = await store.FindAsync(id, ct) ?? throw NoSuchLadder(id);
        return LadderComparison.TryCompare(stored.Ladder, stored.Summary, from, to, fromLevel ?? level, toLevel ?? level, out var view, out var problem)
            ? TypedResults.Ok(view!)
            : throw ProblemException.Unreadable("Nothing to compare", problem!);
    }

    /// <summary>
    /// Imports a ladder, all or nothing. The body is JSON (<see cref="LadderImportRequest"/>), a
    /// multipart form (one or more files, and optional <c>format</c>, <c>activate</c>, <c>replace</c>
    /// fields), or one file's text as it is (name it with <c>?name=</c>). <c>format</c>,
    /// <c>activate</c> and <c>replace</c> may also be given in the query.
    /// </summary>
    private static async Task<IResult> ImportAsync(
        HttpRequest request, string? format, bool? activate, bool? replace, string? name, LadderStore store,
        IOptions<JsonOptions> json, IOptions<CareersOptions> options, CancellationToken ct)
    {
        var limit = options.Value.LadderImportLimitBytes;
        ProblemException TooLarge() => ProblemException.TooLarge("The files are too large",
            $"A ladder import may be up to {options.Value.LadderImportLimitMegabytes} MB.");
        if (request.ContentLength > limit)
        {
            throw TooLarge();
        }
        var files = new List<ImportFile>();
        var (activateIt, replaceIt) = (activate ?? false, replace ?? false);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.Sum(f => f.Length) > limit)
            {
                throw TooLarge();
            }
            foreach (var file in form.Files)
            {
                using var reader = new StreamReader(file.OpenReadStream());
                files.Add(new ImportFile(file.FileName, await reader.ReadToEndAsync(ct)));
            }
            format = string.IsNullOrWhiteSpace(form["format"]) ? format : form["format"].ToString();
            activateIt |= IsOn(form["activate"]);
            replaceIt |= IsOn(form["replace"]);
        }
        else
        {
            var text = await RequestText.ReadAsync(request, limit) ?? throw TooLarge();
            if (ImportRequestOf(request, text, json.Value.SerializerOptions) is { } body)
            {
                foreach (var (file, index) in body.Files!.Select((f, i) => (f, i)))
                {
                    files.Add(new ImportFile(string.IsNullOrWhiteSpace(file.Name) ? $"file-{index + 1}" : file.Name.Trim(), file.Text ?? ""));
                }
                format = body.Format ?? format;
                activateIt |= body.Activate;
                replaceIt |= body.Replace;
            }
            else if (text.Length > 0)
            {
                // Any other body is one file as it is: YAML, Markdown, constants.js, or Snowflake's JSON.
                files.Add(new ImportFile(string.IsNullOrWhiteSpace(name) ? "ladder" : name.Trim(), text));
            }
        }
        if (files.Count == 0)
        {
            throw ProblemException.InvalidField("files", "Give at least one file to import.", title: "Nothing to import");
        }
        LadderFormat? parsedFormat = null;
        if (!string.IsNullOrWhiteSpace(format) && !format.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            parsedFormat = LadderImport.ParseFormat(format);
            if (parsedFormat is null)
            {
                throw ProblemException.InvalidField("format",
                    $"'{format}' is not a ladder format: use fulcrum, ft, monzo or snowflake, or leave it out to detect it.", title: "Unknown format");
            }
        }

        var imported = await store.ImportAsync(files, parsedFormat, activateIt, replaceIt, ct);
        var view = new LadderImportView(imported.Ladder, LadderImport.Key(imported.Format), imported.Replaced, ImportReportView.From(imported.Report));
        return imported.Replaced
            ? TypedResults.Ok(view)
            : TypedResults.Created($"/api/v1/ladders/{view.Ladder.Id}", view);
    }

    /// <summary>Makes the ladder the organisation's active one; every other ladder stops being active.</summary>
    private static async Task<Ok<LadderSummary>> ActivateAsync(string id, LadderStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ActivateAsync(id, ct) ?? throw NoSuchLadder(id));

    /// <summary>Removes an imported ladder: 409 for the built-in ladder, or the active one while people are placed on it.</summary>
    private static async Task<NoContent> RemoveAsync(string id, LadderStore store, CancellationToken ct) =>
        await store.RemoveAsync(id, ct) ? TypedResults.NoContent() : throw NoSuchLadder(id);

    /// <summary>
    /// A person's placements on ladders (track and level from a date), newest first. A private
    /// record (ADR 0004): the person and their manager chain may read it; anyone else gets 404, as if
    /// there were no such person. The current track and level stay on the person for everyone.
    /// </summary>
    private static async Task<Ok<IReadOnlyList<PlacementView>>> PlacementsAsync(
        int id, ClaimsPrincipal user, PersonAccess access, CareerPlacements placements, FulcrumDbContext db, CancellationToken ct)
    {
        if (!await db.People.AnyAsync(p => p.Id == id, ct) || !await access.CanReadPrivateRecordsAsync(user, id, cancellationToken: ct))
        {
            throw ProblemException.NotFound($"There is no placement history of person {id} for you.");
        }
        return TypedResults.Ok(await placements.HistoryAsync(id, ct));
    }

    /// <summary>The body as an import request: JSON with a <c>files</c> list. Null for anything else.</summary>
    private static LadderImportRequest? ImportRequestOf(HttpRequest request, string text, JsonSerializerOptions options)
    {
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<LadderImportRequest>(text, options) is { Files: not null } body ? body : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsOn(string? value) => value?.Trim().ToLowerInvariant() is "true" or "on" or "1" or "yes";

    private static ProblemException NoSuchLadder(string id) =>
        ProblemException.NotFound($"There is no ladder '{id}'. GET /api/v1/ladders lists them.", title: "No such ladder");
}
