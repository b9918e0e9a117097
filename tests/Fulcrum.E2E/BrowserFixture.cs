using Fulcrum.Testing;
using Microsoft.Playwright;

namespace Fulcrum.E2E;

/// <summary>
/// One headless Chromium for a test class. Playwright drives Debian's /usr/bin/chromium:
/// browser downloads are not possible here, so `playwright install` is never needed.
/// Each test still gets its own server, database and browser context (cookies, storage).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        // Assertions wait as long as actions do: 5 s (Playwright's default) has proved too short for a
        // page's first render on a busy two-core CI machine, while a page that never comes still fails.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (no cookies) whose relative URLs resolve against <paramref name="server"/>.
    /// <paramref name="colorScheme"/> is what the page's prefers-color-scheme media query sees.</summary>
    public async Task<IPage> NewPageAsync(FulcrumServer server, int width = 1280, int height = 800, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme,
        });
        // A page that never appears should fail the test in seconds, not after Playwright's 30.
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
    }
}
