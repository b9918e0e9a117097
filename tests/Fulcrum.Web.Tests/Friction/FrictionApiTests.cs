using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Tests.Careers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Friction;

/// <summary>
/// The friction log through the real server. AssessmentTests' organisation (Daniel manages Sofia,
/// Ethan, Priya and Tom on Payments, under Engineering; Lea is a leader on no team) and a Mobile team
/// beside Payments with Noah on it, who does not belong with Payments, nor Payments' people with Mobile.
/// </summary>
public sealed class FrictionApiTests
{
    /// <summary>A Friday; the weekly review below covers the seven days before it.</summary>
    private static readonly DateTimeOffset Today = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private static object Item(string team, string title = "Flaky integration tests", string? detail = "One run in five fails; we re-run and wait 40 minutes.",
        string? where = "CI", double? hoursPerWeek = 6) => new { team, title, detail, where, hoursPerWeek };

    private static async Task<(AssessmentTests.Arranged A, HttpClient Noah, int Mobile, int Payments)> ArrangeAsync(DatabaseEngine engine, TestClock clock)
    {
        var a = await AssessmentTests.ArrangeAsync(engine, clock);
        var (mobile, payments) = await a.Server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var engineering = await db.Teams.SingleAsync(t => t.Name == "Engineering");
            var team = new Team { Name = "Mobile", ParentTeamId = engineering.Id };
            db.People.Add(new Person { Name = "Noah", Email = "noah@example.com", Team = team });
            await db.SaveChangesAsync();
            return (team.Id, await db.Teams.Where(t => t.Name == "Payments").Select(t => t.Id).SingleAsync());
        });
        var noah = a.Server.CreateClient(await a.Server.CreateTokenAsync("noah@example.com", Roles.Member));
        return (a, noah, mobile, payments);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_team_adds_friction_says_me_too_once_leaders_triage_and_nobody_outside_the_team_sees_it(DatabaseEngine engine)
    {
        var clock = new TestClock(Today.AddDays(-20));
        var (a, noah, _, _) = await ArrangeAsync(engine, clock);
        await using var _a = a;
        using var _noah = noah;

        var added = await Json(await a.As["Sofia"].PostAsJsonAsync("/api/v1/friction", Item("payments", "  Flaky integration tests ")), HttpStatusCode.Created);
        var id = added.GetProperty("id").GetInt32();
        Assert.Equal(("Payments", "Flaky integration tests", "open", 0, true, true), (added.GetProperty("team").GetProperty("name").GetString(),
            added.GetProperty("title").GetString(), added.GetProperty("status").GetString(), added.GetProperty("meToos").GetInt32(),
            added.GetProperty("addedByYou").GetBoolean(), added.GetProperty("mayEdit").GetBoolean()));
        clock.Advance(TimeSpan.FromDays(16));
        await Json(await a.As["Ethan"].PostAsJsonAsync("/api/v1/friction", Item("Payments", "Release checklist is 40 items", hoursPerWeek: null)), HttpStatusCode.Created);

        // Teammates read it without its author; the list is the team's, oldest first.
        var list = await Json(await a.As["Ethan"].GetAsync("/api/v1/friction"), HttpStatusCode.OK);
        Assert.Equal(["Flaky integration tests", "Release checklist is 40 items"], list.EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        Assert.Equal((16, true), (list[0].GetProperty("daysWaiting").GetInt32(), list[0].GetProperty("triageOverdue").GetBoolean()));
        var ethansView = await Json(await a.As["Ethan"].GetAsync($"/api/v1/friction/{id}"), HttpStatusCode.OK);
        Assert.False(ethansView.GetProperty("addedByYou").GetBoolean());
        Assert.False(ethansView.GetProperty("mayEdit").GetBoolean());
        Assert.DoesNotContain("Sofia", list.GetRawText() + ethansView.GetRawText());

        // "Me too" once per person, never the author's own.
        var meToo = await Json(await a.As["Ethan"].PostAsync($"/api/v1/friction/{id}/me-too", null), HttpStatusCode.OK);
        Assert.Equal((1, true), (meToo.GetProperty("meToos").GetInt32(), meToo.GetProperty("meTooByYou").GetBoolean()));
        var again = await Json(await a.As["Ethan"].PostAsync($"/api/v1/friction/{id}/me-too", null), HttpStatusCode.Conflict);
        Assert.Equal("You have said it hits you too already.", again.GetProperty("detail").GetString());
        await Json(await a.As["Sofia"].PostAsync($"/api/v1/friction/{id}/me-too", null), HttpStatusCode.Conflict);
        await Json(await a.As["Daniel"].PostAsync($"/api/v1/friction/{id}/me-too", null), HttpStatusCode.OK);
        Assert.Equal(2, (await Json(await a.As["Sofia"].GetAsync("/api/v1/friction"), HttpStatusCode.OK))[0].GetProperty("meToos").GetInt32());

        // Members neither triage nor change someone else's item.
        await Json(await a.As["Ethan"].PostAsJsonAsync($"/api/v1/friction/{id}/triage", new { status = "declined" }), HttpStatusCode.Forbidden);
        await Json(await a.As["Daniel"].PostAsJsonAsync($"/api/v1/friction/{id}/triage", new { status = "declined" }), HttpStatusCode.Forbidden);
        await Json(await a.As["Ethan"].PutAsJsonAsync($"/api/v1/friction/{id}", Item("Payments", "Mine now")), HttpStatusCode.Forbidden);
        var edited = await Json(await a.As["Sofia"].PutAsJsonAsync($"/api/v1/friction/{id}", Item("Payments", "Flaky gateway integration tests", hoursPerWeek: 8)), HttpStatusCode.OK);
        Assert.Equal(("Flaky gateway integration tests", 8.0), (edited.GetProperty("title").GetString(), edited.GetProperty("hoursPerWeek").GetDouble()));

        // Outside the team's scope there is no such team and no such item.
        Assert.Equal(HttpStatusCode.NotFound, (await noah.GetAsync($"/api/v1/friction/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await noah.PostAsync($"/api/v1/friction/{id}/me-too", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await noah.GetAsync("/api/v1/friction?team=Payments")).StatusCode);
        var notForNoah = await Json(await noah.PostAsJsonAsync("/api/v1/friction", Item("Payments")), HttpStatusCode.NotFound);
        Assert.Equal("There is no team 'Payments' for you.", notForNoah.GetProperty("detail").GetString());
        Assert.Empty((await Json(await noah.GetAsync("/api/v1/friction"), HttpStatusCode.OK)).EnumerateArray());
        await Json(await noah.PostAsJsonAsync("/api/v1/friction", Item("Mobile", "App Store review takes days")), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Sofia"].GetAsync("/api/v1/friction?team=Mobile")).StatusCode);
        Assert.Equal(2, (await Json(await a.As["Sofia"].GetAsync("/api/v1/friction"), HttpStatusCode.OK)).GetArrayLength());

        // A leader triages, named with the decision; the item leaves the open list and its text stays.
        var triaged = await Json(await a.As["Lea"].PostAsJsonAsync($"/api/v1/friction/{id}/triage",
            new { status = "Accepted", note = "Quarantine the flaky suite this sprint; Tom leads it." }), HttpStatusCode.OK);
        var triage = triaged.GetProperty("triage");
        Assert.Equal(("accepted", "Quarantine the flaky suite this sprint; Tom leads it.", "Lea"), (triage.GetProperty("status").GetString(),
            triage.GetProperty("note").GetString(), triage.GetProperty("by").GetProperty("name").GetString()));
        Assert.Equal(["Release checklist is 40 items"], (await Json(await a.As["Sofia"].GetAsync("/api/v1/friction?team=Payments"), HttpStatusCode.OK))
            .EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        Assert.Equal(["Flaky gateway integration tests"], (await Json(await a.As["Sofia"].GetAsync("/api/v1/friction?status=accepted"), HttpStatusCode.OK))
            .EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        var late = await Json(await a.As["Sofia"].PutAsJsonAsync($"/api/v1/friction/{id}", Item("Payments", "Too late")), HttpStatusCode.Conflict);
        Assert.Equal("The item is accepted: its text stays as it was triaged.", late.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Bad_input_names_every_field_at_fault_and_stores_nothing(DatabaseEngine engine)
    {
        var (a, noah, _, _) = await ArrangeAsync(engine, new TestClock(Today));
        await using var _a = a;
        using var _noah = noah;

        var bad = await Json(await a.As["Sofia"].PostAsJsonAsync("/api/v1/friction",
            new { team = "Payments", title = new string('t', 201), detail = " ", where = "C\u0000I", hoursPerWeek = 169 }), HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        Assert.Equal(["title", "detail", "where", "hoursPerWeek"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal("A title has at most 200 characters.", errors.GetProperty("title")[0].GetString());
        var noTeam = await Json(await a.As["Sofia"].PostAsJsonAsync("/api/v1/friction", new { title = "x", detail = "y" }), HttpStatusCode.BadRequest);
        Assert.True(noTeam.GetProperty("errors").TryGetProperty("team", out _));
        var longDetail = await Json(await a.As["Sofia"].PostAsJsonAsync("/api/v1/friction", Item("Payments", detail: new string('d', 4_001))), HttpStatusCode.BadRequest);
        Assert.Equal("What happens has at most 4000 characters.", longDetail.GetProperty("errors").GetProperty("detail")[0].GetString());
        Assert.Empty((await Json(await a.As["Sofia"].GetAsync("/api/v1/friction?status=all"), HttpStatusCode.OK)).EnumerateArray());

        var id = (await Json(await a.As["Sofia"].PostAsJsonAsync("/api/v1/friction", Item("Payments")), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var badTriage = await Json(await a.As["Lea"].PostAsJsonAsync($"/api/v1/friction/{id}/triage", new { status = "done", note = new string('n', 2_001) }), HttpStatusCode.BadRequest);
        Assert.Equal(["status", "note"], badTriage.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal("A triage note has at most 2000 characters.", badTriage.GetProperty("errors").GetProperty("note")[0].GetString());
        var badFilter = await Json(await a.As["Sofia"].GetAsync("/api/v1/friction?status=closed"), HttpStatusCode.BadRequest);
        Assert.True(badFilter.GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal("open", (await Json(await a.As["Sofia"].GetAsync($"/api/v1/friction/{id}"), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Sofia"].GetAsync("/api/v1/friction/999999")).StatusCode);
    }

    [Fact]
    public async Task The_pages_add_me_too_and_triage_and_the_review_and_agenda_speak_of_what_waits()
    {
        var clock = new TestClock(Today.AddDays(-20));
        var (a, noah, mobile, payments) = await ArrangeAsync(DatabaseEngine.Sqlite, clock);
        await using var _a = a;
        using var _noah = noah;

        // Sofia adds through the page's form; the item's page says it was her to her alone.
        var page = await a.As["Sofia"].GetStringAsync("/friction");
        Assert.Contains("Nothing waits for triage here.", page);
        var added = await a.As["Sofia"].PostAsync("/friction", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "new", ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(page),
            ["New.Team"] = payments.ToString(System.Globalization.CultureInfo.InvariantCulture), ["New.Title"] = "Sandbox of the card provider is down most mornings",
            ["New.Detail"] = "It answers 503 until ten;\nwe wait or mock.", ["New.Where"] = "Card provider", ["New.Hours"] = "4",
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var itemPath = new Uri(a.Server.BaseAddress, added.Headers.Location!).AbsolutePath;
        Assert.Contains("added 14 Nov 2026 by you", WebUtility.HtmlDecode(await a.As["Sofia"].GetStringAsync(itemPath)));
        var ethans = WebUtility.HtmlDecode(await a.As["Ethan"].GetStringAsync(itemPath));
        Assert.Contains("Friction of Payments · in Card provider · added 14 Nov 2026</p>", ethans);
        Assert.Contains("About 4 hours lost a week, as its author guessed. Nobody else has said it hits them yet.", ethans);
        Assert.DoesNotContain("Sofia", ethans);
        Assert.DoesNotContain("Save the triage", ethans);

        var meToo = await a.As["Ethan"].PostAsync(itemPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "metoo", ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(ethans),
        }));
        Assert.Equal(HttpStatusCode.Redirect, meToo.StatusCode);
        var list = WebUtility.HtmlDecode(await a.As["Ethan"].GetStringAsync("/friction?team=Payments"));
        Assert.Matches(@">Sandbox of the card provider is down most mornings</a></td>\s*<td>Payments</td>\s*<td>Card provider</td>\s*<td>4</td>\s*<td>1</td>\s*<td>open 0 days</td>", list);
        Assert.DoesNotContain("Sofia", list);
        Assert.DoesNotContain("id=\"triage-heading\"", list);
        var leasList = WebUtility.HtmlDecode(await a.As["Lea"].GetStringAsync("/friction"));
        Assert.Contains($"<option value=\"{itemPath.Split('/')[^1]}\">Payments: Sandbox of the card provider is down most mornings</option>", leasList);
        Assert.Equal(HttpStatusCode.NotFound, (await noah.GetAsync(itemPath)).StatusCode);

        // Sixteen days on, a second item; the review covers the week before Today for Daniel's team.
        clock.Advance(TimeSpan.FromDays(16));
        await Json(await a.As["Ethan"].PostAsJsonAsync("/api/v1/friction", Item("Payments", "Release checklist is 40 items")), HttpStatusCode.Created);
        await Json(await noah.PostAsJsonAsync("/api/v1/friction", Item("Mobile", "App Store review takes days")), HttpStatusCode.Created);
        clock.Advance(TimeSpan.FromDays(4));
        var review = await Json(await a.As["Daniel"].GetAsync("/api/v1/review?until=2026-12-04"), HttpStatusCode.OK);
        var section = review.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("module").GetString() == "Friction log");
        var lines = section.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("text").GetString(), i.GetProperty("href").GetString(),
            i.GetProperty("attention").GetBoolean())).ToList();
        Assert.Equal(
        [
            ("Payments: 2 friction items waiting for triage, 1 new this week; 1 waiting over 14 days.", "/friction?team=Payments", false),
            ("Waiting longest for triage: “Sandbox of the card provider is down most mornings” (Payments), 20 days; 1 more person said it hits them too.", itemPath, false),
            ("Waiting longest for triage: “Release checklist is 40 items” (Payments), 4 days.", "/friction/2", false),
        ], lines);
        // Daniel manages Payments but only leaders triage: the overdue item asks for a leader, Lea.
        var leasReview = await Json(await a.As["Lea"].GetAsync("/api/v1/review?until=2026-12-04"), HttpStatusCode.OK);
        var leasItems = leasReview.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("module").GetString() == "Friction log")
            .GetProperty("items").EnumerateArray().ToList();
        Assert.True(leasItems.Single(i => i.GetProperty("href").GetString() == itemPath).GetProperty("attention").GetBoolean());
        Assert.False(leasItems.Single(i => i.GetProperty("href").GetString() == "/friction/2").GetProperty("attention").GetBoolean());
        Assert.All(section.GetProperty("items").EnumerateArray(),
            i => Assert.Equal("Friction log of Payments: 2 open items, 1 added 27 Nov – 3 Dec 2026", i.GetProperty("source").GetString()));
        Assert.DoesNotContain("Mobile", section.GetRawText());
        Assert.DoesNotContain("Sofia", section.GetRawText());
        var noahs = (await Json(await noah.GetAsync("/api/v1/review?until=2026-12-04"), HttpStatusCode.OK)).GetProperty("sections").EnumerateArray()
            .Single(s => s.GetProperty("module").GetString() == "Friction log");
        Assert.Equal(["Mobile: 1 friction item waiting for triage, 1 new this week.", "Waiting longest for triage: “App Store review takes days” (Mobile), 4 days."],
            noahs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));

        // Leaders see the items waiting over a week on their home page, and triage on the item's page.
        var home = WebUtility.HtmlDecode(await a.As["Lea"].GetStringAsync("/"));
        Assert.Contains("Payments: “Sandbox of the card provider is down most mornings” has waited 20 days for triage; 1 more person hit by it.", home);
        Assert.DoesNotContain("has waited", WebUtility.HtmlDecode(await a.As["Sofia"].GetStringAsync("/")));
        var leas = await a.As["Lea"].GetStringAsync(itemPath);
        var triaged = await a.As["Lea"].PostAsync(itemPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "triage", ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(leas),
            ["Triage.Status"] = "declined", ["Triage.Note"] = "The provider fixes it in January; we wait.",
        }));
        Assert.Equal(HttpStatusCode.Redirect, triaged.StatusCode);
        var after = WebUtility.HtmlDecode(await a.As["Ethan"].GetStringAsync(itemPath));
        Assert.Contains("<strong>declined</strong> on 4 Dec 2026 by Lea:", after);
        Assert.Contains("The provider fixes it in January; we wait.", after);
    }
}
