using Fulcrum.Testing;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Review;

/// <summary>
/// A leader's Monday: the weekly review of the demo organisation in the browser, every number's
/// source followed to the page that has it, an earlier week, and a Slack webhook set (a wrong one
/// first).
/// </summary>
public sealed class WeeklyReviewTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_leader_reads_the_weekly_review_and_every_source_opens_its_page()
    {
        await using var server = await FulcrumServer.StartAsync(demo: true);
        var page = await browser.NewPageAsync(server, width: 1280, height: 900);
        await LogInAsync(page, "priya.raman@example.com", DemoOrganisationSeeder.Password);

        await MainNav(page).GetByRole(AriaRole.Link, new() { Name = "Weekly review" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Weekly review");
        await Expect(page.Locator("main hgroup p")).ToContainTextAsync("for Priya Raman: Platform.");
        var sections = page.Locator("main section.review-section");
        var titles = await sections.Locator("h2 > a").AllInnerTextsAsync();
        Assert.Contains("Delivery trend and bands", titles);
        Assert.Contains("Decisions due for review", titles);
        Assert.Contains("Friction waiting for triage", titles);
        Assert.Contains("Improvement experiments", titles);
        Assert.True(titles.Count >= 7, "sections: " + string.Join(", ", titles));
        // Every section is linked to its module, and the delivery trend names Priya's team with a figure.
        await Expect(sections.Filter(new() { HasText = "Delivery trend and bands" }).Locator("li").First).ToContainTextAsync("Platform");

        // Each line says where its number came from, and that source opens a page that has it.
        var sources = await page.Locator("main li.review-item small a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        var modules = await sections.Locator("h2 > a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(sources);
        Assert.All(await page.Locator("main li.review-item small a").AllInnerTextsAsync(), text => Assert.False(string.IsNullOrWhiteSpace(text)));
        // A link into a section of a page (#review-heading) opens the page itself.
        foreach (var href in sources.Concat(modules).Select(h => h.Split('#')[0]).Distinct())
        {
            var response = await page.GotoAsync(href);
            Assert.True(response?.Status == 200, $"{href} answered {response?.Status}");
            await Expect(MainHeading(page)).Not.ToHaveTextAsync("Not found");
        }

        await page.GotoAsync("/review");
        await page.GetByRole(AriaRole.Link, new() { Name = "Week before" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/review\?until=\d{4}-\d{2}-\d{2}$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "This week" })).ToBeVisibleAsync();

        // A webhook that is not one is refused by name; a real one is kept and shown masked.
        await page.GotoAsync("/review");
        await page.GetByLabel("Slack incoming webhook").FillAsync("ftp://hooks.example.com/x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Give the incoming webhook's https address")).ToBeVisibleAsync();
        await page.GetByLabel("Slack incoming webhook").FillAsync("https://hooks.slack.com/services/T0001/B0001/abcdefsecret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync("Saved.");
        await Expect(page.GetByText("(now https://hooks.slack.com/services/T0…)")).ToBeVisibleAsync();
        Assert.DoesNotContain("abcdefsecret", await page.ContentAsync());

        var violations = await Accessibility.Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the weekly review is wider than a phone");
    }
}
