using System.Globalization;
using System.Security.Claims;
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

    private static async Task<Results<Created<KudosView>, ProblemHttpResult>> GiveAsync(
        GiveKudosRequest request, ClaimsPrincipal user, PersonAccess access, Recognition recognition, CancellationToken cancellationToken)
    {
        if (await access.TeamScopeAsync(user, cancellationToken) is not { } scope)
        {
            return NotAPerson();
        }
        try
        {
            var given = await recognition.GiveAsync(scope, request, cancellationToken);
            return TypedResults.Created($"/api/v1/kudos?person={given.ToPersonId}", given);
        }
        catch (RecognitionException e)
        {
            return Problem(e, "The kudos was not given");
        }
    }

    /// <summary>The kudos you may see, newest first: all of them, or to one person (<c>person</c>), or to one team (<c>team</c>).</summary>
    private static async Task<Results<Ok<IReadOnlyList<KudosView>>, ProblemHttpResult>> ListAsync(
        int? person, string? team, int? take, ClaimsPrincipal user, PersonAccess access, Recognition recognition,
        Data.FulcrumDbContext db, CancellationToken cancellationToken)
    {
        if (await access.TeamScopeAsync(user, cancellationToken) is not { } scope)
        {
            return NotAPerson();
        }
        int? teamId = null;
        if (!string.IsNullOrWhiteSpace(team))
        {
            teamId = await db.Teams.Where(t => t.Name == team.Trim()).Select(t => (int?)t.Id).SingleOrDefaultAsync(cancellationToken);
            if (teamId is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no team '{team.Trim()}'.");
            }
        }
        return TypedResults.Ok(await recognition.VisibleAsync(scope, person, teamId, take ?? 100, cancellationToken));
    }

    /// <summary>People you look after whom no team kudos reached in the last <c>days</c> days (default 60), by name; never a ranking.</summary>
    private static async Task<Results<Ok<IReadOnlyList<UnrecognisedPerson>>, ProblemHttpResult>> UnrecognisedAsync(
        int? days, ClaimsPrincipal user, PersonAccess access, Recognition recognition, CancellationToken cancellationToken)
    {
        if (await access.TeamScopeAsync(user, cancellationToken) is not { } scope)
        {
            return NotAPerson();
        }
        try
        {
            var everyone = user.IsInRole(Roles.Leader) || user.IsInRole(Roles.Admin);
            return await recognition.UnrecognisedAsync(scope, everyone, days ?? RecognitionGap.DefaultDays, cancellationToken) is { } people
                ? TypedResults.Ok(people)
                : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Nobody to look after",
                    detail: "This list is for managers (of the people who report to them) and leaders; nobody reports to you.");
        }
        catch (RecognitionException e)
        {
            return Problem(e, "Bad request");
        }
    }

    private static async Task<Results<Created<AchievementView>, ProblemHttpResult>> AddAchievementAsync(
        AddAchievementRequest request, ClaimsPrincipal user, PersonAccess access, Recognition recognition, CancellationToken cancellationToken)
    {
        if (await access.PersonIdOfAsync(user, cancellationToken) is not int personId)
        {
            return NotAPerson();
        }
        try
        {
            var added = await recognition.AddAchievementAsync(personId, request, cancellationToken);
            return TypedResults.Created($"/api/v1/achievements/{added.Id}", added);
        }
        catch (RecognitionException e)
        {
            return Problem(e, "The achievement was not recorded");
        }
    }

    /// <summary>Your own achievements, newest first.</summary>
    private static async Task<Results<Ok<IReadOnlyList<AchievementView>>, ProblemHttpResult>> AchievementsAsync(
        ClaimsPrincipal user, PersonAccess access, Recognition recognition, CancellationToken cancellationToken) =>
        await access.PersonIdOfAsync(user, cancellationToken) is int personId
            ? TypedResults.Ok(await recognition.AchievementsAsync(personId, cancellationToken))
            : NotAPerson();

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAchievementAsync(
        long id, ClaimsPrincipal user, PersonAccess access, Recognition recognition, CancellationToken cancellationToken)
    {
        if (await access.PersonIdOfAsync(user, cancellationToken) is not int personId)
        {
            return NotAPerson();
        }
        return await recognition.RemoveAchievementAsync(personId, id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"You have no achievement {id}.");
    }

    /// <summary>
    /// A person's brag document for a period (<c>from</c>, <c>until</c>: yyyy-MM-dd; default the last
    /// six months), as Markdown (<c>format=markdown</c>, the default) or JSON sections. Readable by
    /// the person and their manager chain; anyone else gets 404, as if there were no such person.
    /// </summary>
    private static async Task<IResult> BragAsync(
        int id, string? from, string? until, string? format, ClaimsPrincipal user, PersonAccess access, Recognition recognition,
        LadderStore ladders, Data.FulcrumDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var viewer = await access.PersonIdOfAsync(user, cancellationToken);
        var name = await db.People.Where(p => p.Id == id).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null || viewer is null || !PrivateRecordPolicy.CanRead(viewer, id, await access.ReportingLinesAsync(cancellationToken)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no brag document of person {id} for you.");
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!TryPeriod(from, until, today, out var start, out var end, out var problem))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad period", detail: problem);
        }
        var entries = await recognition.BragEntriesAsync(id, viewer.Value, start, end, cancellationToken);
        var ladder = await ladders.ActiveAsync(cancellationToken);
        return (format ?? "markdown").ToLowerInvariant() switch
        {
            "markdown" or "md" => TypedResults.Text(BragDocument.ToMarkdown(name, start, end, entries, ladder), "text/markdown; charset=utf-8"),
            "json" => TypedResults.Ok(new { person = name, from = start, until = end, ladder = ladder.Name, sections = BragDocument.Group(entries, ladder) }),
            var other => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown format", detail: $"format '{other}': use markdown or json."),
        };
    }

    /// <summary>Your own brag document: what <c>fulcrum brag export</c> fetches.</summary>
    private static async Task<IResult> MyBragAsync(
        string? from, string? until, string? format, ClaimsPrincipal user, PersonAccess access, Recognition recognition,
        LadderStore ladders, Data.FulcrumDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        await access.PersonIdOfAsync(user, cancellationToken) is int me
            ? await BragAsync(me, from, until, format, user, access, recognition, ladders, db, clock, cancellationToken)
            : NotAPerson();

    /// <summary>A review period from two optional days; by default the six months up to today.</summary>
    public static bool TryPeriod(string? from, string? until, DateOnly today, out DateOnly start, out DateOnly end, out string? problem)
    {
        problem = null;
        start = today.AddMonths(-6);
        end = today;
        if (!string.IsNullOrWhiteSpace(until) && !DateOnly.TryParseExact(until.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out end))
        {
            problem = $"until: '{until}' is not a date like 2026-12-31.";
            return false;
        }
        start = end.AddMonths(-6);
        if (!string.IsNullOrWhiteSpace(from) && !DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            problem = $"from: '{from}' is not a date like 2026-07-01.";
            return false;
        }
        if (start > end)
        {
            problem = $"from ({start:yyyy-MM-dd}) is after until ({end:yyyy-MM-dd}).";
            return false;
        }
        return true;
    }

    private static ProblemHttpResult Problem(RecognitionException e, string title) =>
        TypedResults.Problem(statusCode: e.Status, title: title, detail: e.Message,
            extensions: new Dictionary<string, object?> { ["problems"] = e.Problems });

    private static ProblemHttpResult NotAPerson() => PersonProblems.NotAPerson();
}
