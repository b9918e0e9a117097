using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>
/// Rebuilds what depends on history and deployments for one service: which deployment first
/// shipped each commit (lead times), which deployments were rollbacks, and which deployment each
/// incident is attributed to. Runs after every ingest and import; a leader's review of an
/// incident link is kept.
/// <para>
/// On PostgreSQL one service's rebuild is one transaction under a lock of that service's
/// (<c>pg_advisory_xact_lock</c>): nodes taking webhooks for the same service at once, or a
/// scheduled rebuild beside an import, rebuild one after the other, each from what the one before
/// committed, never both from the same old rows with the last to write winning. (SQLite has one
/// writer at a time.)
/// </para>
/// </summary>
public sealed class AttributionRefresh(FulcrumDbContext db, IOptions<DeliveryOptions> options)
{
    /// <summary>The first half of the advisory lock's key ("ATTR"); the service's id is the second.</summary>
    private const int LockClass = 0x41545452;

    public async Task RefreshAsync(int serviceId, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsNpgsql())
        {
            await RebuildAsync(serviceId, cancellationToken);
            return;
        }
        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, {serviceId})", cancellationToken);
        await RebuildAsync(serviceId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task RebuildAsync(int serviceId, CancellationToken cancellationToken)
    {
        var deployments = await db.Deployments.Where(d => d.ServiceId == serviceId).ToListAsync(cancellationToken);
        var production = deployments
            .Where(d => d.Succeeded && d.Sha is not null && d.Environment == DeploymentFact.Production)
            .Select(d => new DeployedSha(d.Id, d.Sha!, d.FinishedAt))
            .ToList();
        // Until something is deployed no commit can be attributed: skip reading the history.
        var repositories = production.Count == 0
            ? []
            : await db.Repositories.Where(r => r.ServiceId == serviceId).Select(r => r.Id).ToListAsync(cancellationToken);
        var graph = await CommitStore.LoadGraphAsync(db, repositories, cancellationToken);
        var result = ChangeAttribution.Attribute(graph, production);
        var finishedAt = deployments.ToDictionary(d => d.Id, d => d.FinishedAt);

        await using (var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken))
        {
            await CommitStore.ReplaceShippedAsync(db, serviceId, Shipped(graph, result, finishedAt), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var deployment in deployments)
        {
            deployment.IsRollback = result.Rollbacks.Contains(deployment.Id);
            deployment.CutOffCommits = result.CutOffByDeployment.GetValueOrDefault(deployment.Id);
        }
        await AttributeIncidentsAsync(serviceId, deployments, graph, result, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task AttributeIncidentsAsync(
        int serviceId, List<Deployment> deployments, CommitGraph graph, AttributionResult result, CancellationToken cancellationToken)
    {
        var incidents = await db.Incidents.Where(i => i.ServiceId == serviceId && i.ReviewedAt == null).ToListAsync(cancellationToken);
        if (incidents.Count == 0)
        {
            return;
        }
        var serviceName = await db.Services.Where(s => s.Id == serviceId).Select(s => s.Name).SingleAsync(cancellationToken);
        var facts = deployments.Select(d => new DeploymentFact(d.Id, serviceName, d.Environment, d.Sha, d.StartedAt, d.FinishedAt, d.Succeeded,
            result.Rollbacks.Contains(d.Id), result.Redeploys.Contains(d.Id))).ToList();
        var byExternalId = deployments.ToDictionary(d => d.ExternalId, d => d.Id);
        // The deployment that put the commit into production, even when its lead time is cut off
        // (the first deployment shipped all history before it).
        long? FirstShipping(string sha)
        {
            var index = graph.IndexOf(sha);
            return index >= 0 && result.FirstContainedBy(index) is var id and not 0 ? id : null;
        }
        foreach (var incident in incidents)
        {
            long? given = null;
            if (incident.GivenDeploymentId is { } external)
            {
                if (!byExternalId.TryGetValue(external, out var id))
                {
                    (incident.DeploymentId, incident.Link, incident.Confidence) = (null, IncidentLink.None, 0);
                    incident.AttributionReason = $"The given deployment '{external}' is not known for this service yet.";
                    continue;
                }
                given = id;
            }
            var suggestion = IncidentAttribution.Suggest(
                new IncidentEvidence(serviceName, incident.StartedAt, given, incident.CausedBySha), facts, FirstShipping, options.Value.AttributionWindow);
            (incident.DeploymentId, incident.Link, incident.Confidence, incident.AttributionReason) =
                (suggestion.DeploymentId, suggestion.Link, suggestion.Confidence, suggestion.Reason);
        }
    }

    /// <summary>Each attributed commit with its deployment and lead time, in commit-id order (so the table only appends).</summary>
    private static CommitStore.ShippedRow[] Shipped(CommitGraph graph, AttributionResult result, Dictionary<long, DateTime> finishedAt)
    {
        var count = 0;
        for (var i = 0; i < graph.Count; i++)
        {
            count += result.DeploymentOf(i) == 0 ? 0 : 1;
        }
        var rows = new CommitStore.ShippedRow[count];
        var keys = new long[count];
        var next = 0;
        for (var i = 0; i < graph.Count; i++)
        {
            var deploymentId = result.DeploymentOf(i);
            if (deploymentId == 0)
            {
                continue;
            }
            var shippedAt = finishedAt[deploymentId];
            keys[next] = graph.Tag(i);
            rows[next++] = new CommitStore.ShippedRow(graph.Tag(i), deploymentId, shippedAt, AttributionResult.LeadTime(graph.CommittedAt(i), shippedAt).TotalHours);
        }
        Array.Sort(keys, rows);
        return rows;
    }
}
