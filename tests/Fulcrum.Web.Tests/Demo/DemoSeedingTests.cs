using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Demo;

public sealed class DemoSeedingTests
{
    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task The_demo_is_a_realistic_organisation_and_its_logins_work(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine), demo: true);
        using var client = server.CreateClient();
        var admin = DemoSeeding.Logins[0];
        await FulcrumServer.LogInAsync(client, admin.Email, admin.Password);

        var teams = await client.GetFromJsonAsync<JsonElement>("/api/v1/teams");
        var people = await client.GetFromJsonAsync<JsonElement>("/api/v1/people");
        var services = await client.GetFromJsonAsync<JsonElement>("/api/v1/services");

        Assert.True(teams.GetArrayLength() >= 3);
        Assert.InRange(people.GetArrayLength(), 12, 20);
        Assert.True(services.GetArrayLength() >= teams.GetArrayLength());
        var everyoneButTheTop = people.EnumerateArray().Where(p => p.GetProperty("managerId").ValueKind != JsonValueKind.Null).Count();
        Assert.Equal(people.GetArrayLength() - 1, everyoneButTheTop);
        var tracks = people.EnumerateArray().Select(p => p.GetProperty("track").GetString()).Distinct().Order().ToList();
        Assert.Equal(["ic", "management"], tracks);
        // Accented names keep their letters in the address: Chloé Martin is chloe.martin, not chlo.martin.
        Assert.Contains(people.EnumerateArray(), p => p.GetProperty("name").GetString() == "Chloé Martin" && p.GetProperty("email").GetString() == "chloe.martin@example.com");
        var home = await client.GetStringAsync("/");
        Assert.Contains($"<strong>{people.GetArrayLength()}</strong> <span>people</span>", home);

        // The demo's pull requests give every stage of the lead-time breakdown a figure.
        var report = await client.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report");
        var stages = report.GetProperty("leadTimeBreakdown").GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["coding", "pickup", "review", "deploy"], stages.Select(s => s.GetProperty("stage").GetString()));
        Assert.All(stages, s => Assert.True(s.GetProperty("medianHours").GetDouble() > 0 && s.GetProperty("sampleSize").GetInt32() > 100, s.ToString()));

        // The demo's review comments give every team a feedback balance; Payments writes its labels.
        var payments = (await client.GetFromJsonAsync<JsonElement>("/api/v1/teams/Payments/feedback")).GetProperty("figures");
        var mobile = (await client.GetFromJsonAsync<JsonElement>("/api/v1/teams/Mobile/feedback")).GetProperty("figures");
        Assert.True(payments.GetProperty("pullRequests").GetInt32() > 50, payments.ToString());
        Assert.True(payments.GetProperty("explicitShare").GetDouble() > 0.6, payments.ToString());
        Assert.True(mobile.GetProperty("explicitShare").GetDouble() < 0.3, mobile.ToString());
        Assert.True(payments.GetProperty("firstReview").GetProperty("samples").GetInt32() > 50, payments.ToString());

        // The demo's friction log: every team has items, some triaged, some waiting with people behind them.
        var friction = (await client.GetFromJsonAsync<JsonElement>("/api/v1/friction?status=all")).EnumerateArray().ToList();
        Assert.InRange(friction.Count, 10, 15);
        Assert.Equal(["Growth", "Mobile", "Payments", "Platform"], friction.Select(i => i.GetProperty("team").GetProperty("name").GetString()).Distinct().Order());
        Assert.Equal(["accepted", "declined", "open", "removed"], friction.Select(i => i.GetProperty("status").GetString()).Distinct().Order());
        Assert.Contains(friction, i => i.GetProperty("triageOverdue").GetBoolean() && i.GetProperty("meToos").GetInt32() >= 2);

        // The delivery page stays readable with a year of data: the review queue shows its first
        // incidents and folds the rest; one service's deployments are open, the others folded.
        var delivery = WebUtility.HtmlDecode(await client.GetStringAsync("/delivery"));
        var shown = Regex.Match(delivery, @"<caption>(\d+) incidents with a suspected cause; the first 8</caption>");
        var folded = Regex.Match(delivery, @"<summary>The other (\d+) incidents? to review</summary>");
        Assert.True(shown.Success && folded.Success, "the review queue is not split");
        Assert.Equal(int.Parse(shown.Groups[1].Value) - 8, int.Parse(folded.Groups[1].Value));
        Assert.Equal(8, Regex.Matches(delivery[..folded.Index], "value=\"confirm:").Count);
        Assert.Single(Regex.Matches(delivery, "<details class=\"deployments-of\" open"));
        Assert.True(Regex.Matches(delivery, "<details class=\"deployments-of\"").Count > 1);

        // The demo's experiments: payments-api deploys every merge for six weeks, and the noise test finds it;
        // Platform's lead time moved within its weekly noise; Mobile's help centre cut its tickets; one ended, one concluded.
        var experiments = (await client.GetFromJsonAsync<JsonElement>("/api/v1/experiments")).EnumerateArray().ToList();
        Assert.Equal(["A release checklist for the apps", "In-app help centre", "Pull requests under 200 lines", "Deploy every merge of payments-api", "Pair on incident follow-ups"],
            experiments.Select(e => e.GetProperty("title").GetString()));
        async Task<JsonElement> ResultAsync(string title) => await client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/experiments/{experiments.Single(e => e.GetProperty("title").GetString() == title).GetProperty("id").GetInt32()}/result");
        var deploys = await ResultAsync("Deploy every merge of payments-api");
        Assert.Equal(("distinguishable", 6, 6, true), (deploys.GetProperty("verdict").GetString(), deploys.GetProperty("before").GetProperty("samples").GetInt32(),
            deploys.GetProperty("after").GetProperty("samples").GetInt32(), deploys.GetProperty("metExpectation").GetBoolean()));
        Assert.Equal("not-distinguishable", (await ResultAsync("Pull requests under 200 lines")).GetProperty("verdict").GetString());
        var tickets = await ResultAsync("In-app help centre");
        Assert.Equal(("distinguishable", 28, 28, true), (tickets.GetProperty("verdict").GetString(), tickets.GetProperty("before").GetProperty("samples").GetInt32(),
            tickets.GetProperty("after").GetProperty("samples").GetInt32(), tickets.GetProperty("better").GetBoolean()));
        Assert.True(experiments[0].GetProperty("overdue").GetBoolean());
        Assert.Equal("concluded", experiments[^1].GetProperty("status").GetString());
        var experimentsPage = WebUtility.HtmlDecode(await client.GetStringAsync("/experiments"));
        Assert.Contains("Distinguishable from noise (p = 0.00", experimentsPage);
        Assert.Contains("(ended: to conclude)", experimentsPage);
    }

    [Fact]
    public async Task Starting_the_demo_again_keeps_it_as_it_was()
    {
        var database = TestDatabases.NewSqlite();
        await using (await FulcrumServer.StartAsync(database, demo: true))
        {
        }
        await using var again = await FulcrumServer.StartAsync(database, demo: true);

        var people = await again.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().People.CountAsync());
        Assert.Equal(17, people);
    }

    [Fact]
    public async Task The_demo_is_never_mixed_into_a_real_organisation()
    {
        var database = TestDatabases.NewSqlite();
        await using (var server = await FulcrumServer.StartAsync(database))
        {
            await server.CreateUserAsync("real@example.com", "admin");
        }

        var options = new ServeOptions { Database = database, Urls = ["http://127.0.0.1:0"], Demo = true };
        await using var app = FulcrumWebApp.Build(options);
        var error = await Assert.ThrowsAsync<ProblemException>(() => FulcrumWebApp.PrepareAsync(app, options));

        Assert.Contains("already holds an organisation", error.Message);
        Assert.Equal(ProblemKind.Conflict, error.Kind);
    }
}
