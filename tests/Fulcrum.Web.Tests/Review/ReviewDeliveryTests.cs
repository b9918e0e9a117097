using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Tests.Careers;
using Fulcrum.Web.Tests.Cli;

namespace Fulcrum.Web.Tests.Review;

/// <summary>
/// The weekly review as people get it (docs/review.md): through the API, as the CLI prints it, and
/// sent on its schedule to a real SMTP server and a Slack-compatible webhook, both local sinks the
/// test starts. The organisation is AssessmentTests' (Daniel manages Payments, Amara directs
/// Engineering, Mia manages Olga, Lea leads without a team, Ivy is an admin).
/// </summary>
public sealed class ReviewDeliveryTests
{
    /// <summary>Monday 30 November 2026, an hour before the default sending hour (07:00 UTC).</summary>
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_leader_gets_the_review_once_a_week_by_email_and_on_their_Slack_webhook()
    {
        await using var smtp = new SmtpSink();
        using var slack = new WebhookReceiver();
        var clock = new TestClock(MondayMorning);
        await using var a = await AssessmentTests.ArrangeAsync(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Fulcrum:Review:Smtp:Host"] = "127.0.0.1",
            ["Fulcrum:Review:Smtp:Port"] = smtp.Port.ToString(),
            ["Fulcrum:Review:Smtp:From"] = "Fulcrum <fulcrum@example.com>",
            ["Fulcrum:Review:PublicUrl"] = "https://fulcrum.example.com/",
            ["Fulcrum:Review:CheckInterval"] = "00:00:01",
            ["Fulcrum:Review:AllowPrivateWebhooks"] = "true",
        });

        var set = await a.As["Daniel"].PutAsJsonAsync("/api/v1/review/delivery", new { slackWebhook = slack.Url });
        var daniel = await set.Content.ReadFromJsonAsync<JsonElement>();
        var sofia = await a.As["Sofia"].GetFromJsonAsync<JsonElement>("/api/v1/review/delivery");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var beforeTheHour = smtp.Received.Count + slack.Received.Count;

        clock.Advance(TimeSpan.FromHours(2));
        var mails = await WaitForAsync(() => smtp.Received.Count >= 5 && !slack.Received.IsEmpty);
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        // The webhook is a secret: shown only enough to recognise it.
        Assert.StartsWith("http://127.0.0.1:", daniel.GetProperty("slackWebhook").GetString());
        Assert.DoesNotContain("secret", daniel.GetProperty("slackWebhook").GetString());
        Assert.True(daniel.GetProperty("email").GetBoolean());
        Assert.False(sofia.GetProperty("email").GetBoolean());
        Assert.Equal(0, beforeTheHour);
        Assert.True(mails, $"{smtp.Received.Count} e-mails and {slack.Received.Count} webhook posts arrived");
        // Those who lead: a leader, an admin, and everyone with direct reports. Once each, however many checks ran.
        Assert.Equal(["amara@example.com", "daniel@example.com", "ivy@example.com", "lea@example.com", "mia@example.com"],
            smtp.Received.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        var mail = Assert.Single(smtp.Received, m => m.To.Contains("daniel@example.com"));
        Assert.Equal("fulcrum@example.com", mail.From);
        Assert.Equal("Weekly review of Daniel, 23 – 29 Nov 2026", mail.Subject);
        Assert.StartsWith("# Weekly review of Daniel, 23 – 29 Nov 2026\n\nTeams: Payments.", mail.Text.Replace("\r\n", "\n"));
        Assert.Contains("from https://fulcrum.example.com/review.", mail.Text);
        Assert.Contains("<h1>Weekly review of Daniel, 23 – 29 Nov 2026</h1>", mail.Html);
        var post = Assert.Single(slack.Received);
        Assert.StartsWith("*Weekly review of Daniel, 23 – 29 Nov 2026*\n", JsonDocument.Parse(post).RootElement.GetProperty("text").GetString());
        var after = await a.As["Daniel"].GetFromJsonAsync<JsonElement>("/api/v1/review/delivery");
        Assert.Equal("2026-11-30T00:00:00Z", after.GetProperty("lastSentUntil").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("lastError").ValueKind);

        // The CLI prints the same review; sending it again by hand goes to the same places.
        var target = a.Server.Database.ConnectionString.Split('=', ';')[1];
        var printed = await CliProcess.RunAsync(target, null, "review", "--me", "daniel@example.com", "--until", "2026-11-30");
        var unknown = await CliProcess.RunAsync(target, null, "review", "--me", "nobody@example.com");
        var badDay = await CliProcess.RunAsync(target, null, "review", "--me", "daniel@example.com", "--until", "2026-02-30");
        var nowhere = await CliProcess.RunAsync(target, null, "review", "send", "--me", "sofia@example.com");
        Assert.True(printed.ExitCode == 0, printed.Error);
        Assert.StartsWith("# Weekly review of Daniel, 23 – 29 Nov 2026\n\nTeams: Payments.", printed.Output);
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("no account with the e-mail 'nobody@example.com'", unknown.Error);
        Assert.Equal(1, badDay.ExitCode);
        Assert.Contains("--until", badDay.Error);
        Assert.Equal(1, nowhere.ExitCode);
        Assert.Contains("there is no Slack webhook", nowhere.Error);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task The_review_answers_each_reader_for_their_teams_and_refuses_bad_input_by_name(DatabaseEngine engine)
    {
        using var slack = new WebhookReceiver();
        await using var a = await AssessmentTests.ArrangeAsync(engine, new TestClock(MondayMorning));

        var json = await a.As["Daniel"].GetFromJsonAsync<JsonElement>("/api/v1/review");
        var markdown = await a.As["Daniel"].GetAsync("/api/v1/review?format=markdown&until=2026-11-23");
        var lea = await a.As["Lea"].GetFromJsonAsync<JsonElement>("/api/v1/review");
        var olga = await a.As["Olga"].GetFromJsonAsync<JsonElement>("/api/v1/review");
        var badFormat = await a.As["Daniel"].GetAsync("/api/v1/review?format=pdf");
        var badDay = await a.As["Daniel"].GetAsync("/api/v1/review?until=yesterday");
        var notAHook = await a.As["Daniel"].PutAsJsonAsync("/api/v1/review/delivery", new { slackWebhook = "ftp://hooks.example.com/x" });
        var tooLong = await a.As["Daniel"].PutAsJsonAsync("/api/v1/review/delivery", new { slackWebhook = "https://hooks.slack.com/" + new string('x', 600) });
        // Without AllowPrivateWebhooks the server will not post inside its own network.
        await a.As["Sofia"].PutAsJsonAsync("/api/v1/review/delivery", new { slackWebhook = slack.Url });
        var privateHook = await a.As["Sofia"].PostAsync("/api/v1/review/send", null);
        var sofia = await a.As["Sofia"].GetFromJsonAsync<JsonElement>("/api/v1/review/delivery");
        var unlinked = a.Server.CreateClient(await a.Server.CreateTokenAsync("nobody@example.com", "member"));
        var noPerson = await unlinked.GetAsync("/api/v1/review");

        Assert.Equal("Daniel", json.GetProperty("name").GetString());
        Assert.Equal("2026-11-23T00:00:00Z", json.GetProperty("since").GetString());
        Assert.Equal("2026-11-30T00:00:00Z", json.GetProperty("until").GetString());
        Assert.Equal(["Payments"], json.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("# Weekly review of Daniel, 16 – 22 Nov 2026\n", await markdown.Content.ReadAsStringAsync());
        // A leader with neither a team nor reports reviews the top-level teams; a member their own team.
        Assert.Equal(["Engineering"], lea.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(["Engineering"], olga.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        await AssertFieldAsync(badFormat, "format");
        await AssertFieldAsync(badDay, "until");
        await AssertFieldAsync(notAHook, "slackWebhook");
        await AssertFieldAsync(tooLong, "slackWebhook");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, privateHook.StatusCode);
        Assert.Contains("is a private or local address", await privateHook.Content.ReadAsStringAsync());
        Assert.True(slack.Received.IsEmpty);
        Assert.Contains("is a private or local address", sofia.GetProperty("lastError").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, noPerson.StatusCode);
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(20); waited += TimeSpan.FromMilliseconds(200))
        {
            if (condition())
            {
                return true;
            }
            await Task.Delay(200);
        }
        return condition();
    }
}
