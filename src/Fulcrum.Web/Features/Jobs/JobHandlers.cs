using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Jobs;

/// <summary>
/// Runs the jobs of one kind. Resolved in the job's own scope, so it may take scoped services (the
/// DbContext). A job may run more than once (a node that stalls past its lease loses the job to another
/// before it finishes), so a handler must be safe to repeat: the periodic ones look what is due and do it.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }

    Task RunAsync(Job job, CancellationToken cancellationToken);
}

/// <summary>A job every worker node enqueues once per <paramref name="Period"/>: the nodes agree on the key, so it runs once.</summary>
public sealed record PeriodicJob(string Kind, Func<IServiceProvider, TimeSpan> Period)
{
    /// <summary>The start of the period <paramref name="now"/> is in, counted from the epoch so every node finds the same one.</summary>
    public static DateTime PeriodStart(DateTime now, TimeSpan period) =>
        new(now.Ticks - now.Ticks % period.Ticks, DateTimeKind.Utc);

    public static string Key(string kind, DateTime periodStart) => $"{kind}@{periodStart:yyyy-MM-ddTHH:mm:ss.fffZ}";
}

/// <summary>How a module registers its jobs (ADR 0009): a handler per kind, and the kinds enqueued on a schedule.</summary>
public static class JobRegistration
{
    public static IServiceCollection AddJobHandler<T>(this IServiceCollection services) where T : class, IJobHandler =>
        services.AddScoped<IJobHandler, T>();

    public static IServiceCollection AddPeriodicJob<T>(this IServiceCollection services, string kind, Func<IServiceProvider, TimeSpan> period)
        where T : class, IJobHandler =>
        services.AddJobHandler<T>().AddSingleton(new PeriodicJob(kind, period));
}
