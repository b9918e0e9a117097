using System.Globalization;
using Fulcrum.Core.Csv;
using Fulcrum.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Feedback;

/// <summary>
/// The demo's review comments, on the pull requests the delivery demo made: a few comments on each
/// reviewed pull request, the first at its first review. The teams review differently, so their
/// balances differ: Payments writes Conventional Comments labels and blocks on defects, Mobile
/// writes plain comments with many nitpicks, Platform and Growth mostly approve and suggest.
/// Imported through the same path as a file (<see cref="ReviewFeedback.ImportAsync"/>).
/// </summary>
public sealed class DemoFeedbackSeeder(ReviewFeedback feedback) : IDemoSeeder
{
    public int Order => 75;

    private static readonly string[] Labelled =
    [
        "praise: the retry with idempotency keys reads very clearly",
        "nitpick (non-blocking): the constant could sit with the others",
        "suggestion: extract the currency rounding into one helper",
        "issue (blocking): the refund is applied twice when the provider times out",
        "question (non-blocking): does the settlement job see this flag?",
        "thought: we could move reconciliation to events later",
        "chore: add the change to the changelog",
        "suggestion (non-blocking): a table-driven test would cover the other currencies",
    ];

    private static readonly string[] Plain =
    [
        "nit: trailing whitespace",
        "Typo in the log message.",
        "This will crash when the list is empty.",
        "Could you rename this to `retryCount`?",
        "Why is the timeout 30 seconds?",
        "LGTM, thanks!",
        "Nice, much easier to follow.",
        "Consider caching the parsed config.",
        "Please add a test for the offline case.",
        "Not a blocker, but the method is getting long.",
    ];

    // Per team: how many comments a reviewed pull request gets at most, and the share written with a label.
    private static readonly Dictionary<string, (int Most, double Labelled)> Habits = new()
    {
        ["payments"] = (4, 0.8), ["mobile"] = (4, 0.1), ["platform"] = (2, 0.3), ["growth"] = (3, 0.2),
    };

    private static string Iso(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var now = context.Clock.GetUtcNow().UtcDateTime;
        foreach (var (key, service) in context.Services)
        {
            var team = context.Teams.FirstOrDefault(t => t.Value.Id == service.TeamId).Key ?? "";
            var (most, labelled) = Habits.GetValueOrDefault(team, (2, 0.2));
            var random = new Random(key.Sum(c => c) * 104729 + 20261205);
            var reviewed = await context.Db.PullRequests.AsNoTracking()
                .Where(p => p.ServiceId == service.Id && p.FirstReviewAt != null && p.FirstReviewAt > now.AddDays(-120))
                .OrderBy(p => p.Id).Select(p => new { p.ExternalId, p.OpenedAt, FirstReviewAt = p.FirstReviewAt!.Value })
                .ToListAsync(cancellationToken);
            if (reviewed.Count == 0)
            {
                continue;
            }
            var records = new List<string?[]>();
            foreach (var pr in reviewed)
            {
                var count = 1 + random.Next(most);
                for (var i = 0; i < count; i++)
                {
                    var at = pr.FirstReviewAt.AddMinutes(i * (5 + random.Next(90)));
                    if (at >= now)
                    {
                        break;
                    }
                    var pool = random.NextDouble() < labelled ? Labelled : Plain;
                    records.Add([$"{key}-{pr.ExternalId}-{i + 1}", pr.ExternalId, Iso(at), pool[random.Next(pool.Length)], Iso(pr.OpenedAt)]);
                }
            }
            var file = new StringWriter();
            CsvOut.Write(file, ["id", "pull_request", "created_at", "body", "pull_request_opened_at"], records);
            await feedback.ImportAsync(service.Name, file.ToString(), cancellationToken);
        }
    }
}
