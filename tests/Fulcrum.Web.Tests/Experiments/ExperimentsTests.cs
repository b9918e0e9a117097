using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Experiments;
using Fulcrum.Web.Features.Home;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.Review;
using Fulcrum.Web.Tests.Careers;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Experiments;

/// <summary>
/// Improvement experiments through the real server, on deployments imported through the real
/// webhook. AssessmentTests' organisation: Daniel manages Sofia, Ethan, Priya and Tom (Payments,
/// under Engineering); Lea is a leader on no team. Sofia's scope is Payments: Engineering's things are not hers.
/// </summary>
public sealed class ExperimentsTests
{
    /// <summary>A Monday. The experiment starts four weeks before it, on a Monday too, so its blocks are whole weeks either side.</summary>
    private static readonly DateTimeOffset Today = new(2026, 3, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Start = new(2026, 3, 2);

    /// <summary>
    /// payments-api (Payments) deployed 2, 3, 2, 3 times in the four weeks before the start and 6, 7, 6, 7 times in the four after,
    /// one of them failing each side (failures do not count as shipped).
    /// </summary>
    private static async Task<AssessmentTests.Arranged> ArrangeAsync(DatabaseEngine engine)
    {
        var a = await AssessmentTests.ArrangeAsync(engine, new TestClock(Today));
        var payments = await a.Server.WithServicesAsync(s => Task.FromResult(s.GetRequiredService<FulcrumDbContext>().Teams.Single(t => t.Name == "Payments").Id));
        Assert.Equal(HttpStatusCode.Created, (await a.As["Lea"].PostAsJsonAsync("/api/v1/services", new { name = "payments-api", teamId = payments })).StatusCode);
        var deployments = new List<object>();
        int[] perWeek = [2, 3, 2, 3, 6, 7, 6, 7];
        for (var week = 0; week < perWeek.Length; week++)
        {
            var monday = Start.AddDays(7 * (week - 4)).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
            for (var i = 0; i < perWeek[week]; i++)
            {
                deployments.Add(new { id = $"d{week}-{i}", service = "payments-api", environment = "production", finished_at = monday.AddDays(i % 5).AddHours(i), result = "success" });
            }
            if (week is 1 or 5)
            {
                deployments.Add(new { id = $"d{week}-failed", service = "payments-api", environment = "production", finished_at = monday.AddHours(3), result = "failure" });
            }
        }
        var imported = await a.As["Lea"].PostAsync("/api/v1/deployments", new StringContent(JsonSerializer.Serialize(deployments), Encoding.UTF8, "application/json"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        return a;
    }

    private static object Request(string team = "Payments", string metric = "deployment-frequency", string? title = "Deploy every merge", string? hypothesis = "Deploying each merge ships more often.",
        string? change = "The pipeline deploys every merge to main.", string? expected = "+50%", DateOnly? startsOn = null, DateOnly? endsOn = null) =>
        new { team, title, hypothesis, change, metric, expected, startsOn = startsOn ?? Start, endsOn };

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task An_experiment_finds_the_change_in_imported_deployments_and_says_it_is_distinguishable_from_noise(DatabaseEngine engine)
    {
        await using var a = await ArrangeAsync(engine);

        var added = await a.As["Sofia"].PostAsJsonAsync("/api/v1/experiments", Request());
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var experiment = await added.Content.ReadFromJsonAsync<JsonElement>();
        var id = experiment.GetProperty("id").GetInt32();
        Assert.Equal(("Payments", "open", "Sofia"), (experiment.GetProperty("team").GetProperty("name").GetString(), experiment.GetProperty("status").GetString(),
            experiment.GetProperty("author").GetProperty("name").GetString()));

        var result = await a.As["Ethan"].GetFromJsonAsync<JsonElement>($"/api/v1/experiments/{id}/result");
        var before = result.GetProperty("before");
        var after = result.GetProperty("after");
        // Four whole weeks a side, counted from the start day; a week's figure is its deployments per day.
        Assert.Equal(["0.29", "0.43", "0.29", "0.43"], before.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("value").GetDouble().ToString("0.00", null)));
        Assert.Equal(["0.86", "1.00", "0.86", "1.00"], after.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("value").GetDouble().ToString("0.00", null)));
        Assert.Equal(("2026-02-02", "2026-03-02", "2026-03-30"), (before.GetProperty("from").GetString(), after.GetProperty("from").GetString(), after.GetProperty("to").GetString()));
        Assert.Equal((10, 26), (before.GetProperty("deployments").GetInt32(), after.GetProperty("deployments").GetInt32()));
        Assert.Equal((2.5 / 7, 6.5 / 7), (before.GetProperty("mean").GetDouble(), after.GetProperty("mean").GetDouble()), new Tolerance());
        // Every week after is above every week before: 2 of the 70 ways to split eight weeks into four and four are as far apart.
        Assert.Equal(2.0 / 70, result.GetProperty("pValue").GetDouble(), 9);
        Assert.True(result.GetProperty("exact").GetBoolean());
        Assert.Equal(("distinguishable", "distinguishable from noise (p = 0.03)"), (result.GetProperty("verdict").GetString(), result.GetProperty("verdictText").GetString()));
        Assert.True(result.GetProperty("metExpectation").GetBoolean());
        Assert.True(result.GetProperty("better").GetBoolean());
        Assert.Equal("deployment frequency of Payments' services per week, 4 weeks before 2 Mar 2026 and 4 after, permutation test", result.GetProperty("source").GetString());
        Assert.Equal("Deployment frequency rose from 0.36 to 0.93 deployments/day (+160%), better: distinguishable from noise (p = 0.03); "
            + "it was expected to move +50% and moved that much.", result.GetProperty("sentence").GetString());

        var page = WebUtility.HtmlDecode(await a.As["Ethan"].GetStringAsync($"/experiments/{id}"));
        Assert.Contains("Deploying each merge ships more often.", page);
        Assert.Contains("distinguishable from noise (p = 0.03)", page);
        Assert.DoesNotContain("Conclude the experiment", page);
        var list = WebUtility.HtmlDecode(await a.As["Sofia"].GetStringAsync("/experiments"));
        Assert.Contains("Deploy every merge", list);
        Assert.Contains("Distinguishable from noise (p = 0.03)", list);

        // The weekly review: Payments' open experiment, its number and where it came from.
        var section = await a.Server.WithServicesAsync(async s =>
        {
            var sofia = a.Id["Sofia"];
            var payments = s.GetRequiredService<FulcrumDbContext>().Teams.Single(t => t.Name == "Payments").Id;
            var reader = new ReviewReader(sofia, "Sofia", "sofia@example.com", new ClaimsPrincipal(), new TeamScope(sofia, "Sofia", payments, t => t == payments), false,
                [new ReviewTeam(payments, "Payments")], Today.UtcDateTime.Date.AddDays(-7), Today.UtcDateTime.Date);
            return await s.GetServices<IReviewSource>().OfType<ExperimentsReview>().Single().ForAsync(reader, CancellationToken.None);
        });
        var item = Assert.Single(section!.Items);
        Assert.StartsWith("Payments, \"Deploy every merge\": Deployment frequency rose from 0.36 to 0.93", item.Text);
        Assert.Equal(result.GetProperty("source").GetString(), item.Source);
        Assert.Equal($"/experiments/{id}", item.Href);
        Assert.False(item.Attention);

        // Its author concludes it; the figures of that day stay with the conclusion.
        var concluded = await a.As["Sofia"].PostAsJsonAsync($"/api/v1/experiments/{id}/conclude", new { conclusion = "Deploying every merge stays." });
        Assert.Equal(HttpStatusCode.OK, concluded.StatusCode);
        var view = await concluded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("concluded", view.GetProperty("status").GetString());
        Assert.Equal(2.0 / 70, view.GetProperty("conclusion").GetProperty("pValue").GetDouble(), 9);
        Assert.Contains("Deploying every merge stays.", WebUtility.HtmlDecode(await a.As["Ethan"].GetStringAsync($"/experiments/{id}")));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Only_the_teams_scope_reads_an_experiment_its_author_and_leaders_change_it_and_bad_input_names_the_field(DatabaseEngine engine)
    {
        await using var a = await ArrangeAsync(engine);
        var sofias = (await (await a.As["Sofia"].PostAsJsonAsync("/api/v1/experiments", Request(endsOn: Start.AddDays(13)))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var engineering = await a.As["Lea"].PostAsJsonAsync("/api/v1/experiments", Request(team: "Engineering", title: "Engineering-wide flags"));
        Assert.Equal(HttpStatusCode.Created, engineering.StatusCode);
        var engineeringId = (await engineering.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        // Engineering's experiment is outside Sofia's scope: not listed, 404, and she cannot add one there.
        var sofiaSees = await a.As["Sofia"].GetFromJsonAsync<JsonElement>("/api/v1/experiments");
        Assert.Equal(["Deploy every merge"], sofiaSees.EnumerateArray().Select(e => e.GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Sofia"].GetAsync($"/api/v1/experiments/{engineeringId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Sofia"].GetAsync($"/api/v1/experiments/{engineeringId}/result")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Sofia"].GetAsync($"/experiments/{engineeringId}")).StatusCode);
        var notHers = await a.As["Sofia"].PostAsJsonAsync("/api/v1/experiments", Request(team: "Engineering"));
        Assert.Equal(HttpStatusCode.BadRequest, notHers.StatusCode);
        Assert.Contains("There is no team 'Engineering' for you.", await notHers.Content.ReadAsStringAsync());
        Assert.Equal(2, (await a.As["Mia"].GetFromJsonAsync<JsonElement>("/api/v1/experiments")).GetArrayLength());

        // Ethan is on the team but not the author: he reads it, he does not change or conclude it. A leader does.
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Ethan"].PutAsJsonAsync($"/api/v1/experiments/{sofias}", Request(title: "Mine now"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Ethan"].PostAsJsonAsync($"/api/v1/experiments/{sofias}/conclude", new { conclusion = "Done." })).StatusCode);
        var edited = await a.As["Sofia"].PutAsJsonAsync($"/api/v1/experiments/{sofias}", Request(title: "Deploy every merge, for two weeks", endsOn: Start.AddDays(13)));
        Assert.Equal("Deploy every merge, for two weeks", (await edited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        // Ended two weeks after the start and not concluded: waiting for its author (and leaders), on the agenda and marked in the review.
        var waiting = await a.Server.WithServicesAsync(async s =>
        {
            var agenda = s.GetServices<IAgendaSource>().OfType<ExperimentsAgenda>().Single();
            var payments = s.GetRequiredService<FulcrumDbContext>().Teams.Single(t => t.Name == "Payments").Id;
            AgendaViewer Member(string name) => new(new ClaimsPrincipal(), new TeamScope(a.Id[name], name, payments, t => t == payments), false);
            return (await agenda.ForAsync(Member("Sofia"), CancellationToken.None), await agenda.ForAsync(Member("Ethan"), CancellationToken.None));
        });
        Assert.Equal("Experiment \"Deploy every merge, for two weeks\" (Payments) ended 15 Mar: see how deployment-frequency moved and conclude it.",
            Assert.Single(waiting.Item1).Text);
        Assert.Empty(waiting.Item2);
        // Two weeks a side are too few weeks to tell.
        var result = await a.As["Sofia"].GetFromJsonAsync<JsonElement>($"/api/v1/experiments/{sofias}/result");
        Assert.Equal("too few samples to tell (2 weeks with a figure before, 2 after; 4 a side are needed)", result.GetProperty("verdictText").GetString());
        Assert.Equal(HttpStatusCode.OK, (await a.As["Lea"].PostAsJsonAsync($"/api/v1/experiments/{sofias}/conclude", new { conclusion = "Too short to tell; run it again for six weeks." })).StatusCode);

        // Every text field has its limit, named; an unknown metric is 422 naming the field and the known ones.
        var tooLong = await a.As["Sofia"].PostAsJsonAsync("/api/v1/experiments", Request(title: new string('t', 201), hypothesis: new string('h', 2001), change: null, expected: "a lot"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var errors = (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["change", "expected", "hypothesis", "title"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("A title has at most 200 characters.", errors.GetProperty("title")[0].GetString());
        Assert.Equal("The hypothesis has at most 2000 characters.", errors.GetProperty("hypothesis")[0].GetString());
        var unknown = await a.As["Sofia"].PostAsJsonAsync("/api/v1/experiments", Request(metric: "happiness"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        var problem = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("'happiness' is neither a delivery metric nor a metric series. Known: deployment-frequency, lead-time,", problem.GetProperty("errors").GetProperty("metric")[0].GetString());
        var longConclusion = await a.As["Sofia"].PostAsJsonAsync($"/api/v1/experiments/{sofias}/conclude", new { conclusion = new string('c', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, longConclusion.StatusCode);
        Assert.Contains("A conclusion has at most 2000 characters.", await longConclusion.Content.ReadAsStringAsync());
        var backwards = await a.As["Sofia"].PostAsJsonAsync("/api/v1/experiments", Request(startsOn: Start, endsOn: Start.AddDays(-1)));
        Assert.Contains("\"endsOn\"", await backwards.Content.ReadAsStringAsync());
        Assert.Equal(2, (await a.As["Lea"].GetFromJsonAsync<JsonElement>("/api/v1/experiments")).GetArrayLength());
    }

    [Fact]
    public async Task A_person_starts_an_experiment_on_the_page_and_its_author_concludes_it_there()
    {
        await using var a = await ArrangeAsync(DatabaseEngine.Sqlite);
        using var browser = a.Server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "sofia@example.com");
        var payments = await a.Server.WithServicesAsync(s => Task.FromResult(s.GetRequiredService<FulcrumDbContext>().Teams.Single(t => t.Name == "Payments").Id));

        var form = await browser.GetStringAsync("/experiments");
        Assert.Contains("No experiments yet.", form);
        Dictionary<string, string> Fields(string page, string? title) => new()
        {
            ["_handler"] = "new", ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(page), ["New.Title"] = title ?? "",
            ["New.Team"] = payments.ToString(System.Globalization.CultureInfo.InvariantCulture), ["New.Hypothesis"] = "Deploying each merge ships more often.",
            ["New.Change"] = "The pipeline deploys every merge.\n\nThe release window is gone.", ["New.Metric"] = "deployment-frequency", ["New.Expected"] = "+50%",
            ["New.StartsOn"] = "2026-03-02",
        };
        var refused = WebUtility.HtmlDecode(await (await browser.PostAsync("/experiments", new FormUrlEncodedContent(Fields(form, null)))).Content.ReadAsStringAsync());
        Assert.Contains("The experiment was not saved:", refused);
        Assert.Contains("A title is required.", refused);

        var started = await browser.PostAsync("/experiments", new FormUrlEncodedContent(Fields(form, "Deploy every merge")));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var location = started.Headers.Location!.PathAndQuery;
        Assert.Matches(@"^/experiments/\d+\?done=started$", location);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(location));
        Assert.Contains("The experiment is started.", page);
        Assert.Contains("<p>The release window is gone.</p>", page);
        Assert.Contains("Deployment frequency rose from 0.36 to 0.93 deployments/day (+160%), better: distinguishable from noise (p = 0.03)", page);
        Assert.Contains("all 70 splits counted", page);
        Assert.Contains("role=\"img\"", page);

        var concluded = await browser.PostAsync(location, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "conclude", ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(page), ["Conclude.Conclusion"] = "We keep deploying every merge.",
        }));
        Assert.Equal(HttpStatusCode.Redirect, concluded.StatusCode);
        var after = WebUtility.HtmlDecode(await browser.GetStringAsync(concluded.Headers.Location!.PathAndQuery));
        Assert.Contains("We keep deploying every merge.", after);
        Assert.Contains("the metric was 0.36 before and 0.93 after (p = 0.03)", after);
    }

    private sealed class Tolerance : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < 1e-9 && Math.Abs(x.Item2 - y.Item2) < 1e-9;

        public int GetHashCode((double, double) obj) => 0;
    }
}
