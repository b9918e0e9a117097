using System.Globalization;
using Fulcrum.Core.Friction;
using Fulcrum.Web.Features.Review;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Friction;

/// <summary>
/// The friction log's section of the weekly review. Per team the review covers (within the reader's
/// scope, its sub-teams counted with it as the log's own list does): how many items wait for triage
/// and how many were added in the week. Then, across those teams, the items waiting longest and the
/// one most people said hits them too. Untriaged for more than <see cref="FrictionRules.TriageDueDays"/>
/// days asks for attention.
/// </summary>
public sealed class FrictionReview(FrictionLog log) : IReviewSource
{
    public const int Longest = 3;

    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        var week = ReviewText.Days(reader.Since, reader.Until);
        var items = new List<ReviewItem>();
        var covered = new List<(FrictionSummary Item, string Source)>();
        foreach (var team in reader.Teams.Where(t => reader.Scope.Includes(t.Id)))
        {
            var open = await log.ListAsync(reader.Scope, team.Id.ToString(CultureInfo.InvariantCulture), "open", cancellationToken);
            if (open.Count == 0)
            {
                continue;
            }
            var added = open.Count(i => i.CreatedAt >= reader.Since && i.CreatedAt < reader.Until);
            var overdue = open.Count(i => i.TriageOverdue);
            var source = $"Friction log of {team.Name}: {Count(open.Count, "open item")}, {added} added {week}";
            items.Add(new ReviewItem(
                $"{team.Name}: {Count(open.Count, "friction item")} waiting for triage, {added} new this week"
                + (overdue > 0 ? $"; {overdue} waiting over {FrictionRules.TriageDueDays} days." : "."),
                source, $"{FrictionModule.Path}?team={Uri.EscapeDataString(team.Name)}", reader.Leads && overdue > 0));
            covered.AddRange(open.Select(i => (i, source)));
        }
        // A department and its teams may both be covered: each item once, with the first team's source.
        var distinct = covered.DistinctBy(c => c.Item.Id).ToList();
        var longest = distinct.OrderBy(c => c.Item.CreatedAt).ThenBy(c => c.Item.Id).Take(Longest).ToList();
        items.AddRange(longest.Select(c => new ReviewItem(
            $"Waiting longest for triage: “{c.Item.Title}” ({c.Item.Team.Name}), {Count(c.Item.DaysWaiting ?? 0, "day")}{MeTooWords(c.Item.MeToos)}.",
            c.Source, $"{FrictionModule.Path}/{c.Item.Id}", reader.Leads && c.Item.TriageOverdue)));
        var shared = distinct.Where(c => c.Item.MeToos > 0).OrderByDescending(c => c.Item.MeToos).ThenBy(c => c.Item.CreatedAt).FirstOrDefault();
        if (shared.Item is { } most && longest.All(c => c.Item.Id != most.Id))
        {
            items.Add(new ReviewItem($"Hits the most people: “{most.Title}” ({most.Team.Name}){MeTooWords(most.MeToos)}, open {Count(most.DaysWaiting ?? 0, "day")}.",
                shared.Source, $"{FrictionModule.Path}/{most.Id}", reader.Leads && most.TriageOverdue));
        }
        return new ReviewSection("Friction log", "Friction waiting for triage", FrictionModule.Path, items,
            reader.Teams.Count == 0 ? "The review covers no team, so no friction log." : "No friction waits for triage in your teams' logs.");
    }

    private static string MeTooWords(int meToos) => meToos > 0 ? $"; {Count(meToos, "more person", "more people")} said it hits them too" : "";
}
