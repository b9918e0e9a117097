using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Delivery;

public sealed class DeliveryPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_leader_picks_a_service_sees_its_figures_and_confirms_the_suspected_cause_of_an_incident()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var repo = await DeliveryData.SeedAsync(server);
        await server.CreateUserAsync("lee@example.com", Roles.Leader, "Lee Leader");
        var page = await browser.NewPageAsync(server);
        await LogInAsync(page, "lee@example.com", FulcrumServer.Password);

        await MainNav(page).GetByRole(AriaRole.Link, new() { Name = "Delivery" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Delivery");
        await page.GetByLabel("Scope").SelectOptionAsync(new SelectOptionValue { Label = "payments" });
        await page.GetByLabel("From").FillAsync("2026-03-02");
        await page.GetByLabel("Through").FillAsync("2026-03-03");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "Service payments, 2 Mar 2026 to 3 Mar 2026" })).ToBeVisibleAsync();
        var frequency = page.Locator("[data-metric=deployment_frequency]");
        var leadTime = page.Locator("[data-metric=change_lead_time]");
        var failureRate = page.Locator("[data-metric=change_failure_rate]");
        await Expect(frequency.Locator(".metric-value")).ToHaveTextAsync("1 per day");
        await Expect(frequency).ToContainTextAsync("from 2 deployments");
        await Expect(leadTime.Locator(".metric-value")).ToHaveTextAsync("2 h");
        await Expect(leadTime).ToContainTextAsync("from 2 commits");
        var breakdown = leadTime.GetByRole(AriaRole.Region, new() { Name = "Where it goes" });
        await Expect(breakdown).ToContainTextAsync("Medians over 3 pull requests merged in this window");
        await Expect(breakdown.GetByRole(AriaRole.Term)).ToHaveTextAsync(["Coding", "Pickup", "Review", "Deploy"]);
        await Expect(breakdown.GetByRole(AriaRole.Definition).Nth(1)).ToHaveTextAsync("2 h p75 2.5 h, from 3 pull requests");
        await Expect(breakdown.GetByRole(AriaRole.Definition).Nth(3)).ToContainTextAsync("Only 2 pull requests merged in this window have this stage");
        await Expect(failureRate.Locator(".metric-value")).ToHaveTextAsync("50 %");
        await Expect(failureRate).ToContainTextAsync("0 confirmed links, 1 suspected link");
        var queue = page.GetByRole(AriaRole.Table).Filter(new() { HasText = "with a suspected cause" });
        var row = queue.GetByRole(AriaRole.Row).Filter(new() { HasText = "INC-2" });
        await Expect(row).ToContainTextAsync("d4");
        await Expect(row).ToContainTextAsync("71 %");

        await row.GetByRole(AriaRole.Button, new() { Name = "Confirm INC-2" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Confirmed: INC-2 was caused by deployment d4.");
        await Expect(page.GetByText("Nothing to review")).ToBeVisibleAsync();
        await Expect(queue).ToHaveCountAsync(0);
        await Expect(failureRate).ToContainTextAsync("1 confirmed link, 0 suspected links");
        await Expect(failureRate).ToContainTextAsync("Counting confirmed links only: 50 %");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "d4" })).ToContainTextAsync("INC-2 (confirmed)");
    }
}
