using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Tests.Demo;

public sealed class DemoAssessmentTests
{
    [Fact]
    public async Task The_demo_has_a_closed_cycle_with_one_competency_in_disagreement_and_growth_plans()
    {
        await using var server = await FulcrumServer.StartAsync(demo: true);
        using var hana = server.CreateClient();
        var member = DemoSeeding.Logins.Single(l => l.Email.StartsWith("hana", StringComparison.Ordinal));
        await FulcrumServer.LogInAsync(hana, member.Email, member.Password);

        var lists = await hana.GetFromJsonAsync<JsonElement>("/api/v1/assessments");
        var rated = Assert.Single(lists.GetProperty("youRate").EnumerateArray());
        Assert.Equal("Mateo Silva", rated.GetProperty("person").GetProperty("name").GetString());
        // Last month's cycle, in time order: opened, rated, closed; not stamped with the day the demo was made.
        var today = DateTime.UtcNow.Date;
        var openedAt = rated.GetProperty("openedAt").GetDateTime();
        var closedAt = rated.GetProperty("closedAt").GetDateTime();
        Assert.True(openedAt < closedAt && closedAt < today.AddDays(-7), $"opened {openedAt:u}, closed {closedAt:u}");
        var results = await hana.GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{rated.GetProperty("id").GetInt64()}/results");
        var consensus = results.GetProperty("competencies").EnumerateArray()
            .ToDictionary(c => c.GetProperty("competency").GetString()!, c => c.GetProperty("consensus"));
        Assert.Equal(7, consensus.Count);
        Assert.Equal(["leadership"], consensus.Where(c => !c.Value.GetProperty("reached").GetBoolean()).Select(c => c.Key));
        Assert.Equal("Meets", consensus["craft"].GetProperty("label").GetString());

        var plans = await hana.GetFromJsonAsync<JsonElement>("/api/v1/growth-plans");
        var own = plans.EnumerateArray().Single(p => p.GetProperty("person").GetProperty("name").GetString() == "Hana Kobayashi");
        var plan = await hana.GetFromJsonAsync<JsonElement>($"/api/v1/growth-plans/{own.GetProperty("person").GetProperty("id").GetInt32()}");
        Assert.Contains("Towards Engineer III", plan.ToString());
        Assert.Contains("Pair with Mateo on trace sampling", plan.ToString());
        var checkedIn = plan.GetProperty("sprints").EnumerateArray().Single(i => i.GetProperty("outcome").ValueKind != JsonValueKind.Null);
        // The day after its time box ended (9 days ago; 10 if midnight passed since the demo was seeded).
        var endsOn = DateOnly.Parse(checkedIn.GetProperty("endsOn").GetString()!);
        Assert.Equal(endsOn.AddDays(1), DateOnly.FromDateTime(checkedIn.GetProperty("checkedInAt").GetDateTime()));
    }
}
