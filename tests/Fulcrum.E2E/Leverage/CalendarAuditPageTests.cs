using System.Globalization;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Fulcrum.E2E.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.E2E.Leverage;

/// <summary>A leader uploads their calendar in the browser, reads the audit, opens a meeting's reasons and marks it follow.</summary>
public sealed class CalendarAuditPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_leader_uploads_a_calendar_and_sees_which_meetings_need_them()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var daniel = new Person { Name = "Daniel Reyes", Email = "daniel@example.com" };
            db.People.AddRange(daniel, new Person { Name = "Sofia Lind", Email = "sofia@example.com", Manager = daniel });
            return await db.SaveChangesAsync();
        });
        await server.CreateUserAsync("daniel@example.com", Roles.Leader);
        var file = Path.Combine(Path.GetTempPath(), $"daniel-{Guid.NewGuid():N}.ics");
        await File.WriteAllTextAsync(file, Calendar(DateOnly.FromDateTime(DateTime.UtcNow)));

        var page = await browser.NewPageAsync(server, width: 1280, height: 900);
        await LogInAsync(page, "daniel@example.com", FulcrumServer.Password);
        await page.GotoAsync("/leverage");
        await Expect(MainHeading(page)).ToHaveTextAsync("Leverage");
        await page.GetByLabel("Upload your calendar (.ics)").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Read {Path.GetFileName(file)}: 3 events.");

        // Five weeks (the four before this one, and this one) of a weekly status meeting, 1:1 and review.
        await Expect(page.Locator("#leverage-summary")).ToContainTextAsync("15 meetings, 12.5 h (2.5 h a week)");
        var meetings = page.GetByRole(AriaRole.Region, new() { Name = "Is my presence essential?" });
        var status = meetings.GetByRole(AriaRole.Row).Filter(new() { HasText = "Weekly status update" });
        await Expect(status).ToContainTextAsync("Make async");
        var review = meetings.GetByRole(AriaRole.Row).Filter(new() { HasText = "Architecture review" });
        await Expect(review).ToContainTextAsync("Delegate");
        await review.GetByText("Architecture review").ClickAsync();
        await Expect(review.GetByText("Sofia Lind from your team also attends. (-15)")).ToBeVisibleAsync();
        await Expect(review.GetByRole(AriaRole.Link, new() { Name = "Sofia Lind's growth plan" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/careers/growth/\\d+$"));
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "1:1s with your direct reports" })).ToContainTextAsync("Sofia Lind: Every 7 days on median (5 1:1s).");

        await status.GetByRole(AriaRole.Button, new() { Name = "Follow: Weekly status update" }).ClickAsync();
        await Expect(page.Locator("#triage-split")).ToHaveTextAsync("Lead: 0 h · Follow: 5 h · Not marked yet: 7.5 h");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Follow: Weekly status update" })).ToHaveAttributeAsync("aria-pressed", "true");

        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 1280, "the leverage page is wider than the window");
        var violations = await Accessibility.Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        File.Delete(file);
    }

    /// <summary>Three weekly series that started eight weeks before this week (UTC: the calendar says no zone).</summary>
    private static string Calendar(DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).AddDays(-56);
        string At(int day, int hour) => monday.AddDays(day).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + $"T{hour:00}0000Z";
        return string.Join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Fulcrum//E2E//EN",
            "BEGIN:VEVENT", "UID:one@e2e", $"DTSTART:{At(0, 10)}", "DURATION:PT30M", "RRULE:FREQ=WEEKLY", "SUMMARY:Sofia / Daniel",
            "ORGANIZER:mailto:daniel@example.com", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:sofia@example.com", "END:VEVENT",
            "BEGIN:VEVENT", "UID:status@e2e", $"DTSTART:{At(1, 15)}", "DURATION:PT1H", "RRULE:FREQ=WEEKLY", "SUMMARY:Weekly status update",
            "ORGANIZER:mailto:boss@example.com", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:daniel@example.com", "ATTENDEE:mailto:x@example.com", "END:VEVENT",
            "BEGIN:VEVENT", "UID:review@e2e", $"DTSTART:{At(2, 14)}", "DURATION:PT1H", "RRULE:FREQ=WEEKLY", "SUMMARY:Architecture review",
            "ORGANIZER:mailto:mia@example.com", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:daniel@example.com", "ATTENDEE:mailto:sofia@example.com", "END:VEVENT",
            "END:VCALENDAR", "");
    }
}
