using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Careers;

/// <summary>
/// A whole assessment cycle, each person in a browser of their own: Sofia opens it and rates
/// herself, two peers and a mentor rate her (one of them on a phone), her manager rates her and
/// closes it, and everyone sees one competency agreed and one without consensus, side by side.
/// </summary>
public sealed class AssessmentCycleTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Two competencies keep the test about the flow rather than about filling in forms.</summary>
    private const string SmallLadder = """
        ladder: two-areas
        name: Two-area ladder
        rating-scale:
          meets: meets
          ratings:
            - id: not-yet
              label: Not yet
            - id: developing
              label: Developing
            - id: meets
              label: Meets
            - id: exceeds
              label: Exceeds
        competencies:
          - id: craft
            name: Technical craft
          - id: people
            name: People
            description: Growing others.
        tracks:
          - id: ic
            name: Individual contributor
          - id: management
            name: Management
        fork-at: 3
        levels:
          - level: 1
            title: Engineer
            competencies:
              craft:
                expectations:
                  - Writes tested code.
          - level: 2
            title: Experienced Engineer
            competencies:
              craft:
                expectations:
                  - Designs components.
          - level: 3
            track: ic
            title: Senior Engineer
            competencies:
              craft:
                expectations:
                  - Sets the team's technical direction.
              people:
                expectations:
                  - Mentors the engineers around them.
          - level: 3
            track: management
            title: Engineering Manager
            competencies:
              people:
                expectations:
                  - Runs regular one-to-ones.
        """;

    [Fact]
    public async Task Five_people_in_five_browsers_open_rate_and_close_a_cycle_and_see_agreement_and_disagreement_side_by_side()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            db.Ladders.Add(new LadderRecord { Id = "two-areas", Name = "Two-area ladder", Source = "fulcrum", Yaml = SmallLadder, IsActive = true, ImportedAt = DateTime.UtcNow });
            var team = new Team { Name = "Payments" };
            var daniel = new Person { Name = "Daniel Reyes", Email = "daniel@example.com", Team = team, Track = "management", Level = 3 };
            db.People.AddRange(
                daniel,
                new Person { Name = "Sofia Lind", Email = "sofia@example.com", Team = team, Manager = daniel, Track = "ic", Level = 2 },
                new Person { Name = "Ethan Cole", Email = "ethan@example.com", Team = team, Manager = daniel, Track = "ic", Level = 2 },
                new Person { Name = "Priya Nair", Email = "priya@example.com", Team = team, Manager = daniel, Track = "ic", Level = 3 },
                new Person { Name = "Mia Park", Email = "mia@example.com", Track = "ic", Level = 4 });
            return await db.SaveChangesAsync();
        });
        foreach (var name in new[] { "sofia", "daniel", "ethan", "priya", "mia" })
        {
            await server.CreateUserAsync($"{name}@example.com", Roles.Member);
        }

        // Sofia opens her assessment with two peers and a mentor; she and her manager are added by themselves.
        var sofia = await browser.NewPageAsync(server);
        await LogInAsync(sofia, "sofia@example.com", FulcrumServer.Password);
        await sofia.GotoAsync("/careers/assessments");
        await Expect(sofia.GetByText("No assessments of you yet.")).ToBeVisibleAsync();
        // Her manager rates anyway; choosing him again is refused, naming the row.
        await sofia.GetByLabel("Rater 2", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Daniel Reyes" });
        await sofia.GetByRole(AriaRole.Button, new() { Name = "Open assessment" }).ClickAsync();
        await Expect(sofia.GetByRole(AriaRole.Alert)).ToContainTextAsync("Rater 2: Daniel Reyes is already a rater, as Sofia Lind's manager.");
        await sofia.GetByLabel("Rater 1", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Ethan Cole" });
        await sofia.GetByLabel("Rater 2", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Priya Nair" });
        await sofia.GetByLabel("Rater 3", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Mia Park" });
        await sofia.GetByLabel("Role of rater 3").SelectOptionAsync("mentor");
        await sofia.GetByRole(AriaRole.Button, new() { Name = "Open assessment" }).ClickAsync();
        await Expect(MainHeading(sofia)).ToHaveTextAsync("Assessment of you");
        await Expect(sofia.GetByText("Against Senior Engineer (level 3) on the Individual contributor track of the Two-area ladder.")).ToBeVisibleAsync();
        var raters = sofia.GetByRole(AriaRole.Region, new() { Name = "Raters" }).GetByRole(AriaRole.Listitem);
        await Expect(raters).ToHaveCountAsync(5);
        await Expect(raters.Filter(new() { HasText = "Daniel Reyes" })).ToContainTextAsync("manager");
        await Expect(raters.Filter(new() { HasText = "Mia Park" })).ToContainTextAsync("mentor");
        var cycleUrl = new Uri(sofia.Url).AbsolutePath;

        // Submitting with a rating missing names the problem and keeps what was typed.
        await RateAsync(sofia, "Technical craft", "Exceeds", "Led the ledger redesign and its rollout.", enjoyment: "5, very much");
        await SubmitAsync(sofia);
        await Expect(sofia.GetByRole(AriaRole.Alert)).ToContainTextAsync("rate People: one of not-yet, developing, meets, exceeds.");
        await Expect(sofia.GetByLabel("Evidence for Technical craft")).ToHaveValueAsync("Led the ledger redesign and its rollout.");
        await RateAsync(sofia, "People", "Meets", "Paired with two new joiners every week.", enjoyment: "2, a little");
        await SubmitAsync(sofia);
        await Expect(sofia.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your ratings are submitted. Nobody else sees them until the assessment closes.");

        // Three peers and mentors and the manager, each in their own browser; Ethan on a phone.
        var ratings = new (string Email, string Craft, string People, int Width)[]
        {
            ("ethan@example.com", "Meets", "Not yet", 390),
            ("priya@example.com", "Meets", "Not yet", 1280),
            ("mia@example.com", "Exceeds", "Exceeds", 1280),
            ("daniel@example.com", "Meets", "Exceeds", 1280),
        };
        IPage? daniel = null;
        foreach (var (email, craft, people, width) in ratings)
        {
            var page = await browser.NewPageAsync(server, width: width, height: width < 500 ? 844 : 800);
            await LogInAsync(page, email, FulcrumServer.Password);
            await page.GotoAsync("/careers/assessments");
            var toRate = page.GetByRole(AriaRole.Region, new() { Name = "Assessments you rate" });
            await Expect(toRate.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sofia Lind" })).ToContainTextAsync("not yet");
            await toRate.GetByRole(AriaRole.Link, new() { Name = "Sofia Lind" }).ClickAsync();
            await Expect(MainHeading(page)).ToHaveTextAsync("Assessment of Sofia Lind");
            // Nobody anchors on anyone else: no other rater's words are on the page.
            await Expect(page.GetByText("Led the ledger redesign")).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Group, new() { Name = "How much do you enjoy People?" })).ToHaveCountAsync(0);
            await RateAsync(page, "Technical craft", craft, $"{craft}: what I saw of Sofia's craft ({email}).");
            await RateAsync(page, "People", people, $"{people}: what I saw of Sofia with people ({email}).");
            await SubmitAsync(page);
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your ratings are submitted.");
            if (width < 500)
            {
                Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the rating page is wider than the phone");
                var violations = await Accessibility.Axe.ViolationsAsync(page);
                Assert.True(violations.Count == 0, string.Join("\n", violations));
            }
            daniel = email.StartsWith("daniel") ? page : daniel;
        }

        // Still open: Sofia sees who has submitted, not what anyone said.
        await sofia.ReloadAsync();
        await Expect(raters.Filter(new() { HasText = "submitted" })).ToHaveCountAsync(5);
        await Expect(sofia.GetByText("Not yet: what I saw")).ToHaveCountAsync(0);

        // Her manager closes it.
        await daniel!.GetByRole(AriaRole.Button, new() { Name = "Close and show the results" }).ClickAsync();
        await Expect(daniel.GetByRole(AriaRole.Status)).ToHaveTextAsync("The assessment is closed; the results are below.");

        await sofia.GotoAsync(cycleUrl);
        var results = sofia.GetByRole(AriaRole.Region, new() { Name = "Results" });
        await Expect(results).ToContainTextAsync("Consensus on 1 of 2 competencies; no consensus on People.");
        var craftResult = results.GetByRole(AriaRole.Article).Filter(new() { Has = sofia.GetByRole(AriaRole.Heading, new() { Name = "Technical craft" }) });
        await Expect(craftResult.Locator(".verdict")).ToContainTextAsync("Agreed: Meets");
        await Expect(craftResult).ToContainTextAsync("1 step between the lowest and the highest rating");
        await Expect(craftResult).ToContainTextAsync("Exceeds, 1 step above what the others agree on");

        var peopleResult = results.GetByRole(AriaRole.Article).Filter(new() { Has = sofia.GetByRole(AriaRole.Heading, new() { Name = "People" }) });
        await Expect(peopleResult.Locator(".verdict")).ToContainTextAsync("No consensus");
        await Expect(peopleResult).ToContainTextAsync("No strict majority of the 4 voices lies within one step: 2 × Not yet, 2 × Exceeds.");
        await Expect(peopleResult).ToContainTextAsync("3 steps between the lowest and the highest rating");
        var views = peopleResult.GetByRole(AriaRole.List, new() { Name = "Views on People side by side" }).GetByRole(AriaRole.Listitem);
        await Expect(views).ToHaveCountAsync(5);
        await Expect(views.Filter(new() { HasText = "Ethan Cole" })).ToContainTextAsync("Not yet: what I saw of Sofia with people (ethan@example.com).");
        await Expect(views.Filter(new() { HasText = "Mia Park" })).ToContainTextAsync("Exceeds");
        await Expect(views.Filter(new() { HasText = "Daniel Reyes" })).ToContainTextAsync("Exceeds");
        await Expect(views.Filter(new() { HasText = "own view, not counted" })).ToContainTextAsync("Meets");
        // Side by side: on a wide screen the first views share a row.
        var first = await views.Nth(0).BoundingBoxAsync();
        var second = await views.Nth(1).BoundingBoxAsync();
        Assert.True(first!.Y == second!.Y && second.X > first.X, "the views should sit side by side");

        var quadrants = sofia.GetByRole(AriaRole.Region, new() { Name = "Good at it and enjoy it" });
        await Expect(quadrants.GetByRole(AriaRole.Region, new() { Name = "Lean in" })).ToContainTextAsync("Technical craft");
        await Expect(quadrants).ToContainTextAsync("People: there is no consensus on aptitude yet, and one opinion is not enough.");
        await Expect(sofia.GetByRole(AriaRole.Region, new() { Name = "Readiness for Senior Engineer" }))
            .ToContainTextAsync("1 of 2 areas of Senior Engineer met by consensus; no consensus: People.");

        var resultViolations = await Accessibility.Axe.ViolationsAsync(sofia);
        Assert.True(resultViolations.Count == 0, string.Join("\n", resultViolations));
        // On a phone in the dark scheme: the views stack within the screen, and the colours of
        // agreement and disagreement keep their contrast.
        var dark = await browser.NewPageAsync(server, width: 390, height: 844, colorScheme: ColorScheme.Dark);
        await LogInAsync(dark, "sofia@example.com", FulcrumServer.Password);
        await dark.GotoAsync(cycleUrl);
        Assert.True(await dark.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the results are wider than the phone");
        var darkViolations = await Accessibility.Axe.ViolationsAsync(dark);
        Assert.True(darkViolations.Count == 0, string.Join("\n", darkViolations));
    }

    private static async Task RateAsync(IPage page, string competency, string rating, string evidence, string? enjoyment = null)
    {
        await page.GetByRole(AriaRole.Group, new() { Name = $"Your rating of {competency}" }).GetByRole(AriaRole.Radio, new() { Name = rating, Exact = true }).CheckAsync();
        await page.GetByLabel($"Evidence for {competency}").FillAsync(evidence);
        if (enjoyment is not null)
        {
            await page.GetByRole(AriaRole.Group, new() { Name = $"How much do you enjoy {competency}?" }).GetByRole(AriaRole.Radio, new() { Name = enjoyment }).CheckAsync();
        }
    }

    private static Task SubmitAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Submit ratings" }).ClickAsync();
}
