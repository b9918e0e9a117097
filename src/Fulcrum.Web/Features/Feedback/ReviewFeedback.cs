using Fulcrum.Core;
using Fulcrum.Core.Csv;
using Fulcrum.Core.Feedback;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Feedback;

/// <param name="Created">Comments new to Fulcrum.</param>
/// <param name="Updated">Comments it had already (the same id on the same service): their text and label replaced.</param>
/// <param name="WithoutText">Reviews with no text (an approval alone): nothing to classify, not stored.</param>
/// <param name="LeftOut">Fields or columns deliberately not read: who wrote each comment.</param>
public sealed record FeedbackImportReport(string Service, int Created, int Updated, int WithoutText, IReadOnlyList<string> LeftOut);

/// <summary>A team's review feedback over a window, and what it covers.</summary>
public sealed record TeamFeedback(string Scope, IReadOnlyList<string> Services, FeedbackFigures Figures);

/// <summary>
/// Review feedback (docs/feedback.md): imports a service's code-review comments, classifying each
/// as it is stored, and computes a team's figures from the comments of its services and its
/// sub-teams' services. All or nothing: a file with any problem stores nothing.
/// </summary>
public sealed class ReviewFeedback(FulcrumDbContext db, DeliveryReport delivery, TimeProvider clock)
{
    public async Task<FeedbackImportReport> ImportAsync(string serviceName, string text, CancellationToken cancellationToken = default)
    {
        var service = await db.Services.AsNoTracking().Where(s => s.Name == serviceName.Trim()).Select(s => new { s.Id, s.Name }).SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound($"There is no service named '{Shorten(serviceName)}': register it first (docs/delivery.md).");
        var file = ReviewCommentFiles.Read(text);
        if (!file.Succeeded || file.Rows.Count == 0)
        {
            var problems = file.Problems.Count > 0 ? file.Problems
                : [new CsvProblem(1, null, file.WithoutText > 0 ? $"the file's {file.WithoutText} comment(s) have no text: nothing to classify" : "no review comments in the file")];
            var detail = ProblemException.Joined(problems);
            throw problems.Any(p => p.Unit == CsvUnit.Line)
                ? ProblemException.Unreadable("The review comments could not be read", detail, problems)
                : ProblemException.Invalid("Nothing was imported: the review comments have problems", problems, detail);
        }

        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        var existing = (await file.Rows.Select(r => r.Id).ToListInBatchesAsync(
                ids => db.ReviewComments.Where(c => c.ServiceId == service.Id && ids.Contains(c.ExternalId)), cancellationToken))
            .ToDictionary(c => c.ExternalId, StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var (created, updated) = (0, 0);
        foreach (var row in file.Rows)
        {
            if (!existing.TryGetValue(row.Id, out var comment))
            {
                comment = db.ReviewComments.Add(new ReviewComment
                {
                    ServiceId = service.Id, ExternalId = row.Id, PullRequest = row.PullRequest, Body = row.Body,
                    Label = "", Blocking = "", Source = file.Format, ReceivedAt = now,
                }).Entity;
                created++;
            }
            else
            {
                updated++;
            }
            var kind = ConventionalComments.Classify(row.Body);
            comment.PullRequest = row.PullRequest;
            comment.CreatedAt = row.CreatedAt;
            comment.Body = row.Body;
            comment.PullRequestOpenedAt = row.PullRequestOpenedAt ?? comment.PullRequestOpenedAt;
            comment.Label = CommentClass.NameOf(kind.Label);
            comment.Blocking = CommentClass.NameOf(kind.Blocking);
            comment.Explicit = kind.Explicit;
            comment.Confidence = kind.Confidence;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new FeedbackImportReport(service.Name, created, updated, file.WithoutText, file.LeftOut);
    }

    /// <summary>The figures of a team and its sub-teams' services over [<paramref name="since"/>, <paramref name="until"/>).</summary>
    /// <param name="viewer">Who asks, over HTTP: a team outside their team scope (ADR 0006) is not found. The CLI, on the database itself, reads every team.</param>
    public async Task<TeamFeedback> ForTeamAsync(string teamName, DateTime since, DateTime until, CancellationToken cancellationToken = default,
        Organisation.TeamScope? viewer = null)
    {
        var scope = await delivery.TeamScopeAsync(teamName, cancellationToken);
        if (viewer is not null && !viewer.Includes(scope.TeamId!.Value))
        {
            throw ProblemException.NotFound($"There is no team named '{Shorten(teamName)}'.");
        }
        var serviceIds = scope.ServiceIds.ToArray();
        var services = await db.Services.AsNoTracking().Where(s => serviceIds.Contains(s.Id)).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(cancellationToken);
        // The first review of a pull request may precede the window: read every comment of the
        // pull requests commented on in it, not only the window's.
        var stored = await db.ReviewComments.AsNoTracking()
            .Where(c => serviceIds.Contains(c.ServiceId) && c.CreatedAt < until)
            .Select(c => new { c.ServiceId, c.PullRequest, c.CreatedAt, c.Label, c.Blocking, c.Explicit, c.PullRequestOpenedAt })
            .ToListAsync(cancellationToken);
        var commented = stored.Where(c => c.CreatedAt >= since).Select(c => (c.ServiceId, c.PullRequest)).ToHashSet();
        var relevant = stored.Where(c => commented.Contains((c.ServiceId, c.PullRequest))).ToList();
        // Pull requests are named per service: two services' "42" are two pull requests.
        string Key(int serviceId, string pullRequest) => $"{serviceId}/{pullRequest}";
        var opened = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var c in relevant.Where(c => c.PullRequestOpenedAt is not null))
        {
            opened[Key(c.ServiceId, c.PullRequest)] = c.PullRequestOpenedAt!.Value;
        }
        var pullRequestIds = relevant.Select(c => c.PullRequest).Distinct().ToList();
        var fromDelivery = await pullRequestIds.ToListInBatchesAsync(
            ids => db.PullRequests.AsNoTracking().Where(p => serviceIds.Contains(p.ServiceId) && ids.Contains(p.ExternalId))
                .Select(p => new { p.ServiceId, p.ExternalId, p.OpenedAt }), cancellationToken);
        foreach (var p in fromDelivery)
        {
            opened.TryAdd(Key(p.ServiceId, p.ExternalId), p.OpenedAt);
        }
        var comments = relevant.Select(c => new ClassifiedComment(Key(c.ServiceId, c.PullRequest), c.CreatedAt,
            Enum.Parse<CommentLabel>(c.Label, ignoreCase: true), ParseBlocking(c.Blocking), c.Explicit)).ToList();
        return new TeamFeedback(scope.Label, services, FeedbackReport.Compute(comments, since, until, opened));
    }

    private static Blocking ParseBlocking(string text) => text switch
    {
        "blocking" => Blocking.Blocking,
        "non-blocking" => Blocking.NonBlocking,
        _ => Blocking.Unspecified,
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
