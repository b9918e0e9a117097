using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.TeamDesign;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.TeamDesign;

/// <summary>A leader records a decision tied to a metric in the browser, sees the metric before and after, and reviews it.</summary>
public sealed class DecisionPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_leader_records_a_decision_and_reviews_it_against_its_metric()
    {
        await using var server = await FulcrumServer.StartAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var team = new Team { Name = "Growth" };
            db.People.Add(new Person { Name = "Lucas Moreau", Email = "lucas@example.com", Team = team });
            // Net promoter score: 30 in the fortnight before the decision, 40 after it.
            var series = new MetricSeries { Name = "nps", Unit = "points", CreatedAt = DateTime.UtcNow };
            for (var day = -28; day < 0; day++)
            {
                series.Points.Add(new MetricPoint { On = today.AddDays(day).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Value = day < -14 ? 30 : 40 });
            }
            db.MetricSeries.Add(series);
            return await db.SaveChangesAsync();
        });
        await server.CreateUserAsync("lucas@example.com", Roles.Leader);

        var page = await browser.NewPageAsync(server, width: 1280, height: 900);
        await LogInAsync(page, "lucas@example.com", FulcrumServer.Password);
        await page.GotoAsync("/decisions");
        await Expect(MainHeading(page)).ToHaveTextAsync("Decisions");
        await page.GetByLabel("Title").FillAsync("Answer support in the app");
        await page.GetByLabel("Team").SelectOptionAsync(new SelectOptionValue { Label = "Growth" });
        await page.GetByLabel("Decided on").FillAsync(today.AddDays(-14).ToString("yyyy-MM-dd", null));
        await page.GetByLabel("Context: the problem, and what forces the choice").FillAsync("Customers wait a day for an email answer.");
        await page.GetByLabel("Options, one a line").FillAsync("In-app chat: + answers in minutes; - staffing\nFaster email: + no new tool; - still hours");
        await page.GetByLabel("The decision, and why").FillAsync("Offer in-app chat during working hours.");
        await page.GetByLabel("One-way door: hard to undo").CheckAsync();
        await page.GetByLabel("Metric it should move").FillAsync("nps");
        await page.GetByLabel("By how much").FillAsync("+20%");
        await page.GetByLabel("Review on").FillAsync(today.ToString("yyyy-MM-dd", null));
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();

        await Expect(MainHeading(page)).ToHaveTextAsync("1. Answer support in the app");
        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync("The decision is recorded.");
        await Expect(page.GetByText("Due for review")).ToBeVisibleAsync();
        await Expect(page.GetByText("In-app chat (chosen)")).ToBeVisibleAsync();
        await Expect(page.Locator("#metric-before")).ToHaveTextAsync("30 points");
        await Expect(page.Locator("#metric-after")).ToHaveTextAsync("40 points");
        await Expect(page.Locator("#metric-sentence")).ToContainTextAsync("nps rose from 30 to 40 points (+33.3%), better, 14 days before and after");
        await Expect(page.Locator("#metric-sentence")).ToContainTextAsync("the decision expected +20%, and it moved that much");

        // A value typed by hand replaces yesterday's 40 with 54: the fortnight after averages 41.
        await page.GetByLabel("Day", new() { Exact = true }).FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd", null));
        await page.GetByLabel("nps on that day").FillAsync("54");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the value" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync("The value is added to the series.");
        await Expect(page.Locator("#metric-after")).ToHaveTextAsync("41 points");

        await page.GetByLabel("What did the decision lead to?").FillAsync("Chat answers in four minutes; the score rose by ten points.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Expect(page.Locator("#review-outcome")).ToHaveTextAsync("Chat answers in four minutes; the score rose by ten points.");
        await Expect(page.GetByText("the metric was 30 before and 41 after")).ToBeVisibleAsync();
        await Expect(page.GetByText("Due for review")).ToHaveCountAsync(0);

        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 1280, "the decision page is wider than the window");
        var violations = await Accessibility.Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await page.GotoAsync("/decisions");
        violations = await Accessibility.Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
