using Fulcrum.Core.Careers;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Careers;

/// <summary>One step in a person's career history: on which ladder, track and level, from when.</summary>
/// <param name="Track">The ladder track's name, or null when the ladder has no such track (see <paramref name="Note"/>).</param>
/// <param name="Title">The level's title on that ladder, when the ladder is still there and has the level.</param>
public sealed record PlacementView(
    long Id, string LadderId, string? Ladder, string TrackId, string? Track, int Level, string? Title,
    DateTime Since, int? RecordedByPersonId, string? RecordedBy, string? Note);

/// <summary>A person whose career track or level may just have changed, with what they were before.</summary>
public sealed record PlacementChange(Person Person, string? PreviousTrack, int? PreviousLevel);

/// <summary>
/// People's placements on the active ladder over time. Whenever a person's career track or level
/// is set to something new (the people form, the API, the CSV import), a placement is recorded on
/// the ladder that is active then, with the ladder's own track for the organisation's career track
/// (<see cref="Ladder.TrackForCareerTrack"/>). The history is a private record (ADR 0004): the
/// person and their manager chain read it.
/// </summary>
public sealed class CareerPlacements(FulcrumDbContext db, LadderStore ladders, TimeProvider clock)
{
    /// <summary>
    /// Adds a placement for every person whose track or level changed to a complete place (both
    /// set). The people must have ids (be saved); the caller saves the placements with its own
    /// changes. Clearing a track or level records nothing: a placement is a place on the ladder.
    /// </summary>
    public async Task AddChangesAsync(IEnumerable<PlacementChange> changes, int? recordedByPersonId, CancellationToken cancellationToken = default)
    {
        var changed = changes
            .Where(c => c.Person.Track is not null && c.Person.Level is not null)
            .Where(c => c.Person.Track != c.PreviousTrack || c.Person.Level != c.PreviousLevel)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var ladder = await ladders.ActiveAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (person, _, _) in changed)
        {
            var (trackId, note) = Place(ladder, person.Track!, person.Level!.Value);
            db.CareerPlacements.Add(new CareerPlacement
            {
                PersonId = person.Id, LadderId = ladder.Id, TrackId = trackId, Level = person.Level.Value,
                Since = now, RecordedByPersonId = recordedByPersonId, Note = note,
            });
        }
    }

    /// <summary>A person's placements, newest first, with the titles their ladders give them.</summary>
    public async Task<IReadOnlyList<PlacementView>> HistoryAsync(int personId, CancellationToken cancellationToken = default)
    {
        var rows = await db.CareerPlacements.Where(p => p.PersonId == personId)
            .OrderByDescending(p => p.Since).ThenByDescending(p => p.Id)
            .Select(p => new
            {
                Placement = p,
                RecordedBy = db.People.Where(r => r.Id == p.RecordedByPersonId).Select(r => r.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var ladderCache = new Dictionary<string, Ladder?>();
        var views = new List<PlacementView>(rows.Count);
        foreach (var row in rows)
        {
            var p = row.Placement;
            if (!ladderCache.TryGetValue(p.LadderId, out var ladder))
            {
                ladderCache[p.LadderId] = ladder = (await ladders.FindAsync(p.LadderId, cancellationToken))?.Ladder;
            }
            var track = ladder?.FindTrack(p.TrackId);
            var title = track is null ? null : ladder!.LevelAt(track.Id, p.Level)?.Title;
            views.Add(new(p.Id, p.LadderId, ladder?.Name, p.TrackId, track?.Name, p.Level, title, p.Since, p.RecordedByPersonId, row.RecordedBy, p.Note));
        }
        return views;
    }

    /// <summary>
    /// The ladder track for an organisation career track, and a note when the ladder cannot hold the
    /// place: no track for it (the career track key is kept) or no such level on the track.
    /// </summary>
    public static (string TrackId, string? Note) Place(Ladder ladder, string careerTrack, int level)
    {
        var track = ladder.TrackForCareerTrack(careerTrack);
        if (track is null)
        {
            return (careerTrack, $"{ladder.Name} has no {CareerTracksLabel(careerTrack)} track; recorded as '{careerTrack}'.");
        }
        return ladder.LevelAt(track.Id, level) is null
            ? (track.Id, $"{ladder.Name} has no level {level} on its {track.Name} track.")
            : (track.Id, null);
    }

    private static string CareerTracksLabel(string careerTrack) =>
        Core.Organisation.CareerTracks.Label(careerTrack).ToLowerInvariant();
}
