using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Tests.Careers;

namespace Fulcrum.Web.Tests.TeamDesign;

/// <summary>
/// Team design through the real server: skills as private records, the skills file, the roadmap and
/// the gap report with its build-or-hire plans, the assumptions, and bad input. AssessmentTests'
/// organisation: Amara manages Daniel and Mia; Daniel manages Sofia, Ethan, Priya and Tom (Payments,
/// under Engineering); Lea is a leader on no team, Ivy an admin.
/// </summary>
public sealed class TeamDesignTests
{
    /// <summary>A Wednesday; the initiative below starts ten weeks after it.</summary>
    private static readonly DateTimeOffset Today = new(2026, 3, 11, 12, 0, 0, TimeSpan.Zero);

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static string Url(AssessmentTests.Arranged a, string name) => $"/api/v1/skills/people/{a.Id[name]}";

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_person_rates_their_own_skills_their_manager_confirms_and_nobody_else_reads_them(DatabaseEngine engine)
    {
        await using var a = await AssessmentTests.ArrangeAsync(engine, new TestClock(Today));

        var rated = await a.As["Sofia"].PutAsJsonAsync(Url(a, "Sofia"), new { skill = "  Kubernetes ", level = "practitioner" });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        var skill = (await rated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("skills")[0];
        Assert.Equal("Kubernetes", skill.GetProperty("skill").GetString());
        Assert.Equal(3, skill.GetProperty("selfLevel").GetInt32());
        Assert.Equal(JsonValueKind.Null, skill.GetProperty("confirmedLevel").ValueKind);

        // The person and their manager chain read it; a teammate, a leader and an admin are told there is nothing.
        foreach (var reader in new[] { "Sofia", "Daniel", "Amara" })
        {
            Assert.Equal(HttpStatusCode.OK, (await a.As[reader].GetAsync(Url(a, "Sofia"))).StatusCode);
        }
        foreach (var outsider in new[] { "Ethan", "Mia", "Lea", "Ivy" })
        {
            var refused = await a.As[outsider].GetAsync(Url(a, "Sofia"));
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.DoesNotContain("Kubernetes", await refused.Content.ReadAsStringAsync());
        }

        // A manager confirms but does not rate for the person; the person does not confirm themselves.
        var managerRates = await a.As["Daniel"].PutAsJsonAsync(Url(a, "Sofia"), new { skill = "Kubernetes", level = "4" });
        Assert.Equal(HttpStatusCode.Forbidden, managerRates.StatusCode);
        Assert.Contains("rates their own skills", await managerRates.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Sofia"].PostAsJsonAsync(Url(a, "Sofia") + "/confirm", new { skill = "Kubernetes", level = "4" })).StatusCode);
        var confirmed = await a.As["Daniel"].PostAsJsonAsync(Url(a, "Sofia") + "/confirm", new { skill = "kubernetes", level = "2" });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var view = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(view.GetProperty("mayConfirm").GetBoolean());
        var after = view.GetProperty("skills")[0];
        Assert.Equal(("Kubernetes", 3, 2, "working", "Daniel"), (after.GetProperty("skill").GetString(), after.GetProperty("selfLevel").GetInt32(),
            after.GetProperty("confirmedLevel").GetInt32(), after.GetProperty("confirmedLevelName").GetString(), after.GetProperty("confirmedBy").GetProperty("name").GetString()));

        // Bad input names the field and stores nothing.
        var badLevel = await a.As["Sofia"].PutAsJsonAsync(Url(a, "Sofia"), new { skill = "Go", level = "7" });
        Assert.Equal(HttpStatusCode.BadRequest, badLevel.StatusCode);
        Assert.Contains("\"level\"", await badLevel.Content.ReadAsStringAsync());
        var longName = await a.As["Sofia"].PutAsJsonAsync(Url(a, "Sofia"), new { skill = new string('k', 101), level = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);
        Assert.Contains("at most 100 characters", await longName.Content.ReadAsStringAsync());
        var nul = await a.As["Sofia"].PutAsJsonAsync(Url(a, "Sofia"), new { skill = "Go\u0000", level = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        var mine = await a.As["Sofia"].GetFromJsonAsync<JsonElement>("/api/v1/skills/me");
        Assert.Equal(["Kubernetes"], mine.GetProperty("skills").EnumerateArray().Select(s => s.GetProperty("skill").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Sofia"].GetAsync("/api/v1/skills/people/999999")).StatusCode);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task The_gap_report_plans_build_or_hire_and_shows_names_only_to_those_who_may_read_them(DatabaseEngine engine)
    {
        await using var a = await AssessmentTests.ArrangeAsync(engine, new TestClock(Today));
        var imported = await a.As["Lea"].PostAsync("/api/v1/skills/import", Csv("""
            email,skill,level,confirmed_level,confirmed_by
            sofia@example.com,Kubernetes,4,4,daniel@example.com
            ethan@example.com,Kubernetes,2,2,daniel@example.com
            priya@example.com,Machine learning,1,,
            tom@example.com,PostgreSQL,3,,
            """));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(4, (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());

        // Only leaders change the roadmap.
        var initiative = new
        {
            name = "Ledger v2", startsOn = "2026-05-20", endsOn = "2026-09-30",
            needs = new object[] { new { skill = "kubernetes", level = "practitioner", people = 2 }, new { skill = "Machine Learning", level = "3" }, new { skill = "PostgreSQL", level = "working" } },
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Ethan"].PostAsJsonAsync("/api/v1/teams/Payments/initiatives", initiative)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await a.As["Lea"].PostAsJsonAsync("/api/v1/teams/Payments/initiatives", initiative)).StatusCode);

        var daniels = await a.As["Daniel"].GetFromJsonAsync<JsonElement>("/api/v1/teams/Payments/skill-gaps");
        var summary = daniels.GetProperty("summary");
        // Sofia alone holds Kubernetes at the level, Tom alone PostgreSQL: two single points of knowledge.
        Assert.Equal((3, 1, 1, 2, 2, 2, 0), (summary.GetProperty("needs").GetInt32(), summary.GetProperty("covered").GetInt32(), summary.GetProperty("uncovered").GetInt32(),
            summary.GetProperty("peopleMissing").GetInt32(), summary.GetProperty("singlePointsOfKnowledge").GetInt32(), summary.GetProperty("build").GetInt32(), summary.GetProperty("hire").GetInt32()));
        var needs = daniels.GetProperty("initiatives")[0].GetProperty("needs");
        Assert.Equal(10, daniels.GetProperty("initiatives")[0].GetProperty("weeksUntilStart").GetInt32());
        var kubernetes = needs[0];
        Assert.Equal(("Kubernetes", 1, 1, true), (kubernetes.GetProperty("skill").GetString(), kubernetes.GetProperty("covered").GetInt32(),
            kubernetes.GetProperty("gap").GetInt32(), kubernetes.GetProperty("singlePointOfKnowledge").GetBoolean()));
        Assert.Equal("Sofia", kubernetes.GetProperty("holders")[0].GetProperty("person").GetProperty("name").GetString());
        // Ethan is one step away: one six-week sprint at a fifth of his time, 6 x 0.2 x 120,000 / 46 = 3,130.43; in time for week 10.
        var grow = kubernetes.GetProperty("plans")[0];
        Assert.Equal(("build", "Ethan", 6, 3130.43m), (grow.GetProperty("advice").GetString(), grow.GetProperty("learner").GetProperty("person").GetProperty("name").GetString(),
            grow.GetProperty("buildWeeks").GetInt32(), grow.GetProperty("buildCost").GetDecimal()));
        // Nobody knows machine learning at the level; Priya is two steps away (12 weeks), a hire takes 20: neither is in time.
        var ml = needs[1];
        Assert.Equal(0, ml.GetProperty("covered").GetInt32());
        Assert.StartsWith("Build: neither is in time (10 weeks until it is needed); growing is sooner, 2 weeks late.", ml.GetProperty("plans")[0].GetProperty("reason").GetString());
        Assert.Equal(44869.57m, ml.GetProperty("plans")[0].GetProperty("hireCost").GetDecimal());

        // Ethan sees the same coverage, his own name, and nobody else's.
        var ethans = await a.As["Ethan"].GetFromJsonAsync<JsonElement>("/api/v1/teams/Payments/skill-gaps");
        var text = ethans.GetRawText();
        Assert.DoesNotContain("Sofia", text);
        Assert.DoesNotContain("Priya", text);
        Assert.Contains("Someone on the team is at aware", text);
        var hidden = ethans.GetProperty("initiatives")[0].GetProperty("needs")[0];
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("holders")[0].GetProperty("person").ValueKind);
        Assert.Equal("Ethan", hidden.GetProperty("plans")[0].GetProperty("learner").GetProperty("person").GetProperty("name").GetString());
        Assert.Equal(1, hidden.GetProperty("covered").GetInt32());

        // The matrix: Daniel sees his four reports' levels; Ethan only his own, and how many others there are.
        var payments = daniels.GetProperty("team").GetProperty("id").GetInt32();
        var danielsPage = System.Net.WebUtility.HtmlDecode(await a.As["Daniel"].GetStringAsync($"/team-design?team={payments}"));
        Assert.Matches(@">Sofia</a></th>\s*<td title=""expert, confirmed"">4\*</td>", danielsPage);
        Assert.Matches(@">Ethan</a></th>\s*<td title=""working, confirmed"">2\*</td>", danielsPage);
        Assert.Matches(@">Priya</a></th>\s*<td title=""not rated"">·</td>\s*<td title=""aware, own rating"">1</td>", danielsPage);
        var ethansPage = System.Net.WebUtility.HtmlDecode(await a.As["Ethan"].GetStringAsync($"/team-design?team={payments}"));
        Assert.Contains(">Ethan</a></th>", ethansPage);
        Assert.DoesNotContain(">Sofia</a></th>", ethansPage);
        Assert.Contains("4 more people on the team; their levels are theirs and their managers'.", ethansPage);

        // Faster hiring turns the machine-learning plan into a hire; a setting out of range changes nothing.
        var faster = await a.As["Lea"].PutAsJsonAsync("/api/v1/teams/Payments/build-or-hire", new { weeksToHire = 6, rampUpWeeks = 2 });
        Assert.Equal(HttpStatusCode.OK, faster.StatusCode);
        var bad = await a.As["Lea"].PutAsJsonAsync("/api/v1/teams/Payments/build-or-hire", new { learningShare = 2.0, weeksToHire = 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("learningShare must be more than 0 and at most 1", await bad.Content.ReadAsStringAsync());
        var replanned = await a.As["Daniel"].GetFromJsonAsync<JsonElement>("/api/v1/teams/Payments/skill-gaps");
        Assert.Equal(6, replanned.GetProperty("assumptions").GetProperty("weeksToHire").GetInt32());
        Assert.False(replanned.GetProperty("assumptions").GetProperty("defaults").GetBoolean());
        var hire = replanned.GetProperty("initiatives")[0].GetProperty("needs")[1].GetProperty("plans")[0];
        Assert.Equal(("hire", 8), (hire.GetProperty("advice").GetString(), hire.GetProperty("hireWeeks").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Daniel"].GetAsync("/api/v1/teams/Nowhere/skill-gaps")).StatusCode);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_skills_file_with_any_problem_is_refused_whole_naming_each_row_and_column(DatabaseEngine engine)
    {
        await using var a = await AssessmentTests.ArrangeAsync(engine, new TestClock(Today));
        var refused = await a.As["Lea"].PostAsync("/api/v1/skills/import", Csv("""
            email,skill,level,confirmed_level,confirmed_by
            sofia@example.com,Kubernetes,4,,
            nobody@example.com,Go,2,,
            ethan@example.com,Go,seven,,
            tom@example.com,Go,2,3,tom@example.com
            """));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("nobody in the organisation has the email nobody@example.com", body);
        Assert.Contains("a person cannot confirm their own level", body);
        using var problem = JsonDocument.Parse(body);
        var rows = problem.RootElement.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("row").GetInt32(), p.GetProperty("column").GetString())).ToList();
        Assert.Equal([(3, "email"), (4, "level"), (5, "confirmed_by")], rows);
        // Nothing was half imported: Sofia's valid row is not there either.
        var sofias = await a.As["Sofia"].GetFromJsonAsync<JsonElement>("/api/v1/skills/me");
        Assert.Equal(0, sofias.GetProperty("skills").GetArrayLength());
        // Members do not import the matrix.
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Daniel"].PostAsync("/api/v1/skills/import", Csv("email,skill,level\nsofia@example.com,Go,2\n"))).StatusCode);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_decision_is_changed_and_reviewed_by_its_author_or_a_leader_and_its_text_cannot_inject_markup(DatabaseEngine engine)
    {
        await using var a = await AssessmentTests.ArrangeAsync(engine, new TestClock(Today));
        var decision = new
        {
            title = "Cache ledger reads", team = "Payments", decidedOn = "2026-02-01", reviewOn = "2026-03-01", reversibility = "two-way door",
            context = "Month-end reports <script>alert(1)</script> time out. [Runbook](javascript:alert(1)) and [the dashboard](https://example.com/d).",
            options = new object[] { new { name = "Read replica", pros = new[] { "no code change" }, cons = new[] { "lag" } }, new { name = "Cache" } },
            chosenOption = "Read replica", decision = "Add a read replica for reports.", metric = "Lead_Time", expected = "down 20%",
            ledBy = new[] { "daniel@example.com" }, followedBy = new[] { "sofia@example.com" },
        };
        var created = await a.As["Sofia"].PostAsJsonAsync("/api/v1/decisions", decision);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, "two-way", "Payments", true, "0001-cache-ledger-reads.md"), (view.GetProperty("number").GetInt32(), view.GetProperty("reversibility").GetString(),
            view.GetProperty("team").GetProperty("name").GetString(), view.GetProperty("dueForReview").GetBoolean(), view.GetProperty("fileName").GetString()));
        Assert.Equal(["no code change"], view.GetProperty("options")[0].GetProperty("pros").EnumerateArray().Select(p => p.GetString()));

        // Only its author and leaders change or review it; the team reads it.
        Assert.False((await a.As["Ethan"].GetFromJsonAsync<JsonElement>("/api/v1/decisions/1")).GetProperty("mayEdit").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Ethan"].PostAsJsonAsync("/api/v1/decisions/1/review", new { outcome = "Mine now." })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Ethan"].PutAsJsonAsync("/api/v1/decisions/1", decision)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.As["Lea"].PutAsJsonAsync("/api/v1/decisions/1", decision)).StatusCode);

        // Bad input names each field and records nothing.
        var bad = await a.As["Sofia"].PostAsJsonAsync("/api/v1/decisions", new
        {
            title = new string('t', 301), context = "c", decision = "d", team = "Nowhere", reversibility = "sideways", expected = "lots", reviewOn = "2026-01-01", decidedOn = "2026-02-01",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["expected", "metric", "reversibility", "reviewOn", "team", "title"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Single((await a.As["Sofia"].GetFromJsonAsync<JsonElement>("/api/v1/decisions")).EnumerateArray());

        // The metric: no deployments are known, so there is no figure either side, and the sentence says so.
        var metric = await a.As["Ethan"].GetFromJsonAsync<JsonElement>("/api/v1/decisions/1/metric");
        Assert.Equal(("change_lead_time", "-20%"), (DeliveryKey(metric.GetProperty("metric").GetString()!), metric.GetProperty("expected").GetString()));
        Assert.Contains("no figure before the decision (delivery of team Payments, 28 days each side)", metric.GetProperty("sentence").GetString());

        var reviewed = await a.As["Sofia"].PostAsJsonAsync("/api/v1/decisions/1/review", new { outcome = "Reports run in minutes." });
        Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        var review = (await reviewed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("review");
        Assert.Equal(("Reports run in minutes.", "Sofia"), (review.GetProperty("outcome").GetString(), review.GetProperty("reviewedBy").GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await a.As["Sofia"].PostAsJsonAsync("/api/v1/decisions/1/review", new { outcome = " " })).StatusCode);

        var page = await a.As["Ethan"].GetStringAsync("/decisions/1");
        Assert.DoesNotContain("<script>alert(1)</script>", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
        Assert.DoesNotContain("javascript:", page);
        Assert.Contains("href=\"https://example.com/d\"", page);
        Assert.Contains("Reports run in minutes.", page);
        var markdown = await a.As["Ethan"].GetStringAsync("/api/v1/decisions/1?format=markdown");
        Assert.Contains("team: Payments", markdown);
        Assert.Contains("outcome: Reports run in minutes.", markdown);
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Ethan"].GetAsync("/api/v1/decisions/99")).StatusCode);
    }

    private static string? DeliveryKey(string metric) => Fulcrum.Core.TeamDesign.DecisionMetrics.DeliveryKey(metric);
}
