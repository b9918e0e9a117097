using Fulcrum.Core;
using Fulcrum.Core.Estimation;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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
    /// The WebSocket, served at the front of the pipeline rather than as an endpoint. A socket is a
    /// request that lasts a whole meeting, and everything the request holds lives as long: behind the
    /// full pipeline that was each middleware's frame, the request's service scope (authentication
    /// handlers, their cached result and claims) and the routing state, about 5 KB a socket, 50 MB
    /// at 10,000 sockets. Here the handshake runs in a scope of its own that is gone before the
    /// socket opens, and the request keeps only Kestrel's own state and the socket.
    /// The answers are those of any API address: 401 without a valid session or token (the same
    /// challenge), 400 for a plain HTTP request, 403 for a cookie-authenticated upgrade from another
    /// site or an account linked to no person, each as ProblemDetails, all before the upgrade.
    /// </summary>
    public static IApplicationBuilder UsePokerSocket(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        // Not an async lambda: other requests pass through without a frame of ours. The hub is looked
        // up per socket, not here: building it reads the settings, which the start checks first and
        // reports by name (FulcrumWebApp.CheckSettings).
        return app.Use(next => context => context.Request.Path.Equals(SocketPath, StringComparison.OrdinalIgnoreCase)
            ? SocketAsync(context, scopes, services.GetRequiredService<PokerHub>())
            : next(context));
    }

    private static async Task SocketAsync(HttpContext context, IServiceScopeFactory scopes, PokerHub hub)
    {
        var identity = await HandshakeAsync(context, scopes);
        if (identity is null)
        {
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await hub.RunAsync(socket, identity, context.RequestAborted);
    }

    /// <summary>Who is connecting, or null once the refusal has been written.</summary>
    private static async Task<PokerIdentity?> HandshakeAsync(HttpContext context, IServiceScopeFactory scopes)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Everything the handshake resolves through the request (authentication handlers, the
        // security-stamp check, ProblemDetails writers) comes from this scope, and goes with it.
        var requestServices = context.Features.Get<IServiceProvidersFeature>();
        context.Features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = scope.ServiceProvider });
        try
        {
            var signedIn = await context.AuthenticateAsync();
            if (!signedIn.Succeeded)
            {
                await context.ChallengeAsync();
                if (!context.Response.HasStarted)
                {
                    await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required",
                        detail: "Send a personal API token as 'Authorization: Bearer <token>' or sign in.").ExecuteAsync(context);
                }
                return null;
            }
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
            var me = scope.ServiceProvider.GetRequiredService<Me>();
            await me.SignInAsync(signedIn.Principal, context.RequestAborted);
            return await IdentityAsync(me, context.RequestAborted);
        }
        catch (ProblemException problem)
        {
            await problem.ToHttp().ExecuteAsync(context);
            return null;
        }
        finally
        {
            context.Features.Set(requestServices);
        }
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
