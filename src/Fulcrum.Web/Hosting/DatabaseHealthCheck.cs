using Fulcrum.Web.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fulcrum.Web.Hosting;

internal sealed class DatabaseHealthCheck(FulcrumDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("cannot reach the database");
}
