using Fulcrum.Core;
using Fulcrum.Core.Access;
using Fulcrum.Core.Csv;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Delivery;

/// <param name="Problems">Why nothing was stored: each located by row (CSV) or record (JSON) and column.</param>
public sealed record DeliveryImportReport(int Created, int Updated, IReadOnlyList<CsvProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    /// <summary>Columns or fields the input had that were not read (those naming people).</summary>
    public IReadOnlyList<string> IgnoredFields { get; init; } = [];

    /// <summary>The input was not records at all (not JSON, not an array): a refusal of it is
    /// <see cref="ProblemKind.Unreadable"/>, not <see cref="ProblemKind.Invalid"/>.</summary>
    public bool Unreadable { get; init; }

    /// <summary>A refused import as the one problem type, every problem an entry.</summary>
    public ProblemException Refusal(string title, string unreadableTitle)
    {
        var detail = ProblemException.Joined(Problems);
        return Unreadable
            ? ProblemException.Unreadable(unreadableTitle, detail, Problems)
            : ProblemException.Invalid(title, Problems, detail);
    }
}

/// <summary>
/// Deployments and incidents from files (CSV or JSON) and webhooks. All or nothing: every record is
/// checked (format, lengths and characters the columns take, known service, known sha) before
/// anything is stored. Records are matched by service and id, so sending the same record again (a CI
/// retry) changes nothing.
/// </summary>
public sealed class DeliveryImporter(FulcrumDbContext db, AttributionRefresh attribution, TimeProvider clock)
{
    /// <summary>What each field of a file may hold: the lengths of the columns it is stored in (or, for a
    /// name that is looked up, of the column it is looked up in).</summary>
    private Dictionary<string, TextField> Fields(params (string Field, TextField Rule)[] stored)
    {
        var fields = new Dictionary<string, TextField> { ["service"] = db.Model.Text<Organisation.Service>(nameof(Organisation.Service.Name)) };
        foreach (var (field, rule) in stored)
        {
            fields[field] = rule;
        }
        return fields;
    }

    /// <param name="scope">A service token's services: a record for another service refuses the whole batch (403).</param>
    public async Task<DeliveryImportReport> ImportDeploymentsAsync(
        TextReader reader, bool json, string source, CancellationToken cancellationToken = default, ServiceScope? scope = null)
    {
        var read = DeliveryFiles.ReadDeployments(reader, json, Fields(
            ("id", db.Model.Text<Deployment>(nameof(Deployment.ExternalId))),
            ("environment", db.Model.Text<Deployment>(nameof(Deployment.Environment)))));
        var problems = read.Problems.ToList();
        var services = await ServicesAsync(read.Rows.Select(r => (r.Row, r.Service)), problems, scope, cancellationToken);
        await CheckShasAsync(read.Rows.Where(r => r.Sha is not null).Select(r => (r.Row, r.Service, r.Sha!)), services, problems, cancellationToken);
        if (problems.Count > 0 || read.Rows.Count == 0)
        {
            return Refused(problems, "no deployments in the file", json, read.Unreadable);
        }

        return await StoreDeploymentsAsync(read.Rows, services, source, cancellationToken);
    }

    /// <summary>Release tags as production deployments: a tag marks what was released and when.
    /// Their ids are <c>tag:NAME</c>, so re-reading the tags changes nothing.</summary>
    public async Task<DeliveryImportReport> ImportReleaseTagsAsync(string serviceName, IReadOnlyList<ReleaseTag> tags, CancellationToken cancellationToken = default)
    {
        var problems = new List<CsvProblem>();
        var services = await ServicesAsync([(1, serviceName)], problems, scope: null, cancellationToken);
        if (problems.Count > 0 || tags.Count == 0)
        {
            return new DeliveryImportReport(0, 0, problems);
        }
        var rows = tags.Select((tag, i) => new DeploymentRow(i + 1, $"tag:{tag.Name}", serviceName, DeploymentFact.Production, tag.Sha, null, tag.CreatedAt, true)).ToList();
        return await StoreDeploymentsAsync(rows, services, "tag", cancellationToken);
    }

    private async Task<DeliveryImportReport> StoreDeploymentsAsync(
        IReadOnlyList<DeploymentRow> rows, Dictionary<string, Organisation.Service> services, string source, CancellationToken cancellationToken)
    {
        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        var (created, updated) = (0, 0);
        var now = clock.GetUtcNow().UtcDateTime;
        // Services in id order: each service's attribution takes its lock (AttributionRefresh), and two
        // imports that took them in different orders could deadlock.
        foreach (var group in rows.GroupBy(r => services[r.Service].Id).OrderBy(g => g.Key))
        {
            var existing = (await group.Select(r => r.Id).ToListInBatchesAsync(
                    ids => db.Deployments.Where(d => d.ServiceId == group.Key && ids.Contains(d.ExternalId)), cancellationToken))
                .ToDictionary(d => d.ExternalId, StringComparer.Ordinal);
            foreach (var row in group)
            {
                if (!existing.TryGetValue(row.Id, out var deployment))
                {
                    deployment = db.Deployments.Add(new Deployment
                    {
                        ExternalId = row.Id, ServiceId = group.Key, Environment = row.Environment, Source = source, ReceivedAt = now,
                    }).Entity;
                    created++;
                }
                else
                {
                    updated++;
                }
                deployment.Environment = row.Environment;
                deployment.Sha = row.Sha;
                deployment.StartedAt = row.StartedAt;
                deployment.FinishedAt = row.FinishedAt;
                deployment.Succeeded = row.Succeeded;
            }
            await db.SaveChangesAsync(cancellationToken);
            await attribution.RefreshAsync(group.Key, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new DeliveryImportReport(created, updated, []);
    }

    /// <param name="scope">A service token's services: a record for another service refuses the whole batch (403).</param>
    public async Task<DeliveryImportReport> ImportIncidentsAsync(
        TextReader reader, bool json, CancellationToken cancellationToken = default, ServiceScope? scope = null)
    {
        var read = DeliveryFiles.ReadIncidents(reader, json, Fields(
            ("id", db.Model.Text<Incident>(nameof(Incident.ExternalId))),
            ("severity", db.Model.Text<Incident>(nameof(Incident.Severity))),
            ("title", db.Model.Text<Incident>(nameof(Incident.Title))),
            ("deployment_id", db.Model.Text<Incident>(nameof(Incident.GivenDeploymentId)))));
        var problems = read.Problems.ToList();
        var services = await ServicesAsync(read.Rows.Select(r => (r.Row, r.Service)), problems, scope, cancellationToken);
        if (problems.Count > 0 || read.Rows.Count == 0)
        {
            return Refused(problems, "no incidents in the file", json, read.Unreadable);
        }

        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        var (created, updated) = (0, 0);
        var now = clock.GetUtcNow().UtcDateTime;
        // In id order, as deployments are (their attribution's locks).
        foreach (var group in read.Rows.GroupBy(r => services[r.Service].Id).OrderBy(g => g.Key))
        {
            var existing = (await group.Select(r => r.Id).ToListInBatchesAsync(
                    ids => db.Incidents.Where(i => i.ServiceId == group.Key && ids.Contains(i.ExternalId)), cancellationToken))
                .ToDictionary(i => i.ExternalId, StringComparer.Ordinal);
            foreach (var row in group)
            {
                if (!existing.TryGetValue(row.Id, out var incident))
                {
                    incident = db.Incidents.Add(new Incident { ExternalId = row.Id, ServiceId = group.Key, ReceivedAt = now }).Entity;
                    created++;
                }
                else
                {
                    updated++;
                }
                var evidenceChanged = incident.GivenDeploymentId != row.DeploymentId || incident.CausedBySha != row.CausedBySha;
                incident.StartedAt = row.StartedAt;
                incident.ResolvedAt = row.ResolvedAt;
                incident.Severity = row.Severity;
                incident.Title = row.Title;
                incident.GivenDeploymentId = row.DeploymentId;
                incident.CausedBySha = row.CausedBySha;
                if (evidenceChanged)
                {
                    // New evidence outranks an earlier review of a guess.
                    (incident.ReviewedAt, incident.ReviewedBy) = (null, null);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            await attribution.RefreshAsync(group.Key, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new DeliveryImportReport(created, updated, []);
    }

    /// <summary>
    /// Pull requests by service and id. Nothing is derived at import: the report reads the stage
    /// times, and the deploy stage from the merge commit's shipped change, so a pull request sent
    /// before its merge commit is ingested or deployed gains its deploy time when that happens.
    /// </summary>
    /// <param name="scope">A service token's services: a record for another service refuses the whole batch (403).</param>
    public async Task<DeliveryImportReport> ImportPullRequestsAsync(
        TextReader reader, bool json, string source, CancellationToken cancellationToken = default, ServiceScope? scope = null)
    {
        var read = DeliveryFiles.ReadPullRequests(reader, json, Fields(("id", db.Model.Text<PullRequest>(nameof(PullRequest.ExternalId)))));
        var problems = read.Problems.ToList();
        var services = await ServicesAsync(read.Rows.Select(r => (r.Row, r.Service)), problems, scope, cancellationToken);
        if (problems.Count > 0 || read.Rows.Count == 0)
        {
            return Refused(problems, "no pull requests in the file", json, read.Unreadable) with { IgnoredFields = read.IgnoredFields };
        }

        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        var (created, updated) = (0, 0);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var group in read.Rows.GroupBy(r => services[r.Service].Id))
        {
            var existing = (await group.Select(r => r.Id).ToListInBatchesAsync(
                    ids => db.PullRequests.Where(p => p.ServiceId == group.Key && ids.Contains(p.ExternalId)), cancellationToken))
                .ToDictionary(p => p.ExternalId, StringComparer.Ordinal);
            foreach (var row in group)
            {
                if (!existing.TryGetValue(row.Id, out var pullRequest))
                {
                    pullRequest = db.PullRequests.Add(new PullRequest { ExternalId = row.Id, ServiceId = group.Key, Source = source, ReceivedAt = now }).Entity;
                    created++;
                }
                else
                {
                    updated++;
                }
                pullRequest.FirstCommitAt = row.FirstCommitAt;
                pullRequest.OpenedAt = row.OpenedAt;
                pullRequest.FirstReviewAt = row.FirstReviewAt;
                pullRequest.MergedAt = row.MergedAt;
                pullRequest.MergeSha = row.MergeSha;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DeliveryImportReport(created, updated, []) { IgnoredFields = read.IgnoredFields };
    }

    /// <summary>Work items by id. A changed committed date is added to the item's slip history.</summary>
    public async Task<DeliveryImportReport> ImportWorkItemsAsync(TextReader reader, bool json, CancellationToken cancellationToken = default)
    {
        var read = DeliveryFiles.ReadWorkItems(reader, json, new Dictionary<string, TextField>
        {
            ["id"] = db.Model.Text<WorkItem>(nameof(WorkItem.ExternalId)),
            ["title"] = db.Model.Text<WorkItem>(nameof(WorkItem.Title)),
            ["team"] = db.Model.Text<Organisation.Team>(nameof(Organisation.Team.Name)),
            ["kind"] = db.Model.Text<WorkItem>(nameof(WorkItem.Kind)),
        });
        var problems = read.Problems.ToList();
        var teams = await db.Teams.ToDictionaryAsync(t => t.Name, t => t.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        foreach (var row in read.Rows.Where(r => r.Team is not null && !teams.ContainsKey(r.Team)))
        {
            problems.Add(new CsvProblem(row.Row, "team", $"no team named '{row.Team}'"));
        }
        if (problems.Count > 0 || read.Rows.Count == 0)
        {
            return Refused(problems, "no work items in the file", json, read.Unreadable);
        }

        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        var existing = (await read.Rows.Select(r => r.Id).ToListInBatchesAsync(
                ids => db.WorkItems.Include(i => i.Commitments).Where(i => ids.Contains(i.ExternalId)), cancellationToken))
            .ToDictionary(i => i.ExternalId, StringComparer.Ordinal);
        var (created, updated) = (0, 0);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in read.Rows)
        {
            if (!existing.TryGetValue(row.Id, out var item))
            {
                item = db.WorkItems.Add(new WorkItem { ExternalId = row.Id, Title = row.Title, Kind = row.Kind, ReceivedAt = now }).Entity;
                created++;
            }
            else
            {
                updated++;
            }
            item.Title = row.Title;
            item.Kind = row.Kind;
            item.TeamId = row.Team is null ? null : teams[row.Team];
            item.Estimate = row.Estimate;
            item.EstimateUnit = row.EstimateUnit;
            item.StartedAt = row.StartedAt;
            item.DoneAt = row.DoneAt;
            if (row.CommittedDate is DateTime committed && item.CommittedDate != committed)
            {
                item.Commitments.Add(new WorkItemCommitment { CommittedDate = committed, RecordedAt = now });
            }
            item.CommittedDate = row.CommittedDate;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DeliveryImportReport(created, updated, []);
    }

    private async Task<Dictionary<string, Organisation.Service>> ServicesAsync(
        IEnumerable<(int Row, string Name)> rows, List<CsvProblem> problems, ServiceScope? scope, CancellationToken cancellationToken)
    {
        // Before looking the services up, so a service token learns nothing of services it may not post for.
        scope?.Check(rows);
        var all = await db.Services.ToListAsync(cancellationToken);
        var byName = all.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var (row, name) in rows.Where(r => !byName.ContainsKey(r.Name)))
        {
            problems.Add(new CsvProblem(row, "service", $"no service named '{name}'; register it first"));
        }
        return new Dictionary<string, Organisation.Service>(byName, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A sha must be in the service's history once a repository has been read for it.</summary>
    private async Task CheckShasAsync(
        IEnumerable<(int Row, string Service, string Sha)> rows, Dictionary<string, Organisation.Service> services,
        List<CsvProblem> problems, CancellationToken cancellationToken)
    {
        foreach (var group in rows.Where(r => services.ContainsKey(r.Service)).GroupBy(r => services[r.Service].Id))
        {
            var known = await CommitStore.KnownShasAsync(db, group.Key, group.Select(r => r.Sha), cancellationToken);
            if (known is null)
            {
                continue;
            }
            foreach (var (row, service, sha) in group.Where(r => !known.Contains(r.Sha)))
            {
                problems.Add(new CsvProblem(row, "sha",
                    $"commit {sha} is not in {service}'s history; run `fulcrum delivery ingest` for its repository first if it is new"));
            }
        }
    }

    /// <summary>Nothing stored, and why. In JSON a problem's number is its record's, so it says "record 3", not "row 3"
    /// (or a line's, where the JSON itself does not parse).</summary>
    private static DeliveryImportReport Refused(List<CsvProblem> problems, string emptyMessage, bool json, bool unreadable)
    {
        if (problems.Count == 0)
        {
            problems.Add(new CsvProblem(1, null, emptyMessage));
        }
        var unit = json ? CsvUnit.Record : CsvUnit.Row;
        return new DeliveryImportReport(0, 0, problems.OrderBy(p => p.Row).Select(p => p.Unit == CsvUnit.Line ? p : p with { Unit = unit }).ToList())
        {
            Unreadable = unreadable,
        };
    }
}
