using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Layout;

public sealed class PhoneLayoutTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task On_a_phone_the_home_heading_shows_first_and_the_folded_menu_opens_to_reach_other_pages()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("pat@example.com", Roles.Leader, "Pat Phone");
        var page = await browser.NewPageAsync(server, width: 390, height: 844);
        await LogInAsync(page, "pat@example.com", FulcrumServer.Password);

        await Expect(MainHeading(page)).ToBeInViewportAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Work on the system, not in it");
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= 390, $"the page is {pageWidth}px wide, wider than the phone's 390px");

        // The menu is a disclosure on small screens: folded at first so the page comes first, it opens and folds again.
        var menu = MainNav(page).Locator("summary", new() { HasText = "Menu" });
        var people = MainNav(page).GetByRole(AriaRole.Link, new() { Name = "People" });
        await Expect(menu).ToBeVisibleAsync();
        await Expect(people).ToBeHiddenAsync();
        await menu.ClickAsync();
        await Expect(people).ToBeVisibleAsync();
        await menu.ClickAsync();
        await Expect(people).ToBeHiddenAsync();
        await menu.ClickAsync();
        await people.ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("People");
        await Expect(MainHeading(page)).ToBeInViewportAsync();
    }
}
