using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Careers;

/// <summary>Kudos given on the page reach the receiver's team and their brag document; the manager is nudged about who was missed.</summary>
public sealed class RecognitionPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Kudos_given_on_the_page_show_in_the_feed_the_managers_nudge_and_the_receivers_brag_document()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var team = new Team { Name = "Payments" };
            var daniel = new Person { Name = "Daniel Mensah", Email = "daniel@example.com", Team = team };
            db.People.AddRange(daniel,
                new Person { Name = "Sofia Rossi", Email = "sofia@example.com", Team = team, Manager = daniel },
                new Person { Name = "Ethan Clarke", Email = "ethan@example.com", Team = team, Manager = daniel });
            return await db.SaveChangesAsync();
        });
        foreach (var email in new[] { "daniel@example.com", "sofia@example.com", "ethan@example.com" })
        {
            await server.CreateUserAsync(email, Roles.Member);
        }

        var daniel = await browser.NewPageAsync(server);
        await LogInAsync(daniel, "daniel@example.com", FulcrumServer.Password);
        await daniel.GotoAsync("/careers/kudos");
        var quiet = daniel.GetByRole(AriaRole.Region, new() { Name = "Not recognised in the last 60 days" });
        await Expect(quiet.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Ethan Clarke (Payments) · never recognised here", "Sofia Rossi (Payments) · never recognised here"]);

        var sofia = await browser.NewPageAsync(server);
        await LogInAsync(sofia, "sofia@example.com", FulcrumServer.Password);
        await sofia.GotoAsync("/careers/kudos");
        await sofia.GetByRole(AriaRole.Button, new() { Name = "Send kudos" }).ClickAsync();
        await Expect(sofia.GetByRole(AriaRole.Alert)).ToContainTextAsync("to: say who the kudos is for (their email).");
        await sofia.Locator("#kudos-to").SelectOptionAsync(new SelectOptionValue { Label = "Ethan Clarke (Payments)" });
        await sofia.GetByLabel("What they did").FillAsync("Untangled the refund retries before the sale");
        await sofia.GetByLabel("Delivery").CheckAsync();
        await sofia.GetByRole(AriaRole.Button, new() { Name = "Send kudos" }).ClickAsync();
        await Expect(sofia.GetByRole(AriaRole.Status)).ToHaveTextAsync("Kudos sent.");
        var feed = sofia.GetByRole(AriaRole.Region, new() { Name = "Recent kudos" });
        await Expect(feed).ToContainTextAsync("Sofia Rossi → Ethan Clarke");
        await Expect(feed).ToContainTextAsync("Untangled the refund retries before the sale");

        await daniel.ReloadAsync();
        await Expect(quiet.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Sofia Rossi (Payments) · never recognised here"]);
        await Expect(daniel.GetByRole(AriaRole.Region, new() { Name = "Recent kudos" })).ToContainTextAsync("Untangled the refund retries");

        var ethan = await browser.NewPageAsync(server);
        await LogInAsync(ethan, "ethan@example.com", FulcrumServer.Password);
        await ethan.GotoAsync("/careers/brag");
        await Expect(MainHeading(ethan)).ToHaveTextAsync("Brag document: Ethan Clarke");
        await ethan.GetByLabel("What you did").FillAsync("Gave the SQLite talk");
        await ethan.GetByLabel("Communication").CheckAsync();
        await ethan.GetByRole(AriaRole.Button, new() { Name = "Record achievement" }).ClickAsync();
        var delivery = ethan.GetByRole(AriaRole.Region, new() { Name = "Delivery" });
        await Expect(delivery).ToContainTextAsync("kudos from Sofia Rossi: Untangled the refund retries before the sale");
        await Expect(ethan.GetByRole(AriaRole.Region, new() { Name = "Communication" })).ToContainTextAsync("achievement: Gave the SQLite talk");
        var download = await ethan.RunAndWaitForDownloadAsync(() => ethan.GetByRole(AriaRole.Button, new() { Name = "Download Markdown" }).ClickAsync());
        var markdown = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("# Brag document: Ethan Clarke", markdown);
        Assert.Contains("## Delivery", markdown);
        var violations = await Accessibility.Axe.ViolationsAsync(ethan);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
