using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E;

/// <summary>What a person does over and over: log in through the form, look at the page's title.</summary>
public static class Browsing
{
    public static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
    }

    public static ILocator MainHeading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public static ILocator MainNav(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
}
