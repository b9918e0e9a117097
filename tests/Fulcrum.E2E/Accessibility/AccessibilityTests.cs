using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Modules;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Accessibility;

/// <summary>
/// Every page a person can reach, checked by axe-core against WCAG 2.1 A and AA (and axe's best
/// practices) in the light and the dark colour scheme, so that contrast is checked in both.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Every_page_of_the_demo_organisation_has_no_axe_violations(ColorScheme scheme)
    {
        await using var server = await FulcrumServer.StartAsync(demo: true);
        var page = await browser.NewPageAsync(server, colorScheme: scheme);
        var failures = new Failures();

        await CheckAsync(page, "/Account/Login", failures);
        await ExpectSchemeAsync(page, scheme);
        await page.GetByLabel("Email").FillAsync(DemoOrganisationSeeder.AdminEmail);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByText("The email or password is not right.")).ToBeVisibleAsync();
        await CheckCurrentAsync(page, "/Account/Login after a wrong password", failures);

        await LogInAsync(page, DemoOrganisationSeeder.AdminEmail, DemoOrganisationSeeder.Password);
        // Every page the modules register (their menu entries, their own pages, the pages they list with
        // the demo's ids), so a new module's pages are checked without editing this test.
        // /api/docs is skipped: it is Swashbuckle's Swagger UI, third-party markup outside the app's layout.
        var pages = await server.WithServicesAsync(services => ModuleRegistration.AllPagesAsync(services));
        var menu = await MainNav(page).GetByRole(AriaRole.Link).EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Empty(menu.Except(pages));
        Assert.Contains("/careers/assessments", pages);
        foreach (var path in pages.Where(href => href != "/api/docs"))
        {
            await CheckAsync(page, path, failures);
        }

        // Calibration of a demo team: both charts drawn, then every folded table opened (axe skips what is hidden).
        const string calibration = "/estimation/calibration?team=Payments";
        await CheckAsync(page, calibration, failures);
        await Expect(page.Locator("main svg[role=img]")).ToHaveCountAsync(2);
        await page.EvaluateAsync("document.querySelectorAll('main details').forEach(d => d.open = true)");
        await CheckCurrentAsync(page, $"{calibration} with its tables unfolded", failures);

        // Delivery folds most of its review queue and all but one service's deployments: unfolded, they are checked too.
        await CheckAsync(page, "/delivery", failures);
        await Expect(page.Locator("main details.review-more")).ToHaveCountAsync(1);
        await page.EvaluateAsync("document.querySelectorAll('main details').forEach(d => d.open = true)");
        await CheckCurrentAsync(page, "/delivery with its queue and deployments unfolded", failures);

        // A form sent back with problems: the error messages, and the fields that point at them.
        foreach (var (path, button) in new[] { ("/teams/new", "Create team"), ("/people/new", "Add person") })
        {
            await page.GotoAsync(path);
            await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
            await Expect(page.Locator(".field-error").First).ToBeVisibleAsync();
            await CheckCurrentAsync(page, $"{path} with errors", failures);
        }

        // On a phone the menu is a folded disclosure above the page.
        await page.SetViewportSizeAsync(390, 844);
        await CheckAsync(page, "/", failures);
        await Expect(MainNav(page).Locator("summary")).ToBeVisibleAsync();
        // Wide tables scroll inside their own box; the page itself stays as wide as the phone.
        await CheckAsync(page, calibration, failures);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        if (width > 390)
        {
            failures.Add($"{calibration} on a phone", $"the page is {width}px wide, wider than the phone's 390px");
        }

        Assert.True(failures.None, $"axe found accessibility problems ({scheme} scheme):\n{failures}");
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task The_first_run_pages_have_no_axe_violations(ColorScheme scheme)
    {
        await using var server = await FulcrumServer.StartAsync();
        var page = await browser.NewPageAsync(server, colorScheme: scheme);
        var failures = new Failures();

        await CheckAsync(page, "/Account/Login", failures);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Set up the first admin account" })).ToBeVisibleAsync();
        await CheckAsync(page, "/setup", failures);
        await Expect(MainHeading(page)).ToHaveTextAsync("Welcome to Fulcrum");

        Assert.True(failures.None, $"axe found accessibility problems ({scheme} scheme):\n{failures}");
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task The_delivery_page_with_figures_charts_and_a_review_queue_has_no_axe_violations(ColorScheme scheme)
    {
        await using var server = await FulcrumServer.StartAsync();
        using var repo = await Delivery.DeliveryData.SeedAsync(server);
        await server.CreateUserAsync("lee@example.com", Roles.Leader, "Lee Leader");
        var page = await browser.NewPageAsync(server, colorScheme: scheme);
        var failures = new Failures();
        await LogInAsync(page, "lee@example.com", FulcrumServer.Password);

        // Four weeks around the data: bars, a line with gaps, the review queue and the deployments.
        await CheckAsync(page, "/delivery?scope=service:payments&since=2026-02-16&until=2026-03-15", failures);
        await Expect(page.Locator("svg[role=img]")).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirm INC-2" })).ToBeVisibleAsync();
        await page.GetByText("The weekly figures as a table").ClickAsync();
        await CheckCurrentAsync(page, "/delivery with the weekly table open", failures);
        await CheckAsync(page, "/delivery?since=2026-03-10&until=2026-03-01", failures);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The window is empty");

        Assert.True(failures.None, $"axe found accessibility problems ({scheme} scheme):\n{failures}");
    }

    [Fact]
    public async Task The_login_form_and_the_menu_work_from_the_keyboard()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("kim@example.com", Roles.Admin, "Kim Keys");
        var page = await browser.NewPageAsync(server);
        await page.GotoAsync("/Account/Login");

        // The skip link comes first; the header (home link, theme switch) sits between it and the form.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeInViewportAsync();
        await TabUntilFocusedAsync(page, page.GetByLabel("Email"), maxPresses: 3);
        await page.Keyboard.TypeAsync("kim@example.com");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(FulcrumServer.Password);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Keep me logged in on this device" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeFocusedAsync();
        await page.GetByLabel("Password").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(MainHeading(page)).ToHaveTextAsync("Work on the system, not in it");

        // Skip to content moves focus past the header and the menu into the page itself.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('main').contains(document.activeElement)"),
            "after the skip link, Tab should reach the first control inside the main content");

        // From the top of the page, Tab reaches every link in the menu, in order, and Enter follows it.
        await page.GotoAsync("/");
        var links = MainNav(page).GetByRole(AriaRole.Link);
        var count = await links.CountAsync();
        Assert.True(count >= 10, $"the menu has only {count} links");
        for (var i = 0; i < count; i++)
        {
            await TabUntilFocusedAsync(page, links.Nth(i), maxPresses: i == 0 ? 6 : 1);
        }
        await page.GotoAsync("/");
        await TabUntilFocusedAsync(page, MainNav(page).GetByRole(AriaRole.Link, new() { Name = "People" }), maxPresses: 10);
        await page.Keyboard.PressAsync("Enter");
        await Expect(MainHeading(page)).ToHaveTextAsync("People");
    }

    /// <summary>Guards against checking one scheme twice: the page really is drawn light or dark.</summary>
    private static async Task ExpectSchemeAsync(IPage page, ColorScheme scheme)
    {
        var background = await page.EvaluateAsync<int[]>("getComputedStyle(document.documentElement).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)");
        var dark = background.Average() < 128;
        Assert.True(dark == (scheme == ColorScheme.Dark), $"the {scheme} scheme drew the page on rgb({string.Join(", ", background)})");
    }

    private static async Task CheckAsync(IPage page, string path, Failures failures)
    {
        var response = await page.GotoAsync(path);
        if (response is not { Ok: true })
        {
            failures.Add(path, $"HTTP {response?.Status}");
            return;
        }
        if (await page.GetByText("Your role does not allow this page").IsVisibleAsync())
        {
            failures.Add(path, "access denied, so the page itself was not checked");
            return;
        }
        await CheckCurrentAsync(page, path, failures);
    }

    private static async Task CheckCurrentAsync(IPage page, string name, Failures failures)
    {
        foreach (var violation in await Axe.ViolationsAsync(page))
        {
            failures.Add(name, violation);
        }
    }

    /// <summary>Presses Tab until <paramref name="target"/> has focus, failing if it takes more than <paramref name="maxPresses"/>.</summary>
    private static async Task TabUntilFocusedAsync(IPage page, ILocator target, int maxPresses)
    {
        var visited = new List<string>();
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }
            visited.Add(await page.EvaluateAsync<string>("(document.activeElement?.innerText || document.activeElement?.getAttribute('aria-label') || document.activeElement?.tagName || '').trim()"));
        }
        Assert.Fail($"{target} was not reached within {maxPresses} Tab presses; focus went to: {string.Join(" → ", visited)}");
    }

    /// <summary>Problems found, each listed once with the pages it is on: a fault in the layout shows on every page.</summary>
    private sealed class Failures
    {
        private readonly Dictionary<string, List<string>> pagesByProblem = [];

        public bool None => pagesByProblem.Count == 0;

        public void Add(string page, string problem)
        {
            if (!pagesByProblem.TryGetValue(problem, out var pages))
            {
                pagesByProblem[problem] = pages = [];
            }
            pages.Add(page);
        }

        public override string ToString() =>
            string.Join("\n", pagesByProblem.Select(entry => $"- {entry.Key}\n      on {string.Join(", ", entry.Value)}"));
    }
}
