using System.Security.Claims;
using Fulcrum.Core;
using Fulcrum.Core.Access;
using Fulcrum.Core.Careers;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Careers;

/// <summary>Kudos, achievements and brag documents over HTTP (docs/careers.md).</summary>
public static class RecognitionEndpoints
{
    public static IEndpointRouteBuilder MapRecognition(this IEndpointRouteBuilder app)
    {
        var kudos = app.MapGroup("/api/v1/kudos").WithTags("Careers");
        kudos.MapPost("", GiveAsync);
        kudos.MapGet("", ListAsync);
        kudos.MapGet("unrecognised", UnrecognisedAsync);

        var achievements = app.MapGroup("/api/v1/achievements").WithTags("Careers");
        achievements.MapPost("", AddAchievementAsync);
        achievements.MapGet("", AchievementsAsync);
        achievements.MapDelete("{id:long}", RemoveAchievementAsync);

        app.MapGet("/api/v1/people/{id:int}/brag", BragAsync).WithTags("Careers");
        app.MapGet("/api/v1/me/brag", MyBragAsync).WithTags("Careers");
        return app;
    }

    private static async Task<Created<KudosView>> GiveAsync(
        GiveKudosRequest request, Me me, Recognition recognition, CancellationToken cancellationToken)
    {
        var given = await recognition.GiveAsync(await me.ScopeAsync(cancellationToken), request, cancellationToken);
        return TypedResults.Created($"/api/v1/kudos?person={given.ToPersonId}", given);
    }

    /// <summary>The kudos you may see, newest first: all of them, or to one person (<c>person</c>), or to one team (<c>team</c>).</summary>
    private static async Task<Ok<IReadOnlyList<KudosView>>> ListAsync(
        int? person, string? team, int? take, Me me, Recognition recognition, Data.FulcrumDbContext db, CancellationToken cancellationToken)
    {
        int? teamId = null;
        if (!string.IsNullOrWhiteSpace(team))
        {
            // PostgreSQL refuses a NUL even in a query; no team's name holds one.
            teamId = !TextRules.Fits(team.Trim()) ? throw ProblemException.NotFound($"There is no team '{team.Trim()}'.") : await db.Teams.Where(t => t.Name == team.Trim()).Select(t => (int?)t.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw ProblemException.NotFound($"There is no team '{team.Trim()}'.");
        }
        return TypedResults.Ok(await recognition.VisibleAsync(await me.ScopeAsync(cancellationToken), person, teamId, take ?? 100, cancellationToken));
    }

    /// <summary>People you look after whom no team kudos reached in the last <c>days</c> days (default 60), by name; never a ranking.</summary>
    private static async Task<Ok<IReadOnlyList<UnrecognisedPerson>>> UnrecognisedAsync(
        int? days, Me me, Recognition recognition, CancellationToken cancellationToken)
    {
        var everyone = me.User.IsInRole(Roles.Leader) || me.User.IsInRole(Roles.Admin);
        return TypedResults.Ok(await recognition.UnrecognisedAsync(await me.ScopeAsync(cancellationToken), everyone, days ?? RecognitionGap.DefaultDays, cancellationToken)
            ?? throw ProblemException.Forbidden("Nobody to look after",
                "This list is for managers (of the people who report to them) and leaders; nobody reports to you."));
    }

    private static async Task<Created<AchievementView>> AddAchievementAsync(
        AddAchievementRequest request, Me me, Recognition recognition, CancellationToken cancellationToken)
    {
        var added = await recognition.AddAchievementAsync(me.PersonId, request, cancellationToken);
        return TypedResults.Created($"/api/v1/achievements/{added.Id}", added);
    }

    /// <summary>Your own achievements, newest first.</summary>
    private static async Task<Ok<IReadOnlyList<AchievementView>>> AchievementsAsync(
        Me me, Recognition recognition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await recognition.AchievementsAsync(me.PersonId, cancellationToken));

    private static async Task<NoContent> RemoveAchievementAsync(
        long id, Me me, Recognition recognition, CancellationToken cancellationToken) =>
        await recognition.RemoveAchievementAsync(me.PersonId, id, cancellationToken)
            ? TypedResults.NoContent()
            : throw ProblemException.NotFound($"You have no achievement {id}.");

    /// <summary>
    /// A person's brag document for a period (<c>from</c>, <c>until</c>: yyyy-MM-dd; default the last
    /// six months), as Markdown (<c>format=markdown</c>, the default) or JSON sections. Readable by
    /// the person and their manager chain; anyone else gets 404, as if there were no such person.
    /// </summary>
    private static async Task<IResult> BragAsync(
        int id, string? from, string? until, string? format, ClaimsPrincipal user, PersonAccess access, Recognition recognition,
        LadderStore ladders, Data.FulcrumDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        await BragDocumentAsync(id, await access.PersonIdOfAsync(user, cancellationToken), from, until, format, access, recognition, ladders, db, clock, cancellationToken);

    /// <summary>Your own brag document: what <c>fulcrum brag export</c> fetches.</summary>
    private static async Task<IResult> MyBragAsync(
        string? from, string? until, string? format, Me me, PersonAccess access, Recognition recognition,
        LadderStore ladders, Data.FulcrumDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        await BragDocumentAsync(me.PersonId, me.PersonId, from, until, format, access, recognition, ladders, db, clock, cancellationToken);

    private static async Task<IResult> BragDocumentAsync(
        int id, int? viewer, string? from, string? until, string? format, PersonAccess access, Recognition recognition,
        LadderStore ladders, Data.FulcrumDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var name = await db.People.Where(p => p.Id == id).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null || viewer is null || !PrivateRecordPolicy.CanRead(viewer, id, await access.ReportingLinesAsync(cancellationToken)))
        {
            throw ProblemException.NotFound($"There is no brag document of person {id} for you.");
        }
        var (start, end) = BragPeriod.Parse(from, until, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var entries = await recognition.BragEntriesAsync(id, viewer.Value, start, end, cancellationToken);
        var ladder = await ladders.ActiveAsync(cancellationToken);
        return (format ?? "markdown").ToLowerInvariant() switch
        {
            "markdown" or "md" => TypedResults.Text(BragDocument.ToMarkdown(name, start, end, entries, ladder), "text/markdown; charset=utf-8"),
            "json" => TypedResults.Ok(new { person = name, from = start, until = end, ladder = ladder.Name, sections = BragDocument.Group(entries, ladder) }),
            var other => throw ProblemException.Unreadable("Unknown format", $"format '{other}': use markdown or json."),
        };
    }
}
