using System.Globalization;
using System.Text.Json.Nodes;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Tests.Cli;

namespace Fulcrum.Web.Tests.Estimation;

public sealed class CalibrationCliTests
{
    [Fact]
    public async Task Estimate_calibration_prints_the_figures_as_a_table_and_the_apis_json_and_exits_3_for_an_unknown_team()
    {
        // The CLI reads the real clock, so the data is laid out around today.
        var today = DateTime.UtcNow.Date;
        var database = TestDatabases.NewSqlite();
        var path = database.ConnectionString.Split('=', ';')[1];
        await using var server = await FulcrumServer.StartAsync(database);
        await CalibrationData.SeedAsync(server, today);
        using var member = server.CreateClient(await server.CreateTokenAsync("member@example.com", Roles.Member));

        var table = await CliProcess.RunAsync(path, null, "estimate", "calibration", "--team", "Payments");
        var json = await CliProcess.RunAsync(path, null, "estimate", "calibration", "--team", "Payments", "--format", "json");
        var api = await member.GetStringAsync("/api/v1/estimation/calibration?team=Payments");
        var unknown = await CliProcess.RunAsync(path, null, "estimate", "calibration", "--team", "Nowhere");
        var help = await CliProcess.RunAsync(path, null, "--help");

        Assert.Equal(0, table.ExitCode);
        var lines = table.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains($"Calibration of Payments with Ledger, as of {today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", lines);
        Assert.Contains("Left out of calibration and the forecast: 2 items without an estimate (1 of them open), 1 estimated in days (time, not cards).", lines);
        Assert.Contains(lines, l => l.StartsWith("Days per point ", StringComparison.Ordinal) && l.Contains("1 day per point") && l.EndsWith(" 11", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PRED(25) ", StringComparison.Ordinal) && l.Contains("72.7 %"));
        Assert.Contains("    No finished item estimated in planning poker; the rate needs at least 3.", lines);
        Assert.Matches(@"\n1\s+3\s+1 day\s+1–1\.5 days\s+1\.8 days\s+\+0\.23 \(1\.26×\)\s+66\.7 %\n", table.Output);
        Assert.Matches(@"\n5\s+2\s+too few\s+—\s+—\s+too few\s+too few\n", table.Output);
        Assert.Contains("    Card 5: Only 2 finished items with a cycle time on this card; percentiles need at least 3.", lines);
        Assert.Matches(@"\n1 → 2\s+1 day → 2 days\s+yes\s+88\.9 %\n", table.Output);
        var due = today.AddDays(28).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Contains($"   50 %  {due}  (4 weeks)", lines);
        Assert.Contains($"   95 %  {due}  (4 weeks)", lines);

        Assert.Equal(0, json.ExitCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(api), JsonNode.Parse(json.Output)), $"The CLI's JSON differs from the API's:\n{json.Output}");

        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("error: There is no team named 'Nowhere'.", unknown.Error);
        Assert.Contains("  estimate ", help.Output);
    }
}
