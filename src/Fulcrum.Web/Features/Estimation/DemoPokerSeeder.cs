using System.Text.Json;
using Fulcrum.Core.Estimation;
using Fulcrum.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>
/// A refinement room per team, opened by its manager with the next stories from the team's
/// backlog, so the Estimation page has rooms to walk into. Mobile plays with a deck of its own
/// (T-shirt sizes standing for points), so team decks show too. Made through the same store the
/// page uses. Behind the finished stories lies a closed room per team with how each estimate came
/// about (first-round votes, a second round when the first spread wide), so calibration can show
/// first-round consensus and how far votes converge; Payments, who under-estimate their big
/// cards, also disagree most about them.
/// </summary>
public sealed class DemoPokerSeeder(PokerStore rooms, TeamDeckStore decks) : IDemoSeeder
{
    public int Order => 30;

    private const int StoriesPerRoom = 5;

    private static readonly (string Team, string Facilitator, string Room, string? Deck)[] Rooms =
    [
        ("platform", "priya", "Platform refinement", null),
        ("payments", "daniel", "Payments refinement", null),
        ("mobile", "chloe", "Mobile sizing", "sizes-in-points"),
        ("growth", "lucas", "Growth refinement", null),
    ];

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var mobile = context.Teams["mobile"];
        await decks.CreateAsync(mobile.Id, context.People["chloe"].Id,
            new CreateDeckRequest(mobile.Name, "Sizes in points", "XS=1, S=2, M=3, L=5, XL=8, ?, ☕"), cancellationToken);
        foreach (var (teamKey, facilitatorKey, name, deck) in Rooms)
        {
            var team = context.Teams[teamKey];
            var facilitator = context.People[facilitatorKey];
            // The backlog's next stories: estimated or not, but not started yet.
            var backlog = await context.Db.WorkItems
                .Where(i => i.TeamId == team.Id && i.StartedAt == null && i.DoneAt == null && i.Kind == "story")
                .OrderBy(i => i.Id).Select(i => i.ExternalId).Take(StoriesPerRoom)
                .ToListAsync(cancellationToken);
            var identity = new PokerIdentity(facilitator.Id, facilitator.Name, _ => true);
            await rooms.CreateAsync(identity, new CreateRoomRequest(team.Name, name, deck, FacilitatorVotes: true, WorkItems: backlog), cancellationToken);
            await SeedHistoryAsync(context, teamKey, facilitatorKey, cancellationToken);
        }
    }

    /// <summary>A closed room holding how the team's finished stories were estimated.</summary>
    private static async Task SeedHistoryAsync(DemoContext context, string teamKey, string facilitatorKey, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var team = context.Teams[teamKey];
        var facilitator = context.People[facilitatorKey];
        var voters = context.People.Values.Count(p => p.TeamId == team.Id);
        var random = new Random(teamKey.Sum(c => c) * 7919 + 30);
        var deck = Deck.ModifiedFibonacci;
        var scale = deck.Scale.Where(c => c.Value is not null).ToList();
        var ladder = new DeckLadder(deck.Id, scale.Select(c => c.Value!.Value).ToList());
        var finished = await db.WorkItems
            .Where(i => i.TeamId == team.Id && i.DoneAt != null && i.Estimate != null && i.EstimateUnit == "points")
            .OrderBy(i => i.Id).Select(i => new { i.Id, i.Title, i.Estimate, i.DoneAt, i.StartedAt })
            .ToListAsync(cancellationToken);
        var now = context.Clock.GetUtcNow();
        var room = PokerRoom.Create($"past-{teamKey}", team.Id, $"{team.Name}: earlier refinements", deck, facilitator.Id, facilitator.Name, context.Clock);
        var start = finished.Count == 0 ? now.UtcDateTime : finished.Min(i => i.StartedAt ?? i.DoneAt!.Value).AddDays(-2);
        db.PokerRooms.Add(new PokerRoomRecord
        {
            Id = room.Id, TeamId = team.Id, Name = room.Name, DeckId = deck.Id, CreatedByPersonId = facilitator.Id,
            CreatedAt = start, UpdatedAt = start, ClosedAt = now.UtcDateTime, Snapshot = room.Snapshot().ToJson(),
        });
        var storyId = 0;
        foreach (var item in finished)
        {
            var final = scale.FindIndex(c => c.Value == item.Estimate);
            if (final < 0 || random.NextDouble() < 0.15)
            {
                continue; // Estimated outside a room, as some stories are.
            }
            // The bigger the card, the wider the first votes; Payments' big cards split the room.
            var wide = 0.08 + 0.035 * final + (teamKey == "payments" && final >= 6 ? 0.4 : 0);
            var first = Votes(random, scale, final, voters, wide);
            var rounds = new List<RoundSummary> { Summary(1, first, deck, ladder) };
            if (ladder.Spread(first) > 1)
            {
                rounds.Add(Summary(2, Votes(random, scale, final, voters, 0.12), deck, ladder));
            }
            var accepted = (item.StartedAt ?? item.DoneAt!.Value).AddDays(-1 - random.NextDouble() * 10);
            db.EstimateRecords.Add(new EstimateRecord
            {
                RoomId = room.Id, StoryId = ++storyId, WorkItemId = item.Id, Title = item.Title, DeckId = deck.Id,
                Card = scale[final].Label, Value = scale[final].Value, Rounds = rounds.Count, AcceptedAt = accepted,
                History = JsonSerializer.Serialize(rounds, JsonSerializerOptions.Web),
            });
        }
    }

    /// <summary>Each voter's card: the final card, or one or two steps off it with a chance that grows with <paramref name="wide"/>.</summary>
    private static List<double> Votes(Random random, List<Card> scale, int final, int voters, double wide) =>
        Enumerable.Range(0, voters).Select(_ =>
        {
            var off = random.NextDouble() < wide ? (random.NextDouble() < 0.2 ? 2 : 1) * (random.Next(2) == 0 ? -1 : 1) : 0;
            return scale[Math.Clamp(final + off, 0, scale.Count - 1)].Value!.Value;
        }).ToList();

    private static RoundSummary Summary(int number, List<double> votes, Deck deck, DeckLadder ladder)
    {
        var distribution = votes.GroupBy(v => v).OrderBy(g => g.Key)
            .Select(g => new CardCount(deck.NearestCard(g.Key)!.Label, g.Count())).ToList();
        return new RoundSummary(number, distribution, votes, 0, 0, ladder.Spread(votes), Calibration.AdjacentCardsConsensus(votes, ladder));
    }
}
