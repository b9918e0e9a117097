using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Estimation;

/// <summary>Two people in two browsers estimate a story together over the room's WebSocket.</summary>
public sealed class PokerRoomTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Two_browsers_vote_in_one_room_see_only_that_the_other_voted_then_the_reveal_and_the_accepted_estimate()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var team = new Team { Name = "Payments" };
            db.People.Add(new Person { Name = "Ana Lima", Email = "ana@example.com", Team = team });
            db.People.Add(new Person { Name = "Ben Okoro", Email = "ben@example.com", Team = team });
            db.WorkItems.Add(new Fulcrum.Web.Features.Delivery.WorkItem { ExternalId = "PAY-9", Title = "Refund by CSV", Kind = "story", Team = team, ReceivedAt = DateTime.UtcNow });
            db.WorkItems.Add(new Fulcrum.Web.Features.Delivery.WorkItem
            {
                ExternalId = "PAY-3", Title = "Card tokenisation", Kind = "story", Team = team, ReceivedAt = DateTime.UtcNow,
                Estimate = 8, EstimateUnit = "points", StartedAt = DateTime.UtcNow.AddDays(-9), DoneAt = DateTime.UtcNow.AddDays(-3),
            });
            return await db.SaveChangesAsync();
        });
        await server.CreateUserAsync("ana@example.com", Roles.Member);
        await server.CreateUserAsync("ben@example.com", Roles.Member);

        var ana = await browser.NewPageAsync(server);
        await LogInAsync(ana, "ana@example.com", FulcrumServer.Password);
        await ana.GotoAsync("/estimation");
        await ana.GetByLabel("Name", new() { Exact = true }).FillAsync("Sprint 42 refinement");
        await ana.GetByLabel("Stories, one per line").FillAsync("Export invoices as CSV\nRetry failed webhooks");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Open room" }).ClickAsync();
        await Expect(MainHeading(ana)).ToHaveTextAsync("Sprint 42 refinement");
        await Expect(ana.GetByRole(AriaRole.Status)).ToHaveTextAsync("Connected as Ana Lima.");
        var roomUrl = ana.Url;

        var ben = await browser.NewPageAsync(server, width: 390, height: 844); // on a phone
        await LogInAsync(ben, "ben@example.com", FulcrumServer.Password);
        await ben.GotoAsync(roomUrl);
        await Expect(ben.GetByRole(AriaRole.Status)).ToHaveTextAsync("Connected as Ben Okoro.");
        await Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Export invoices as CSV" })).ToBeVisibleAsync();
        await Expect(ben.GetByText("Card tokenisation")).ToHaveCountAsync(0);

        // Ben clicks a card; Ana sees that he voted, not what.
        await ben.GetByRole(AriaRole.Group, new() { Name = "Your card" }).GetByRole(AriaRole.Button, new() { Name = "8", Exact = true }).ClickAsync();
        await Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Your vote: 8" })).ToBeVisibleAsync();
        var benInAnasList = ana.GetByRole(AriaRole.List, new() { Name = "People in the room" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Ben Okoro" });
        await Expect(benInAnasList).ToContainTextAsync("voted");
        Assert.DoesNotContain("8", await benInAnasList.Locator(".poker-mark").TextContentAsync());

        // Ana votes from the keyboard (6 = the sixth card, "5"): everyone has voted, so the round reveals itself.
        await ana.Keyboard.PressAsync("6");
        foreach (var page in new[] { ana, ben })
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Round 1: 2 votes" })).ToBeVisibleAsync();
            await Expect(page.Locator(".poker-figures")).ToContainTextAsync("Median6.5");
            await Expect(page.Locator(".poker-figures")).ToContainTextAsync("Consensusno");
        }
        await Expect(ana.GetByRole(AriaRole.List, new() { Name = "People in the room" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Ben Okoro" }))
            .ToContainTextAsync("8");
        // Only now, after the reveal: the team's earlier 8-pointer and how long it took.
        await Expect(ana.GetByRole(AriaRole.Region, new() { Name = "Earlier stories at these cards" })).ToContainTextAsync("Card tokenisation (6.0 days)");
        var violations = await Accessibility.Axe.ViolationsAsync(ana);
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        // Ana accepts 8; Ben's page shows the accepted estimate, and the next story is ready.
        await ana.GetByLabel("Final estimate").SelectOptionAsync("8");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Accept estimate" }).ClickAsync();
        await Expect(ben.GetByText("Accepted: 8")).ToBeVisibleAsync();
        await ana.GetByRole(AriaRole.Button, new() { Name = "Next story" }).ClickAsync();
        await Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Retry failed webhooks" })).ToBeVisibleAsync();
        await Expect(ben.GetByRole(AriaRole.List, new() { Name = "People in the room" })).ToContainTextAsync("not yet");

        // Ana picks a story from the team's open work items; it reaches Ben's list.
        await ana.GetByRole(AriaRole.Button, new() { Name = "Pick from the team's work items" }).ClickAsync();
        await ana.GetByLabel("PAY-9: Refund by CSV").CheckAsync();
        await ana.GetByRole(AriaRole.Button, new() { Name = "Add the chosen work items" }).ClickAsync();
        await Expect(ben.GetByRole(AriaRole.Region, new() { Name = "Stories" })).ToContainTextAsync("Refund by CSV");
    }

    [Fact]
    public async Task The_room_timer_is_set_in_seconds_and_counts_down_in_minutes_and_seconds()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            db.People.Add(new Person { Name = "Ana Lima", Email = "ana@example.com", Team = new Team { Name = "Payments" } });
            return await db.SaveChangesAsync();
        });
        var token = await server.CreateTokenAsync("ana@example.com", Roles.Member);
        var created = await server.CreateClient(token).PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Payments", name = "Timed", stories = new[] { "Export invoices" } });
        var room = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var ana = await browser.NewPageAsync(server);
        await LogInAsync(ana, "ana@example.com", FulcrumServer.Password);
        await ana.GotoAsync($"/estimation/rooms/{room}");
        await Expect(ana.GetByRole(AriaRole.Status)).ToHaveTextAsync("Connected as Ana Lima.");

        // The length is asked with its unit, and shown as the countdown it will be.
        var length = ana.GetByRole(AriaRole.Spinbutton, new() { Name = "Timer length" });
        await Expect(length).ToHaveValueAsync("120");
        await Expect(ana.GetByRole(AriaRole.Region, new() { Name = "Facilitate" })).ToContainTextAsync("seconds (2:00)");
        await length.FillAsync("90");
        await Expect(ana.GetByRole(AriaRole.Region, new() { Name = "Facilitate" })).ToContainTextAsync("seconds (1:30)");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Start timer" }).ClickAsync();

        var timer = ana.GetByRole(AriaRole.Timer);
        await Expect(timer).ToHaveTextAsync(new Regex(@"^1:(30|29|28) left$"));
        var violations = await Accessibility.Axe.ViolationsAsync(ana);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await Expect(ana.GetByRole(AriaRole.Button, new() { Name = "Stop timer" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_team_deck_added_on_the_page_names_its_problems_then_opens_a_room_with_its_cards()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            db.People.Add(new Person { Name = "Ana Lima", Email = "ana@example.com", Team = new Team { Name = "Payments" } });
            return await db.SaveChangesAsync();
        });
        await server.CreateUserAsync("ana@example.com", Roles.Member);
        var ana = await browser.NewPageAsync(server);
        await LogInAsync(ana, "ana@example.com", FulcrumServer.Password);
        await ana.GotoAsync("/estimation");
        await Expect(ana.GetByText("Your teams have no decks of their own yet.")).ToBeVisibleAsync();

        await ana.GetByText("Add a deck").ClickAsync();
        await ana.GetByLabel("Deck name").FillAsync("Sizes in points");
        await ana.GetByLabel("Cards, separated by commas").FillAsync("S=1, M=3, L=2, ?");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Add deck" }).ClickAsync();
        await Expect(ana.GetByRole(AriaRole.Alert)).ToContainTextAsync("card 3 ('L'): numbers must rise from card to card; 2 follows 3");
        await ana.GetByLabel("Cards, separated by commas").FillAsync("S=1, M=3, L=5, ?");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Add deck" }).ClickAsync();
        var decks = ana.GetByRole(AriaRole.Region, new() { Name = "Team decks" });
        await Expect(decks.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sizes in points" })).ToContainTextAsync("S=1, M=3, L=5, ?");

        await ana.GetByLabel("Name", new() { Exact = true }).FillAsync("Sizing");
        await ana.Locator("#room-deck").SelectOptionAsync("sizes-in-points");
        await ana.GetByLabel("Stories, one per line").FillAsync("Refund by CSV");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Open room" }).ClickAsync();
        await Expect(MainHeading(ana)).ToHaveTextAsync("Sizing");
        var cards = ana.GetByRole(AriaRole.Group, new() { Name = "Your card" }).GetByRole(AriaRole.Button);
        await Expect(cards).ToHaveTextAsync(["S", "M", "L", "?"]);
    }
}
