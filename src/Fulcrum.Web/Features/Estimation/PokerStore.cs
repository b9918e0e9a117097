using System.Security.Cryptography;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Core.Estimation;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>For each card of a room's deck, the team's recent finished stories estimated at that card.</summary>
public sealed record CardReferences(string Card, IReadOnlyList<ReferenceStory> Stories);

public sealed record RoomWorkItem(string Id, string Title, string Kind, double? Estimate, string? EstimateUnit);

public sealed record PokerRoomSummary(string Id, string Name, string Team, string DeckId, string DeckName, int Stories, int Estimated, DateTime CreatedAt, DateTime UpdatedAt);

/// <param name="Stories">Story titles, or lines pasted from a list (one story per line).</param>
public sealed record CreateRoomRequest(string Team, string Name, string? Deck = null, bool FacilitatorVotes = true, IReadOnlyList<string>? Stories = null,
    IReadOnlyList<string>? WorkItems = null);

/// <summary>
/// Rooms in the database: who may join a team's rooms, creating a room, listing them, and saving
/// what the live rooms changed (snapshots, accepted estimates and the work items they belong to).
/// </summary>
public sealed class PokerStore(FulcrumDbContext db, PersonAccess access, TeamDeckStore decks, TimeProvider clock, IOptions<EstimationOptions> options)
{
    private const string IdAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    /// <summary>The title of every refusal to open a room.</summary>
    public const string RoomNotCreated = "The room was not created";

    /// <summary>
    /// The signed-in person and the teams whose rooms they may join (<see cref="PersonAccess.TeamScopeAsync"/>),
    /// for the pages. Null when the account is not linked to a person (poker needs a name and a team);
    /// endpoints take a <see cref="Me"/> instead, which refuses such an account for them.
    /// </summary>
    public async Task<PokerIdentity?> IdentityAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        await access.TeamScopeAsync(user, cancellationToken) is { } scope ? PokerIdentity.Of(scope) : null;

    /// <summary>
    /// Opens a room for a team the person belongs with. Refused as not found (no such team or work
    /// item), forbidden (another team's), or invalid naming the field (an unknown deck, a bad name or stories).
    /// </summary>
    public async Task<PokerRoomRecord> CreateAsync(PokerIdentity identity, CreateRoomRequest request, CancellationToken cancellationToken = default)
    {
        var teamName = request.Team?.Trim() ?? "";
        CheckTeamName(teamName, RoomNotCreated);
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Name == teamName, cancellationToken)
            ?? throw ProblemException.NotFound($"There is no team '{teamName}'.", RoomNotCreated);
        if (!identity.MayJoinTeam(team.Id))
        {
            throw ProblemException.Forbidden(RoomNotCreated, $"You are not part of team '{team.Name}', so you cannot open a room for it.");
        }
        var deckId = string.IsNullOrWhiteSpace(request.Deck) ? Deck.ModifiedFibonacci.Id : request.Deck.Trim();
        var deck = await decks.ResolveAsync(team.Id, deckId, cancellationToken);
        var stories = new List<StoryInput>();
        foreach (var line in request.Stories ?? [])
        {
            stories.AddRange(StoryImport.FromLines(line));
        }
        foreach (var externalId in request.WorkItems ?? [])
        {
            // Checked before it is looked up: PostgreSQL refuses a NUL even in a query.
            if (TextRules.Sentence("A work item id", externalId ?? "", WorkItemIdField) is { } problem)
            {
                throw ProblemException.InvalidField("workItems", problem, RoomNotCreated);
            }
            var item = await db.WorkItems.Where(i => i.ExternalId == externalId).Select(i => new { i.ExternalId, i.Title }).SingleOrDefaultAsync(cancellationToken)
                ?? throw ProblemException.NotFound($"There is no work item '{externalId}'.", RoomNotCreated);
            stories.Add(new StoryInput(item.Title, item.ExternalId));
        }
        var id = NewRoomId();
        var room = PokerRoom.Create(id, team.Id, request.Name ?? "", deck, identity.PersonId, identity.Name, clock, request.FacilitatorVotes, options.Value.RoomSettings);
        if (stories.Count > 0)
        {
            var added = room.AddInitialStories(stories);
            if (!added.IsAccepted)
            {
                throw ProblemException.InvalidField("stories", added.Error!.Message, RoomNotCreated);
            }
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new PokerRoomRecord
        {
            Id = id, TeamId = team.Id, Name = room.Name, DeckId = deck.Id, CreatedByPersonId = identity.PersonId,
            CreatedAt = now, UpdatedAt = now, Snapshot = room.Snapshot().ToJson(),
        };
        db.PokerRooms.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>The open rooms of the teams the person may join, most recently active first.</summary>
    public async Task<IReadOnlyList<PokerRoomSummary>> ListAsync(PokerIdentity identity, CancellationToken cancellationToken = default)
    {
        var records = await db.PokerRooms.Where(r => r.ClosedAt == null)
            .OrderByDescending(r => r.UpdatedAt)
            .Select(r => new { r.Id, r.Name, Team = r.Team!.Name, r.TeamId, r.DeckId, r.CreatedAt, r.UpdatedAt, r.Snapshot })
            .ToListAsync(cancellationToken);
        return records.Where(r => identity.MayJoinTeam(r.TeamId)).Select(r =>
        {
            var snapshot = PokerRoomSnapshot.FromJson(r.Snapshot);
            return new PokerRoomSummary(r.Id, r.Name, r.Team, r.DeckId, snapshot.Deck.Name, snapshot.Stories.Count,
                snapshot.Stories.Count(s => s.FinalEstimate is not null), r.CreatedAt, r.UpdatedAt);
        }).ToList();
    }

    /// <summary>A team's work items that are not done, newest first: what a room can pick stories from.</summary>
    public async Task<IReadOnlyList<RoomWorkItem>> OpenWorkItemsAsync(int teamId, CancellationToken cancellationToken = default) =>
        await db.WorkItems.Where(i => i.TeamId == teamId && i.DoneAt == null)
            .OrderByDescending(i => i.ReceivedAt).ThenBy(i => i.ExternalId).Take(200)
            .Select(i => new RoomWorkItem(i.ExternalId, i.Title, i.Kind, i.Estimate, i.EstimateUnit))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Reference stories: for each numeric card of <paramref name="deck"/>, the team's most recent
    /// finished work items whose estimate in points equals the card, with how long they took. The
    /// room shows them only after a reveal, so they inform the discussion without anchoring votes.
    /// </summary>
    public async Task<IReadOnlyList<CardReferences>> ReferenceStoriesAsync(int teamId, Deck deck, CancellationToken cancellationToken = default)
    {
        var values = deck.Scale.Where(c => c.Value is not null).Select(c => c.Value!.Value).ToList();
        var finished = await db.WorkItems
            .Where(i => i.TeamId == teamId && i.DoneAt != null && i.StartedAt != null && i.EstimateUnit == "points" && i.Estimate != null && values.Contains(i.Estimate.Value))
            .OrderByDescending(i => i.DoneAt).Take(2000)
            .Select(i => new { i.ExternalId, i.Title, i.Estimate, i.StartedAt, i.DoneAt })
            .ToListAsync(cancellationToken);
        var labelOf = deck.Scale.Where(c => c.Value is not null).ToDictionary(c => c.Value!.Value, c => c.Label);
        var facts = finished.Select(i => new FinishedItemFact(i.ExternalId, i.Title, deck.Id, labelOf[i.Estimate!.Value], i.Estimate, i.StartedAt, i.DoneAt!.Value)).ToList();
        return deck.Scale.Where(c => c.Value is not null)
            .Select(c => new CardReferences(c.Label, Calibration.ReferenceStories(facts, deck.Id, c.Label, count: 3)))
            .Where(r => r.Stories.Count > 0)
            .ToList();
    }

    /// <summary>The id of the team named; null when there is none. A name no team can have (a control
    /// character) is refused on the <c>team</c> field.</summary>
    public async Task<int?> TeamIdAsync(string name, CancellationToken cancellationToken = default)
    {
        CheckTeamName(name ?? "", "No team");
        return await db.Teams.Where(t => t.Name == name).Select(t => (int?)t.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>A team's name is checked before it is looked up: PostgreSQL refuses a NUL even in a query.</summary>
    private void CheckTeamName(string name, string title)
    {
        if (TextRules.Sentence("A team name", name, db.Model.Text<Team>(nameof(Team.Name))) is { } problem)
        {
            throw ProblemException.InvalidField("team", problem, title);
        }
    }

    private static readonly TextField WorkItemIdField = new(PokerLimits.MaxWorkItemIdLength);

    public async Task<PokerRoomRecord?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        await db.PokerRooms.Include(r => r.Team).SingleOrDefaultAsync(r => r.Id == id && r.ClosedAt == null, cancellationToken);

    /// <summary>
    /// Writes whole rooms (their snapshot, clearing the open round saved after the last one), open
    /// rounds alone, and accepted estimates, in one transaction. With several nodes
    /// (<paramref name="ownerNode"/> set), a room is written only while that node owns it; the ids of
    /// the rooms another node owns by now come back, unwritten.
    /// </summary>
    public async Task<IReadOnlySet<string>> SaveAsync(
        IReadOnlyList<(string Id, string Snapshot)> rooms, IReadOnlyList<(string Id, string? OpenRound)> openRounds,
        IReadOnlyList<AcceptedEstimate> accepted, string? ownerNode, CancellationToken cancellationToken)
    {
        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var lost = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, snapshot) in rooms)
        {
            // Plain SQL (parameters mapped by EF as for any query), not ExecuteUpdateAsync: a save pass
            // writes every busy room, a thousand of them under load, and translating the same LINQ
            // update a thousand times cost more than writing the rows.
            var written = ownerNode is null
                ? await db.Database.ExecuteSqlAsync(
                    $"""UPDATE "PokerRooms" SET "Snapshot" = {snapshot}, "OpenRound" = NULL, "UpdatedAt" = {now} WHERE "Id" = {id}""", cancellationToken)
                : await db.Database.ExecuteSqlAsync(
                    $"""
                    UPDATE "PokerRooms" SET "Snapshot" = {snapshot}, "OpenRound" = NULL, "UpdatedAt" = {now}
                    WHERE "Id" = {id} AND EXISTS (SELECT 1 FROM "PokerRoomOwners" o WHERE o."RoomId" = {id} AND o."NodeId" = {ownerNode})
                    """, cancellationToken);
            if (written == 0 && ownerNode is not null)
            {
                lost.Add(id);
            }
        }
        foreach (var (id, openRound) in openRounds)
        {
            var written = ownerNode is null
                ? await db.Database.ExecuteSqlAsync(
                    $"""UPDATE "PokerRooms" SET "OpenRound" = {openRound}, "UpdatedAt" = {now} WHERE "Id" = {id}""", cancellationToken)
                : await db.Database.ExecuteSqlAsync(
                    $"""
                    UPDATE "PokerRooms" SET "OpenRound" = {openRound}, "UpdatedAt" = {now}
                    WHERE "Id" = {id} AND EXISTS (SELECT 1 FROM "PokerRoomOwners" o WHERE o."RoomId" = {id} AND o."NodeId" = {ownerNode})
                    """, cancellationToken);
            if (written == 0 && ownerNode is not null)
            {
                lost.Add(id);
            }
        }
        foreach (var estimate in accepted)
        {
            var item = estimate.WorkItemId is null ? null : await db.WorkItems.SingleOrDefaultAsync(i => i.ExternalId == estimate.WorkItemId, cancellationToken);
            db.EstimateRecords.Add(new EstimateRecord
            {
                RoomId = estimate.RoomId, StoryId = estimate.StoryId, WorkItemId = item?.Id, Title = estimate.Title, DeckId = estimate.DeckId,
                Card = estimate.Card, Value = estimate.Value, Rounds = estimate.Rounds.Count, AcceptedAt = estimate.AcceptedAt.UtcDateTime,
                History = JsonSerializer.Serialize(estimate.Rounds, JsonSerializerOptions.Web),
            });
            if (item is not null && estimate.Value is double points)
            {
                // The accepted card becomes the work item's estimate, in points, for calibration.
                item.Estimate = points;
                item.EstimateUnit = "points";
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return lost;
    }

    private static string NewRoomId()
    {
        Span<char> id = stackalloc char[9];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = i == 4 ? '-' : IdAlphabet[RandomNumberGenerator.GetInt32(IdAlphabet.Length)];
        }
        return id.ToString();
    }
}
