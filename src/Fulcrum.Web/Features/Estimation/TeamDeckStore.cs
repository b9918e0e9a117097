using Fulcrum.Core;
using Fulcrum.Core.Estimation;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>A deck a team's rooms can play with, built in or the team's own.</summary>
/// <param name="Team">The team that made the deck, or null for a built-in deck.</param>
/// <param name="Text">The cards as typed ("1, 2, 3, ?", "S=1, M=3"): what the deck form and the CLI take.</param>
public sealed record TeamDeck(string Id, string Name, string? Team, IReadOnlyList<Card> Cards, string Text)
{
    public bool BuiltIn => Team is null;
}

/// <param name="Cards">The cards as text: numbers, sizes, "label=number", ? and ☕, separated by commas or new lines.</param>
/// <param name="Id">The deck's id; by default made from the name ("Sprint points" → sprint-points).</param>
public sealed record CreateDeckRequest(string Team, string Name, string Cards, string? Id = null);

/// <summary>
/// Teams' own decks. A team's rooms may use the built-in decks, the team's own, and those of the
/// teams above it (a department can give every team one deck); the nearest team's deck wins when
/// two share an id. Anyone who may join a team's rooms may add or remove its decks.
/// </summary>
public sealed class TeamDeckStore(FulcrumDbContext db, TimeProvider clock)
{
    public const int MaxDecksPerTeam = 50;

    private const string DeckNotSaved = "The deck was not saved";

    /// <summary>The decks <paramref name="teamId"/>'s rooms can play with: built-in first, then the team's own, then inherited.</summary>
    public async Task<IReadOnlyList<TeamDeck>> ForTeamAsync(int teamId, CancellationToken cancellationToken = default)
    {
        var chain = await ChainAsync(teamId, cancellationToken);
        var records = await db.TeamDecks.Where(d => chain.Select(t => t.Id).Contains(d.TeamId)).ToListAsync(cancellationToken);
        var decks = Deck.BuiltIn.Select(d => new TeamDeck(d.Id, d.Name, null, d.Cards, d.ToText())).ToList();
        foreach (var (id, name) in chain)
        {
            foreach (var record in records.Where(r => r.TeamId == id).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (decks.All(d => d.Id != record.DeckId) && Build(record) is { } deck)
                {
                    decks.Add(new TeamDeck(deck.Id, deck.Name, name, deck.Cards, record.Cards));
                }
            }
        }
        return decks;
    }

    /// <summary>The deck with this id that <paramref name="teamId"/>'s rooms may use; refused (the room's
    /// <c>deck</c> field) listing the ones they may.</summary>
    public async Task<Deck> ResolveAsync(int teamId, string deckId, CancellationToken cancellationToken = default)
    {
        if (Deck.FindBuiltIn(deckId) is { } builtIn)
        {
            return builtIn;
        }
        var decks = await ForTeamAsync(teamId, cancellationToken);
        var found = decks.FirstOrDefault(d => d.Id == deckId);
        if (found is null)
        {
            throw ProblemException.InvalidField("deck", $"There is no deck '{deckId}' for this team. Decks: {string.Join(", ", decks.Select(d => d.Id))}.",
                PokerStore.RoomNotCreated);
        }
        return Deck.Custom(found.Name, found.Cards, found.Id).Deck!;
    }

    /// <summary>
    /// Saves a team's deck. Refused as invalid with every problem found in the cards (or a name that
    /// makes no id), or as a conflict when the id is built in or taken, or the team has its fill of decks.
    /// </summary>
    public async Task<TeamDeck> CreateAsync(int teamId, int personId, CreateDeckRequest request, CancellationToken cancellationToken = default)
    {
        var name = request.Name?.Trim() ?? "";
        var id = string.IsNullOrWhiteSpace(request.Id) ? Deck.IdFromName(name) : request.Id.Trim();
        if (id.Length == 0)
        {
            throw ProblemException.Invalid(DeckNotSaved,
                ["the name has no letter a–z or digit to make the deck's id from; give an id (lower-case letters, digits, hyphens)"]);
        }
        var parsed = Deck.Parse(name, request.Cards ?? "", id);
        if (!parsed.Succeeded)
        {
            throw ProblemException.Invalid(DeckNotSaved, parsed.Problems);
        }
        if (Deck.FindBuiltIn(id) is not null)
        {
            throw ProblemException.Conflict(DeckNotSaved, $"'{id}' is a built-in deck's id; give the deck another name or id.");
        }
        if (await db.TeamDecks.AnyAsync(d => d.TeamId == teamId && d.DeckId == id, cancellationToken))
        {
            throw ProblemException.Conflict(DeckNotSaved, $"The team already has a deck '{id}'; remove it first or choose another name.");
        }
        if (await db.TeamDecks.CountAsync(d => d.TeamId == teamId, cancellationToken) >= MaxDecksPerTeam)
        {
            throw ProblemException.Conflict(DeckNotSaved, $"A team has at most {MaxDecksPerTeam} decks; remove one first.");
        }
        var deck = parsed.Deck;
        var cards = deck.ToText();
        if (TextRules.Problem(cards, db.Model.Text<TeamDeckRecord>(nameof(TeamDeckRecord.Cards))) is { } tooLong)
        {
            // Each card is short, but a number written out can be long ("L=1e300" is 301 digits).
            throw ProblemException.Invalid(DeckNotSaved, [$"the cards, written out as the deck stores them, are {tooLong}; use smaller numbers or fewer cards"]);
        }
        var record = new TeamDeckRecord
        {
            TeamId = teamId, DeckId = deck.Id, Name = deck.Name, Cards = cards, CreatedByPersonId = personId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.TeamDecks.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        var team = await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleAsync(cancellationToken);
        return new TeamDeck(deck.Id, deck.Name, team, deck.Cards, record.Cards);
    }

    /// <summary>Removes the team's own deck; rooms that used it keep their copy. False when the team has no such deck.</summary>
    public async Task<bool> RemoveAsync(int teamId, string deckId, CancellationToken cancellationToken = default) =>
        await db.TeamDecks.Where(d => d.TeamId == teamId && d.DeckId == deckId).ExecuteDeleteAsync(cancellationToken) > 0;

    private static Deck? Build(TeamDeckRecord record) => Deck.Parse(record.Name, record.Cards, record.DeckId).Deck;

    /// <summary>The team and the teams above it, nearest first.</summary>
    private async Task<List<(int Id, string Name)>> ChainAsync(int teamId, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.Select(t => new { t.Id, t.Name, t.ParentTeamId }).ToDictionaryAsync(t => t.Id, cancellationToken);
        var chain = new List<(int, string)>();
        for (int? cursor = teamId; cursor is int id && teams.TryGetValue(id, out var team) && chain.Count < 64; cursor = team.ParentTeamId)
        {
            chain.Add((team.Id, team.Name));
        }
        return chain;
    }
}
