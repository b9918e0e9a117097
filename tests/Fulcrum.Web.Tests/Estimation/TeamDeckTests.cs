using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Estimation;

/// <summary>Teams' own decks through the real server: the API, rooms playing with them, and who may touch them.</summary>
public sealed class TeamDeckTests
{
    private sealed record Arranged(FulcrumServer Server, Dictionary<string, HttpClient> Client, Dictionary<string, string> Token);

    /// <summary>Engineering with Payments under it (Ana, Ben, Caro); Search on its own (Olga).</summary>
    private static async Task<Arranged> ArrangeAsync(DatabaseEngine engine)
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var engineering = new Team { Name = "Engineering" };
            var payments = new Team { Name = "Payments", ParentTeam = engineering };
            var search = new Team { Name = "Search" };
            db.Teams.AddRange(engineering, payments, search);
            foreach (var (name, team) in new[] { ("Ana", payments), ("Ben", payments), ("Caro", payments), ("Olga", search) })
            {
                db.People.Add(new Person { Name = name, Email = $"{name.ToLowerInvariant()}@example.com", Team = team });
            }
            return await db.SaveChangesAsync();
        });
        var tokens = new Dictionary<string, string>();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var name in new[] { "Ana", "Ben", "Caro", "Olga" })
        {
            tokens[name] = await server.CreateTokenAsync($"{name.ToLowerInvariant()}@example.com", Roles.Member);
            clients[name] = server.CreateClient(tokens[name]);
        }
        return new Arranged(server, clients, tokens);
    }

    private static async Task<string> RoomAsync(HttpClient client, string team, string deck)
    {
        var created = await client.PostAsJsonAsync("/api/v1/poker/rooms", new { team, name = "Refinement", deck, stories = new[] { "Export invoices" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static JsonElement LastRound(JsonElement room) => room.GetProperty("current").GetProperty("rounds").EnumerateArray().Last();

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_team_adds_its_own_deck_plays_a_round_with_it_and_removes_it_while_the_room_keeps_its_cards(DatabaseEngine engine)
    {
        var (server, client, token) = await ArrangeAsync(engine);
        await using var running = server;

        var added = await client["Ana"].PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = "Sizes in points", cards = "S=1, M=3, L=5, XL=8, ?" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var deck = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("sizes-in-points", "Payments", "S=1, M=3, L=5, XL=8, ?"),
            (deck.GetProperty("id").GetString(), deck.GetProperty("team").GetString(), deck.GetProperty("text").GetString()));

        var listed = await client["Ben"].GetFromJsonAsync<JsonElement>("/api/v1/poker/decks?team=Payments");
        Assert.Equal(["fibonacci", "modified-fibonacci", "t-shirt", "powers-of-two", "sizes-in-points"],
            listed.EnumerateArray().Select(d => d.GetProperty("id").GetString()));

        var room = await RoomAsync(client["Ana"], "Payments", "sizes-in-points");
        await using (var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room))
        await using (var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room))
        await using (var caro = await PokerTestClient.JoinAsync(server, token["Caro"], "Caro", room))
        {
            await ben.SendAsync(new { type = "vote", card = "13", @ref = "v1" });
            Assert.Equal("card_not_in_deck", (await ben.NextErrorAsync()).GetProperty("code").GetString());
            await ana.SendAsync(new { type = "vote", card = "M" });
            await ben.SendAsync(new { type = "vote", card = "M" });
            await caro.SendAsync(new { type = "vote", card = "L" });
            var revealed = await ana.NextStateAsync(r => LastRound(r).GetProperty("status").GetString() == "revealed");
            var statistics = LastRound(revealed).GetProperty("statistics");
            Assert.Equal(3.0, statistics.GetProperty("median").GetDouble());
            Assert.True(statistics.GetProperty("consensus").GetBoolean());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client["Caro"].DeleteAsync("/api/v1/poker/decks/sizes-in-points?team=Payments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client["Caro"].DeleteAsync("/api/v1/poker/decks/sizes-in-points?team=Payments")).StatusCode);
        var rooms = await client["Ana"].GetFromJsonAsync<JsonElement>("/api/v1/poker/rooms");
        Assert.Equal("Sizes in points", Assert.Single(rooms.EnumerateArray()).GetProperty("deckName").GetString());
        await using (var back = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room))
        {
            var state = JsonDocument.Parse(back.Frames[0]).RootElement.GetProperty("room");
            Assert.Equal(["S", "M", "L", "XL", "?"], state.GetProperty("deck").GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("label").GetString()));
        }
        var gone = await client["Ana"].PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Payments", name = "Next", deck = "sizes-in-points" });
        Assert.Equal(HttpStatusCode.BadRequest, gone.StatusCode);
        Assert.Contains("There is no deck 'sizes-in-points' for this team", await gone.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_deck_is_refused_with_every_problem_named_and_nothing_stored()
    {
        var (server, client, _) = await ArrangeAsync(DatabaseEngine.Sqlite);
        await using var running = server;

        var bad = await client["Ana"].PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = "Ours", cards = "1, 3, 2, M, 3" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var problems = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(
        [
            "card 3 ('2'): numbers must rise from card to card; 2 follows 3",
            "card 5 ('3'): the label appears twice (labels differing only in case count as the same)",
            "card 5 ('3'): numbers must rise from card to card; 3 follows 3",
            "give every estimate card a number, or none (cards without a number: M)",
        ], problems);

        var builtIn = await client["Ana"].PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = "Fibonacci", cards = "1, 2, 3" });
        Assert.Equal(HttpStatusCode.Conflict, builtIn.StatusCode);
        Assert.Contains("'fibonacci' is a built-in deck's id", await builtIn.Content.ReadAsStringAsync());
        var noId = await client["Ana"].PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = "☕☕", cards = "1, 2, 3" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noId.StatusCode);
        Assert.Contains("give an id", await noId.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await client["Ana"].PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = "Hours", cards = "1, 2, 4, 8" })).StatusCode);
        var twice = await client["Ben"].PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = "Hours", cards = "1, 2" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("already has a deck 'hours'", await twice.Content.ReadAsStringAsync());

        var decks = await client["Ana"].GetFromJsonAsync<JsonElement>("/api/v1/poker/decks?team=Payments");
        var own = Assert.Single(decks.EnumerateArray(), d => d.GetProperty("team").ValueKind == JsonValueKind.String);
        Assert.Equal("1, 2, 4, 8", own.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_department_deck_reaches_the_teams_under_it_and_outsiders_may_neither_see_nor_change_a_teams_decks()
    {
        var (server, client, _) = await ArrangeAsync(DatabaseEngine.Sqlite);
        await using var running = server;
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            db.People.Add(new Person { Name = "Lea", Email = "lead@example.com" });
            return await db.SaveChangesAsync();
        });
        var leader = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));

        Assert.Equal(HttpStatusCode.Created, (await leader.PostAsJsonAsync("/api/v1/poker/decks", new { team = "Engineering", name = "Days", cards = "½, 1, 2, 3, 5, ?" })).StatusCode);
        var payments = await client["Ana"].GetFromJsonAsync<JsonElement>("/api/v1/poker/decks?team=Payments");
        Assert.Contains(payments.EnumerateArray(), d => d.GetProperty("id").GetString() == "days" && d.GetProperty("team").GetString() == "Engineering");
        await RoomAsync(client["Ana"], "Payments", "days");

        Assert.Equal(HttpStatusCode.Forbidden, (await client["Olga"].GetAsync("/api/v1/poker/decks?team=Payments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client["Olga"].PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = "Mine", cards = "1, 2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client["Olga"].DeleteAsync("/api/v1/poker/decks/days?team=Engineering")).StatusCode);
        var search = await client["Olga"].PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Search", name = "Ours", deck = "days" });
        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client["Ana"].GetAsync("/api/v1/poker/decks?team=Nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client["Ana"].GetAsync("/api/v1/poker/decks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.CreateClient().GetAsync("/api/v1/poker/decks?team=Payments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client["Ana"].DeleteAsync("/api/v1/poker/decks/fibonacci?team=Payments")).StatusCode);
    }

    [Fact]
    public async Task The_room_page_names_a_team_deck_and_says_in_its_own_words_when_a_room_is_unknown_or_not_yours()
    {
        var (server, client, _) = await ArrangeAsync(DatabaseEngine.Sqlite);
        await using var running = server;
        await client["Ana"].PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = "Sizes in points", cards = "S=1, M=3, L=5" });
        var room = await RoomAsync(client["Ana"], "Payments", "sizes-in-points");

        Assert.Contains("Team Payments · Sizes in points", await client["Ben"].GetStringAsync($"/estimation/rooms/{room}"));
        var unknown = await client["Ben"].GetAsync("/estimation/rooms/no-such-room");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("There is no open poker room", await unknown.Content.ReadAsStringAsync());
        var foreign = await client["Olga"].GetAsync($"/estimation/rooms/{room}");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Contains("which you are not part of", await foreign.Content.ReadAsStringAsync());
    }
}
