using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Estimation;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Demo;

/// <summary>
/// A refinement room per team, opened by its manager with the next stories from the team's
/// backlog, so the Estimation page has rooms to walk into. Mobile plays with a deck of its own
/// (T-shirt sizes standing for points), so team decks show too. Made through the same store the
/// page uses.
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
        }
    }
}
