using System.Text.RegularExpressions;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Accounts;

public sealed class LoginAndNavigationTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_logs_in_visits_every_page_in_the_menu_and_logs_out()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("ada@example.com", Roles.Admin, "Ada Admin");
        var page = await browser.NewPageAsync(server);

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await page.GetByLabel("Email").FillAsync("ada@example.com");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByText("The email or password is not right.")).ToBeVisibleAsync();

        await page.GetByLabel("Password").FillAsync(FulcrumServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Work on the system, not in it");

        var links = MainNav(page).GetByRole(AriaRole.Link);
        var entries = new List<(string Name, string Href)>();
        for (var i = 0; i < await links.CountAsync(); i++)
        {
            entries.Add(((await links.Nth(i).InnerTextAsync()).Trim(), (await links.Nth(i).GetAttributeAsync("href"))!));
        }
        Assert.Contains(entries, e => e.Name == "Import CSV");
        Assert.Contains(entries, e => e.Name == "Users");

        var failures = new List<string>();
        foreach (var (name, href) in entries)
        {
            if (!await MainNav(page).IsVisibleAsync())
            {
                // A page outside the app's layout (the API reference) has no menu: start again from home.
                await page.GotoAsync("/");
            }
            await MainNav(page).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
            var expectedUrl = new Regex("^" + Regex.Escape(server.BaseAddress.ToString().TrimEnd('/') + href) + (href == "/" ? "$" : "(/index.html)?$"));
            var isApiReference = href == "/api/docs";
            var heading = isApiReference ? page.GetByRole(AriaRole.Heading, new() { Name = "Fulcrum" }).First : MainHeading(page);
            // The API reference draws its heading in the browser, after a 1.5 MB script has run and the
            // OpenAPI document has been generated for the first time: on a busy two-core machine that
            // has taken more than 5 s, so it gets longer than the server-rendered pages.
            var headingTimeout = isApiReference ? 30_000 : (float?)null;
            try
            {
                await Expect(page).ToHaveURLAsync(expectedUrl);
                await Expect(heading).ToBeVisibleAsync(new() { Timeout = headingTimeout });
            }
            catch (PlaywrightException e)
            {
                failures.Add($"{name} ({href}): {e.Message.Split('\n')[0]} at {page.Url}");
                continue;
            }
            // The same page fetched with the browser's cookies: any error status fails the page.
            var status = (await page.APIRequest.GetAsync(page.Url)).Status;
            if (status != 200)
            {
                failures.Add($"{name} ({href}): HTTP {status}");
            }
            if (await page.GetByText("Your role does not allow this page").IsVisibleAsync())
            {
                failures.Add($"{name} ({href}): access denied");
            }
            if (!isApiReference && await MainNav(page).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).GetAttributeAsync("aria-current") != "page")
            {
                failures.Add($"{name} ({href}): not marked as the current page");
            }
        }
        Assert.Empty(failures);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Log in");
        await Expect(page.GetByText("You have logged out.")).ToBeVisibleAsync();
        await Expect(MainNav(page)).ToHaveCountAsync(0);

        await page.GotoAsync("/teams");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login\\?ReturnUrl=", RegexOptions.IgnoreCase));
        await Expect(MainHeading(page)).ToHaveTextAsync("Log in");
        // Logging in from there returns to the page that was asked for.
        await page.GetByLabel("Email").FillAsync("ada@example.com");
        await page.GetByLabel("Password").FillAsync(FulcrumServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Teams");
    }

    [Fact]
    public async Task First_run_links_to_setup_which_creates_an_admin_and_opens_the_home_page()
    {
        await using var server = await FulcrumServer.StartAsync();
        var page = await browser.NewPageAsync(server);

        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Set up the first admin account" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Welcome to Fulcrum");

        await page.GetByLabel("Your name").FillAsync("Grace Hopper");
        await page.GetByLabel("Email").FillAsync("grace@example.com");
        await page.GetByLabel("Password").FillAsync("a-long-enough-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin account" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(server.BaseAddress.ToString());
        await Expect(MainHeading(page)).ToHaveTextAsync("Work on the system, not in it");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
        // Only an admin sees the accounts page.
        await Expect(MainNav(page).GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();

        await page.GotoAsync("/setup");
        await Expect(MainHeading(page)).ToHaveTextAsync("Already set up");
    }
}
