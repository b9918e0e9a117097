using Fulcrum.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Fulcrum.Web.Hosting;

/// <summary>
/// What a load balancer asks (docs/operations.md, "Several nodes"): /health/live — the process answers;
/// /health/ready — send it requests: the database is reachable, its schema is the one this build
/// knows, and the node is not shutting down. /healthz stays as it was (the database is reachable).
/// Anonymous, and the body is the status word alone.
/// </summary>
public static class Readiness
{
    private const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddFulcrumHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<SchemaHealthCheck>("schema", tags: [ReadyTag])
            .AddCheck<StoppingHealthCheck>("stopping", tags: [ReadyTag]);

    public static void MapFulcrumHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Name == "database" }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
    }

    /// <summary>One query: the applied migrations, compared with this build's. A database that is gone,
    /// or migrated by a newer Fulcrum during a rolling upgrade, takes the node out of the balancer.</summary>
    private sealed class SchemaHealthCheck(FulcrumDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Order(StringComparer.OrdinalIgnoreCase);
                return applied.SequenceEqual(DatabaseSchema.KnownMigrations, StringComparer.Ordinal)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("the schema is not the one this version knows");
            }
            catch (Exception e) when (DatabaseSchema.DatabaseFailure(e) is not null)
            {
                return HealthCheckResult.Unhealthy("cannot reach the database");
            }
        }
    }

    /// <summary>Unready from the moment the node is told to stop, so the balancer stops sending it
    /// requests while it saves its poker rooms and finishes the requests it has.</summary>
    private sealed class StoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("shutting down")
                : HealthCheckResult.Healthy());
    }
}
