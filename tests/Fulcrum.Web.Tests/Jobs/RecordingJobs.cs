using System.Collections.Concurrent;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Jobs;

/// <summary>
/// A job kind of the tests' own, registered into a server through <see cref="FulcrumServer.StartAsync"/>'s
/// services: it records which node ran which job, takes a moment (so several workers race for the queue),
/// and fails when its payload says "fail".
/// </summary>
public sealed class RecordingJobs
{
    public const string Kind = "test-record";

    public ConcurrentQueue<(int Job, string Node)> Runs { get; } = new();

    public Action<IServiceCollection> Register => services => services.AddSingleton(this).AddJobHandler<Handler>();

    /// <summary>Fast polling, so tests wait for jobs in fractions of a second.</summary>
    public static Dictionary<string, string?> Settings(string? lease = null) => new()
    {
        ["Fulcrum:Jobs:PollInterval"] = "00:00:00.1",
        ["Fulcrum:Jobs:Lease"] = lease ?? "00:00:30",
    };

    public static Task<bool> EnqueueAsync(FulcrumServer server, string key, string? payload = null) =>
        server.WithServicesAsync(s => s.GetRequiredService<JobQueue>().EnqueueAsync(Kind, key, payload));

    public static Task<List<Job>> JobsAsync(FulcrumServer server) =>
        server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Jobs.AsNoTracking().Where(j => j.Kind == Kind).OrderBy(j => j.Id).ToListAsync());

    public static async Task<List<Job>> WaitForAsync(FulcrumServer server, Func<List<Job>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var jobs = await JobsAsync(server);
            if (condition(jobs) || DateTime.UtcNow > deadline)
            {
                return jobs;
            }
            await Task.Delay(100);
        }
    }

    private sealed class Handler(RecordingJobs record, JobNode node) : IJobHandler
    {
        public string Kind => RecordingJobs.Kind;

        public async Task RunAsync(Job job, CancellationToken cancellationToken)
        {
            if (job.Payload == "fail")
            {
                throw new InvalidOperationException("The test's job failed on purpose.");
            }
            await Task.Delay(50, cancellationToken);
            record.Runs.Enqueue((job.Id, node.Id));
        }
    }
}
