using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Tests.Careers;

namespace Fulcrum.Web.Tests.Home;

/// <summary>The home page's "Waiting for you": what each person has to do, and nothing they may not see.</summary>
public sealed class AgendaTests
{
    private static async Task<List<string>> AgendaAsync(HttpClient client)
    {
        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        var section = Regex.Match(home, "<h2 id=\"agenda-heading\">Waiting for you</h2>(.*?)</section>", RegexOptions.Singleline);
        Assert.True(section.Success, "no 'Waiting for you' section");
        var items = Regex.Matches(section.Groups[1].Value, "<a href=\"([^\"]*)\">([^<]*)</a>").Select(m => $"{m.Groups[2].Value} -> {m.Groups[1].Value}").ToList();
        if (items.Count == 0)
        {
            Assert.Contains("Nothing waits for you", section.Groups[1].Value);
        }
        return items;
    }

    [Fact]
    public async Task Raters_are_asked_to_rate_and_the_person_and_managers_to_close_once_everyone_has_submitted()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var a = await AssessmentTests.ArrangeAsync(clock: clock);
        // Nobody in Daniel's line has had team kudos: he is reminded of all four, in name order.
        Assert.Equal(["No team kudos in 60 days for Ethan, Priya, Sofia and Tom. -> /careers/kudos"], await AgendaAsync(a.As["Daniel"]));
        Assert.Empty(await AgendaAsync(a.As["Sofia"]));

        var opened = await a.As["Sofia"].PostAsJsonAsync("/api/v1/assessments", new
        {
            closesOn = "2026-03-09",
            raters = new[] { new { email = "ethan@example.com", role = "peer" }, new { email = "priya@example.com", role = "peer" }, new { email = "mia@example.com", role = "mentor" } },
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (await opened.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        var link = $"/careers/assessments/{id}";

        Assert.Equal([$"Rate yourself against Senior Engineer (level 5), due 2026-03-09. -> {link}"], await AgendaAsync(a.As["Sofia"]));
        // Mia rates Sofia, and manages Olga, whom nobody has thanked yet.
        Assert.Equal([$"Rate Sofia against Senior Engineer (level 5), due 2026-03-09. -> {link}", "No team kudos in 60 days for Olga. -> /careers/kudos"],
            await AgendaAsync(a.As["Mia"]));
        clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal([$"Rate Sofia against Senior Engineer (level 5), due 2026-03-09, 2 days overdue. -> {link}"], await AgendaAsync(a.As["Ethan"]));
        // Outside the cycle and Sofia's line, a leader is not asked about it.
        Assert.DoesNotContain(await AgendaAsync(a.As["Lea"]), i => i.Contains(link));

        await AssessmentTests.RateSofiasCycleAsync(a, id);
        Assert.Empty(await AgendaAsync(a.As["Ethan"]));
        Assert.Equal([$"All 5 raters of your assessment have submitted: close it to see the results. -> {link}"], await AgendaAsync(a.As["Sofia"]));
        Assert.Contains($"All 5 raters of Sofia's assessment have submitted: close it to see the results. -> {link}", await AgendaAsync(a.As["Amara"]));
        // Mia rated, but she is not in Sofia's line: closing is not hers to do.
        Assert.Equal(["No team kudos in 60 days for Olga. -> /careers/kudos"], await AgendaAsync(a.As["Mia"]));

        Assert.Equal(HttpStatusCode.Created, (await a.As["Ethan"].PostAsJsonAsync("/api/v1/kudos", new { to = "sofia@example.com", message = "Calm hand on the release." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.As["Daniel"].PostAsync($"/api/v1/assessments/{id}/close", null)).StatusCode);
        Assert.Equal(["No team kudos in 60 days for Ethan, Priya and Tom. -> /careers/kudos"], await AgendaAsync(a.As["Daniel"]));

        // A learning sprint that has ended waits for its check-in: Sofia is asked, and so is her manager.
        var sprint = await a.As["Sofia"].PostAsJsonAsync($"/api/v1/growth-plans/{a.Id["Sofia"]}/items",
            new { kind = "sprint", title = "Learn event sourcing", startsOn = "2026-03-11", endsOn = "2026-03-13" });
        Assert.Equal(HttpStatusCode.Created, sprint.StatusCode);
        Assert.Empty(await AgendaAsync(a.As["Sofia"]));
        clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(["1 learning sprint of yours ended: check in on what came of it. -> /careers/growth"], await AgendaAsync(a.As["Sofia"]));
        Assert.Contains($"Sofia: 1 learning sprint ended and waits for a check-in. -> /careers/growth/{a.Id["Sofia"]}", await AgendaAsync(a.As["Daniel"]));
        Assert.DoesNotContain(await AgendaAsync(a.As["Ethan"]), i => i.Contains("/careers/growth"));
    }

    [Fact]
    public async Task In_the_demo_a_member_sees_her_teams_stories_and_a_leader_also_the_reviews_and_who_lacks_recognition()
    {
        await using var server = await FulcrumServer.StartAsync(demo: true);
        using var hana = server.CreateClient();
        await FulcrumServer.LogInAsync(hana, "hana.kobayashi@example.com", DemoSeeding.Logins.Single(l => l.Email.StartsWith("hana", StringComparison.Ordinal)).Password);
        var hanas = await AgendaAsync(hana);
        var room = Assert.Single(hanas);
        Assert.Matches(@"^Platform refinement: 5 of 5 stories still to estimate\. -> /estimation/rooms/[\w-]+$", room);

        using var priya = server.CreateClient();
        await FulcrumServer.LogInAsync(priya, "priya.raman@example.com", DemoSeeding.Logins.Single(l => l.Email.StartsWith("priya", StringComparison.Ordinal)).Password);
        var priyas = await AgendaAsync(priya);
        // A leader looks after everyone: the first three in name order are named, the rest counted, as many as the kudos page lists.
        var kudosPage = WebUtility.HtmlDecode(await priya.GetStringAsync("/careers/kudos"));
        var listed = Regex.Matches(kudosPage, @"(never recognised here|last recognised \d{4}-\d{2}-\d{2})").Count;
        Assert.True(listed > 4, $"{listed} people unrecognised in the demo");
        Assert.Contains($"No team kudos in 60 days for Amara Okafor, Daniel Mensah, Ingrid Larsen and {listed - 3} others. -> /careers/kudos", priyas);
        var delivery = WebUtility.HtmlDecode(await priya.GetStringAsync("/delivery"));
        var queued = Regex.Match(delivery, @"<caption>(\d+) incidents with a suspected cause").Groups[1].Value;
        // The same incidents as the page's figures for its default window, and the period said.
        Assert.Matches($@", {queued} suspected\) — \d+ incidents in this window", Regex.Replace(Regex.Replace(delivery, "<[^>]+>", " "), @"\s+", " "));
        Assert.Contains($"{queued} incidents of the last 90 days have a suspected cause to confirm or reject. -> /delivery#review-heading", priyas);
        Assert.Contains(priyas, i => i.StartsWith("Platform refinement: ", StringComparison.Ordinal));
    }
}
