using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Careers;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Careers;

/// <summary>The published framework files the importers read (tests/Fulcrum.Core.Tests/Careers/Data, copied beside the tests).</summary>
public static class LadderData
{
    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Careers", "Data", file);

    public static string Text(string file) => File.ReadAllText(Path(file));

    public static readonly string[] MonzoPages = ["monzo/backend.md", "monzo/ops-individual-contributor.md", "monzo/ops-leadership.md"];

    /// <summary>FT's engineering family with one competency naming a theme that does not exist.</summary>
    public static string BrokenFt(out int line)
    {
        var text = Text("ft/engineering.yml");
        var at = text.IndexOf("theme: team-work", StringComparison.Ordinal);
        text = text[..at] + "theme: teamwork" + text[(at + "theme: team-work".Length)..];
        line = text[..at].Count(c => c == '\n') + 1;
        return text;
    }
}

/// <summary>Ladders through the real server: imports of every format, the active ladder, removal, comparison, and who may do what.</summary>
public sealed class LadderTests
{
    private static async Task<(FulcrumServer Server, HttpClient Leader, HttpClient Member)> StartAsync(DatabaseEngine engine = DatabaseEngine.Sqlite)
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        var leader = server.CreateClient(await server.CreateTokenAsync("lea@example.com", Roles.Leader));
        var member = server.CreateClient(await server.CreateTokenAsync("max@example.com", Roles.Member));
        return (server, leader, member);
    }

    private static Task<HttpResponseMessage> ImportJsonAsync(HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/v1/ladders/import", body);

    private static object FtRequest(bool activate = false, bool replace = false) =>
        new { files = new[] { new { name = "engineering.yml", text = LadderData.Text("ft/engineering.yml") } }, activate, replace };

    private static async Task<List<(string Id, bool Active, string Source)>> ListAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/v1/ladders")).EnumerateArray()
            .Select(l => (l.GetProperty("id").GetString()!, l.GetProperty("active").GetBoolean(), l.GetProperty("source").GetString()!))];

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Each_published_format_imports_with_its_report_and_is_stored_as_a_ladder_file(DatabaseEngine engine)
    {
        var (server, leader, member) = await StartAsync(engine);
        await using var running = server;

        // FT: JSON with the file's text.
        var ft = await ImportJsonAsync(leader, FtRequest());
        Assert.Equal(HttpStatusCode.Created, ft.StatusCode);
        Assert.Equal("/api/v1/ladders/ft-engineering", ft.Headers.Location?.OriginalString);
        var ftBody = await ft.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ft", ftBody.GetProperty("format").GetString());
        var report = ftBody.GetProperty("report");
        Assert.Equal((2, 8, 9, 92, 0), (report.GetProperty("tracks").GetInt32(), report.GetProperty("levels").GetInt32(),
            report.GetProperty("competencies").GetInt32(), report.GetProperty("expectations").GetInt32(), report.GetProperty("evidence").GetInt32()));
        var unmapped = report.GetProperty("unmapped").EnumerateArray().ToList();
        Assert.Contains(unmapped, u => u.GetProperty("item").GetString() == "googleSheetId" && u.GetProperty("line").GetInt32() == 4
            && u.GetProperty("text").GetString()!.StartsWith("engineering.yml, line 4: googleSheetId:", StringComparison.Ordinal));
        Assert.Contains(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("'Technology Director' comes after the fork"));
        Assert.False(ftBody.GetProperty("ladder").GetProperty("active").GetBoolean());

        // Monzo: several pages as a multipart upload, format given as a form field.
        using var monzoForm = new MultipartFormDataContent();
        foreach (var page in LadderData.MonzoPages)
        {
            monzoForm.Add(new StringContent(LadderData.Text(page)), "files", System.IO.Path.GetFileName(page));
        }
        monzoForm.Add(new StringContent("monzo"), "format");
        var monzo = await leader.PostAsync("/api/v1/ladders/import", monzoForm);
        Assert.Equal(HttpStatusCode.Created, monzo.StatusCode);
        var monzoBody = await monzo.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("monzo-framework", monzoBody.GetProperty("ladder").GetProperty("id").GetString());
        Assert.Equal(3, monzoBody.GetProperty("report").GetProperty("tracks").GetInt32());

        // Snowflake: constants.js as the body itself, named in the query.
        var snowflake = await leader.PostAsync("/api/v1/ladders/import?name=constants.js",
            new StringContent(LadderData.Text("snowflake/constants.js"), Encoding.UTF8, "text/javascript"));
        Assert.Equal(HttpStatusCode.Created, snowflake.StatusCode);
        var snowflakeBody = await snowflake.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("snowflake", 16), (snowflakeBody.GetProperty("format").GetString(), snowflakeBody.GetProperty("report").GetProperty("competencies").GetInt32()));

        // Everyone signed in reads them; the built-in ladder stays listed, and active.
        Assert.Equal(
            [("fulcrum-engineering", true, "built-in"), ("ft-engineering", false, "ft"), ("monzo-framework", false, "monzo"), ("snowflake", false, "snowflake")],
            await ListAsync(member));
        var file = await member.GetAsync("/api/v1/ladders/ft-engineering/file");
        Assert.Equal("application/yaml", file.Content.Headers.ContentType?.MediaType);
        var yaml = await file.Content.ReadAsStringAsync();
        Assert.StartsWith("ladder: ft-engineering\nname: Engineering (Financial Times)\n", yaml);
        var reread = LadderFile.Parse(yaml);
        Assert.True(reread.Succeeded, string.Join("; ", reread.Problems));
        Assert.Equal(LadderImport.Import([new ImportFile("engineering.yml", LadderData.Text("ft/engineering.yml"))]).Ladder!.Levels.Count, reread.Ladder.Levels.Count);

        var ladder = await member.GetFromJsonAsync<JsonElement>("/api/v1/ladders/ft-engineering");
        Assert.Equal(4, ladder.GetProperty("forkAt").GetInt32());
        Assert.Equal(["ic", "management"], ladder.GetProperty("tracks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        var first = ladder.GetProperty("levels")[0];
        Assert.Equal((1, true, "Junior Engineer"), (first.GetProperty("level").GetInt32(), first.GetProperty("shared").GetBoolean(), first.GetProperty("title").GetString()));
        Assert.Equal(9, first.GetProperty("competencies").GetArrayLength());
        Assert.StartsWith("Writes well-tested code and documentation",
            first.GetProperty("competencies").EnumerateArray().Single(c => c.GetProperty("competency").GetString() == "technical").GetProperty("expectations")[0].GetString());
        var builtIn = await member.GetFromJsonAsync<JsonElement>("/api/v1/ladders/fulcrum-engineering");
        Assert.True(builtIn.GetProperty("builtIn").GetBoolean());
        Assert.StartsWith("# Fulcrum's default engineering ladder.", await member.GetStringAsync("/api/v1/ladders/fulcrum-engineering/file"));
    }

    [Fact]
    public async Task A_bad_file_is_refused_with_422_naming_line_and_field_and_nothing_is_stored()
    {
        var (server, leader, member) = await StartAsync();
        await using var running = server;

        var broken = LadderData.BrokenFt(out var line);
        var ft = await ImportJsonAsync(leader, new { files = new[] { new { name = "engineering.yml", text = broken } }, format = "ft", activate = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ft.StatusCode);
        Assert.Equal("application/problem+json", ft.Content.Headers.ContentType?.MediaType);
        var problem = (await ft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Single();
        Assert.Equal(("engineering.yml", line, "competencies[5].theme"),
            (problem.GetProperty("source").GetString(), problem.GetProperty("line").GetInt32(), problem.GetProperty("field").GetString()));
        Assert.StartsWith($"engineering.yml, line {line}, field 'competencies[5].theme': no theme 'teamwork' is defined", problem.GetProperty("text").GetString());

        // A Fulcrum ladder file with a rating the scale does not have, posted as YAML.
        var own = DefaultLadder.Text().Replace("ladder: fulcrum-engineering", "ladder: ours").Replace("  meets: meets", "  meets: good");
        var yaml = await leader.PostAsync("/api/v1/ladders/import?name=ours.yaml", new StringContent(own, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, yaml.StatusCode);
        var detail = await yaml.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail.GetProperty("problems").EnumerateArray(), p => p.GetProperty("field").GetString() == "rating-scale.meets"
            && p.GetProperty("line").GetInt32() == own.Split('\n').ToList().FindIndex(l => l == "  meets: good") + 1);
        Assert.Contains("nothing was stored", detail.GetProperty("detail").GetString());

        var unknownFormat = await ImportJsonAsync(leader, new { files = new[] { new { name = "x.yml", text = "a: b" } }, format = "workday" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownFormat.StatusCode);
        Assert.Contains("'workday' is not a ladder format", await unknownFormat.Content.ReadAsStringAsync());
        var undetectable = await ImportJsonAsync(leader, new { files = new[] { new { name = "notes.txt", text = "hello" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, undetectable.StatusCode);
        Assert.Contains("could not tell the format", await undetectable.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportJsonAsync(leader, new { files = Array.Empty<object>() })).StatusCode);

        Assert.Equal([("fulcrum-engineering", true, "built-in")], await ListAsync(member));
    }

    [Fact]
    public async Task Re_importing_a_stored_id_is_a_conflict_unless_replace_is_asked_for()
    {
        var (server, leader, _) = await StartAsync();
        await using var running = server;

        Assert.Equal(HttpStatusCode.Created, (await ImportJsonAsync(leader, FtRequest(activate: true))).StatusCode);
        var again = await ImportJsonAsync(leader, FtRequest());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("A ladder with the id 'ft-engineering' is already stored", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var replaced = await ImportJsonAsync(leader, FtRequest(replace: true));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var body = await replaced.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("replaced").GetBoolean());
        Assert.True(body.GetProperty("ladder").GetProperty("active").GetBoolean(), "a replaced ladder stays active");

        // The built-in id is taken too: someone's own version of the default needs replace.
        var ours = new { files = new[] { new { name = "fulcrum-engineering.yaml", text = DefaultLadder.Text().Replace("name: Fulcrum engineering ladder", "name: Our engineering ladder") } } };
        var taken = await ImportJsonAsync(leader, ours);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("the id of Fulcrum's built-in ladder", await taken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync("/api/v1/ladders/import?replace=true", JsonContent.Create(ours))).StatusCode);
        var list = await ListAsync(leader);
        Assert.Equal(["ft-engineering", "fulcrum-engineering"], list.Select(l => l.Id));
        Assert.Equal("Our engineering ladder", (await leader.GetFromJsonAsync<JsonElement>("/api/v1/ladders/fulcrum-engineering")).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Exactly_one_ladder_is_active_and_the_active_one_stays_while_people_are_placed_on_it(DatabaseEngine engine)
    {
        var (server, leader, member) = await StartAsync(engine);
        await using var running = server;
        await ImportJsonAsync(leader, FtRequest(activate: true));
        await leader.PostAsync("/api/v1/ladders/import?name=constants.js", new StringContent(LadderData.Text("snowflake/constants.js")));
        Assert.Equal([("ft-engineering", true), ("fulcrum-engineering", false), ("snowflake", false)], (await ListAsync(member)).Select(l => (l.Id, l.Active)));

        var activated = await leader.PostAsync("/api/v1/ladders/snowflake/activate", null);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.Equal(["snowflake"], (await ListAsync(member)).Where(l => l.Active).Select(l => l.Id));

        var person = await leader.PostAsJsonAsync("/api/v1/people", new { name = "Sofia", email = "sofia@example.com", track = "ic", level = 3 });
        Assert.Equal(HttpStatusCode.Created, person.StatusCode);
        var refused = await leader.DeleteAsync("/api/v1/ladders/snowflake");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Snowflake (Medium) is the active ladder and 1 person is placed on it; make another ladder active first.",
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync("/api/v1/ladders/fulcrum-engineering/activate", null)).StatusCode);
        Assert.Equal([("fulcrum-engineering", true), ("ft-engineering", false), ("snowflake", false)], (await ListAsync(member)).Select(l => (l.Id, l.Active)));
        Assert.Equal(HttpStatusCode.NoContent, (await leader.DeleteAsync("/api/v1/ladders/snowflake")).StatusCode);
        var builtIn = await leader.DeleteAsync("/api/v1/ladders/fulcrum-engineering");
        Assert.Equal(HttpStatusCode.Conflict, builtIn.StatusCode);
        Assert.Contains("built-in ladder; it cannot be removed", await builtIn.Content.ReadAsStringAsync());
        Assert.Equal(["fulcrum-engineering", "ft-engineering"], (await ListAsync(member)).Select(l => l.Id));

        foreach (var response in new[]
        {
            await leader.DeleteAsync("/api/v1/ladders/snowflake"),
            await leader.PostAsync("/api/v1/ladders/nope/activate", null),
            await member.GetAsync("/api/v1/ladders/nope"),
            await member.GetAsync("/api/v1/ladders/nope/file"),
            await member.GetAsync("/api/v1/ladders/nope/compare?from=ic&to=management&level=5"),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Compare_lines_up_a_senior_engineer_and_an_engineering_manager_per_competency()
    {
        var (server, _, member) = await StartAsync();
        await using var running = server;
        var expected = TrackSwitch.Compare(DefaultLadder.Load(), "ic", 5, "management", 5);

        var comparison = await member.GetFromJsonAsync<JsonElement>("/api/v1/ladders/fulcrum-engineering/compare?from=ic&to=management&level=5");

        Assert.Equal(("Senior Engineer", "Engineering Manager"), (comparison.GetProperty("from").GetProperty("title").GetString(), comparison.GetProperty("to").GetProperty("title").GetString()));
        Assert.False(comparison.GetProperty("sameLevel").GetBoolean());
        Assert.Equal(["Associate Engineer", "Engineer I", "Engineer II", "Engineer III"],
            comparison.GetProperty("foundation").EnumerateArray().Select(f => f.GetProperty("title").GetString()));
        Assert.Equal((expected.SharedCount, expected.NewCount, expected.DroppedCount),
            (comparison.GetProperty("sharedCount").GetInt32(), comparison.GetProperty("newCount").GetInt32(), comparison.GetProperty("droppedCount").GetInt32()));
        var craft = comparison.GetProperty("competencies")[0];
        Assert.Equal("craft", craft.GetProperty("competency").GetString());
        Assert.Equal(expected.Competencies[0].New, craft.GetProperty("new").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(expected.Competencies[0].Dropped, craft.GetProperty("dropped").EnumerateArray().Select(e => e.GetString()));

        // Before the fork both tracks are one level; career-track names and different levels work too.
        var shared = await member.GetFromJsonAsync<JsonElement>("/api/v1/ladders/fulcrum-engineering/compare?from=ic&to=management&level=3");
        Assert.True(shared.GetProperty("sameLevel").GetBoolean());
        var promotion = await member.GetFromJsonAsync<JsonElement>("/api/v1/ladders/fulcrum-engineering/compare?from=engineer&to=ic&fromLevel=4&toLevel=5");
        Assert.Equal(("Engineer III", "Senior Engineer"), (promotion.GetProperty("from").GetProperty("title").GetString(), promotion.GetProperty("to").GetProperty("title").GetString()));

        var beyond = await member.GetAsync("/api/v1/ladders/fulcrum-engineering/compare?from=ic&to=management&level=99");
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.Contains("the Individual contributor track has no level 99 (it runs from 1 to 8)", await beyond.Content.ReadAsStringAsync());
        var designer = await member.GetAsync("/api/v1/ladders/fulcrum-engineering/compare?from=designer&to=management&level=5");
        Assert.Equal(HttpStatusCode.BadRequest, designer.StatusCode);
        Assert.Contains("has no track 'designer' (it has ic, management)", await designer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Members_read_ladders_but_cannot_import_activate_or_remove_them()
    {
        var (server, leader, member) = await StartAsync();
        await using var running = server;
        await ImportJsonAsync(leader, FtRequest());

        foreach (var response in new[]
        {
            await ImportJsonAsync(member, FtRequest(replace: true)),
            await member.PostAsync("/api/v1/ladders/ft-engineering/activate", null),
            await member.DeleteAsync("/api/v1/ladders/ft-engineering"),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/v1/ladders/ft-engineering")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.CreateClient().GetAsync("/api/v1/ladders")).StatusCode);
        var openApi = JsonDocument.Parse(await member.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        Assert.Equal(["Careers"], openApi.GetProperty("/api/v1/ladders/{id}/compare").GetProperty("get").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var importBody = openApi.GetProperty("/api/v1/ladders/import").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(importBody.TryGetProperty("multipart/form-data", out _), importBody.ToString());
        Assert.True(openApi.TryGetProperty("/api/v1/people/{id}/placements", out _));
        Assert.Equal([("fulcrum-engineering", true), ("ft-engineering", false)], (await ListAsync(leader)).Select(l => (l.Id, l.Active)));
    }

    [Fact]
    public async Task The_demo_people_have_career_histories_and_its_engineering_manager_came_from_the_ic_track()
    {
        await using var server = await FulcrumServer.StartAsync(demo: true);
        using var priya = server.CreateClient();
        await FulcrumServer.LogInAsync(priya, "priya.raman@example.com", Web.Features.Organisation.DemoOrganisationSeeder.Password);
        var people = await priya.GetFromJsonAsync<JsonElement>("/api/v1/people");
        var id = people.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Priya Raman").GetProperty("id").GetInt32();

        var history = (await priya.GetFromJsonAsync<JsonElement>($"/api/v1/people/{id}/placements")).EnumerateArray().ToList();

        Assert.Equal([("management", 5, "Engineering Manager"), ("ic", 5, "Senior Engineer"), ("ic", 4, "Engineer III")],
            history.Select(p => (p.GetProperty("trackId").GetString(), p.GetProperty("level").GetInt32(), p.GetProperty("title").GetString())));
        Assert.All(history, p => Assert.Equal("Amara Okafor", p.GetProperty("recordedBy").GetString()));
        Assert.True(history[0].GetProperty("since").GetDateTime() < DateTime.UtcNow.AddMonths(-3));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_new_track_or_level_is_recorded_as_a_placement_that_the_person_and_their_managers_read(DatabaseEngine engine)
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        await using var running = server;
        var ids = await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var amara = new Person { Name = "Amara", Email = "amara@example.com" };
            var daniel = new Person { Name = "Daniel", Email = "daniel@example.com", Manager = amara };
            var lea = new Person { Name = "Lea", Email = "lea@example.com" };
            var ethan = new Person { Name = "Ethan", Email = "ethan@example.com", Manager = daniel };
            db.People.AddRange(amara, daniel, lea, ethan);
            await db.SaveChangesAsync();
            return new Dictionary<string, int> { ["Amara"] = amara.Id, ["Daniel"] = daniel.Id, ["Lea"] = lea.Id, ["Ethan"] = ethan.Id };
        });
        var leader = server.CreateClient(await server.CreateTokenAsync("lea@example.com", Roles.Leader));
        var as_ = new Dictionary<string, HttpClient>();
        foreach (var name in new[] { "Amara", "Daniel", "Ethan" })
        {
            as_[name] = server.CreateClient(await server.CreateTokenAsync($"{name.ToLowerInvariant()}@example.com", Roles.Member));
        }

        var created = await leader.PostAsJsonAsync("/api/v1/people", new { name = "Sofia", email = "sofia@example.com", managerId = ids["Daniel"], track = "ic", level = 4 });
        var sofia = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        as_["Sofia"] = server.CreateClient(await server.CreateTokenAsync("sofia@example.com", Roles.Member));
        var history = $"/api/v1/people/{sofia}/placements";
        Assert.Single((await as_["Sofia"].GetFromJsonAsync<JsonElement>(history)).EnumerateArray());

        // Saving her unchanged records nothing; a new level does.
        var same = new { name = "Sofia", email = "sofia@example.com", managerId = ids["Daniel"], track = "ic", level = 4, title = "Engineer III" };
        Assert.Equal(HttpStatusCode.OK, (await leader.PutAsJsonAsync($"/api/v1/people/{sofia}", same)).StatusCode);
        Assert.Single((await as_["Sofia"].GetFromJsonAsync<JsonElement>(history)).EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await leader.PutAsJsonAsync($"/api/v1/people/{sofia}", same with { level = 5 })).StatusCode);

        // With FT's ladder active, a switch to management lands on FT's management track; then a CSV import moves her up.
        await ImportJsonAsync(leader, FtRequest(activate: true));
        Assert.Equal(HttpStatusCode.OK, (await leader.PutAsJsonAsync($"/api/v1/people/{sofia}", same with { track = "management", level = 5 })).StatusCode);
        var csv = "name,email,team,manager_email,track,level,title\nSofia,sofia@example.com,,daniel@example.com,management,6,Technology Director\n";
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync("/api/v1/import/people", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);

        var placements = (await as_["Sofia"].GetFromJsonAsync<JsonElement>(history)).EnumerateArray().ToList();
        Assert.Equal(
            [("ft-engineering", "management", 6, "Technology Director"), ("ft-engineering", "management", 5, "Principal Engineer"),
             ("fulcrum-engineering", "ic", 5, "Senior Engineer"), ("fulcrum-engineering", "ic", 4, "Engineer III")],
            placements.Select(p => (p.GetProperty("ladderId").GetString(), p.GetProperty("trackId").GetString(), p.GetProperty("level").GetInt32(), p.GetProperty("title").GetString())));
        Assert.All(placements, p => Assert.Equal("Lea", p.GetProperty("recordedBy").GetString()));
        Assert.Equal("People manager", placements[0].GetProperty("track").GetString());

        // A private record: Sofia and her manager chain; not a peer, nor a leader outside the chain.
        Assert.Equal(4, (await as_["Daniel"].GetFromJsonAsync<JsonElement>(history)).GetArrayLength());
        Assert.Equal(4, (await as_["Amara"].GetFromJsonAsync<JsonElement>(history)).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await as_["Ethan"].GetAsync(history)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(history)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await as_["Sofia"].GetAsync("/api/v1/people/99999/placements")).StatusCode);
        // Her current track and level stay visible to everyone, as before.
        Assert.Equal(6, (await as_["Ethan"].GetFromJsonAsync<JsonElement>($"/api/v1/people/{sofia}")).GetProperty("level").GetInt32());
    }
}
