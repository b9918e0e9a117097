using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Estimation;

/// <summary>What rooms, decks and the poker socket may carry: text their columns can hold, without control
/// characters (PostgreSQL refused a NUL, even in a lookup, with a 500; SQLite stored it), alike on both engines.</summary>
public sealed class EstimationBoundaryTests
{
    private const string Nul = "\u0000";

    private static async Task<(FulcrumServer Server, HttpClient Ana, string Token)> ArrangeAsync(DatabaseEngine engine)
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            db.People.Add(new Person { Name = "Ana", Email = "ana@example.com", Team = new Team { Name = "Payments" } });
            return await db.SaveChangesAsync();
        });
        var token = await server.CreateTokenAsync("ana@example.com", Roles.Member);
        return (server, server.CreateClient(token), token);
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    private static async Task<List<string>> ProblemsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()!)];
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Rooms_created_over_http_with_control_characters_are_400_naming_the_field_and_nothing_is_stored(DatabaseEngine engine)
    {
        var (server, ana, _) = await ArrangeAsync(engine);
        await using var running = server;
        using var __ = ana;

        var team = await ana.PostAsJsonAsync("/api/v1/poker/rooms", new { team = $"Pay{Nul}ments", name = "Refinement" });
        var workItem = await ana.PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Payments", name = "Refinement", workItems = new[] { $"PAY{Nul}-1" } });
        var longWorkItem = await ana.PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Payments", name = "Refinement", workItems = new[] { new string('w', 65) } });
        var name = await ana.PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Payments", name = $"Refine{Nul}ment" });
        var story = await ana.PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Payments", name = "Refinement", stories = new[] { $"Export{Nul} invoices" } });

        Assert.Equal("A team name holds a control character (U+0000) at character 4; only printable text is stored.", await ErrorAsync(team, "team"));
        Assert.Equal("A work item id holds a control character (U+0000) at character 4; only printable text is stored.", await ErrorAsync(workItem, "workItems"));
        Assert.Equal("A work item id has at most 64 characters.", await ErrorAsync(longWorkItem, "workItems"));
        Assert.Equal("A room name has 1 to 80 characters.", await ErrorAsync(name, "name"));
        Assert.Equal("The story has a title that holds a control character (U+0000) at character 7; only printable text is stored.",
            await ErrorAsync(story, "stories"));
        Assert.Empty((await ana.GetFromJsonAsync<JsonElement>("/api/v1/poker/rooms")).EnumerateArray());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Decks_with_control_characters_or_cards_too_long_to_store_are_refused_naming_what_and_nothing_is_stored(DatabaseEngine engine)
    {
        var (server, ana, _) = await ArrangeAsync(engine);
        await using var running = server;
        using var __ = ana;
        // Four short cards whose numbers, written out, take over 1,000 characters.
        var huge = string.Join(", ", new[] { "S", "M", "L", "XL" }.Select((label, i) => $"{label}={i + 1}{new string('0', 290)}"));

        var name = await ana.PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = $"Siz{Nul}es", cards = "1, 2, 3", id = "sizes" });
        var cards = await ana.PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = "Huge", cards = huge });
        var team = await ana.PostAsJsonAsync("/api/v1/poker/decks", new { team = $"Pay{Nul}ments", name = "Hours", cards = "1, 2, 4" });
        var listed = await ana.GetAsync($"/api/v1/poker/decks?team=Pay{Uri.EscapeDataString(Nul)}ments");

        Assert.Equal(["the deck's name holds a control character (U+0000) at character 4; only printable text is stored"], await ProblemsAsync(name));
        Assert.Equal(["the cards, written out as the deck stores them, are longer than 1000 characters; use smaller numbers or fewer cards"], await ProblemsAsync(cards));
        Assert.Equal("A team name holds a control character (U+0000) at character 4; only printable text is stored.", await ErrorAsync(team, "team"));
        Assert.Equal("A team name holds a control character (U+0000) at character 4; only printable text is stored.", await ErrorAsync(listed, "team"));
        var decks = await ana.GetFromJsonAsync<JsonElement>("/api/v1/poker/decks?team=Payments");
        Assert.All(decks.EnumerateArray(), d => Assert.Equal(JsonValueKind.Null, d.GetProperty("team").ValueKind));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Stories_added_over_the_socket_with_a_nul_or_too_long_get_an_invalid_story_error_and_nothing_is_stored(DatabaseEngine engine)
    {
        var (server, ana, token) = await ArrangeAsync(engine);
        await using var running = server;
        using var __ = ana;
        var created = await ana.PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Payments", name = "Refinement", stories = new[] { "Export invoices" } });
        var room = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await using var socket = await PokerTestClient.JoinAsync(server, token, "Ana", room);

        await socket.SendAsync(new { type = "add_stories", stories = new[] { new { title = $"Retry{Nul} webhooks" } }, @ref = "nul" });
        var nul = await socket.NextErrorAsync();
        await socket.SendAsync(new { type = "add_stories", stories = new[] { new { title = new string('t', 201) } }, @ref = "long" });
        var tooLong = await socket.NextErrorAsync();
        await socket.SendAsync(new { type = "add_stories", text = $"Audit{Nul} log", @ref = "text" });
        var text = await socket.NextErrorAsync();
        await socket.SendAsync(new { type = "add_stories", stories = new[] { new { title = "Rate limits", workItemId = $"W{Nul}1" } }, @ref = "item" });
        var item = await socket.NextErrorAsync();

        Assert.Equal(("invalid_story", "The story has a title that holds a control character (U+0000) at character 6; only printable text is stored.", "nul"),
            (nul.GetProperty("code").GetString(), nul.GetProperty("message").GetString(), nul.GetProperty("ref").GetString()));
        // A listed story's title over 200 characters is refused by the frame's reader, as any field too long is.
        Assert.Equal(("invalid_field", "long"), (tooLong.GetProperty("code").GetString(), tooLong.GetProperty("ref").GetString()));
        Assert.Equal(("invalid_story", "text"), (text.GetProperty("code").GetString(), text.GetProperty("ref").GetString()));
        Assert.Equal(("invalid_story", "item"), (item.GetProperty("code").GetString(), item.GetProperty("ref").GetString()));
        // Nothing changed in the room, and what is stored has only the story it was created with.
        await socket.SendAsync(new { type = "add_stories", stories = new[] { new { title = "Rate limits" } } });
        await socket.NextStateAsync(r => r.GetProperty("stories").GetArrayLength() == 2);
        string snapshot = "";
        for (var i = 0; i < 50 && !snapshot.Contains("Rate limits", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            snapshot = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().PokerRooms.Where(r => r.Id == room).Select(r => r.Snapshot).SingleAsync());
        }
        var titles = JsonDocument.Parse(snapshot).RootElement.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("title").GetString()).ToList();
        Assert.Equal(["Export invoices", "Rate limits"], titles);
    }
}
