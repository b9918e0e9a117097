using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;

namespace Fulcrum.Web.Tests.Careers;

/// <summary>Growth plans through the real server: goals, stretch assignments, learning sprints and their check-ins, and who may see them.</summary>
public sealed class GrowthPlanTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_plan_grows_goals_stretch_assignments_and_a_time_boxed_sprint_that_ends_in_a_check_in(DatabaseEngine engine)
    {
        var clock = new TestClock(Monday);
        await using var a = await AssessmentTests.ArrangeAsync(engine, clock);
        var sofia = a.Id["Sofia"];
        var plan = $"/api/v1/growth-plans/{sofia}";

        var goal = await a.As["Sofia"].PostAsJsonAsync($"{plan}/items", new { kind = "goal", title = "Lead the design of a service", competencies = new[] { "craft", "leadership" } });
        Assert.Equal(HttpStatusCode.Created, goal.StatusCode);
        var goalId = (await goal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        // Her manager delegates a meeting he need not be in as a stretch assignment towards that goal.
        var stretch = await a.As["Daniel"].PostAsJsonAsync($"{plan}/items", new { kind = "stretch", title = "Run the architecture review", goalId, endsOn = "2026-04-30" });
        Assert.Equal(HttpStatusCode.Created, stretch.StatusCode);
        var sprint = await a.As["Sofia"].PostAsJsonAsync($"{plan}/items", new
        {
            kind = "sprint", title = "Learn event sourcing", goalId, startsOn = "2026-03-02", endsOn = "2026-03-13", competencies = new[] { "craft" },
        });
        Assert.Equal(HttpStatusCode.Created, sprint.StatusCode);
        var sprintView = await sprint.Content.ReadFromJsonAsync<JsonElement>();
        var sprintId = sprintView.GetProperty("id").GetInt64();
        Assert.Equal("2026-03-02 to 2026-03-13 (12 days): 11 days left", sprintView.GetProperty("timeBox").GetString());
        Assert.Equal("Lead the design of a service", sprintView.GetProperty("goal").GetString());

        var progressed = await a.As["Sofia"].PatchAsJsonAsync($"{plan}/items/{goalId}", new { progress = 40 });
        Assert.Equal(HttpStatusCode.OK, progressed.StatusCode);

        clock.Advance(TimeSpan.FromDays(14));
        var view = await a.As["Daniel"].GetFromJsonAsync<JsonElement>(plan);
        Assert.Equal("ended 3 days ago, due for a check-in", view.GetProperty("sprints")[0].GetProperty("timeBox").GetString()!.Split(": ")[1]);
        Assert.True(view.GetProperty("sprints")[0].GetProperty("checkInDue").GetBoolean());
        Assert.Equal("0 of 1 goal done (40% overall); 0 of 1 stretch assignment done; 0 of 1 learning sprint checked in; 1 sprint due for a check-in.",
            view.GetProperty("progress").GetProperty("summary").GetString());

        var checkIn = await a.As["Sofia"].PostAsJsonAsync($"{plan}/items/{sprintId}/check-in", new { outcome = "partly", note = "Built a toy ledger; projections still unclear." });
        Assert.Equal(HttpStatusCode.OK, checkIn.StatusCode);
        var checkedIn = await checkIn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Done", "Partly", false), (checkedIn.GetProperty("status").GetString(), checkedIn.GetProperty("outcome").GetString(), checkedIn.GetProperty("checkInDue").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, (await a.As["Daniel"].PatchAsJsonAsync($"{plan}/items/{goalId}", new { status = "done" })).StatusCode);
        view = await a.As["Sofia"].GetFromJsonAsync<JsonElement>(plan);
        Assert.Equal("1 of 1 goal done (100% overall); 0 of 1 stretch assignment done; 1 of 1 learning sprint checked in.",
            view.GetProperty("progress").GetProperty("summary").GetString());
        Assert.Equal("Built a toy ledger; projections still unclear.", view.GetProperty("sprints")[0].GetProperty("checkIn").GetString());

        // Removing the goal leaves what served it, untied.
        Assert.Equal(HttpStatusCode.NoContent, (await a.As["Sofia"].DeleteAsync($"{plan}/items/{goalId}")).StatusCode);
        view = await a.As["Sofia"].GetFromJsonAsync<JsonElement>(plan);
        Assert.Empty(view.GetProperty("goals").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("stretch")[0].GetProperty("goalId").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Sofia"].DeleteAsync($"{plan}/items/{goalId}")).StatusCode);
    }

    [Fact]
    public async Task Bad_growth_items_are_refused_with_every_problem_named()
    {
        await using var a = await AssessmentTests.ArrangeAsync(clock: new TestClock(Monday));
        var plan = $"/api/v1/growth-plans/{a.Id["Sofia"]}";
        var bad = await a.As["Sofia"].PostAsJsonAsync($"{plan}/items", new
        {
            kind = "sprint", title = " ", competencies = new[] { "craft", "juggling" }, goalId = 4242, startsOn = "2026-03-01", endsOn = "2026-05-01", progress = 120,
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var body = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The learning sprint was not added", body.GetProperty("title").GetString());
        Assert.Equal(
        [
            "title: 1 to 300 characters.",
            "competencies: 'juggling' not in the ladder 'Fulcrum engineering ladder' (its competencies: craft, delivery, collaboration, communication, leadership, impact, learning).",
            "goalId: this plan has no goal 4242.",
            "endsOn: a learning sprint lasts at most 42 days; this one would last 62. Split it into shorter sprints with a check-in each.",
            "progress: 0 to 100 (per cent); got 120.",
        ], body.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));

        var noBox = await a.As["Sofia"].PostAsJsonAsync($"{plan}/items", new { kind = "sprint", title = "Read DDIA" });
        Assert.Contains("startsOn, endsOn: a learning sprint is a time box; give its first and last day.", await noBox.Content.ReadAsStringAsync());
        var kind = await a.As["Sofia"].PostAsJsonAsync($"{plan}/items", new { kind = "wish", title = "Be great" });
        Assert.Contains("kind: 'wish' is not a kind of growth item; use goal, stretch or sprint.", await kind.Content.ReadAsStringAsync());

        var goal = await (await a.As["Sofia"].PostAsJsonAsync($"{plan}/items", new { kind = "goal", title = "Write more" })).Content.ReadFromJsonAsync<JsonElement>();
        var checkIn = await a.As["Sofia"].PostAsJsonAsync($"{plan}/items/{goal.GetProperty("id").GetInt64()}/check-in", new { outcome = "great", note = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, checkIn.StatusCode);
        Assert.Equal(
        [
            "kind: only learning sprints end with a check-in; 'Write more' is a goal.",
            "outcome: 'great' is not an outcome; use achieved, partly or not-achieved.",
            "note: say what was learned and what comes next.",
        ], (await checkIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Sofia"].PatchAsJsonAsync($"{plan}/items/999999", new { progress = 5 })).StatusCode);
    }

    [Fact]
    public async Task A_growth_plan_is_seen_and_changed_by_the_person_and_their_manager_chain_only()
    {
        await using var a = await AssessmentTests.ArrangeAsync();
        var plan = $"/api/v1/growth-plans/{a.Id["Sofia"]}";
        Assert.Equal(HttpStatusCode.Created, (await a.As["Sofia"].PostAsJsonAsync($"{plan}/items", new { kind = "goal", title = "Grow as a mentor" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.As["Sofia"].PutAsJsonAsync($"{plan}/focus", new { focus = "Towards Senior Engineer" })).StatusCode);

        foreach (var who in new[] { "Sofia", "Daniel", "Amara" })
        {
            var view = await a.As[who].GetFromJsonAsync<JsonElement>(plan);
            Assert.Equal("Towards Senior Engineer", view.GetProperty("focus").GetString());
        }
        // A peer (even one who rates her), leaders and admins by role, and someone in another line: no such plan.
        foreach (var who in new[] { "Ethan", "Lea", "Ivy", "Olga", "Mia" })
        {
            var read = await a.As[who].GetAsync(plan);
            Assert.True(read.StatusCode == HttpStatusCode.NotFound, $"{who}: {(int)read.StatusCode}");
            Assert.Contains($"There is no growth plan of person {a.Id["Sofia"]} for you.", await read.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await a.As[who].PostAsJsonAsync($"{plan}/items", new { kind = "goal", title = "Sneaky" })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Sofia"].GetAsync("/api/v1/growth-plans/999999")).StatusCode);

        var daniels = await a.As["Daniel"].GetFromJsonAsync<JsonElement>("/api/v1/growth-plans");
        Assert.Equal(["Daniel", "Ethan", "Priya", "Sofia", "Tom"], daniels.EnumerateArray().Select(p => p.GetProperty("person").GetProperty("name").GetString()));
        Assert.Equal([false, false, false, true, false], daniels.EnumerateArray().Select(p => p.GetProperty("hasPlan").GetBoolean()));
        var ethans = await a.As["Ethan"].GetFromJsonAsync<JsonElement>("/api/v1/growth-plans");
        Assert.Equal(["Ethan"], ethans.EnumerateArray().Select(p => p.GetProperty("person").GetProperty("name").GetString()));
    }
}
