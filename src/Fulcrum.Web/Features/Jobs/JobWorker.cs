using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Jobs;

/// <summary>This process's name in the queue: the machine, the process and a random part (several servers may share a process in tests).</summary>
public sealed record JobNode(string Id)
{
    public static JobNode Create() =>
        new($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}");
}

/// <summary>
/// Runs background jobs on a node whose role includes the worker (<c>fulcrum serve --role worker|all</c>):
/// enqueues the periodic jobs whose period has begun, then claims and runs due jobs one at a time until none
/// is left, renewing each one's lease while it runs; then waits <see cref="JobsOptions.PollInterval"/>.
/// </summary>
public sealed class JobWorker(
    IServiceScopeFactory scopes, IEnumerable<PeriodicJob> periodic, JobNode node, IOptions<JobsOptions> options, TimeProvider clock,
    ILogger<JobWorker> logger) : BackgroundService
{
    private static readonly TimeSpan ForgetEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var wait = periodic.Select(p => p.Period(scope.ServiceProvider)).Append(options.Value.PollInterval).Min();
            var lastForgotten = DateTime.MinValue;
            logger.LogInformation("Running background jobs as {Node}", node.Id);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await EnqueuePeriodicAsync(stoppingToken);
                    while (await RunNextAsync(stoppingToken))
                    {
                    }
                    if (clock.GetUtcNow().UtcDateTime - lastForgotten > ForgetEvery)
                    {
                        await using var forget = scopes.CreateAsyncScope();
                        await forget.ServiceProvider.GetRequiredService<JobQueue>().ForgetFinishedAsync(stoppingToken);
                        lastForgotten = clock.GetUtcNow().UtcDateTime;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The job queue could not be read; trying again in {Wait}", wait);
                }
                try
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task EnqueuePeriodicAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var job in periodic)
        {
            var start = PeriodicJob.PeriodStart(now, job.Period(scope.ServiceProvider));
            await queue.EnqueueAsync(job.Kind, PeriodicJob.Key(job.Kind, start), runAfter: start, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Claims and runs one due job; false when none is due.</summary>
    private async Task<bool> RunNextAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        if (await queue.ClaimAsync(node.Id, stoppingToken) is not { } job)
        {
            return false;
        }
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewLeaseAsync(job.Id, running.Token);
        try
        {
            var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind)
                ?? throw new InvalidOperationException($"No handler for jobs of kind '{job.Kind}' on this node.");
            await handler.RunAsync(job, running.Token);
            await running.CancelAsync();
            await renewing;
            await queue.SucceededAsync(job.Id, node.Id, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await running.CancelAsync();
            await renewing;
            // Stopping is not the job's fault: another node (or this one, started again) runs it at once.
            await queue.ReleaseAsync(job.Id, node.Id, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            await running.CancelAsync();
            await renewing;
            logger.LogWarning(e, "Job {Id} ({Kind}) failed on attempt {Attempt}", job.Id, job.Kind, job.Attempts);
            await queue.FailedAsync(job, node.Id, $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
        }
        return true;
    }

    private async Task RenewLeaseAsync(int id, CancellationToken cancellationToken)
    {
        var every = options.Value.Lease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, clock, cancellationToken);
                await using var scope = scopes.CreateAsyncScope();
                if (!await scope.ServiceProvider.GetRequiredService<JobQueue>().RenewAsync(id, node.Id, cancellationToken))
                {
                    logger.LogWarning("Job {Id} was taken over by another node while running here (its lease ran out)", id);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Renewing the lease of job {Id} failed", id);
        }
    }
}
