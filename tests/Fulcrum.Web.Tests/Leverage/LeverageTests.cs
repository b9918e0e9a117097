using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Leverage;
using Fulcrum.Web.Tests.Careers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Leverage;

/// <summary>The calendar audit through the real server: upload, subscription, the audit, triage, privacy and bad input.</summary>
public sealed class LeverageTests
{
    private static readonly DateTimeOffset Wednesday = new(2026, 3, 11, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Daniel manages Sofia, Ethan, Priya and Tom (AssessmentTests' organisation). His weekly 1:1 with Sofia, a status meeting, and a review Sofia attends.</summary>
    private static string DanielsCalendar(string extraEvents = "") => $"""
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//Google Inc//Google Calendar 70.9054//EN
        X-WR-TIMEZONE:Europe/London
        BEGIN:VEVENT
        UID:sofia-1on1@test
        DTSTART;TZID=Europe/London:20260302T100000
        DTEND;TZID=Europe/London:20260302T103000
        RRULE:FREQ=WEEKLY;BYDAY=MO
        SUMMARY:Sofia / Daniel
        ORGANIZER;CN=Daniel:mailto:daniel@example.com
        ATTENDEE;PARTSTAT=ACCEPTED;CN=Sofia:mailto:sofia@example.com
        END:VEVENT
        BEGIN:VEVENT
        UID:status@test
        DTSTART;TZID=Europe/London:20260303T160000
        DTEND;TZID=Europe/London:20260303T170000
        RRULE:FREQ=WEEKLY;BYDAY=TU
        SUMMARY:Weekly status update
        ORGANIZER:mailto:boss@example.com
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:daniel@example.com
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.com
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:b@example.com
        END:VEVENT
        BEGIN:VEVENT
        UID:review@test
        DTSTART:20260304T140000Z
        DURATION:PT1H
        SUMMARY:Architecture review
        ORGANIZER:mailto:mia@example.com
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:daniel@example.com
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:sofia@example.com
        END:VEVENT
        {extraEvents}END:VCALENDAR

        """.Replace("\n", "\r\n", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string calendar, string name = "daniel.ics")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(calendar));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        return await client.PutAsync($"/api/v1/leverage/calendar?name={name}", content);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_leader_uploads_a_calendar_and_reads_the_audit_with_their_reports_1on1_cadence(DatabaseEngine engine)
    {
        await using var a = await AssessmentTests.ArrangeAsync(engine, new TestClock(Wednesday));
        var daniel = a.As["Daniel"];

        var uploaded = await UploadAsync(daniel, DanielsCalendar());
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var summary = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 0, "Europe/London", "daniel@example.com"),
            (summary.GetProperty("events").GetInt32(), summary.GetProperty("problems").GetInt32(), summary.GetProperty("timeZone").GetString(), summary.GetProperty("address").GetString()));

        var audit = await daniel.GetFromJsonAsync<JsonElement>("/api/v1/leverage/audit?from=2026-03-02&to=2026-03-16");
        var result = audit.GetProperty("result");
        Assert.Equal("2026-03-02T00:00:00Z", result.GetProperty("from").GetString());
        Assert.Equal(["2026-03-02", "2026-03-09"], result.GetProperty("weeks").EnumerateArray().Select(w => w.GetProperty("week").GetString()));
        // Week 1: 0.5 + 1 + 1 hours; week 2: 0.5 + 1 (the review happened once).
        Assert.Equal([2.5, 1.5], result.GetProperty("weeks").EnumerateArray().Select(w => w.GetProperty("meetingHours").GetDouble()));
        var meetings = result.GetProperty("meetings").EnumerateArray().ToDictionary(m => m.GetProperty("title").GetString()!);
        Assert.Equal("MakeAsync", meetings["Weekly status update"].GetProperty("action").GetString());
        Assert.Equal("Keep", meetings["Sofia / Daniel"].GetProperty("action").GetString());
        var review = meetings["Architecture review"];
        Assert.Equal("Delegate", review.GetProperty("action").GetString());
        Assert.Equal("Delegate it to Sofia, who already attends: a stretch for them, an hour back for you. Put it in their growth plan as a stretch assignment.", review.GetProperty("advice").GetString());
        Assert.Equal("Sofia", review.GetProperty("delegateTo").GetProperty("name").GetString());
        Assert.Equal($"/careers/growth/{a.Id["Sofia"]}", review.GetProperty("delegateTo").GetProperty("growthPlan").GetString());

        var cadence = result.GetProperty("oneOnOnes").EnumerateArray().ToDictionary(c => c.GetProperty("report").GetProperty("name").GetString()!);
        Assert.Equal(["Ethan", "Priya", "Sofia", "Tom"], cadence.Keys.Order());
        Assert.Equal(["2026-03-02", "2026-03-09"], cadence["Sofia"].GetProperty("dates").EnumerateArray().Select(d => d.GetString()));
        Assert.False(cadence["Sofia"].GetProperty("flagged").GetBoolean());
        Assert.Equal("No 1:1 with Ethan in this period.", cadence["Ethan"].GetProperty("note").GetString());

        var markdown = await daniel.GetStringAsync("/api/v1/leverage/audit?from=2026-03-02&to=2026-03-16&format=markdown");
        Assert.StartsWith("# Calendar audit: daniel@example.com\n2026-03-02 to 2026-03-15 (Europe/London).", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_calendar_and_its_audit_are_seen_by_no_one_but_their_owner()
    {
        await using var a = await AssessmentTests.ArrangeAsync(clock: new TestClock(Wednesday));
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(a.As["Daniel"], DanielsCalendar())).StatusCode);

        // There is no address that names another person's calendar: everyone, the admin and Daniel's manager too, gets their own (none).
        foreach (var who in new[] { "Sofia", "Amara", "Ivy" })
        {
            var audit = await a.As[who].GetAsync("/api/v1/leverage/audit");
            Assert.Equal(HttpStatusCode.NotFound, audit.StatusCode);
            Assert.Contains("You have no calendar yet", await audit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await a.As[who].GetAsync("/api/v1/leverage/calendar")).StatusCode);
        }
        using var anonymous = a.Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/leverage/audit")).StatusCode);
    }

    [Fact]
    public async Task Bad_calendars_settings_windows_and_marks_are_refused_and_change_nothing()
    {
        await using var a = await AssessmentTests.ArrangeAsync(clock: new TestClock(Wednesday),
            settings: new Dictionary<string, string?> { ["Fulcrum:Leverage:CalendarLimitMegabytes"] = "1" });
        var daniel = a.As["Daniel"];
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(daniel, DanielsCalendar())).StatusCode);

        var junk = await UploadAsync(daniel, "this is not a calendar\r\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, junk.StatusCode);
        Assert.Contains("not an iCalendar (.ics) file", await junk.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var huge = await UploadAsync(daniel, "BEGIN:VCALENDAR\r\n" + new string('X', 1_100_000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        var settings = await daniel.PatchAsJsonAsync("/api/v1/leverage/calendar/settings", new { timeZone = "Mars/Olympus", workStart = "18:00", workEnd = "09:00", workDays = "mo-fr" });
        Assert.Equal(HttpStatusCode.BadRequest, settings.StatusCode);
        var errors = (await settings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("'Mars/Olympus' is not a time zone", errors.GetProperty("timeZone")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Working hours must end after they start.", errors.GetProperty("workEnd")[0].GetString());
        Assert.Equal("'mo-fr' is not a day or a range of days like mon-fri.", errors.GetProperty("workDays")[0].GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await daniel.GetAsync("/api/v1/leverage/audit?from=2026-01-01&to=2027-06-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await daniel.GetAsync("/api/v1/leverage/audit?from=March")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await daniel.PutAsJsonAsync("/api/v1/leverage/triage/status%40test", new { choice = "maybe" })).StatusCode);

        var subscribe = await daniel.PutAsJsonAsync("/api/v1/leverage/calendar/subscription", new { url = $"{a.Server.BaseAddress}calendar.ics" });
        Assert.Equal(HttpStatusCode.BadRequest, subscribe.StatusCode);
        Assert.Contains("private or local address", await subscribe.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await daniel.PutAsJsonAsync("/api/v1/leverage/calendar/subscription", new { url = "file:///etc/passwd" })).StatusCode);

        // Still the first calendar, as it was.
        var calendar = await daniel.GetFromJsonAsync<JsonElement>("/api/v1/leverage/calendar");
        Assert.Equal(("daniel.ics", 3, "Europe/London", "09:00", "mon,tue,wed,thu,fri"),
            (calendar.GetProperty("fileName").GetString(), calendar.GetProperty("events").GetInt32(), calendar.GetProperty("timeZone").GetString(),
                calendar.GetProperty("workStart").GetString(), calendar.GetProperty("workDays").GetString()));

        // Good settings are saved: a Sunday-to-Thursday week from 08:00 to 16:00 in Jerusalem.
        var saved = await daniel.PatchAsJsonAsync("/api/v1/leverage/calendar/settings", new { timeZone = "Asia/Jerusalem", workStart = "08:00", workEnd = "16:00", workDays = "sun-thu" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var now = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Asia/Jerusalem", "08:00", "16:00", "mon,tue,wed,thu,sun"),
            (now.GetProperty("timeZone").GetString(), now.GetProperty("workStart").GetString(), now.GetProperty("workEnd").GetString(), now.GetProperty("workDays").GetString()));
    }

    [Fact]
    public async Task A_subscribed_calendar_is_fetched_again_when_due_and_keeps_the_last_good_file_when_a_fetch_fails()
    {
        var served = new ServedCalendar { Text = DanielsCalendar() };
        await using var feed = await served.StartAsync();
        var clock = new TestClock(Wednesday);
        await using var a = await AssessmentTests.ArrangeAsync(clock: clock,
            settings: new Dictionary<string, string?> { ["Fulcrum:Leverage:AllowPrivateAddresses"] = "true" });
        var daniel = a.As["Daniel"];

        var subscribed = await daniel.PutAsJsonAsync("/api/v1/leverage/calendar/subscription", new { url = served.Url.Replace("http://", "webcal://", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.BadRequest, subscribed.StatusCode); // webcal is https, and the feed speaks http
        subscribed = await daniel.PutAsJsonAsync("/api/v1/leverage/calendar/subscription", new { url = served.Url });
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        Assert.Equal(3, (await subscribed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").GetInt32());

        served.Text = DanielsCalendar("BEGIN:VEVENT\r\nUID:new@test\r\nDTSTART:20260312T090000Z\r\nDURATION:PT1H\r\nSUMMARY:Hiring debrief\r\nORGANIZER:mailto:daniel@example.com\r\nATTENDEE:mailto:mia@example.com\r\nEND:VEVENT\r\n");
        Assert.Equal(0, await RefreshAsync(a.Server)); // not due yet
        clock.Advance(TimeSpan.FromHours(7));
        Assert.Equal(1, await RefreshAsync(a.Server));
        var calendar = await daniel.GetFromJsonAsync<JsonElement>("/api/v1/leverage/calendar");
        Assert.Equal(4, calendar.GetProperty("events").GetInt32());

        served.Status = 503;
        clock.Advance(TimeSpan.FromHours(7));
        Assert.Equal(1, await RefreshAsync(a.Server));
        calendar = await daniel.GetFromJsonAsync<JsonElement>("/api/v1/leverage/calendar");
        Assert.Equal(4, calendar.GetProperty("events").GetInt32());
        Assert.Contains("answered 503", calendar.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_meetings_lead_or_follow_splits_the_windows_hours()
    {
        await using var a = await AssessmentTests.ArrangeAsync(clock: new TestClock(Wednesday));
        var daniel = a.As["Daniel"];
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(daniel, DanielsCalendar())).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await daniel.PutAsJsonAsync("/api/v1/leverage/triage/status%40test", new { choice = "follow", title = "Weekly status update" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await daniel.PutAsJsonAsync("/api/v1/leverage/triage/review%40test", new { choice = "lead" })).StatusCode);

        var audit = await daniel.GetFromJsonAsync<JsonElement>("/api/v1/leverage/audit?from=2026-03-02&to=2026-03-09");
        var split = audit.GetProperty("split");
        Assert.Equal((1.0, 1.0, 0.5), (split.GetProperty("lead").GetDouble(), split.GetProperty("follow").GetDouble(), split.GetProperty("unmarked").GetDouble()));
        Assert.Equal("follow", audit.GetProperty("triage").GetProperty("status@test").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await daniel.PutAsJsonAsync("/api/v1/leverage/triage/status%40test", new { choice = "" })).StatusCode);
        audit = await daniel.GetFromJsonAsync<JsonElement>("/api/v1/leverage/audit?from=2026-03-02&to=2026-03-09");
        Assert.Equal(1.5, audit.GetProperty("split").GetProperty("unmarked").GetDouble());
    }

    private static Task<int> RefreshAsync(FulcrumServer server) =>
        server.WithServicesAsync(s => s.GetRequiredService<LeverageCalendars>().RefreshDueAsync());

    /// <summary>A calendar feed on loopback whose text and status the test changes.</summary>
    private sealed class ServedCalendar
    {
        public volatile string Text = "";
        public volatile int Status = 200;
        public string Url { get; private set; } = "";

        public async Task<WebApplication> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/feed/basic.ics", (HttpContext context) =>
                Status == 200 ? Results.Text(Text, "text/calendar") : Results.StatusCode(Status));
            await app.StartAsync();
            Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/feed/basic.ics";
            return app;
        }
    }
}
