using Fulcrum.Core.Careers;
using Fulcrum.Core.Organisation;
using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// Career histories for the demo people on the built-in ladder: their current place since some
/// months ago, and one or two steps before it, recorded by their managers. Engineering managers at
/// level 5 came from the IC track's level 5: the track switch the comparison page describes.
/// </summary>
public sealed class DemoPlacementsSeeder : IDemoSeeder
{
    public int Order => 40;

    public Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        // Its own seed, so the other seeders' random draws stay as they were.
        var random = new Random(5);
        var ladder = DefaultLadder.Load();
        var now = context.Clock.GetUtcNow().UtcDateTime.Date;
        foreach (var person in context.People.Values.OrderBy(p => p.Email, StringComparer.Ordinal))
        {
            if (person.Track is not { } track || person.Level is not int level)
            {
                continue;
            }
            var since = now.AddDays(-30 * (4 + random.Next(20)));
            var steps = new List<(string Track, int Level, DateTime Since)> { (track, level, since) };
            for (var back = 1; back <= 2 && steps[^1].Level > 1; back++)
            {
                var (stepTrack, stepLevel, stepSince) = steps[^1];
                var earlier = stepSince.AddDays(-30 * (12 + random.Next(12)));
                steps.Add(stepTrack == CareerTracks.Management && stepLevel == ladder.ForkAt
                    ? (CareerTracks.IndividualContributor, stepLevel, earlier)
                    : (stepTrack, stepLevel - 1, earlier));
            }
            foreach (var (stepTrack, stepLevel, stepSince) in steps)
            {
                var (trackId, note) = CareerPlacements.Place(ladder, stepTrack, stepLevel);
                context.Db.CareerPlacements.Add(new CareerPlacement
                {
                    PersonId = person.Id, LadderId = ladder.Id, TrackId = trackId, Level = stepLevel, Since = stepSince,
                    RecordedByPersonId = person.ManagerId, Note = note,
                });
            }
        }
        return Task.CompletedTask;
    }
}
