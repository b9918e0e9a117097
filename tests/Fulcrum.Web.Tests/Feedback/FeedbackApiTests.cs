using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Tests.Careers;

namespace Fulcrum.Web.Tests.Feedback;

/// <summary>
/// Review feedback through the real server: a leader posts a service's comments, people in the
/// team's scope read the team's figures (ADR 0006), nobody reads a reviewer, and bad input stores
/// nothing. AssessmentTests' organisation: Payments (under Engineering) has Sofia, Ethan, Priya and
/// Tom, managed by Daniel; Amara directs Engineering; Lea is a leader on no team.
/// </summary>
public sealed class FeedbackApiTests
{
    private const string Comments = """
        [
          { "id": 1, "user": { "login": "ethan" }, "body": "issue (blocking): the refund is applied twice", "created_at": "2026-03-02T10:00:00Z", "pull_request_url": "https://api.github.com/repos/acme/payments/pulls/10" },
          { "id": 2, "user": { "login": "priya" }, "body": "nit: trailing space", "created_at": "2026-03-02T11:00:00Z", "pull_request_url": "https://api.github.com/repos/acme/payments/pulls/10" },
          { "id": 3, "user": { "login": "tom" }, "body": "Looks good, thanks!", "created_at": "2026-03-03T09:00:00Z", "pull_request_url": "https://api.github.com/repos/acme/payments/pulls/11" },
          { "id": 4, "user": { "login": "tom" }, "body": "Could you rename this to refundTotal?", "created_at": "2026-03-04T09:00:00Z", "pull_request_url": "https://api.github.com/repos/acme/payments/pulls/12" }
        ]
        """;

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_leader_imports_comments_and_the_team_s_scope_reads_its_balance(DatabaseEngine engine)
    {
        await using var a = await AssessmentTests.ArrangeAsync(engine);
        var teams = await a.As["Lea"].GetFromJsonAsync<JsonElement>("/api/v1/teams");
        var payments = teams.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Payments").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Created, (await a.As["Lea"].PostAsJsonAsync("/api/v1/services", new { name = "payments-api", teamId = payments })).StatusCode);

        var byMember = await a.As["Sofia"].PostAsync("/api/v1/services/payments-api/review-comments", new StringContent(Comments, Encoding.UTF8, "application/json"));
        var imported = await a.As["Lea"].PostAsync("/api/v1/services/payments-api/review-comments", new StringContent(Comments, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var report = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((4, 0, "user"), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(), report.GetProperty("leftOut")[0].GetString()));

        foreach (var reader in new[] { "Sofia", "Daniel", "Amara", "Lea" })
        {
            var response = await a.As[reader].GetAsync("/api/v1/teams/Payments/feedback?since=2026-03-01&until=2026-04-01");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            var figures = JsonDocument.Parse(text).RootElement.GetProperty("figures");
            Assert.Equal((4, 3), (figures.GetProperty("comments").GetInt32(), figures.GetProperty("pullRequests").GetInt32()));
            Assert.Equal(0.5, figures.GetProperty("blockingShare").GetDouble());
            Assert.Equal(0.25, figures.GetProperty("praiseShare").GetDouble());
            Assert.DoesNotContain("ethan", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("tom", text, StringComparison.OrdinalIgnoreCase);
        }
        // Engineering is above Sofia's team: outside her scope, so not found for her.
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Sofia"].GetAsync("/api/v1/teams/Engineering/feedback")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.As["Amara"].GetAsync("/api/v1/teams/Engineering/feedback")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_record_and_field_and_stores_nothing()
    {
        await using var a = await AssessmentTests.ArrangeAsync(DatabaseEngine.Sqlite);
        await a.As["Lea"].PostAsJsonAsync("/api/v1/services", new { name = "payments-api" });

        var junk = await a.As["Lea"].PostAsync("/api/v1/services/payments-api/review-comments", new StringContent("[{\"id\": 1,", Encoding.UTF8, "application/json"));
        var invalid = await a.As["Lea"].PostAsync("/api/v1/services/payments-api/review-comments",
            new StringContent("""[{ "id": 1, "body": "ok", "created_at": "soon", "pull_request_url": "https://api.github.com/repos/a/b/pulls/1" }]""", Encoding.UTF8, "application/json"));
        var notUtf8 = await a.As["Lea"].PostAsync("/api/v1/services/payments-api/review-comments", new ByteArrayContent([0x5B, 0xC3, 0x28, 0x5D]));
        var unknown = await a.As["Lea"].PostAsync("/api/v1/services/nope/review-comments", new StringContent(Comments, Encoding.UTF8, "application/json"));
        var badWindow = await a.As["Lea"].GetAsync("/api/v1/teams/Payments/feedback?since=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        Assert.Contains("line 1: not valid JSON", await junk.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Contains("record 1, column 'created_at': 'soon' is not a date and time", await invalid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);
        Assert.Contains("not valid UTF-8 (at byte offset 1)", await notUtf8.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badWindow.StatusCode);
        var figures = (await a.As["Lea"].GetFromJsonAsync<JsonElement>("/api/v1/teams/Payments/feedback?since=2026-01-01")).GetProperty("figures");
        Assert.Equal(0, figures.GetProperty("comments").GetInt32());
    }
}
