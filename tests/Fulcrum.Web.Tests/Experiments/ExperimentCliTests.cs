using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Experiments;

/// <summary>`fulcrum experiment` as a person runs it: the real executable on a real database.</summary>
public sealed class ExperimentCliTests
{
    [Fact]
    public async Task Add_list_and_result_show_the_change_and_the_noise_test_and_mistakes_are_errors()
    {
        // api-gateway (Platform) deployed 2, 3, 2, 3 times a week in the four weeks before the start, 6, 7, 6, 7 in the four after.
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-28);
        var database = TestDatabases.NewSqlite();
        await using (var server = await FulcrumServer.StartAsync(database))
        {
            await server.WithServicesAsync(async s =>
            {
                var db = s.GetRequiredService<FulcrumDbContext>();
                var platform = new Team { Name = "Platform" };
                db.People.Add(new Person { Name = "Priya Raman", Email = "priya@example.com", Team = platform });
                db.Services.Add(new Service { Name = "api-gateway", Team = platform });
                await db.SaveChangesAsync();
                var csv = new StringBuilder("id,service,environment,sha,started_at,finished_at,result\n");
                int[] perWeek = [2, 3, 2, 3, 6, 7, 6, 7];
                for (var week = 0; week < perWeek.Length; week++)
                {
                    var from = start.AddDays(7 * (week - 4)).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
                    for (var i = 0; i < perWeek[week]; i++)
                    {
                        var at = from.AddDays(i % 5).AddHours(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                        csv.Append(CultureInfo.InvariantCulture, $"d{week}-{i},api-gateway,production,,{at},{at},success\n");
                    }
                }
                var report = await s.GetRequiredService<DeliveryImporter>().ImportDeploymentsAsync(new StringReader(csv.ToString()), json: false, "import", CancellationToken.None);
                Assert.Equal(36, report.Created);
                return 0;
            });
        }
        var file = database.ConnectionString.Split('=', ';')[1];

        var added = await CliProcess.RunAsync(file, null, "experiment", "add", "--team", "platform", "--title", "Deploy on every merge",
            "--hypothesis", "Smaller deployments, more often.", "--change", "The pipeline deploys each merge.", "--metric", "deployment_frequency",
            "--expect", "+50%", "--start", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--by", "priya@example.com");
        Assert.Equal(0, added.ExitCode);
        Assert.Equal($"Started experiment 1: Deploy on every merge (Platform, deployment_frequency from {start:yyyy-MM-dd})\n", added.Output);

        var list = await CliProcess.RunAsync(file, null, "experiment", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal($"   1  Deploy on every merge  [Platform; deployment_frequency +50%; from {start:yyyy-MM-dd}; open]  distinguishable from noise (p = 0.03)\n", list.Output);

        var table = await CliProcess.RunAsync(file, null, "experiment", "result", "1");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Deployment frequency rose from 0.36 to 0.93 deployments/day (+160%), better: distinguishable from noise (p = 0.03)", table.Output, StringComparison.Ordinal);
        Assert.Contains("before  ", table.Output, StringComparison.Ordinal);
        Assert.Contains("        0.29 0.43 0.29 0.43\n", table.Output, StringComparison.Ordinal);
        Assert.Contains("Permutation test of the difference in means: p = 0.03, all 70 splits counted", table.Output, StringComparison.Ordinal);
        var json = await CliProcess.RunAsync(file, null, "experiment", "result", "1", "--format", "json");
        var result = JsonDocument.Parse(json.Output).RootElement.GetProperty("result");
        Assert.Equal(2.0 / 70, result.GetProperty("pValue").GetDouble(), 9);
        Assert.Equal("Priya Raman", JsonDocument.Parse(json.Output).RootElement.GetProperty("experiment").GetProperty("author").GetProperty("name").GetString());

        var unknownMetric = await CliProcess.RunAsync(file, null, "experiment", "add", "--team", "Platform", "--title", "T", "--hypothesis", "H", "--change", "C", "--metric", "mood");
        Assert.Equal(1, unknownMetric.ExitCode);
        Assert.Contains("error: ", unknownMetric.Error, StringComparison.Ordinal);
        Assert.Contains("'mood' is neither a delivery metric nor a metric series. Known: deployment-frequency,", unknownMetric.Error, StringComparison.Ordinal);
        var badDate = await CliProcess.RunAsync(file, null, "experiment", "add", "--team", "Platform", "--title", "T", "--hypothesis", "H", "--change", "C", "--metric", "lead-time", "--start", "1 March");
        Assert.Equal(1, badDate.ExitCode);
        Assert.Contains("--start: '1 March' is not a date like 2027-03-01.", badDate.Error, StringComparison.Ordinal);
        var missing = await CliProcess.RunAsync(file, null, "experiment", "result", "9");
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("error: There is no experiment 9 for you.", missing.Error, StringComparison.Ordinal);
    }
}
