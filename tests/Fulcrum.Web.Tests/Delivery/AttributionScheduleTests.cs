using Fulcrum.Core.Delivery;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Delivery;

/// <summary>
/// Every service's attribution is rebuilt on a schedule, as jobs (ADR 0013): what changes without a
/// write, here a narrower attribution window, reaches the stored incident links.
/// </summary>
public sealed class AttributionScheduleTests
{
    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_new_attribution_window_reaches_stored_incidents_through_the_scheduled_rebuild(DatabaseEngine engine)
    {
        using var repo = new TestRepository();
        var sha = repo.Commit("one", "2026-03-01T08:00:00Z");
        var database = TestDatabases.New(engine);
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;
        using var files = new TemporaryFiles();
        var deployments = files.Write("deployments.csv",
            $"id,service,environment,sha,started_at,finished_at,result\nd1,payments,production,{sha},2026-03-01T09:00:00Z,2026-03-01T09:10:00Z,success\n");
        // Two days after the deployment: within the default window (3 days), outside an hour.
        var incidents = files.Write("incidents.csv",
            "id,service,started_at,resolved_at,severity,title,deployment_id,caused_by_sha\ni1,payments,2026-03-03T09:00:00Z,2026-03-03T10:00:00Z,sev2,Checkout errors,,\n");
        string[][] commands = [["db", "migrate"], ["delivery", "ingest", "--repo", repo.Path, "--service", "payments"],
            ["delivery", "import", "deployments", deployments], ["delivery", "import", "incidents", incidents]];
        foreach (var command in commands)
        {
            var run = await CliProcess.RunAsync(target, null, command);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', command)}: {run.Output}{run.Error}");
        }
        Assert.NotNull((await IncidentAsync(database)).DeploymentId);

        await using var server = await FulcrumServer.StartAsync(database, settings: new Dictionary<string, string?>
        {
            ["Fulcrum:Jobs:PollInterval"] = "00:00:00.1",
            ["Fulcrum:Delivery:AttributionWindow"] = "01:00:00",
        });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<Job> jobs;
        do
        {
            await Task.Delay(100);
            jobs = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Jobs.AsNoTracking()
                .Where(j => j.Kind == AttributionJob.JobKind).ToListAsync());
        }
        while (!(jobs.Count == 1 && jobs[0].State == JobStates.Succeeded) && DateTime.UtcNow < deadline);

        Assert.Equal(JobStates.Succeeded, Assert.Single(jobs).State);
        var incident = await IncidentAsync(database);
        Assert.Null(incident.DeploymentId);
        Assert.Equal(IncidentLink.None, incident.Link);
    }

    private static async Task<Incident> IncidentAsync(DatabaseTarget database)
    {
        await using var db = Data.SchemaDescription.Open(database);
        return await db.Incidents.AsNoTracking().SingleAsync();
    }

    private sealed class TemporaryFiles : IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("fulcrum-attribution-").FullName;

        public string Write(string name, string text)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }
}
