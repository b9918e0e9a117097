using System.Globalization;
using Fulcrum.Core.Friction;
using Fulcrum.Web.Features.Review;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Friction;

/// <summary>
/// The friction log's section of the weekly review: per team the review covers (and the reader's
/// scope includes), its open items, how many were added in the week, the one waiting longest for
/// triage and the one most people said hits them too. Items untriaged for more than
/// <see cref="FrictionRules.TriageDueDays"/> days ask for attention.
/// </summary>
public sealed class FrictionReview(FrictionLog log) : IReviewSource
{
    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        var open = await log.ListAsync(reader.Scope, cancellationToken: cancellationToken);
        var week = string.Create(CultureInfo.InvariantCulture, $"{reader.Since:d MMM}–{reader.Until.AddDays(-1):d MMM}");
        var items = new List<ReviewItem>();
        foreach (var team in reader.Teams.Where(t => reader.Scope.Includes(t.Id)))
        {
            var mine = open.Where(i => i.Team.Id == team.Id).ToList();
            if (mine.Count == 0)
            {
                continue;
            }
            var added = mine.Count(i => i.CreatedAt >= reader.Since && i.CreatedAt < reader.Until);
            var overdue = mine.Count(i => i.TriageOverdue);
            var source = $"Friction log of {team.Name}: {Count(mine.Count, "open item")}, {added} added {week}";
            var list = $"{FrictionModule.Path}?team={Uri.EscapeDataString(team.Name)}";
            items.Add(new ReviewItem(
                $"{team.Name}: {Count(mine.Count, "friction item")} waiting for triage, {added} new this week"
                + (overdue > 0 ? $"; {overdue} waiting over {FrictionRules.TriageDueDays} days." : "."),
                source, list, overdue > 0));
            // The list is oldest first: its first item has waited longest.
            var oldest = mine[0];
            items.Add(new ReviewItem(
                $"Waiting longest: “{oldest.Title}” ({team.Name}), added {Count(oldest.DaysWaiting ?? 0, "day")} ago{MeTooWords(oldest.MeToos)}.",
                source, $"{FrictionModule.Path}/{oldest.Id}", oldest.TriageOverdue));
            var shared = mine.Where(i => i.MeToos > 0).OrderByDescending(i => i.MeToos).ThenBy(i => i.CreatedAt).FirstOrDefault();
            if (shared is not null && shared.Id != oldest.Id)
            {
                items.Add(new ReviewItem(
                    $"Most shared: “{shared.Title}” ({team.Name}){MeTooWords(shared.MeToos)}, open {Count(shared.DaysWaiting ?? 0, "day")}.",
                    source, $"{FrictionModule.Path}/{shared.Id}", shared.TriageOverdue));
            }
        }
        return new ReviewSection("Friction log", "Friction waiting for triage", FrictionModule.Path, items,
            reader.Teams.Count == 0 ? "The review covers no team, so no friction log." : "No open friction in your teams' logs: nothing waits for triage.");
    }

    private static string MeTooWords(int meToos) => meToos > 0 ? $"; {Count(meToos, "more person", "more people")} said it hits them too" : "";
}
