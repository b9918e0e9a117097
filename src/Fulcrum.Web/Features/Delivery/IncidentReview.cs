using Fulcrum.Core;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>An incident waiting for a leader's word on the deployment Fulcrum suspects caused it.</summary>
public sealed record SuspectedIncident(
    long Id, string ExternalId, string? Title, string Service, DateTime StartedAt,
    string DeploymentExternalId, DateTime DeploymentFinishedAt, double Confidence, string? Reason);

/// <summary>
/// A leader confirms or rejects a suspected incident→deployment link. The review is recorded (who,
/// when), and <see cref="AttributionRefresh"/> keeps it: reviewed incidents are never re-attributed.
/// An unknown incident is not found; one with no suspected link left to review (confirmed, rejected
/// or never linked) is a conflict.
/// </summary>
public sealed class IncidentReview(FulcrumDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The incidents of these services that began in <paramref name="window"/> and whose suspected cause
    /// nobody has confirmed or rejected yet: the same incidents the window's report counts as
    /// "suspected links", so the page, the home agenda and the figures agree.
    /// </summary>
    public async Task<IReadOnlyList<SuspectedIncident>> QueueAsync(IReadOnlyCollection<int> serviceIds, MetricsWindow window, CancellationToken cancellationToken = default)
    {
        var ids = serviceIds.ToList();
        return await db.Incidents.AsNoTracking()
            .Where(i => ids.Contains(i.ServiceId) && i.Link == IncidentLink.Suspected && i.ReviewedAt == null && i.DeploymentId != null
                && i.StartedAt >= window.Since && i.StartedAt < window.Until)
            .OrderByDescending(i => i.StartedAt)
            .Select(i => new SuspectedIncident(i.Id, i.ExternalId, i.Title, i.Service!.Name, i.StartedAt,
                i.Deployment!.ExternalId, i.Deployment.FinishedAt, i.Confidence, i.AttributionReason))
            .ToListAsync(cancellationToken);
    }

    public Task ConfirmAsync(long incidentId, string reviewer, CancellationToken cancellationToken = default) =>
        ReviewAsync(incidentId, reviewer, incident => incident.Link = IncidentLink.Confirmed, cancellationToken);

    public Task RejectAsync(long incidentId, string reviewer, CancellationToken cancellationToken = default) =>
        ReviewAsync(incidentId, reviewer, incident =>
        {
            incident.Link = IncidentLink.None;
            incident.DeploymentId = null;
            incident.Confidence = 0;
            incident.AttributionReason = $"Rejected by {reviewer}";
        }, cancellationToken);

    private async Task ReviewAsync(long incidentId, string reviewer, Action<Incident> decide, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == incidentId, cancellationToken)
            ?? throw ProblemException.NotFound($"There is no incident with id {incidentId}.");
        if (incident.Link != IncidentLink.Suspected || incident.ReviewedAt is not null)
        {
            throw ProblemException.Conflict("Nothing to review",
                $"Incident {incidentId} has no suspected deployment link: it is confirmed, rejected or not linked.");
        }
        decide(incident);
        incident.ReviewedBy = reviewer;
        incident.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }
}
