using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Delivery;

public enum ReviewOutcome
{
    Done,
    NotFound,
    /// <summary>The incident has no suspected link to review: it is confirmed, rejected, or was never linked.</summary>
    NotSuspected,
}

/// <summary>An incident waiting for a leader's word on the deployment Fulcrum suspects caused it.</summary>
public sealed record SuspectedIncident(
    long Id, string ExternalId, string? Title, string Service, DateTime StartedAt,
    string DeploymentExternalId, DateTime DeploymentFinishedAt, double Confidence, string? Reason);

/// <summary>
/// A leader confirms or rejects a suspected incident→deployment link. The review is recorded (who,
/// when), and <see cref="AttributionRefresh"/> keeps it: reviewed incidents are never re-attributed.
/// </summary>
public sealed class IncidentReview(FulcrumDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<SuspectedIncident>> QueueAsync(IReadOnlyCollection<int> serviceIds, CancellationToken cancellationToken = default)
    {
        var ids = serviceIds.ToList();
        return await db.Incidents.AsNoTracking()
            .Where(i => ids.Contains(i.ServiceId) && i.Link == IncidentLink.Suspected && i.ReviewedAt == null && i.DeploymentId != null)
            .OrderByDescending(i => i.StartedAt)
            .Select(i => new SuspectedIncident(i.Id, i.ExternalId, i.Title, i.Service!.Name, i.StartedAt,
                i.Deployment!.ExternalId, i.Deployment.FinishedAt, i.Confidence, i.AttributionReason))
            .ToListAsync(cancellationToken);
    }

    public Task<ReviewOutcome> ConfirmAsync(long incidentId, string reviewer, CancellationToken cancellationToken = default) =>
        ReviewAsync(incidentId, reviewer, incident => incident.Link = IncidentLink.Confirmed, cancellationToken);

    public Task<ReviewOutcome> RejectAsync(long incidentId, string reviewer, CancellationToken cancellationToken = default) =>
        ReviewAsync(incidentId, reviewer, incident =>
        {
            incident.Link = IncidentLink.None;
            incident.DeploymentId = null;
            incident.Confidence = 0;
            incident.AttributionReason = $"Rejected by {reviewer}";
        }, cancellationToken);

    private async Task<ReviewOutcome> ReviewAsync(long incidentId, string reviewer, Action<Incident> decide, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
        if (incident is null)
        {
            return ReviewOutcome.NotFound;
        }
        if (incident.Link != IncidentLink.Suspected || incident.ReviewedAt is not null)
        {
            return ReviewOutcome.NotSuspected;
        }
        decide(incident);
        incident.ReviewedBy = reviewer;
        incident.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return ReviewOutcome.Done;
    }
}
