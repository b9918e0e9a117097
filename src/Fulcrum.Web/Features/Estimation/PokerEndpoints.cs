using System.Security.Claims;
using Fulcrum.Core.Estimation;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Web.Features.Estimation;

public sealed record CreatedRoom(string Id, string Url, string Socket);

/// <summary>
/// Planning poker over HTTP: the WebSocket every client speaks (docs/poker-protocol.md), and
/// creating and listing rooms for the terminal client and scripts. Sign-in is by the session
/// cookie (browser) or a personal API token (terminal), like every other endpoint.
/// </summary>
public static class PokerEndpoints
{
    public const string SocketPath = "/api/v1/poker/socket";

    public static IEndpointRouteBuilder MapPoker(this IEndpointRouteBuilder app)
    {
        app.Map(SocketPath, SocketAsync).WithTags("Estimation").ExcludeFromDescription();
        var api = app.MapGroup("/api/v1/poker/rooms").WithTags("Estimation");
        api.MapGet("", ListAsync);
        api.MapPost("", CreateAsync);
        api.MapGet("{id}/work-items", WorkItemsAsync);
        api.MapGet("{id}/reference-stories", ReferenceStoriesAsync);
        var decks = app.MapGroup("/api/v1/poker/decks").WithTags("Estimation");
        decks.MapGet("", DecksAsync);
        decks.MapPost("", CreateDeckAsync);
        decks.MapDelete("{id}", RemoveDeckAsync);
        return app;
    }

    private static async Task SocketAsync(HttpContext context, PokerStore store, PokerHub hub)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problem(context, StatusCodes.Status400BadRequest, "This address speaks WebSocket only (see docs/poker-protocol.md).");
            return;
        }
        // A browser sends its cookie with a WebSocket from any page that asks: only this site's
        // own pages may open one (cross-site WebSocket hijacking). Tokens are not sent by browsers.
        if (context.Request.Headers.Origin is [{ } origin] && !SameOrigin(origin, context.Request))
        {
            await Problem(context, StatusCodes.Status403Forbidden, $"WebSocket from another site ({origin}) refused.");
            return;
        }
        var identity = await store.IdentityAsync(context.User, context.RequestAborted);
        if (identity is null)
        {
            await Problem(context, StatusCodes.Status403Forbidden, PersonProblems.NotLinked);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await hub.RunAsync(socket, identity, context.RequestAborted);
    }

    private static async Task<Results<Ok<IReadOnlyList<PokerRoomSummary>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, PokerStore store, CancellationToken cancellationToken) =>
        await store.IdentityAsync(user, cancellationToken) is { } identity
            ? TypedResults.Ok(await store.ListAsync(identity, cancellationToken))
            : NotAPerson();

    private static async Task<Results<Created<CreatedRoom>, ProblemHttpResult>> CreateAsync(
        CreateRoomRequest request, ClaimsPrincipal user, HttpRequest http, PokerStore store, CancellationToken cancellationToken)
    {
        if (await store.IdentityAsync(user, cancellationToken) is not { } identity)
        {
            return NotAPerson();
        }
        try
        {
            var room = await store.CreateAsync(identity, request, cancellationToken);
            var url = $"{http.Scheme}://{http.Host}/estimation/rooms/{room.Id}";
            var socket = $"{(http.IsHttps ? "wss" : "ws")}://{http.Host}{SocketPath}";
            return TypedResults.Created(url, new CreatedRoom(room.Id, url, socket));
        }
        catch (PokerException e)
        {
            return TypedResults.Problem(statusCode: e.Status, title: "The room was not created", detail: e.Message);
        }
    }

    /// <summary>The room's team's unfinished work items, to pick stories from.</summary>
    private static async Task<Results<Ok<IReadOnlyList<RoomWorkItem>>, ProblemHttpResult>> WorkItemsAsync(
        string id, ClaimsPrincipal user, PokerStore store, CancellationToken cancellationToken) =>
        await RoomOfAsync(id, user, store, cancellationToken) switch
        {
            (_, { } problem) => problem,
            (var room, _) => TypedResults.Ok(await store.OpenWorkItemsAsync(room!.TeamId, cancellationToken)),
        };

    /// <summary>The team's recent finished stories per card of the room's deck (shown after a reveal).</summary>
    private static async Task<Results<Ok<IReadOnlyList<CardReferences>>, ProblemHttpResult>> ReferenceStoriesAsync(
        string id, ClaimsPrincipal user, PokerStore store, CancellationToken cancellationToken)
    {
        var (room, problem) = await RoomOfAsync(id, user, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var deck = PokerRoomSnapshot.FromJson(room!.Snapshot).Deck;
        var usable = Deck.FindBuiltIn(deck.Id) ?? Deck.Custom(deck.Name, deck.Cards, deck.Id).Deck;
        return usable is not null
            ? TypedResults.Ok(await store.ReferenceStoriesAsync(room.TeamId, usable, cancellationToken))
            : TypedResults.Ok<IReadOnlyList<CardReferences>>([]);
    }

    /// <summary>The decks a team's rooms can play with: the built-in ones, the team's own, and those of the teams above it.</summary>
    private static async Task<Results<Ok<IReadOnlyList<TeamDeck>>, ProblemHttpResult>> DecksAsync(
        string? team, ClaimsPrincipal user, PokerStore store, TeamDeckStore decks, CancellationToken cancellationToken) =>
        await TeamOfAsync(team, user, store, cancellationToken) switch
        {
            (_, { } problem) => problem,
            (var teamId, _) => TypedResults.Ok(await decks.ForTeamAsync(teamId, cancellationToken)),
        };

    private static async Task<Results<Created<TeamDeck>, ProblemHttpResult>> CreateDeckAsync(
        CreateDeckRequest request, ClaimsPrincipal user, PokerStore store, TeamDeckStore decks, CancellationToken cancellationToken)
    {
        var (teamId, problem) = await TeamOfAsync(request.Team, user, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            var identity = (await store.IdentityAsync(user, cancellationToken))!;
            var deck = await decks.CreateAsync(teamId, identity.PersonId, request, cancellationToken);
            return TypedResults.Created($"/api/v1/poker/decks/{deck.Id}?team={Uri.EscapeDataString(deck.Team!)}", deck);
        }
        catch (DeckException e)
        {
            return TypedResults.Problem(statusCode: e.Status, title: "The deck was not saved",
                detail: e.Problems.Count > 0 ? string.Join("; ", e.Problems) : e.Message,
                extensions: e.Problems.Count > 0 ? new Dictionary<string, object?> { ["problems"] = e.Problems } : null);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveDeckAsync(
        string id, string? team, ClaimsPrincipal user, PokerStore store, TeamDeckStore decks, CancellationToken cancellationToken)
    {
        var (teamId, problem) = await TeamOfAsync(team, user, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await decks.RemoveAsync(teamId, id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: Deck.FindBuiltIn(id) is not null ? $"'{id}' is a built-in deck; it cannot be removed." : $"Team '{team}' has no deck '{id}'.");
    }

    /// <summary>The team named, when the signed-in person may use its rooms, or the problem to answer with.</summary>
    private static async Task<(int TeamId, ProblemHttpResult? Problem)> TeamOfAsync(
        string? team, ClaimsPrincipal user, PokerStore store, CancellationToken cancellationToken)
    {
        if (await store.IdentityAsync(user, cancellationToken) is not { } identity)
        {
            return (0, NotAPerson());
        }
        if (string.IsNullOrWhiteSpace(team))
        {
            return (0, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No team", detail: "Say which team: ?team=NAME."));
        }
        var teamId = await store.TeamIdAsync(team.Trim(), cancellationToken);
        if (teamId is null)
        {
            return (0, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no team '{team.Trim()}'."));
        }
        return identity.MayJoinTeam(teamId.Value)
            ? (teamId.Value, null)
            : (0, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your team",
                detail: $"You are not part of team '{team.Trim()}', so you cannot use or change its decks."));
    }

    /// <summary>An open room the signed-in person may join, or the problem to answer with (403, or 404 for rooms of other teams).</summary>
    private static async Task<(PokerRoomRecord? Room, ProblemHttpResult? Problem)> RoomOfAsync(
        string id, ClaimsPrincipal user, PokerStore store, CancellationToken cancellationToken)
    {
        if (await store.IdentityAsync(user, cancellationToken) is not { } identity)
        {
            return (null, NotAPerson());
        }
        var room = await store.FindAsync(id, cancellationToken);
        return room is not null && identity.MayJoinTeam(room.TeamId)
            ? (room, null)
            : (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no open room '{id}' for your teams."));
    }

    private static ProblemHttpResult NotAPerson() => PersonProblems.NotAPerson();

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);

    private static Task Problem(HttpContext context, int status, string detail) =>
        TypedResults.Problem(statusCode: status, detail: detail).ExecuteAsync(context);
}
