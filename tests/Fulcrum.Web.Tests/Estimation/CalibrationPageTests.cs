using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Estimation;

public sealed partial class CalibrationPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_member_sees_the_teams_figures_per_card_the_neighbours_and_the_forecast_dates()
    {
        await using var server = await FulcrumServer.StartAsync(clock: new TestClock(Now));
        await CalibrationData.SeedAsync(server, Now.UtcDateTime.Date);
        await server.CreateUserAsync("member@example.com", Roles.Member);
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "member@example.com");

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/estimation/calibration?team=Payments"));

        Assert.Contains("<option value=\"Payments\" selected>Payments</option>", page);
        Assert.Contains("Payments with Ledger", page);
        Assert.Contains("14 finished work items and 5 open, as of 1 Apr 2026.", page);
        Assert.Contains("Left out of calibration and the forecast: 2 items without an estimate (1 of them open), 1 estimated in days (time, not cards).", page);
        Assert.Contains("Left out of every time figure: 1 item without a start.", page);
        Assert.StartsWith("Days per point 1 day per point from 11 items 11 items with a cycle time What a point",
            Text(Between(page, "data-metric=\"days_per_point\"", "</article>")));
        Assert.Contains("72.7 %", Between(page, "data-metric=\"pred25\"", "</article>"));
        Assert.Contains("8 within ±25 %, 3 longer, 0 shorter", page);
        Assert.Contains("No finished item estimated in planning poker; the rate needs at least 3.", page);

        Assert.Equal("1 3 1 day 1–1.5 days 1.8 days +0.23 (1.26×) 66.7 %", Text(Between(page, "<tr data-card=\"1\">", "</tr>")));
        Assert.Equal("3 3 3 days 3–3 days 3 days 0.00 (1.00×) 100 %", Text(Between(page, "<tr data-card=\"3\">", "</tr>")));
        Assert.Equal("5 2 too few — — too few too few", Text(Between(page, "<tr data-card=\"5\">", "</tr>")));
        Assert.Contains("Card 5: Only 2 finished items with a cycle time on this card; percentiles need at least 3.", page);
        Assert.Equal("1 → 2 1 day → 2 days yes 88.9 %", Text(Between(page, "<th scope=\"row\">1 → 2", "</tr>", includeStart: true)));
        Assert.Contains("P-3 <span class=\"muted\">Receipt e-mail wording</span>", page);

        Assert.Contains("4 estimated items not done yet (1 × 1, 1 × 2, 2 × 3)", page);
        foreach (var percent in new[] { 50, 85, 95 })
        {
            Assert.Equal($"{percent} % likely by 29 Apr 2026 in 4 weeks", Text(Between(page, $"data-percent=\"{percent}\">", "</article>")));
        }
        Assert.Equal(2, Regex.Matches(page, "<svg [^>]*role=\"img\"").Count);
        Assert.Contains("aria-label=\"Cycle time per card on deck points. 1: median 1 day (3 items); 2: median 2 days (3 items); 3: median 3 days (3 items); 5: 2 items, too few for a median.\"", page);
    }

    [Fact]
    public async Task Without_a_team_the_page_asks_for_one_and_an_unknown_team_is_named()
    {
        await using var server = await FulcrumServer.StartAsync(clock: new TestClock(Now));
        await CalibrationData.SeedAsync(server, Now.UtcDateTime.Date);
        await server.CreateUserAsync("member@example.com", Roles.Member);
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "member@example.com");

        var empty = WebUtility.HtmlDecode(await browser.GetStringAsync("/estimation/calibration"));
        var unknown = WebUtility.HtmlDecode(await browser.GetStringAsync("/estimation/calibration?team=Nowhere&method=velocity"));
        var landing = await browser.GetStringAsync("/estimation");

        Assert.Contains("Choose a team to see how its estimates compare", empty);
        Assert.Contains("There is no team named 'Nowhere'.", unknown);
        Assert.Contains("'velocity' is not a forecast method", unknown);
        Assert.Contains("href=\"/estimation/calibration\"", landing);
    }

    [Fact]
    public async Task Without_a_team_the_page_opens_on_the_viewers_own_team()
    {
        await using var server = await FulcrumServer.StartAsync(clock: new TestClock(Now));
        await CalibrationData.SeedAsync(server, Now.UtcDateTime.Date);
        using var leader = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        var teams = await leader.GetFromJsonAsync<List<TeamRow>>("/api/v1/teams");
        var ledger = teams!.Single(t => t.Name == "Ledger").Id;
        (await leader.PostAsJsonAsync("/api/v1/people", new { name = "Lena Ledger", email = "lena@example.com", teamId = ledger })).EnsureSuccessStatusCode();
        await server.CreateUserAsync("lena@example.com", Roles.Member);
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "lena@example.com");

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/estimation/calibration"));

        Assert.Contains("<option value=\"Ledger\" selected>Ledger</option>", page);
        Assert.DoesNotContain("Choose a team to see how its estimates compare", page);
    }

    private sealed record TeamRow(int Id, string Name);

    private static string Between(string text, string start, string end, bool includeStart = false)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' is not on the page");
        var to = text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        return includeStart ? text[from..to] : text[(from + start.Length)..to];
    }

    /// <summary>The words a reader sees: tags dropped, whitespace collapsed.</summary>
    private static string Text(string html) => Whitespace().Replace(Tags().Replace("<" + html, " "), " ").Trim();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
