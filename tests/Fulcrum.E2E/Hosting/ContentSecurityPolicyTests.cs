using System.Collections.Concurrent;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Modules;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Hosting;

/// <summary>
/// Every page runs under its Content-Security-Policy (no inline scripts or styles, scripts and
/// sockets only from the site itself) and still works: the menu, htmx, the live poker room, the
/// charts and the API browser. Any breach the browser reports fails the test with where it happened.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Every_page_of_the_demo_works_under_the_policy_without_a_violation()
    {
        await using var server = await FulcrumServer.StartAsync(demo: true);
        var page = await browser.NewPageAsync(server);
        var violations = await WatchAsync(page);

        // First prove the watch: an inline style added to a page is refused and reported.
        await page.GotoAsync("/Account/Login");
        await page.EvaluateAsync("document.head.insertAdjacentHTML('beforeend', '<style>body { outline: 1px solid red; }</style>')");
        await WaitForAsync(() => !violations.IsEmpty, "the inline <style> added to the login page was not reported as a violation");
        Assert.Contains(violations, v => v.Contains("style-src"));
        await page.WaitForTimeoutAsync(500); // the console's report of the same breach
        violations.Clear();

        await LogInAsync(page, DemoOrganisationSeeder.AdminEmail, DemoOrganisationSeeder.Password);
        var pages = await server.WithServicesAsync(services => ModuleRegistration.AllPagesAsync(services));
        Assert.Contains("/api/docs", pages);
        var failures = new List<string>();
        foreach (var path in pages)
        {
            var response = await page.GotoAsync(path);
            if (response is not { Ok: true })
            {
                failures.Add($"{path}: HTTP {response?.Status}");
            }
        }

        // The charts are drawn (server-side SVG) on the delivery and calibration pages.
        await page.GotoAsync("/estimation/calibration?team=Payments");
        await Expect(page.Locator("main svg[role=img]")).ToHaveCountAsync(2);

        // htmx filters the people table as one types.
        await page.GotoAsync("/people");
        await page.GetByLabel("Search").FillAsync("Priya");
        await Expect(page.Locator("#people-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#people-table")).ToContainTextAsync("Priya Raman");

        // The poker room connects over its WebSocket and draws the room.
        var room = pages.Single(p => p.StartsWith("/estimation/rooms/", StringComparison.Ordinal));
        await page.GotoAsync(room);
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Connected as Amara Okafor.");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "People in the room" })).ToBeVisibleAsync();

        // The API browser draws itself from its own scripts, with the description's placeholder intact.
        await page.GotoAsync("/api/docs");
        await Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("Fulcrum API");
        await Expect(page.Locator(".swagger-ui .info .description")).ToContainTextAsync("Authorization: Bearer <token>");
        await Expect(page.Locator(".swagger-ui .opblock-tag").First).ToBeVisibleAsync();
        // "Try it out" changes something with the session from the same origin: the cross-site check lets it through.
        var activate = page.Locator(".opblock-post").Filter(new() { Has = page.Locator("[data-path='/api/v1/ladders/{id}/activate']") });
        await activate.Locator(".opblock-summary").First.ClickAsync();
        await activate.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();
        await activate.Locator("input[placeholder='id']").FillAsync("fulcrum-engineering");
        await activate.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();
        await Expect(activate.Locator(".live-responses-table tbody .response-col_status").First).ToHaveTextAsync("200");

        // On a phone the menu starts folded (js/menu.js, no inline script).
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/");
        await Expect(MainNav(page).GetByRole(AriaRole.Link, new() { Name = "People" })).ToBeHiddenAsync();

        await page.WaitForTimeoutAsync(300); // reports travel to the test asynchronously
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(violations.IsEmpty, "Content-Security-Policy violations:\n" + string.Join("\n", violations.Distinct()));
    }

    /// <summary>
    /// Collects what the browser reports: each securitypolicyviolation event (from a script added before
    /// any of the page's own, which the policy does not govern) and each console error about the policy.
    /// </summary>
    private static async Task<ConcurrentQueue<string>> WatchAsync(IPage page)
    {
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Enqueue($"console on {page.Url}: {message.Text}");
            }
        };
        await page.ExposeFunctionAsync("fulcrumReportViolation", (string text) => violations.Enqueue(text));
        await page.AddInitScriptAsync("""
            document.addEventListener("securitypolicyviolation", e => window.fulcrumReportViolation(
              `${location.pathname}${location.search}: ${e.effectiveDirective} refused ${e.blockedURI || "inline code"}` +
              ` (${e.sourceFile || "the page"}:${e.lineNumber}) ${e.sample || ""}`));
            """);
        return violations;
    }

    private static async Task WaitForAsync(Func<bool> condition, string failure)
    {
        for (var i = 0; i < 50 && !condition(); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(condition(), failure);
    }
}
