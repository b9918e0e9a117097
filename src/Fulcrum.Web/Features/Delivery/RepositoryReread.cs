using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>
/// Every <see cref="DeliveryOptions.RereadInterval"/>, one job per registered repository to read it
/// again (ADR 0013): the jobs spread over the nodes that run jobs (<c>fulcrum serve --role worker|all</c>),
/// and one that fails (a clone moved away) is recorded with its reason and retried, without holding up the others.
/// </summary>
public sealed class RepositoryReread(FulcrumDbContext db, JobQueue queue, IOptions<DeliveryOptions> options) : IJobHandler
{
    public const string JobKind = "delivery-reread";

    public string Kind => JobKind;

    public static TimeSpan Period(IServiceProvider services) => services.GetRequiredService<IOptions<DeliveryOptions>>().Value.RereadInterval;

    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        if (!options.Value.RereadRepositories)
        {
            return;
        }
        var repositories = await db.Repositories.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        await queue.EnqueueEachAsync(RepositoryIngestJob.JobKind, job, repositories, cancellationToken);
    }
}

/// <summary>
/// Reads one registered repository again, as <c>fulcrum delivery ingest</c> would with the path,
/// service and release-tag glob it was first read with; attribution is rebuilt when anything is new.
/// A repository that can no longer be read fails the job with the reason (shown at <c>/jobs</c>).
/// </summary>
public sealed class RepositoryIngestJob(FulcrumDbContext db, DeliveryIngest ingest) : IJobHandler
{
    public const string JobKind = "delivery-ingest";

    public string Kind => JobKind;

    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        var id = job.PayloadId("repository");
        var repository = await db.Repositories.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.Path, Service = r.Service!.Name, r.ReleaseTags })
            .SingleOrDefaultAsync(cancellationToken);
        if (repository is null)
        {
            // Removed since the job was queued: nothing to read.
            return;
        }
        await ingest.IngestAsync(repository.Path, repository.Service, cancellationToken, repository.ReleaseTags);
    }
}

/// <summary>
/// Every <see cref="DeliveryOptions.AttributionRebuildInterval"/>, one job per service with
/// deployments to rebuild its attribution (ADR 0013). Imports, webhooks and re-reads rebuild it as
/// they write; this catches what changes without a write: the attribution window set anew
/// (<c>Fulcrum:Delivery:AttributionWindow</c>), or a rebuild that failed after its records were stored.
/// </summary>
public sealed class AttributionSchedule(FulcrumDbContext db, JobQueue queue) : IJobHandler
{
    public const string JobKind = "delivery-attribution-all";

    public string Kind => JobKind;

    public static TimeSpan Period(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DeliveryOptions>>().Value.AttributionRebuildInterval;

    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        var services = await db.Deployments.Select(d => d.ServiceId).Distinct().OrderBy(id => id).ToListAsync(cancellationToken);
        await queue.EnqueueEachAsync(AttributionJob.JobKind, job, services, cancellationToken);
    }
}

/// <summary>Rebuilds one service's attribution (<see cref="AttributionRefresh"/>), the payload naming the service by its id.</summary>
public sealed class AttributionJob(FulcrumDbContext db, AttributionRefresh attribution) : IJobHandler
{
    public const string JobKind = "delivery-attribution";

    public string Kind => JobKind;

    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        var id = job.PayloadId("service");
        if (await db.Services.AnyAsync(s => s.Id == id, cancellationToken))
        {
            await attribution.RefreshAsync(id, cancellationToken);
        }
    }
}
