using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Careers;

/// <summary>Assessment cycles through the real server: opening, rating, closing, the results, and who may see what.</summary>
public sealed class AssessmentTests
{
    internal static readonly string[] Competencies = ["craft", "delivery", "collaboration", "communication", "leadership", "impact", "learning"];

    internal sealed record Arranged(FulcrumServer Server, Dictionary<string, HttpClient> As, Dictionary<string, int> Id) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }

    /// <summary>
    /// Amara directs Engineering; Daniel manages Sofia (IC level 4), Ethan, Priya and Tom; Mia
    /// manages Olga. Lea is a leader and Ivy an admin, both outside these reporting lines.
    /// </summary>
    internal static async Task<Arranged> ArrangeAsync(DatabaseEngine engine = DatabaseEngine.Sqlite, TimeProvider? clock = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine), clock: clock, settings: settings);
        var ids = await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var engineering = new Team { Name = "Engineering" };
            var payments = new Team { Name = "Payments", ParentTeam = engineering };
            var amara = new Person { Name = "Amara", Email = "amara@example.com", Team = engineering, Track = "management", Level = 7 };
            var daniel = new Person { Name = "Daniel", Email = "daniel@example.com", Team = payments, Manager = amara, Track = "management", Level = 5 };
            var mia = new Person { Name = "Mia", Email = "mia@example.com", Team = engineering, Manager = amara, Track = "ic", Level = 6 };
            var people = new[]
            {
                amara, daniel, mia,
                new Person { Name = "Sofia", Email = "sofia@example.com", Team = payments, Manager = daniel, Track = "ic", Level = 4 },
                new Person { Name = "Ethan", Email = "ethan@example.com", Team = payments, Manager = daniel, Track = "ic", Level = 4 },
                new Person { Name = "Priya", Email = "priya@example.com", Team = payments, Manager = daniel, Track = "ic", Level = 5 },
                new Person { Name = "Tom", Email = "tom@example.com", Team = payments, Manager = daniel, Track = "ic", Level = 3 },
                new Person { Name = "Olga", Email = "olga@example.com", Team = engineering, Manager = mia, Track = "ic", Level = 3 },
                new Person { Name = "Lea", Email = "lea@example.com" },
                new Person { Name = "Ivy", Email = "ivy@example.com" },
            };
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            return people.ToDictionary(p => p.Name, p => p.Id);
        });
        var clients = new Dictionary<string, HttpClient>();
        foreach (var name in ids.Keys)
        {
            var role = name switch { "Lea" => Roles.Leader, "Ivy" => Roles.Admin, _ => Roles.Member };
            clients[name] = server.CreateClient(await server.CreateTokenAsync($"{name.ToLowerInvariant()}@example.com", role));
        }
        return new Arranged(server, clients, ids);
    }

    /// <summary>A full set of ratings: <paramref name="rating"/> everywhere except where <paramref name="except"/> says otherwise.</summary>
    internal static object Ratings(string rating, Dictionary<string, string>? except = null, int? enjoyment = null, Dictionary<string, int>? enjoys = null) => new
    {
        ratings = Competencies.Select(c => new
        {
            competency = c,
            rating = except?.GetValueOrDefault(c) ?? rating,
            evidence = $"What I saw of {c}: a worked example.",
            enjoyment = enjoys is not null && enjoys.TryGetValue(c, out var e) ? e : enjoyment,
        }),
    };

    internal static async Task<long> OpenSofiasCycleAsync(Arranged a)
    {
        var opened = await a.As["Sofia"].PostAsJsonAsync("/api/v1/assessments", new
        {
            raters = new[] { new { email = "ethan@example.com", role = "peer" }, new { email = "priya@example.com", role = "peer" }, new { email = "mia@example.com", role = "mentor" } },
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>Craft: Meets, Meets, Meets, Exceeds (agreement). Delivery: Not yet ×2, Exceeds ×2 (no consensus). The rest: Meets.</summary>
    internal static async Task RateSofiasCycleAsync(Arranged a, long id)
    {
        async Task Submit(string who, object body)
        {
            var response = await a.As[who].PutAsJsonAsync($"/api/v1/assessments/{id}/ratings", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{who}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await Submit("Sofia", Ratings("meets", new() { ["craft"] = "exceeds" }, enjoyment: 4, enjoys: new() { ["delivery"] = 2 }));
        await Submit("Daniel", Ratings("meets", new() { ["delivery"] = "not-yet" }));
        await Submit("Ethan", Ratings("meets", new() { ["delivery"] = "not-yet" }));
        await Submit("Priya", Ratings("meets", new() { ["delivery"] = "exceeds" }));
        await Submit("Mia", Ratings("meets", new() { ["craft"] = "exceeds", ["delivery"] = "exceeds" }));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_cycle_is_opened_rated_closed_and_shows_agreement_and_disagreement_per_competency(DatabaseEngine engine)
    {
        await using var a = await ArrangeAsync(engine);
        var id = await OpenSofiasCycleAsync(a);

        var cycle = await a.As["Sofia"].GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{id}");
        Assert.Equal("Senior Engineer (level 5)", cycle.GetProperty("levelTitle").GetString());
        Assert.Equal("ic", cycle.GetProperty("track").GetString());
        Assert.Equal(["Sofia Self", "Daniel Manager", "Ethan Peer", "Mia Mentor", "Priya Peer"],
            cycle.GetProperty("raters").EnumerateArray().Select(r => $"{r.GetProperty("name").GetString()} {r.GetProperty("role").GetString()}"));
        Assert.True(cycle.GetProperty("you").GetProperty("mayManage").GetBoolean());

        await RateSofiasCycleAsync(a, id);
        // Until the cycle closes nobody sees anyone else's ratings, not the person, not the manager.
        foreach (var who in new[] { "Sofia", "Daniel", "Ethan", "Amara" })
        {
            var early = await a.As[who].GetAsync($"/api/v1/assessments/{id}/results");
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Contains("each rater sees only their own ratings", await early.Content.ReadAsStringAsync());
        }
        var ethans = await a.As["Ethan"].GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{id}/ratings");
        Assert.Equal("not-yet", ethans.GetProperty("ratings")[1].GetProperty("rating").GetString());
        Assert.Equal("Peer", ethans.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Amara"].GetAsync($"/api/v1/assessments/{id}/ratings")).StatusCode);

        var closed = await a.As["Daniel"].PostAsJsonAsync($"/api/v1/assessments/{id}/close", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("Closed", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var results = await a.As["Ethan"].GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{id}/results");
        Assert.Equal("Consensus on 6 of 7 competencies; no consensus on Delivery.", results.GetProperty("summary").GetString());
        var byId = results.GetProperty("competencies").EnumerateArray().ToDictionary(c => c.GetProperty("competency").GetString()!);

        var craft = byId["craft"].GetProperty("consensus");
        Assert.True(craft.GetProperty("reached").GetBoolean());
        Assert.Equal("Meets", craft.GetProperty("label").GetString());
        Assert.Equal("WithinOneStep", craft.GetProperty("agreement").GetString());
        Assert.Equal(1, craft.GetProperty("spread").GetInt32());
        Assert.Equal("Exceeds", craft.GetProperty("self").GetProperty("label").GetString());
        Assert.Equal("LeanIn", byId["craft"].GetProperty("quadrant").GetProperty("quadrant").GetString());

        var delivery = byId["delivery"].GetProperty("consensus");
        Assert.False(delivery.GetProperty("reached").GetBoolean());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("label").ValueKind);
        Assert.Equal(3, delivery.GetProperty("spread").GetInt32());
        Assert.StartsWith("No strict majority of the 4 voices lies within one step: 2 × Not yet, 2 × Exceeds.", delivery.GetProperty("explanation").GetString());
        Assert.Equal(["Daniel Not yet", "Ethan Not yet", "Mia Exceeds", "Priya Exceeds"],
            delivery.GetProperty("views").EnumerateArray().Select(v => $"{v.GetProperty("rater").GetString()} {v.GetProperty("label").GetString()}").Order());
        Assert.All(delivery.GetProperty("views").EnumerateArray(), v => Assert.Equal("What I saw of delivery: a worked example.", v.GetProperty("evidence").GetString()));
        Assert.Null(byId["delivery"].GetProperty("quadrant").GetProperty("quadrant").GetString());
        Assert.Equal(2, byId["delivery"].GetProperty("enjoyment").GetInt32());

        var readiness = results.GetProperty("readiness");
        Assert.Equal("Senior Engineer", readiness.GetProperty("level").GetString());
        Assert.False(readiness.GetProperty("ready").GetBoolean());
        Assert.Equal("6 of 7 areas of Senior Engineer met by consensus; no consensus: Delivery.", readiness.GetProperty("summary").GetString());
        var craftArea = readiness.GetProperty("areas").EnumerateArray().Single(r => r.GetProperty("competency").GetString() == "craft");
        Assert.Equal("Met", craftArea.GetProperty("status").GetString());
        Assert.NotEmpty(craftArea.GetProperty("expectations").EnumerateArray());
        Assert.Equal(4, craftArea.GetProperty("evidence").GetArrayLength());

        // Closed is closed: ratings no longer change.
        Assert.Equal(HttpStatusCode.Conflict, (await a.As["Ethan"].PutAsJsonAsync($"/api/v1/assessments/{id}/ratings", Ratings("exceeds"))).StatusCode);
    }

    [Fact]
    public async Task Ratings_with_mistakes_are_refused_with_every_problem_named_and_a_draft_counts_for_nothing()
    {
        await using var a = await ArrangeAsync();
        var id = await OpenSofiasCycleAsync(a);

        var bad = await a.As["Ethan"].PutAsJsonAsync($"/api/v1/assessments/{id}/ratings", new
        {
            ratings = new object[]
            {
                new { competency = "craft", rating = "meets", evidence = "Designed the ledger." },
                new { competency = "juggling", rating = "meets", evidence = "Three balls." },
                new { competency = "delivery", rating = "superb", evidence = "Shipped." },
                new { competency = "collaboration", rating = "developing", evidence = " " },
                new { competency = "communication", rating = "Meets", evidence = "Clear RFCs.", enjoyment = 5 },
                new { competency = "craft", rating = "exceeds", evidence = "Again." },
            },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var body = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The ratings were not submitted", body.GetProperty("title").GetString());
        Assert.Equal(
        [
            "ratings[1].competency: 'juggling' is not a competency of the ladder 'Fulcrum engineering ladder' (its competencies: craft, delivery, collaboration, communication, leadership, impact, learning).",
            "ratings[2].rating: 'superb' is not on the scale (not-yet, developing, meets, exceeds).",
            "ratings[3].evidence: say what you have seen that supports your rating of Collaboration.",
            "ratings[4].enjoyment: only Sofia says how much they enjoy an area; leave it out.",
            "ratings[5].competency: 'craft' is rated more than once.",
            "ratings: Leadership and people (leadership) is not rated.",
            "ratings: Ownership and impact (impact) is not rated.",
            "ratings: Learning and self-awareness (learning) is not rated.",
        ], body.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));

        var selfWithoutEnjoyment = await a.As["Sofia"].PutAsJsonAsync($"/api/v1/assessments/{id}/ratings", Ratings("meets"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, selfWithoutEnjoyment.StatusCode);
        Assert.Contains("ratings[0].enjoyment: say how much you enjoy Technical craft, 1 (not at all) to 5 (very much).", await selfWithoutEnjoyment.Content.ReadAsStringAsync());

        // A draft keeps what is there, with no evidence yet, and is not submitted.
        var draft = await a.As["Ethan"].PutAsJsonAsync($"/api/v1/assessments/{id}/ratings", new
        {
            draft = true, ratings = new[] { new { competency = "craft", rating = "meets" } },
        });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var saved = await draft.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(saved.GetProperty("submitted").GetBoolean());
        Assert.Equal("Meets", saved.GetProperty("ratings")[0].GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, saved.GetProperty("ratings")[1].GetProperty("rating").ValueKind);
        var view = await a.As["Sofia"].GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{id}");
        Assert.False(view.GetProperty("raters").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "Ethan").GetProperty("submitted").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Ethan"].PutAsJsonAsync("/api/v1/assessments/999999/ratings", Ratings("meets"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await a.As["Ethan"].PutAsync($"/api/v1/assessments/{id}/ratings",
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task Closing_without_enough_voices_names_every_short_competency_and_closing_anyway_shows_them_without_consensus()
    {
        await using var a = await ArrangeAsync();
        var id = await OpenSofiasCycleAsync(a);
        await a.As["Daniel"].PutAsJsonAsync($"/api/v1/assessments/{id}/ratings", Ratings("meets"));
        await a.As["Ethan"].PutAsJsonAsync($"/api/v1/assessments/{id}/ratings", Ratings("meets"));

        var refused = await a.As["Sofia"].PostAsJsonAsync($"/api/v1/assessments/{id}/close", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problems = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(8, problems.Count);
        Assert.Equal("Technical craft (craft): 2 voices besides the person; a consensus needs 3.", problems[0]);
        Assert.Equal("waiting for: Mia (mentor), Priya (peer).", problems[^1]);
        Assert.Equal(HttpStatusCode.Conflict, (await a.As["Sofia"].GetAsync($"/api/v1/assessments/{id}/results")).StatusCode);

        // Only the person and their managers close it.
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Ethan"].PostAsJsonAsync($"/api/v1/assessments/{id}/close", new { force = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.As["Amara"].PostAsJsonAsync($"/api/v1/assessments/{id}/close", new { force = true })).StatusCode);
        var results = await a.As["Sofia"].GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{id}/results");
        var craft = results.GetProperty("competencies")[0].GetProperty("consensus");
        Assert.False(craft.GetProperty("reached").GetBoolean());
        Assert.StartsWith("Only 2 ratings from others. A consensus needs at least 3", craft.GetProperty("explanation").GetString());
        Assert.Equal(2, craft.GetProperty("views").GetArrayLength());
        // A close with no body at all is a close without force.
        Assert.Equal(HttpStatusCode.Conflict, (await a.As["Sofia"].PostAsync($"/api/v1/assessments/{id}/close", null)).StatusCode);
    }

    [Fact]
    public async Task Cycles_are_opened_by_the_person_or_their_managers_with_raters_checked()
    {
        await using var a = await ArrangeAsync();
        var notHis = await a.As["Ethan"].PostAsJsonAsync("/api/v1/assessments", new { person = "sofia@example.com" });
        Assert.Equal(HttpStatusCode.Forbidden, notHis.StatusCode);
        Assert.Contains("Sofia is not in yours", await notHis.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Lea"].PostAsJsonAsync("/api/v1/assessments", new { person = "sofia@example.com" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Daniel"].PostAsJsonAsync("/api/v1/assessments", new { person = "nobody@example.com" })).StatusCode);

        var bad = await a.As["Daniel"].PostAsJsonAsync("/api/v1/assessments", new
        {
            person = "sofia@example.com", track = "wizard", closesOn = "2001-01-01",
            raters = new[]
            {
                new { email = "sofia@example.com", role = "peer" },
                new { email = "daniel@example.com", role = "peer" },
                new { email = "ghost@example.com", role = "peer" },
                new { email = "ethan@example.com", role = "manager" },
                new { email = "priya@example.com", role = "boss" },
            },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(
        [
            "track: 'wizard' is not a track of the ladder 'Fulcrum engineering ladder' (its tracks: ic, management).",
            "closesOn: 2001-01-01 is in the past.",
            "raters[0].email: Sofia is the person assessed and rates themselves as 'self' already.",
            "raters[1].email: Daniel is already a rater, as Sofia's manager.",
            "raters[2].email: there is no person with the email 'ghost@example.com'.",
            "raters[3].role: only Sofia's own manager rates as manager; choose peer or mentor for Ethan.",
            "raters[4].role: 'boss' is not a rater role; choose peer or mentor.",
        ], (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()));

        // Her manager's manager opens it against the management track's level 5; raters come later.
        var opened = await a.As["Amara"].PostAsJsonAsync("/api/v1/assessments", new { person = "sofia@example.com", track = "management", level = 5 });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var cycle = await opened.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Engineering Manager (level 5)", cycle.GetProperty("levelTitle").GetString());
        Assert.Equal("Amara", cycle.GetProperty("openedBy").GetProperty("name").GetString());
        var id = cycle.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Conflict, (await a.As["Sofia"].PostAsJsonAsync("/api/v1/assessments", new { })).StatusCode);

        var added = await a.As["Sofia"].PostAsJsonAsync($"/api/v1/assessments/{id}/raters", new { raters = new[] { new { email = "TOM@example.com", role = "Mentor" } } });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var raters = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("raters");
        Assert.Equal(["Self", "Manager", "Mentor"], raters.EnumerateArray().Select(r => r.GetProperty("role").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await a.As["Tom"].PostAsJsonAsync($"/api/v1/assessments/{id}/raters",
            new { raters = new[] { new { email = "ethan@example.com", role = "peer" } } })).StatusCode);

        var tom = raters[2].GetProperty("id").GetInt64();
        var self = raters[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await a.As["Daniel"].DeleteAsync($"/api/v1/assessments/{id}/raters/{self}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.As["Daniel"].DeleteAsync($"/api/v1/assessments/{id}/raters/{tom}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Tom"].GetAsync($"/api/v1/assessments/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_open_cycle_past_its_done_by_day_says_how_overdue_it_is_and_stays_open()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var a = await ArrangeAsync(clock: clock);
        var opened = await a.As["Sofia"].PostAsJsonAsync("/api/v1/assessments", new { closesOn = "2026-03-09" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        Assert.Contains("Open until 2026-03-09", WebUtility.HtmlDecode(await a.As["Sofia"].GetStringAsync("/careers/assessments")));
        clock.Advance(TimeSpan.FromDays(10));
        Assert.Contains("Open: 2026-03-09, 3 days overdue", WebUtility.HtmlDecode(await a.As["Sofia"].GetStringAsync("/careers/assessments")));
        var page = WebUtility.HtmlDecode(await a.As["Daniel"].GetStringAsync($"/careers/assessments/{id}"));
        Assert.Contains("<dd class=\"overdue\">2026-03-09, 3 days overdue</dd>", page);
        Assert.Equal("Open", (await a.As["Sofia"].GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{id}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task An_assessment_is_seen_by_the_person_their_managers_and_its_raters_and_nobody_else(DatabaseEngine engine)
    {
        await using var a = await ArrangeAsync(engine);
        var id = await OpenSofiasCycleAsync(a);
        await RateSofiasCycleAsync(a, id);
        await a.As["Sofia"].PostAsJsonAsync($"/api/v1/assessments/{id}/close", new { });
        // A second cycle of Sofia's that Ethan does not rate: being her first cycle's rater opens only that one.
        var second = await a.As["Daniel"].PostAsJsonAsync("/api/v1/assessments", new { person = "sofia@example.com", raters = new[] { new { email = "tom@example.com", role = "peer" } } });
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        foreach (var who in new[] { "Sofia", "Daniel", "Amara", "Ethan", "Priya", "Mia" })
        {
            Assert.Equal(HttpStatusCode.OK, (await a.As[who].GetAsync($"/api/v1/assessments/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await a.As[who].GetAsync($"/api/v1/assessments/{id}/results")).StatusCode);
        }
        // Leaders and admins by role, a colleague who did not rate, and someone in another line: nothing, not even that it exists.
        foreach (var who in new[] { "Lea", "Ivy", "Tom", "Olga" })
        {
            foreach (var path in new[] { "", "/results", "/ratings" })
            {
                var response = await a.As[who].GetAsync($"/api/v1/assessments/{id}{path}");
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{who} GET {path}: {(int)response.StatusCode}");
                Assert.Contains($"There is no assessment {id} for you.", await response.Content.ReadAsStringAsync());
            }
            Assert.Equal(HttpStatusCode.NotFound, (await a.As[who].PostAsJsonAsync($"/api/v1/assessments/{id}/close", new { })).StatusCode);
            var lists = await a.As[who].GetFromJsonAsync<JsonElement>("/api/v1/assessments");
            Assert.DoesNotContain(id, lists.EnumerateObject().SelectMany(l => l.Value.EnumerateArray()).Select(c => c.GetProperty("id").GetInt64()));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await a.As["Ethan"].GetAsync($"/api/v1/assessments/{secondId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.As["Tom"].GetAsync($"/api/v1/assessments/{secondId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await a.Server.CreateClient().GetAsync($"/api/v1/assessments/{id}")).StatusCode);

        var ethans = await a.As["Ethan"].GetFromJsonAsync<JsonElement>("/api/v1/assessments");
        Assert.Equal([id], ethans.GetProperty("youRate").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.Empty(ethans.GetProperty("yours").EnumerateArray());
        var amaras = await a.As["Amara"].GetFromJsonAsync<JsonElement>("/api/v1/assessments");
        Assert.Equal([secondId, id], amaras.GetProperty("yourReports").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.Empty(amaras.GetProperty("youRate").EnumerateArray());
    }

    [Fact]
    public async Task The_api_description_lists_the_assessment_and_growth_endpoints_under_careers()
    {
        await using var a = await ArrangeAsync();
        var document = JsonDocument.Parse(await a.As["Sofia"].GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/assessments", "/api/v1/assessments/{id}/ratings", "/api/v1/assessments/{id}/close", "/api/v1/assessments/{id}/results",
            "/api/v1/growth-plans/{personId}/items/{itemId}/check-in" })
        {
            Assert.True(document.TryGetProperty(path, out var operations), $"{path} is not described");
            Assert.All(operations.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("tags", out _)),
                o => Assert.Equal("Careers", o.Value.GetProperty("tags")[0].GetString()));
        }
    }
}
