using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Careers;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Careers;

/// <summary>What careers records may carry: text their columns can hold, without control characters
/// (PostgreSQL refused a NUL with a 500, SQLite stored it), answered alike on both engines.</summary>
public sealed class CareersBoundaryTests
{
    private const string Nul = "\u0000";

    private static async Task<List<string>> ProblemsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity,
            $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.String ? p.GetString()! : p.GetProperty("text").GetString()!)];
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Kudos_and_achievements_with_control_characters_or_too_long_are_422_naming_the_field_and_nothing_is_stored(DatabaseEngine engine)
    {
        await using var a = await AssessmentTests.ArrangeAsync(engine);
        await a.Server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            db.WorkItems.Add(new WorkItem { ExternalId = "PAY-7", Title = "Refunds", Kind = "story", ReceivedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var sofia = a.As["Sofia"];

        var message = await sofia.PostAsJsonAsync("/api/v1/kudos", new { to = "ethan@example.com", message = $"Untangled{Nul} the retries" });
        var receiver = await sofia.PostAsJsonAsync("/api/v1/kudos", new { to = $"ethan{Nul}@example.com", message = "Untangled the retries" });
        var workItem = await sofia.PostAsJsonAsync("/api/v1/kudos", new { to = "ethan@example.com", message = "Untangled the retries", workItem = $"PAY{Nul}-7" });
        var longWorkItem = await sofia.PostAsJsonAsync("/api/v1/kudos", new { to = "ethan@example.com", message = "Untangled the retries", workItem = new string('w', 201) });
        var title = await sofia.PostAsJsonAsync("/api/v1/achievements", new { title = $"Shipped{Nul}", date = "2026-01-05" });
        var detail = await sofia.PostAsJsonAsync("/api/v1/achievements", new { title = "Shipped refunds", date = "2026-01-05", detail = $"Line one\nLine{Nul}two" });
        var multiline = await sofia.PostAsJsonAsync("/api/v1/achievements", new { title = "Shipped ledgers", date = "2026-01-05", detail = "Line one\r\n\tLine two" });

        Assert.Equal(["message: holds a control character (U+0000) at character 10; only text, tabs and line breaks are stored."], await ProblemsAsync(message));
        Assert.Equal(["to: holds a control character (U+0000) at character 6; only printable text is stored."], await ProblemsAsync(receiver));
        Assert.Equal(["workItem: holds a control character (U+0000) at character 4; only printable text is stored."], await ProblemsAsync(workItem));
        Assert.Equal(["workItem: longer than 200 characters."], await ProblemsAsync(longWorkItem));
        Assert.Equal(["title: holds a control character (U+0000) at character 8; only printable text is stored."], await ProblemsAsync(title));
        Assert.Equal(["detail: holds a control character (U+0000) at character 14; only text, tabs and line breaks are stored."], await ProblemsAsync(detail));
        Assert.Equal(HttpStatusCode.Created, multiline.StatusCode);
        Assert.Empty((await sofia.GetFromJsonAsync<JsonElement>("/api/v1/kudos")).EnumerateArray());
        Assert.Equal(["Shipped ledgers"], (await sofia.GetFromJsonAsync<JsonElement>("/api/v1/achievements")).EnumerateArray().Select(x => x.GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await sofia.GetAsync($"/api/v1/kudos?team=Pay{Nul}ments")).StatusCode);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Growth_plans_with_control_characters_or_too_long_are_422_naming_the_field_and_nothing_is_stored(DatabaseEngine engine)
    {
        await using var a = await AssessmentTests.ArrangeAsync(engine, new TestClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)));
        var sofia = a.As["Sofia"];
        var plan = $"/api/v1/growth-plans/{a.Id["Sofia"]}";

        var focus = await sofia.PutAsJsonAsync($"{plan}/focus", new { focus = $"Towards{Nul} senior" });
        var title = await sofia.PostAsJsonAsync($"{plan}/items", new { kind = "goal", title = $"Lead{Nul} a design" });
        var detail = await sofia.PostAsJsonAsync($"{plan}/items", new { kind = "goal", title = "Lead a design", detail = new string('d', 2001) });
        var sprint = await sofia.PostAsJsonAsync($"{plan}/items", new { kind = "sprint", title = "Learn event sourcing", startsOn = "2026-03-02", endsOn = "2026-03-13" });
        var sprintId = (await sprint.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var note = await sofia.PostAsJsonAsync($"{plan}/items/{sprintId}/check-in", new { outcome = "partly", note = $"Built a toy{Nul} ledger" });

        Assert.Equal(["focus: holds a control character (U+0000) at character 8; only text, tabs and line breaks are stored."], await ProblemsAsync(focus));
        Assert.Equal(["title: holds a control character (U+0000) at character 5; only printable text is stored."], await ProblemsAsync(title));
        Assert.Equal(["detail: at most 2000 characters; this has 2001."], await ProblemsAsync(detail));
        Assert.Equal(["note: holds a control character (U+0000) at character 12; only text, tabs and line breaks are stored."], await ProblemsAsync(note));
        var stored = await sofia.GetFromJsonAsync<JsonElement>(plan);
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("focus").ValueKind);
        Assert.Empty(stored.GetProperty("goals").EnumerateArray());
        var sprints = stored.GetProperty("sprints").EnumerateArray().ToList();
        Assert.Equal((1, JsonValueKind.Null), (sprints.Count, sprints[0].GetProperty("checkIn").ValueKind));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Assessments_and_ladder_imports_with_control_characters_are_422_naming_the_field_and_nothing_is_stored(DatabaseEngine engine)
    {
        await using var a = await AssessmentTests.ArrangeAsync(engine);

        var person = await a.As["Daniel"].PostAsJsonAsync("/api/v1/assessments", new { person = $"sofia{Nul}@example.com" });
        var rater = await a.As["Sofia"].PostAsJsonAsync("/api/v1/assessments", new { raters = new[] { new { email = $"ethan{Nul}@example.com", role = "peer" } } });
        Assert.Equal(["person: holds a control character (U+0000) at character 6; only printable text is stored."], await ProblemsAsync(person));
        Assert.Equal(["raters[0].email: holds a control character (U+0000) at character 6; only printable text is stored."], await ProblemsAsync(rater));

        var id = await AssessmentTests.OpenSofiasCycleAsync(a);
        var ratings = await a.As["Ethan"].PutAsJsonAsync($"/api/v1/assessments/{id}/ratings", new
        {
            ratings = AssessmentTests.Competencies.Select(c => new { competency = c, rating = "meets", evidence = c == "craft" ? $"Saw{Nul} it" : "Saw it" }),
        });
        Assert.Equal(["ratings[0].evidence: holds a control character (U+0000) at character 4; only text, tabs and line breaks are stored."], await ProblemsAsync(ratings));
        var own = await a.As["Ethan"].GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{id}/ratings");
        Assert.All(own.GetProperty("ratings").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("evidence").ValueKind));

        var ladder = DefaultLadder.Text().Replace("ladder: fulcrum-engineering", "ladder: ours")
            .Replace($"name: {DefaultLadder.Load().Name}\n", "name: \"Our\\0 ladder\"\n");
        Assert.Contains("Our\\0 ladder", ladder);
        var imported = await a.As["Lea"].PostAsync("/api/v1/ladders/import?name=ours.yaml", new StringContent(ladder, Encoding.UTF8, "application/yaml"));
        Assert.Equal(["ours.yaml, field 'name': a ladder's name holds a control character (U+0000) at character 4; only printable text is stored"],
            await ProblemsAsync(imported));
        Assert.DoesNotContain((await a.As["Lea"].GetFromJsonAsync<JsonElement>("/api/v1/ladders")).EnumerateArray(), l => l.GetProperty("id").GetString() == "ours");
    }
}
