using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Careers;

/// <summary>A growth plan kept by a person and their manager in two browsers: a goal, a sprint serving it, progress and the check-in.</summary>
public sealed class GrowthPlanPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_person_plans_a_goal_and_a_sprint_their_manager_moves_the_goal_on_and_the_sprint_ends_in_a_check_in()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var daniel = new Person { Name = "Daniel Reyes", Email = "daniel@example.com" };
            db.People.AddRange(daniel, new Person { Name = "Sofia Lind", Email = "sofia@example.com", Manager = daniel },
                new Person { Name = "Ethan Cole", Email = "ethan@example.com", Manager = daniel });
            return await db.SaveChangesAsync();
        });
        foreach (var name in new[] { "sofia", "daniel", "ethan" })
        {
            await server.CreateUserAsync($"{name}@example.com", Roles.Member);
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var sofia = await browser.NewPageAsync(server, width: 390, height: 844);
        await LogInAsync(sofia, "sofia@example.com", FulcrumServer.Password);
        await sofia.GotoAsync("/careers/growth");
        await Expect(MainHeading(sofia)).ToHaveTextAsync("Your growth plan");
        await Expect(sofia.GetByText("No goals yet.")).ToBeVisibleAsync();

        await sofia.GetByLabel("Title").FillAsync("Lead the design of a service");
        await sofia.GetByRole(AriaRole.Checkbox, new() { Name = "Technical craft" }).CheckAsync();
        await sofia.GetByRole(AriaRole.Checkbox, new() { Name = "Leadership and people" }).CheckAsync();
        await sofia.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(sofia.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added to the plan.");
        var goals = sofia.GetByRole(AriaRole.Region, new() { Name = "Goals" });
        await Expect(goals.GetByRole(AriaRole.Article)).ToContainTextAsync("Grows: Technical craft, Leadership and people");

        // A sprint without its time box is refused, with the reason beside the form and the title kept.
        await sofia.GetByLabel("Kind").SelectOptionAsync("sprint");
        await sofia.GetByLabel("Title").FillAsync("Learn event sourcing");
        await sofia.GetByLabel("Serves the goal (stretch assignments and sprints)").SelectOptionAsync(new SelectOptionValue { Label = "Lead the design of a service" });
        await sofia.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(sofia.GetByRole(AriaRole.Alert)).ToContainTextAsync("a learning sprint is a time box; give its first and last day.");
        await Expect(sofia.GetByLabel("Title")).ToHaveValueAsync("Learn event sourcing");
        await sofia.GetByLabel("First day (sprints)").FillAsync(today.ToString("yyyy-MM-dd"));
        await sofia.GetByLabel("Last day (sprints) or target day").FillAsync(today.AddDays(13).ToString("yyyy-MM-dd"));
        await sofia.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        var sprint = sofia.GetByRole(AriaRole.Region, new() { Name = "Learning sprints" }).GetByRole(AriaRole.Article);
        await Expect(sprint).ToContainTextAsync("Serves: Lead the design of a service");
        await Expect(sprint).ToContainTextAsync("(14 days): 13 days left");
        Assert.True(await sofia.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the growth page is wider than the phone");
        var violations = await Accessibility.Axe.ViolationsAsync(sofia);
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        // Her manager finds the plan among his reports' and moves the goal on.
        var daniel = await browser.NewPageAsync(server);
        await LogInAsync(daniel, "daniel@example.com", FulcrumServer.Password);
        await daniel.GotoAsync("/careers/growth");
        var reports = daniel.GetByRole(AriaRole.Region, new() { Name = "Your reports' growth plans" });
        await Expect(reports.GetByRole(AriaRole.Row).Filter(new() { HasText = "Ethan Cole" })).ToContainTextAsync("No plan yet.");
        await reports.GetByRole(AriaRole.Link, new() { Name = "Sofia Lind" }).ClickAsync();
        await Expect(MainHeading(daniel)).ToHaveTextAsync("Growth plan of Sofia Lind");
        await daniel.GetByLabel("Progress, %").FillAsync("40");
        await daniel.GetByRole(AriaRole.Button, new() { Name = "Save status of Lead the design of a service" }).ClickAsync();
        await Expect(daniel.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Expect(daniel.GetByRole(AriaRole.Region, new() { Name = "Progress" })).ToContainTextAsync("0 of 1 goal done (40% overall)");

        // Sofia checks in on the sprint; it is done, with its outcome.
        await sofia.ReloadAsync();
        await sofia.GetByText("Check in on “Learn event sourcing”").ClickAsync();
        await sofia.GetByLabel("Outcome").SelectOptionAsync("partly");
        await sofia.GetByLabel("What was learned, and what comes next").FillAsync("Built a toy ledger; projections next.");
        await sofia.GetByRole(AriaRole.Button, new() { Name = "Check in", Exact = true }).ClickAsync();
        await Expect(sofia.GetByRole(AriaRole.Status)).ToHaveTextAsync("The sprint is checked in.");
        await Expect(sprint).ToContainTextAsync($"Check-in {today:yyyy-MM-dd}: partly achieved Built a toy ledger; projections next.");
        await Expect(sofia.GetByRole(AriaRole.Region, new() { Name = "Progress" })).ToContainTextAsync("1 of 1 learning sprint checked in.");

        // A peer is told there is no such plan.
        var ethan = await browser.NewPageAsync(server);
        await LogInAsync(ethan, "ethan@example.com", FulcrumServer.Password);
        var response = await ethan.GotoAsync(new Uri(daniel.Url).AbsolutePath);
        Assert.Equal(404, response!.Status);
        await Expect(MainHeading(ethan)).ToHaveTextAsync("No such growth plan");
        await Expect(ethan.GetByText("Lead the design of a service")).ToHaveCountAsync(0);
    }
}
