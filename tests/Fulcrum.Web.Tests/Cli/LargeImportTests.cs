using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Cli;

/// <summary>
/// Imports far beyond what one SQL statement may carry as parameters (SQLite takes 32,766,
/// PostgreSQL 65,535): 100,000 records of each kind through the real CLI, on both engines, read
/// back as the counts the report and the API show.
/// </summary>
public sealed class LargeImportTests
{
    private const int Count = 100_000;
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string Window = "since=2026-01-01&until=2026-04-01";

    private static string Time(DateTime instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>One record a minute from 1 January: 100,000 minutes end in March.</summary>
    private static string File(string kind)
    {
        var text = new StringBuilder(Count * 100);
        text.AppendLine(kind switch
        {
            "deployments" => "id,service,environment,finished_at,result",
            "incidents" => "id,service,started_at,resolved_at,severity,title",
            "pull-requests" => "id,service,opened_at,first_review_at,merged_at",
            "work-items" => "id,title,team,committed_date,started_at,done_at",
            _ => "name,email,team,manager_email,track,level,title",
        });
        for (var i = 0; i < Count; i++)
        {
            var at = Start.AddMinutes(i);
            text.AppendLine(kind switch
            {
                "deployments" => $"d{i},payments,production,{Time(at)},success",
                "incidents" => $"i{i},payments,{Time(at)},{Time(at.AddMinutes(30))},sev3,Incident {i}",
                "pull-requests" => $"pr{i},payments,{Time(at)},{Time(at.AddMinutes(20))},{Time(at.AddMinutes(40))}",
                "work-items" => $"w{i},Story {i},Payments,{at.AddDays(1):yyyy-MM-dd},{Time(at.AddHours(-2))},{Time(at)}",
                // Everyone reports to someone earlier in the file, ten to a manager.
                _ => $"Person {i},p{i}@example.com,Payments,{(i == 0 ? "" : $"p{i / 10}@example.com")},ic,3,Engineer",
            });
        }
        return text.ToString();
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite, "deployments")]
    [InlineData(DatabaseEngine.PostgreSql, "deployments")]
    [InlineData(DatabaseEngine.Sqlite, "incidents")]
    [InlineData(DatabaseEngine.PostgreSql, "incidents")]
    [InlineData(DatabaseEngine.Sqlite, "pull-requests")]
    [InlineData(DatabaseEngine.PostgreSql, "pull-requests")]
    [InlineData(DatabaseEngine.Sqlite, "work-items")]
    [InlineData(DatabaseEngine.PostgreSql, "work-items")]
    [InlineData(DatabaseEngine.Sqlite, "people")]
    [InlineData(DatabaseEngine.PostgreSql, "people")]
    public async Task A_hundred_thousand_records_import_through_the_cli_and_all_of_them_count(DatabaseEngine engine, string kind)
    {
        var database = TestDatabases.New(engine);
        await using var server = await FulcrumServer.StartAsync(database);
        using var lead = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        var team = await (await lead.PostAsJsonAsync("/api/v1/teams", new { name = "Payments" })).Content.ReadFromJsonAsync<JsonElement>();
        await lead.PostAsJsonAsync("/api/v1/services", new { name = "payments", teamId = team.GetProperty("id").GetInt32() });
        var file = Path.Combine(Path.GetTempPath(), $"{kind}-{Guid.NewGuid():N}.csv");
        await System.IO.File.WriteAllTextAsync(file, File(kind));
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(10), target, null,
            kind == "people" ? ["org", "import", "people", file] : ["delivery", "import", kind, file]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains($"Imported {kind}: {Count} created, 0 updated.", result.Output);
        if (kind == "people")
        {
            var teams = await lead.GetFromJsonAsync<JsonElement>("/api/v1/teams");
            Assert.Equal(Count, teams[0].GetProperty("memberCount").GetInt32());
            return;
        }
        var report = await lead.GetFromJsonAsync<JsonElement>(
            kind == "work-items" ? $"/api/v1/delivery/report?team=Payments&{Window}" : $"/api/v1/delivery/report?service=payments&{Window}");
        int Sample(string metric) => report.GetProperty("metrics").EnumerateArray()
            .Single(m => m.GetProperty("metric").GetString() == metric).GetProperty("sampleSize").GetInt32();
        var counted = kind switch
        {
            "deployments" => Sample("deployment_frequency"),
            "incidents" => report.GetProperty("coverage").GetProperty("incidents").GetInt32(),
            "pull-requests" => report.GetProperty("leadTimeBreakdown").GetProperty("pullRequestsMerged").GetInt32(),
            _ => Sample("on_time_delivery"),
        };
        Assert.Equal(Count, counted);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_webhook_of_33000_deployments_under_the_size_limit_is_stored_whole(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var ci = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Leader));
        await ci.PostAsJsonAsync("/api/v1/services", new { name = "payments" });
        var records = Enumerable.Range(0, 33_000).Select(i => new
        {
            id = $"d{i}", service = "payments", environment = "production", finished_at = Time(Start.AddMinutes(i)), result = "success",
        });
        var body = JsonSerializer.Serialize(records);
        Assert.InRange(body.Length, 3_000_000, 5 * 1024 * 1024);

        var response = await ci.PostAsync("/api/v1/deployments", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(33_000, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
        var report = await ci.GetFromJsonAsync<JsonElement>($"/api/v1/delivery/report?service=payments&{Window}");
        Assert.Equal(33_000, report.GetProperty("metrics")[0].GetProperty("sampleSize").GetInt32());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_skills_matrix_of_a_hundred_thousand_rows_imports_and_imports_again_as_updates(DatabaseEngine engine)
    {
        var database = TestDatabases.New(engine);
        await using var server = await FulcrumServer.StartAsync(database);
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;
        // A thousand people with a hundred skills each.
        var people = Path.Combine(Path.GetTempPath(), $"people-{Guid.NewGuid():N}.csv");
        await System.IO.File.WriteAllTextAsync(people, "name,email\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"Person {i},p{i}@example.com\n")));
        Assert.Equal(0, (await CliProcess.RunAsync(target, null, "org", "import", "people", people)).ExitCode);
        var skills = Path.Combine(Path.GetTempPath(), $"skills-{Guid.NewGuid():N}.csv");
        await System.IO.File.WriteAllTextAsync(skills, "email,skill,level\n"
            + string.Concat(Enumerable.Range(0, Count).Select(i => $"p{i / 100}@example.com,Skill {i % 100},{i % 5}\n")));

        var first = await CliProcess.RunAsync(TimeSpan.FromMinutes(10), target, null, "skills", "import", skills);
        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}: {first.Error}");
        Assert.Equal($"Imported skills: {Count} added, 0 updated.\n", first.Output);
        // Every row was stored: the same file again finds each one.
        var again = await CliProcess.RunAsync(TimeSpan.FromMinutes(10), target, null, "skills", "import", skills);
        Assert.Equal($"Imported skills: 0 added, {Count} updated.\n", again.Output);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_hundred_thousand_review_comments_import_and_the_team_report_counts_every_one(DatabaseEngine engine)
    {
        var database = TestDatabases.New(engine);
        await using var server = await FulcrumServer.StartAsync(database);
        using var lead = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        var team = await (await lead.PostAsJsonAsync("/api/v1/teams", new { name = "Payments" })).Content.ReadFromJsonAsync<JsonElement>();
        await lead.PostAsJsonAsync("/api/v1/services", new { name = "payments", teamId = team.GetProperty("id").GetInt32() });
        var target = engine == DatabaseEngine.Sqlite ? database.ConnectionString.Split('=', ';')[1] : database.ConnectionString;
        // Ten comments a pull request, one a minute from 1 January; every fifth a written nitpick, every tenth blocking.
        var file = Path.Combine(Path.GetTempPath(), $"comments-{Guid.NewGuid():N}.csv");
        await System.IO.File.WriteAllTextAsync(file, "id,pull_request,created_at,body\n" + string.Concat(Enumerable.Range(0, Count).Select(i =>
            $"c{i},{i / 10},{Time(Start.AddMinutes(i))},{(i % 10 == 0 ? "issue (blocking): the total is wrong" : i % 5 == 0 ? "nitpick (non-blocking): spacing" : "\"LGTM, thanks\"")}\n")));

        var imported = await CliProcess.RunAsync(TimeSpan.FromMinutes(10), target, null, "feedback", "import", file, "--service", "payments");
        var report = await CliProcess.RunAsync(target, null, "feedback", "report", "--team", "Payments", "--since", "2026-01-01", "--until", "2026-04-01", "--format", "json");

        Assert.True(imported.ExitCode == 0, $"exit {imported.ExitCode}: {imported.Error}");
        Assert.Equal($"Imported review comments for payments: {Count} added, 0 already there (updated).\n", imported.Output);
        var figures = JsonDocument.Parse(report.Output).RootElement.GetProperty("figures");
        Assert.Equal((Count, Count / 10), (figures.GetProperty("comments").GetInt32(), figures.GetProperty("pullRequests").GetInt32()));
        Assert.Equal((Count / 10, Count / 10), (figures.GetProperty("blockingComments").GetInt32(), figures.GetProperty("nonBlockingComments").GetInt32()));
        Assert.Equal(0.2, figures.GetProperty("explicitShare").GetDouble());
    }
}
