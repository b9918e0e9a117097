using System.Net;
using System.Text.RegularExpressions;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Careers;

/// <summary>The ladder pages as a browser without JavaScript gets them: HTML over plain GETs and form posts.</summary>
public sealed partial class LadderPageTests
{
    private static async Task<HttpClient> LogInAsync(FulcrumServer server, string email, string role)
    {
        await server.CreateUserAsync(email, role);
        var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, email);
        return browser;
    }

    [Fact]
    public async Task The_ladder_page_lays_levels_side_by_side_per_competency_for_the_chosen_track()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var member = await LogInAsync(server, "max@example.com", Roles.Member);

        var ic = WebUtility.HtmlDecode(await member.GetStringAsync("/careers/ladder"));
        Assert.Contains("<h1>Fulcrum engineering ladder</h1>", ic);
        Assert.Contains("Levels 1–4 are shared by every track; the tracks fork at level 5.", ic);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], LevelColumns(ic));
        Assert.Equal("Level 4 Engineer III shared", Text(Between(ic, "data-level=\"4\">", "</th>")));
        Assert.Equal("Level 5 Senior Engineer", Text(Between(ic, "data-level=\"5\">", "</th>")));
        Assert.Equal(7, Regex.Matches(ic, "<th scope=\"row\"><span class=\"ladder-competency\">").Count);
        Assert.Contains("Evidence might look like", ic);
        Assert.DoesNotContain("Manage ladders", ic);

        var management = WebUtility.HtmlDecode(await member.GetStringAsync("/careers/ladder?track=management&level=5"));
        Assert.Equal(["4", "5", "6"], LevelColumns(management));
        Assert.Equal("Level 5 Engineering Manager", Text(Between(management, "data-level=\"5\">", "</th>")));
        Assert.Contains("<option value=\"management\" selected>Management</option>", management);
        Assert.Contains("href=\"/careers/ladder/compare?id=fulcrum-engineering&from=ic&to=management&level=5\"", management);

        Assert.Contains("There is no ladder “nope”.", WebUtility.HtmlDecode(await member.GetStringAsync("/careers/ladder?id=nope")));
        var manage = await member.GetAsync("/careers/ladders");
        Assert.Equal(HttpStatusCode.Redirect, manage.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", manage.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task The_compare_page_shows_what_a_senior_engineer_keeps_gains_and_drops_as_an_engineering_manager()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var member = await LogInAsync(server, "max@example.com", Roles.Member);
        var expected = Core.Careers.TrackSwitch.Compare(Core.Careers.DefaultLadder.Load(), "ic", 5, "management", 5);

        var page = WebUtility.HtmlDecode(await member.GetStringAsync("/careers/ladder/compare"));

        Assert.Contains("Senior Engineer (Individual contributor, level 5) → Engineering Manager (Management, level 5)</h2>", page);
        Assert.Contains("Both paths stand on the same shared levels: 1 (Associate Engineer), 2 (Engineer I), 3 (Engineer II), 4 (Engineer III).", page);
        Assert.Equal($"{expected.NewCount} new", Text(Between(page, "data-count=\"new\">", "</div>")));
        Assert.Equal($"{expected.DroppedCount} no longer asked", Text(Between(page, "data-count=\"dropped\">", "</div>")));
        var craft = Between(page, "<tr data-competency=\"craft\">", "</tr>");
        Assert.Contains($"<li>{expected.Competencies[0].New[0]}</li>", craft);
        Assert.Contains($"<li>{expected.Competencies[0].Dropped[0]}</li>", craft);

        var beyond = WebUtility.HtmlDecode(await member.GetStringAsync("/careers/ladder/compare?from=ic&to=management&fromLevel=5&toLevel=9"));
        Assert.Contains("to: the Management track has no level 9", beyond);
        Assert.Contains("role=\"alert\"", beyond);
    }

    [Fact]
    public async Task A_leader_uploads_monzo_pages_sees_the_report_and_makes_the_ladder_active_and_a_bad_file_stores_nothing()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = await LogInAsync(server, "lea@example.com", Roles.Leader);

        var form = await leader.GetStringAsync("/careers/ladders");
        Assert.Contains("Fulcrum engineering ladder", form);
        using var upload = new MultipartFormDataContent
        {
            { new StringContent("import-ladder"), "_handler" },
            { new StringContent(FulcrumServer.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new StringContent("monzo"), "Form.Format" },
        };
        foreach (var page in LadderData.MonzoPages)
        {
            upload.Add(new StringContent(LadderData.Text(page)), "Files", Path.GetFileName(page));
        }
        var imported = WebUtility.HtmlDecode(await (await leader.PostAsync("/careers/ladders", upload)).Content.ReadAsStringAsync());
        Assert.Contains("Imported Monzo progression framework: Backend Engineering, Ops Individual Contributor, Ops Leadership</h2>", imported);
        Assert.Equal("Tracks 3 Levels 17 Competencies 9 Expectations 357 Examples of evidence 22", Text(Between(imported, "<dl class=\"facts import-counts\">", "</dl>")));
        Assert.Contains("<li>backend.md, line 260: Markdown body (26 lines):", imported);
        Assert.Contains("<tr data-ladder=\"monzo-framework\">", imported);

        var activated = WebUtility.HtmlDecode(await (await leader.PostAsync("/careers/ladders", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "ladders",
            ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(imported),
            ["Command"] = "activate:monzo-framework",
        }))).Content.ReadAsStringAsync());
        Assert.Contains("is now the active ladder.", activated);
        Assert.Contains("Active", Text(Between(activated, "<tr data-ladder=\"monzo-framework\">", "</tr>")));
        Assert.Contains("<h1>Monzo progression framework", WebUtility.HtmlDecode(await leader.GetStringAsync("/careers/ladder")));

        using var broken = new MultipartFormDataContent
        {
            { new StringContent("import-ladder"), "_handler" },
            { new StringContent(FulcrumServer.AntiforgeryToken(activated)), "__RequestVerificationToken" },
            { new StringContent(""), "Form.Format" },
            { new StringContent(LadderData.BrokenFt(out var line)), "Files", "engineering.yml" },
        };
        var refused = WebUtility.HtmlDecode(await (await leader.PostAsync("/careers/ladders", broken)).Content.ReadAsStringAsync());
        Assert.Contains("Nothing was imported. 1 problem to fix:", refused);
        Assert.Contains($"<li>engineering.yml, line {line}, field 'competencies[5].theme': no theme 'teamwork' is defined", refused);
        Assert.DoesNotContain("data-ladder=\"ft-engineering\"", refused);
    }

    [Fact]
    public async Task A_persons_page_shows_their_career_history_to_them_and_their_manager_only()
    {
        await using var server = await FulcrumServer.StartAsync();
        var sofia = await server.WithServicesAsync(async s =>
        {
            var commands = s.GetRequiredService<OrganisationCommands>();
            var daniel = await commands.SavePersonAsync(null, new PersonInput("Daniel", "daniel@example.com", null, null, null, "management", 5));
            await commands.SavePersonAsync(null, new PersonInput("Ethan", "ethan@example.com", null, null, daniel.Id, "ic", 4));
            var created = await commands.SavePersonAsync(null, new PersonInput("Sofia", "sofia@example.com", null, null, daniel.Id, "ic", 4));
            await commands.SavePersonAsync(created.Id, new PersonInput("Sofia", "sofia@example.com", null, null, daniel.Id, "ic", 5), recordedByPersonId: daniel.Id);
            return created.Id;
        });

        using var own = await LogInAsync(server, "sofia@example.com", Roles.Member);
        var page = WebUtility.HtmlDecode(await own.GetStringAsync($"/people/{sofia}"));
        Assert.Contains("<h2 id=\"placement-history-heading\">Career history</h2>", page);
        Assert.Contains("Seen by you and your managers only.", page);
        var rows = Regex.Matches(Between(page, "<tbody>", "</tbody>"), "<tr>(.*?)</tr>", RegexOptions.Singleline).Select(m => Text(m.Groups[1].Value)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.EndsWith("5: Senior Engineer Individual contributor Fulcrum engineering ladder Daniel", rows[0]);
        Assert.EndsWith("4: Engineer III Individual contributor Fulcrum engineering ladder —", rows[1]);

        using var manager = await LogInAsync(server, "daniel@example.com", Roles.Member);
        Assert.Contains("Career history", await manager.GetStringAsync($"/people/{sofia}"));
        using var peer = await LogInAsync(server, "ethan@example.com", Roles.Member);
        var peers = await peer.GetStringAsync($"/people/{sofia}");
        Assert.Contains("<h1>Sofia</h1>", peers);
        Assert.DoesNotContain("Career history", peers);
    }

    private static List<string> LevelColumns(string html) =>
        [.. LevelColumn().Matches(html).Select(m => m.Groups[1].Value)];

    private static string Between(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' is not on the page");
        from += start.Length;
        return html[from..html.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static string Text(string html) => Whitespace().Replace(Tags().Replace(html, " "), " ").Trim();

    [GeneratedRegex("<th scope=\"col\" data-level=\"(\\d+)\">")]
    private static partial Regex LevelColumn();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
