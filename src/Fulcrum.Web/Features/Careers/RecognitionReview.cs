using Fulcrum.Core.Careers;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Review;
using Microsoft.EntityFrameworkCore;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// Careers' part of the weekly review: the people of the review's teams nobody has recognised lately,
/// by the rule and with the rights of the home agenda and the kudos page (the people the reader looks
/// after; everyone for leaders), named as the agenda names them. Never who received how many.
/// </summary>
public sealed class RecognitionReview(Recognition recognition, FulcrumDbContext db) : IReviewSource
{
    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        var unrecognised = await recognition.UnrecognisedAsync(reader.Scope, reader.Leads, RecognitionGap.DefaultDays, cancellationToken);
        if (unrecognised is null || reader.Teams.Count == 0)
        {
            return null;
        }
        var teams = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.Name, t.ParentTeamId }).ToListAsync(cancellationToken);
        var byName = teams.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var reviewed = reader.Teams.Select(t => t.Id).ToHashSet();
        // A person counts under the nearest review team at or above their own, so a director whose own
        // team is the department does not see everyone twice.
        ReviewTeam? Nearest(string? teamName)
        {
            for (var at = teamName is not null && byName.TryGetValue(teamName, out var own) ? own : null; at is not null;
                 at = at.ParentTeamId is int parent ? teams.Single(t => t.Id == parent) : null)
            {
                if (reviewed.Contains(at.Id))
                {
                    return reader.Teams.First(t => t.Id == at.Id);
                }
            }
            return null;
        }
        var grouped = unrecognised.Select(p => (Person: p, Team: Nearest(p.Team))).Where(p => p.Team is not null)
            .GroupBy(p => p.Team!.Id).ToDictionary(g => g.Key, g => g.Select(p => p.Person).ToList());
        var href = $"/careers/kudos?days={RecognitionGap.DefaultDays}";
        var items = reader.Teams.Where(t => grouped.ContainsKey(t.Id)).Select(team => new ReviewItem(
                $"{team.Name}: no team kudos in {RecognitionGap.DefaultDays} days for {CareersAgenda.Named(grouped[team.Id])}.",
                $"Kudos in Careers, the {RecognitionGap.DefaultDays} days before today: {Count(grouped[team.Id].Count, "person", "people")} of {team.Name} "
                    + $"{(reader.Leads ? "" : "in your reporting line ")}with no team kudos (private kudos do not count).",
                href, Attention: true))
            .ToList();
        return new ReviewSection("Careers", "Recognition", "/careers/kudos", items,
            $"Everyone you look after in {string.Join(", ", reader.Teams.Select(t => t.Name))} had team kudos in the last {RecognitionGap.DefaultDays} days.");
    }
}
