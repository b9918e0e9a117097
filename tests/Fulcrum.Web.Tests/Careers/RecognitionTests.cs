using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Careers;

/// <summary>Kudos, the recognition nudge and brag documents through the real server, and who may see what.</summary>
public sealed class RecognitionTests
{
    private sealed record Arranged(FulcrumServer Server, Dictionary<string, HttpClient> As, Dictionary<string, int> Id)
    {
        public Dictionary<string, string> Tokens { get; init; } = [];
    }

    /// <summary>
    /// Engineering (Amara, director) with Payments (Daniel manages Sofia and Ethan) and Search (Mia
    /// manages Olga) under it; Lea is a leader outside the reporting lines.
    /// </summary>
    private static async Task<Arranged> ArrangeAsync(DatabaseEngine engine = DatabaseEngine.Sqlite)
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        var ids = await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var engineering = new Team { Name = "Engineering" };
            var payments = new Team { Name = "Payments", ParentTeam = engineering };
            var search = new Team { Name = "Search", ParentTeam = engineering };
            var amara = new Person { Name = "Amara", Email = "amara@example.com", Team = engineering };
            var daniel = new Person { Name = "Daniel", Email = "daniel@example.com", Team = payments, Manager = amara };
            var mia = new Person { Name = "Mia", Email = "mia@example.com", Team = search, Manager = amara };
            var people = new[]
            {
                amara, daniel, mia,
                new Person { Name = "Sofia", Email = "sofia@example.com", Team = payments, Manager = daniel },
                new Person { Name = "Ethan", Email = "ethan@example.com", Team = payments, Manager = daniel },
                new Person { Name = "Olga", Email = "olga@example.com", Team = search, Manager = mia },
                new Person { Name = "Lea", Email = "lea@example.com" },
            };
            db.People.AddRange(people);
            db.WorkItems.Add(new WorkItem { ExternalId = "PAY-7", Title = "Refunds", Kind = "story", Team = payments, ReceivedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return people.ToDictionary(p => p.Name, p => p.Id);
        });
        var clients = new Dictionary<string, HttpClient>();
        var tokens = new Dictionary<string, string>();
        foreach (var name in ids.Keys)
        {
            tokens[name] = await server.CreateTokenAsync($"{name.ToLowerInvariant()}@example.com", name == "Lea" ? Roles.Leader : Roles.Member);
            clients[name] = server.CreateClient(tokens[name]);
        }
        return new Arranged(server, clients, ids) { Tokens = tokens };
    }

    private static async Task<List<string>> MessagesSeenByAsync(HttpClient client, string query = "") =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/kudos" + query)).EnumerateArray().Select(k => k.GetProperty("message").GetString()!).ToList();

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Team_kudos_reach_the_team_the_teams_above_and_the_managers_and_private_kudos_only_the_two_people(DatabaseEngine engine)
    {
        var (server, client, _) = await ArrangeAsync(engine);
        await using var running = server;

        var given = await client["Sofia"].PostAsJsonAsync("/api/v1/kudos", new
        {
            to = "ethan@example.com", message = "Untangled the refund retries", link = "https://git.example.com/pr/42", workItem = "PAY-7",
            competencies = new[] { "delivery", "craft" },
        });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        var kudos = await given.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Sofia", "Ethan", "Payments", false), (kudos.GetProperty("from").GetString(), kudos.GetProperty("to").GetString(),
            kudos.GetProperty("team").GetString(), kudos.GetProperty("private").GetBoolean()));
        Assert.Equal(["delivery", "craft"], kudos.GetProperty("competencies").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.Created, (await client["Sofia"].PostAsJsonAsync("/api/v1/kudos",
            new { to = "ethan@example.com", message = "Thanks for covering my on-call", @private = true })).StatusCode);

        const string team = "Untangled the refund retries", secret = "Thanks for covering my on-call";
        Assert.Equal([secret, team], await MessagesSeenByAsync(client["Ethan"]));
        Assert.Equal([secret, team], await MessagesSeenByAsync(client["Sofia"]));
        Assert.Equal([team], await MessagesSeenByAsync(client["Daniel"]));
        Assert.Equal([team], await MessagesSeenByAsync(client["Amara"]));
        Assert.Equal([team], await MessagesSeenByAsync(client["Lea"]));
        Assert.Empty(await MessagesSeenByAsync(client["Olga"]));
        Assert.Empty(await MessagesSeenByAsync(client["Mia"]));
        Assert.Equal([team], await MessagesSeenByAsync(client["Daniel"], "?team=Payments"));
        Assert.Empty(await MessagesSeenByAsync(client["Daniel"], "?team=Search"));
    }

    [Fact]
    public async Task Bad_kudos_are_refused_with_every_problem_named_and_nothing_stored()
    {
        var (server, client, _) = await ArrangeAsync();
        await using var running = server;

        var bad = await client["Sofia"].PostAsJsonAsync("/api/v1/kudos", new
        {
            to = "ethan@example.com", message = " ", link = "javascript:alert(1)", workItem = "PAY-404", competencies = new[] { "delivery", "juggling" },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var problems = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(4, problems.Count);
        Assert.StartsWith("message: say what they did", problems[0]);
        Assert.Equal("link: an http(s) address of at most 500 characters; got 'javascript:alert(1)'.", problems[1]);
        Assert.Equal("workItem: there is no work item 'PAY-404'.", problems[2]);
        Assert.StartsWith("competencies: 'juggling' not in the ladder 'Fulcrum engineering ladder' (its competencies: craft, delivery,", problems[3]);

        var self = await client["Sofia"].PostAsJsonAsync("/api/v1/kudos", new { to = "sofia@example.com", message = "Me!" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
        Assert.Contains("kudos are for someone else", await self.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client["Sofia"].PostAsJsonAsync("/api/v1/kudos", new { to = "nobody@example.com", message = "Hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client["Sofia"].PostAsync("/api/v1/kudos", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.CreateClient().GetAsync("/api/v1/kudos")).StatusCode);
        Assert.Empty(await MessagesSeenByAsync(client["Ethan"]));
    }

    [Fact]
    public async Task Managers_see_who_no_team_kudos_reached_lately_by_name_and_private_kudos_do_not_count()
    {
        var (server, client, _) = await ArrangeAsync();
        await using var running = server;
        await client["Sofia"].PostAsJsonAsync("/api/v1/kudos", new { to = "ethan@example.com", message = "Great incident review" });
        await client["Ethan"].PostAsJsonAsync("/api/v1/kudos", new { to = "sofia@example.com", message = "Quiet thanks", @private = true });

        var daniels = await client["Daniel"].GetFromJsonAsync<JsonElement>("/api/v1/kudos/unrecognised");
        Assert.Equal(["Sofia"], daniels.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, daniels[0].GetProperty("lastRecognised").ValueKind);
        var amaras = await client["Amara"].GetFromJsonAsync<JsonElement>("/api/v1/kudos/unrecognised?days=30");
        Assert.Equal(["Daniel", "Mia", "Olga", "Sofia"], amaras.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var leas = await client["Lea"].GetFromJsonAsync<JsonElement>("/api/v1/kudos/unrecognised");
        Assert.Equal(["Amara", "Daniel", "Mia", "Olga", "Sofia"], leas.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.DoesNotContain("count", leas.ToString(), StringComparison.OrdinalIgnoreCase);

        // Newer kudos Daniel may not see (private ones, another team's) do not crowd out the one he may.
        for (var i = 0; i < 6; i++)
        {
            await client["Ethan"].PostAsJsonAsync("/api/v1/kudos", new { to = "sofia@example.com", message = $"Quiet thanks {i}", @private = true });
            await client["Mia"].PostAsJsonAsync("/api/v1/kudos", new { to = "olga@example.com", message = $"Search kudos {i}" });
        }
        Assert.Equal(["Great incident review"], await MessagesSeenByAsync(client["Daniel"], "?take=1"));

        Assert.Equal(HttpStatusCode.Forbidden, (await client["Olga"].GetAsync("/api/v1/kudos/unrecognised")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client["Daniel"].GetAsync("/api/v1/kudos/unrecognised?days=0")).StatusCode);
    }

    [Fact]
    public async Task A_brag_document_is_the_persons_and_their_managers_and_a_manager_reads_it_without_private_kudos()
    {
        var (server, client, id) = await ArrangeAsync();
        await using var running = server;
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        await client["Sofia"].PostAsJsonAsync("/api/v1/kudos", new { to = "ethan@example.com", message = "Shipped refunds on time", competencies = new[] { "delivery" } });
        await client["Sofia"].PostAsJsonAsync("/api/v1/kudos", new { to = "ethan@example.com", message = "Thanks for the cover", @private = true });
        var added = await client["Ethan"].PostAsJsonAsync("/api/v1/achievements", new { title = "Gave the SQLite talk", date = today, competencies = new[] { "communication" } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var future = await client["Ethan"].PostAsJsonAsync("/api/v1/achievements", new { title = "Will be great", date = "2099-01-01" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, future.StatusCode);

        var own = await client["Ethan"].GetStringAsync($"/api/v1/people/{id["Ethan"]}/brag");
        Assert.Contains("# Brag document: Ethan", own);
        Assert.Contains("1 achievement, 2 kudos, 0 pieces of evidence.", own);
        Assert.Contains("## Delivery", own);
        Assert.Contains("kudos from Sofia: Shipped refunds on time", own);
        Assert.Contains("## Communication", own);
        Assert.Contains($"- **{today}** achievement: Gave the SQLite talk", own);
        Assert.Contains("## Not tied to a competency", own);
        Assert.Contains("Thanks for the cover", own);

        var managers = await client["Daniel"].GetStringAsync($"/api/v1/people/{id["Ethan"]}/brag");
        Assert.Contains("Shipped refunds on time", managers);
        Assert.DoesNotContain("Thanks for the cover", managers);
        Assert.Contains("Shipped refunds on time", await client["Amara"].GetStringAsync($"/api/v1/people/{id["Ethan"]}/brag"));
        foreach (var outsider in new[] { "Sofia", "Lea", "Mia" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client[outsider].GetAsync($"/api/v1/people/{id["Ethan"]}/brag")).StatusCode);
        }

        var json = await client["Ethan"].GetFromJsonAsync<JsonElement>($"/api/v1/people/{id["Ethan"]}/brag?format=json&from=2020-01-01&until={today}");
        Assert.Equal(["delivery", "communication", null], json.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("competencyId").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client["Ethan"].GetAsync($"/api/v1/people/{id["Ethan"]}/brag?from=2026-13-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client["Ethan"].GetAsync($"/api/v1/people/{id["Ethan"]}/brag?from=2026-06-01&until=2026-01-01")).StatusCode);
        Assert.Contains("Nothing recorded in this period yet.", await client["Ethan"].GetStringAsync($"/api/v1/people/{id["Ethan"]}/brag?from=2020-01-01&until=2020-06-30"));
    }

    [Fact]
    public async Task Brag_export_on_the_command_line_writes_your_markdown_and_refuses_someone_elses()
    {
        var arranged = await ArrangeAsync();
        var (server, client, id) = arranged;
        await using var running = server;
        await client["Sofia"].PostAsJsonAsync("/api/v1/kudos", new { to = "ethan@example.com", message = "Shipped refunds on time", competencies = new[] { "delivery" } });
        var (ethan, sofia) = (arranged.Tokens["Ethan"], arranged.Tokens["Sofia"]);
        var file = Path.Combine(Path.GetTempPath(), $"brag-{Guid.NewGuid():N}.md");
        try
        {
            var written = await Cli.CliProcess.RunAsync("unused.db", null, "brag", "export", "--output", file, "--server", server.BaseAddress.ToString(), "--token", ethan);
            Assert.True(written.ExitCode == 0, written.Error);
            var markdown = await File.ReadAllTextAsync(file);
            Assert.StartsWith("# Brag document: Ethan", markdown);
            Assert.Contains("kudos from Sofia: Shipped refunds on time", markdown);

            var printed = await Cli.CliProcess.RunAsync("unused.db", null, "brag", "export", "--from", "2020-01-01", "--until", "2020-12-31", "--server", server.BaseAddress.ToString(), "--token", ethan);
            Assert.Contains("Nothing recorded in this period yet.", printed.Output);

            var refused = await Cli.CliProcess.RunAsync("unused.db", null, "brag", "export", "--person-id", id["Ethan"].ToString(), "--server", server.BaseAddress.ToString(), "--token", sofia);
            Assert.Equal(3, refused.ExitCode);
            Assert.Contains("There is no brag document of person", refused.Error);
            var badDate = await Cli.CliProcess.RunAsync("unused.db", null, "brag", "export", "--from", "yesterday", "--server", server.BaseAddress.ToString(), "--token", ethan);
            Assert.Equal(1, badDate.ExitCode);
            Assert.Contains("from: 'yesterday' is not a date like 2026-07-01.", badDate.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
