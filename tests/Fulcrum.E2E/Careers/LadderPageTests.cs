using Fulcrum.E2E.Accessibility;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Careers;

/// <summary>Someone reads the ladder, switches to the management track, and opens the comparison of a track switch.</summary>
public sealed class LadderPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_member_browses_the_ladder_switches_track_and_opens_the_comparison_and_every_view_passes_axe()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("mia@example.com", Roles.Member, "Mia Member");
        var page = await browser.NewPageAsync(server);
        await LogInAsync(page, "mia@example.com", FulcrumServer.Password);
        var violations = new List<string>();

        await page.GotoAsync("/careers");
        await page.GetByRole(AriaRole.Link, new() { Name = "The ladder" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Fulcrum engineering ladder");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Fulcrum engineering ladder, Individual contributor track" });
        await Expect(table.GetByRole(AriaRole.Columnheader)).ToHaveCountAsync(9);
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Level 4 Engineer III shared" })).ToBeVisibleAsync();
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Level 5 Senior Engineer" })).ToBeVisibleAsync();
        await Expect(table.GetByRole(AriaRole.Rowheader, new() { Name = "Delivery" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Manage ladders" })).ToHaveCountAsync(0);
        violations.AddRange(await Axe.ViolationsAsync(page));

        // The management track around Engineering Manager: shared level 4, then the track's own.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Track" }).SelectOptionAsync(new SelectOptionValue { Label = "Management" });
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Levels" }).SelectOptionAsync(new SelectOptionValue { Label = "Around level 5: Senior Engineer / Engineering Manager" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("track=management&level=5"));
        var management = page.GetByRole(AriaRole.Table, new() { Name = "Fulcrum engineering ladder, Management track" });
        await Expect(management.GetByRole(AriaRole.Columnheader)).ToHaveTextAsync(["Competency", "Level 4 Engineer III shared", "Level 5 Engineering Manager", "Level 6 Senior Engineering Manager"]);
        await Expect(management.GetByRole(AriaRole.Row, new() { Name = "Technical craft" })).ToContainTextAsync("review a design and deploy to production");
        violations.AddRange(await Axe.ViolationsAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = "Compare tracks" }).ClickAsync();
        await Expect(MainHeading(page)).ToHaveTextAsync("Compare tracks");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First)
            .ToHaveTextAsync("Senior Engineer (Individual contributor, level 5) → Engineering Manager (Management, level 5)");
        var craft = page.GetByRole(AriaRole.Row, new() { Name = "Technical craft" });
        await Expect(craft.GetByRole(AriaRole.Cell).Nth(1)).ToContainTextAsync("Stays technical enough");
        await Expect(craft.GetByRole(AriaRole.Cell).Nth(2)).ToContainTextAsync("Sets the technical direction");
        violations.AddRange(await Axe.ViolationsAsync(page));

        // Staying on the IC track, one level up: a promotion compared the same way.
        await page.GetByRole(AriaRole.Group, new() { Name = "To" }).GetByRole(AriaRole.Combobox, new() { Name = "Track" }).SelectOptionAsync(new SelectOptionValue { Label = "Individual contributor" });
        await page.GetByRole(AriaRole.Group, new() { Name = "To" }).GetByRole(AriaRole.Combobox, new() { Name = "Level" }).SelectOptionAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First)
            .ToHaveTextAsync("Senior Engineer (Individual contributor, level 5) → Staff Engineer (Individual contributor, level 6)");

        // On a phone the wide tables scroll in their own box; the page stays as wide as the phone.
        await page.SetViewportSizeAsync(390, 844);
        foreach (var path in new[] { "/careers/ladder", "/careers/ladder/compare" })
        {
            await page.GotoAsync(path);
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{path} is {width}px wide on a 390px phone");
        }

        Assert.True(violations.Count == 0, "axe found accessibility problems:\n" + string.Join("\n", violations));
    }
}
