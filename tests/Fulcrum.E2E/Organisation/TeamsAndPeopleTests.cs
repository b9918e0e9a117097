using System.Text.RegularExpressions;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Organisation;

public sealed class TeamsAndPeopleTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_leader_creates_a_team_and_adds_a_person_who_then_shows_on_people_and_the_team_page()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("lee@example.com", Roles.Leader, "Lee Leader");
        var page = await browser.NewPageAsync(server);
        await LogInAsync(page, "lee@example.com", FulcrumServer.Password);

        await MainNav(page).GetByRole(AriaRole.Link, new() { Name = "Teams" }).ClickAsync();
        await Expect(page.GetByText("No teams yet.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New team" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("New team");
        await page.GetByLabel("Name").FillAsync("Payments");
        await page.GetByLabel("Description").FillAsync("Takes the money.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Payments");
        await Expect(page.GetByText("Takes the money.")).ToBeVisibleAsync();
        var teamUrl = page.Url;

        await MainNav(page).GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Add person");
        await page.GetByLabel("Name").FillAsync("Lin Wei");
        await page.GetByLabel("Email").FillAsync("lin.wei@example.com");
        await page.GetByLabel("Title").FillAsync("Software Engineer");
        await page.GetByLabel("Team").SelectOptionAsync(new SelectOptionValue { Label = "Payments" });
        await page.GetByLabel("Career track").SelectOptionAsync(new SelectOptionValue { Label = "Individual contributor" });
        await page.GetByLabel("Level").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Lin Wei");

        await MainNav(page).GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Lin Wei" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByRole(AriaRole.Cell)).ToHaveTextAsync(["Software Engineer", "Payments", "", "Individual contributor", "3"]);

        await page.GotoAsync(teamUrl);
        await Expect(MainHeading(page)).ToHaveTextAsync("Payments");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("1 in Payments");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Lin Wei" })).ToContainTextAsync("Individual contributor");
    }

    [Fact]
    public async Task A_member_sees_no_editing_buttons_and_is_turned_away_from_the_new_team_form()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("mo@example.com", Roles.Member, "Mo Member");
        var page = await browser.NewPageAsync(server);
        await LogInAsync(page, "mo@example.com", FulcrumServer.Password);

        await MainNav(page).GetByRole(AriaRole.Link, new() { Name = "Teams" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Teams");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New team" })).ToHaveCountAsync(0);

        await MainNav(page).GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("People");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add person" })).ToHaveCountAsync(0);
        await Expect(MainNav(page).GetByRole(AriaRole.Link, new() { Name = "Import CSV" })).ToHaveCountAsync(0);

        await page.GotoAsync("/teams/new");
        await Expect(page.GetByText("Your role does not allow this page.")).ToBeVisibleAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Not allowed");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create team" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Typing_in_the_people_search_narrows_the_table_without_reloading_the_page()
    {
        await using var server = await FulcrumServer.StartAsync(demo: true);
        var page = await browser.NewPageAsync(server);
        await LogInAsync(page, DemoOrganisationSeeder.AdminEmail, DemoOrganisationSeeder.Password);
        await MainNav(page).GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();

        var rows = page.Locator("#people-table tbody tr");
        Assert.True(await rows.CountAsync() > 5, "the demo organisation should list many people");
        var loadedAt = await page.EvaluateAsync<double>("performance.timeOrigin");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).PressSequentiallyAsync("Kobayashi");

        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync("Hana Kobayashi");
        await Expect(page.Locator("#people-table caption")).ToContainTextAsync("1");
        Assert.Equal(loadedAt, await page.EvaluateAsync<double>("performance.timeOrigin"));
        Assert.DoesNotContain("q=", page.Url);
    }
}
