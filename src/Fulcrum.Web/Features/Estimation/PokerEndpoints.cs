using Fulcrum.Core;
using Fulcrum.Core.Estimation;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>
    /// The WebSocket. A plain HTTP request is 400; a cookie-authenticated upgrade from another site and
    /// an account linked to no person are 403, all before the upgrade.
    /// </summary>
    private static async Task SocketAsync(HttpContext context, IServiceScopeFactory scopes, PokerHub hub)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ProblemException.Unreadable("Not a WebSocket request", "This address speaks WebSocket only (see docs/poker-protocol.md).");
        }
        // A browser sends its cookie with a WebSocket from any page that asks: only this site's
        // own pages may open one (cross-site WebSocket hijacking). Tokens are not sent by browsers.
        if (context.Request.Headers.Origin is [{ } origin] && !SameOrigin(origin, context.Request))
        {
            throw ProblemException.Forbidden("Another site", $"WebSocket from another site ({origin}) refused.");
        }
        // The request lives as long as the socket (a whole meeting), and with it everything its
        // scope resolved: who this is and which teams they belong with are read in a scope of
        // their own, let go before the socket opens, so a socket does not keep a DbContext, its
        // connection and query caches (~20 KB each) for hours. The hub uses scopes of its own.
        PokerIdentity identity;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var me = scope.ServiceProvider.GetRequiredService<Me>();
            await me.SignInAsync(context.User, context.RequestAborted);
            identity = await IdentityAsync(me, context.RequestAborted);
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await hub.RunAsync(socket, identity, context.RequestAborted);
    }

    private static async Task<Ok<IReadOnlyList<PokerRoomSummary>>> ListAsync(Me me, PokerStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(await IdentityAsync(me, cancellationToken), cancellationToken));

    private static async Task<Created<CreatedRoom>> CreateAsync(
        CreateRoomRequest request, Me me, HttpRequest http, PokerStore store, CancellationToken cancellationToken)
    {
        var room = await store.CreateAsync(await IdentityAsync(me, cancellationToken), request, cancellationToken);
        var url = $"{http.Scheme}://{http.Host}/estimation/rooms/{room.Id}";
        var socket = $"{(http.IsHttps ? "wss" : "ws")}://{http.Host}{SocketPath}";
        return TypedResults.Created(url, new CreatedRoom(room.Id, url, socket));
    }

    /// <summary>The room's team's unfinished work items, to pick stories from.</summary>
    private static async Task<Ok<IReadOnlyList<RoomWorkItem>>> WorkItemsAsync(
        string id, Me me, PokerStore store, CancellationToken cancellationToken)
    {
        var room = await RoomAsync(id, me, store, cancellationToken);
        return TypedResults.Ok(await store.OpenWorkItemsAsync(room.TeamId, cancellationToken));
    }

    /// <summary>The team's recent finished stories per card of the room's deck (shown after a reveal).</summary>
    private static async Task<Ok<IReadOnlyList<CardReferences>>> ReferenceStoriesAsync(
        string id, Me me, PokerStore store, CancellationToken cancellationToken)
    {
        var room = await RoomAsync(id, me, store, cancellationToken);
        var deck = PokerRoomSnapshot.FromJson(room.Snapshot).Deck;
        var usable = Deck.FindBuiltIn(deck.Id) ?? Deck.Custom(deck.Name, deck.Cards, deck.Id).Deck;
        return usable is not null
            ? TypedResults.Ok(await store.ReferenceStoriesAsync(room.TeamId, usable, cancellationToken))
            : TypedResults.Ok<IReadOnlyList<CardReferences>>([]);
    }

    /// <summary>The decks a team's rooms can play with: the built-in ones, the team's own, and those of the teams above it.</summary>
    private static async Task<Ok<IReadOnlyList<TeamDeck>>> DecksAsync(
        string? team, Me me, PokerStore store, TeamDeckStore decks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await decks.ForTeamAsync(await TeamAsync(team, me, store, cancellationToken), cancellationToken));

    /// <summary>Adds a deck to a team: 422 with every problem in <c>problems</c>, 409 when the id is taken or built in.</summary>
    private static async Task<Created<TeamDeck>> CreateDeckAsync(
        CreateDeckRequest request, Me me, PokerStore store, TeamDeckStore decks, CancellationToken cancellationToken)
    {
        var teamId = await TeamAsync(request.Team, me, store, cancellationToken);
        var deck = await decks.CreateAsync(teamId, me.PersonId, request, cancellationToken);
        return TypedResults.Created($"/api/v1/poker/decks/{deck.Id}?team={Uri.EscapeDataString(deck.Team!)}", deck);
    }

    private static async Task<NoContent> RemoveDeckAsync(
        string id, string? team, Me me, PokerStore store, TeamDeckStore decks, CancellationToken cancellationToken) =>
        await decks.RemoveAsync(await TeamAsync(team, me, store, cancellationToken), id, cancellationToken)
            ? TypedResults.NoContent()
            : throw ProblemException.NotFound(Deck.FindBuiltIn(id) is not null ? $"'{id}' is a built-in deck; it cannot be removed." : $"Team '{team}' has no deck '{id}'.");

    private static async Task<PokerIdentity> IdentityAsync(Me me, CancellationToken cancellationToken) =>
        PokerIdentity.Of(await me.ScopeAsync(cancellationToken));

    /// <summary>The id of the team named, when the signed-in person may use its rooms and decks.</summary>
    private static async Task<int> TeamAsync(string? team, Me me, PokerStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(team))
        {
            throw ProblemException.InvalidField("team", "Say which team: ?team=NAME.", "No team");
        }
        var teamId = await store.TeamIdAsync(team.Trim(), cancellationToken)
            ?? throw ProblemException.NotFound($"There is no team '{team.Trim()}'.");
        return (await me.ScopeAsync(cancellationToken)).Includes(teamId)
            ? teamId
            : throw ProblemException.Forbidden("Not your team", $"You are not part of team '{team.Trim()}', so you cannot use or change its decks.");
    }

    /// <summary>An open room the signed-in person may join; rooms of other teams are not found, as if there were none.</summary>
    private static async Task<PokerRoomRecord> RoomAsync(string id, Me me, PokerStore store, CancellationToken cancellationToken)
    {
        var room = await store.FindAsync(id, cancellationToken);
        return room is not null && (await me.ScopeAsync(cancellationToken)).Includes(room.TeamId)
            ? room
            : throw ProblemException.NotFound($"There is no open room '{id}' for your teams.");
    }

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);
}
