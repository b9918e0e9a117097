using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Estimation;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Estimation;

/// <summary>
/// The poker protocol through the real server and real sockets: every frame each client receives
/// is recorded, so the tests can show that no vote reached anyone else before the reveal.
/// </summary>
public sealed class PokerSocketTests
{
    internal sealed record Arranged(FulcrumServer Server, Dictionary<string, string> Token, string Room);

    /// <summary>Team "Payments" with Ana (facilitator), Ben and Caro; Olga is in another team.</summary>
    internal static async Task<Arranged> ArrangeAsync(DatabaseTarget? database = null, bool facilitatorVotes = true, TimeProvider? clock = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var server = await FulcrumServer.StartAsync(database ?? TestDatabases.NewSqlite(), clock: clock, settings: settings);
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var payments = new Team { Name = "Payments" };
            var search = new Team { Name = "Search" };
            db.Teams.AddRange(payments, search);
            foreach (var (name, team) in new[] { ("Ana", payments), ("Ben", payments), ("Caro", payments), ("Olga", search) })
            {
                db.People.Add(new Person { Name = name, Email = $"{name.ToLowerInvariant()}@example.com", Team = team });
            }
            return await db.SaveChangesAsync();
        });
        var token = new Dictionary<string, string>();
        foreach (var name in new[] { "Ana", "Ben", "Caro", "Olga" })
        {
            token[name] = await server.CreateTokenAsync($"{name.ToLowerInvariant()}@example.com", Roles.Member);
        }
        var created = await server.CreateClient(token["Ana"]).PostAsJsonAsync("/api/v1/poker/rooms",
            new { team = "Payments", name = "Refinement", deck = "modified-fibonacci", facilitatorVotes, stories = new[] { "Export invoices\nRetry webhooks" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var room = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return new Arranged(server, token, room);
    }

    private static JsonElement LastRound(JsonElement room) =>
        room.TryGetProperty("current", out var current) ? current.GetProperty("rounds").EnumerateArray().Last() : throw new InvalidOperationException("No current in " + room);

    private static bool Revealed(JsonElement room) => LastRound(room).GetProperty("status").GetString() == "revealed";

    private static int VotedCount(JsonElement room) => LastRound(room).GetProperty("voted").GetArrayLength();

    /// <summary>
    /// One server, or (<paramref name="nodes"/> 2) two nodes on one PostgreSQL database, Ana on the
    /// first (which so runs the room) and Ben and Caro on the second (docs/adr/0014): the same checks.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task No_frame_to_anyone_else_carries_a_vote_before_the_reveal_and_the_reveal_reaches_everyone(int nodes)
    {
        var (server, token, room) = await ArrangeAsync(nodes == 2 ? TestDatabases.NewPostgres() : null);
        await using var running = server;
        await using var other = nodes == 2 ? await FulcrumServer.StartAsync(server.Database) : null;
        await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
        await using var ben = await PokerTestClient.JoinAsync(other ?? server, token["Ben"], "Ben", room);
        await using var caro = await PokerTestClient.JoinAsync(other ?? server, token["Caro"], "Caro", room);

        await ben.SendAsync(new { type = "vote", card = "13" });
        var benOwn = await ben.NextStateAsync(r => VotedCount(r) == 1);
        Assert.Equal("13", LastRound(benOwn).GetProperty("yourVote").GetString());
        await caro.SendAsync(new { type = "vote", card = "½" });
        await ana.NextStateAsync(r => VotedCount(r) == 2);
        var beforeReveal = (Ana: ana.Frames, Caro: caro.Frames);
        await ana.SendAsync(new { type = "vote", card = "3" });

        // Everyone present has voted: the round reveals itself, for all three.
        foreach (var client in new[] { ana, ben, caro })
        {
            var revealed = await client.NextStateAsync(Revealed);
            var round = LastRound(revealed);
            Assert.Equal("automatic", round.GetProperty("revealedBy").GetString());
            var statistics = round.GetProperty("statistics");
            Assert.Equal(3.0, statistics.GetProperty("median").GetDouble());
            Assert.Equal(3, statistics.GetProperty("votes").GetInt32());
            Assert.False(statistics.GetProperty("consensus").GetBoolean());
        }

        // Before the reveal Ana and Caro saw that Ben voted, never what: no frame names his card.
        Assert.NotEmpty(beforeReveal.Ana);
        foreach (var frame in beforeReveal.Ana.Concat(beforeReveal.Caro))
        {
            Assert.DoesNotContain("\"card\":\"13\"", frame);
            Assert.DoesNotContain("\"yourVote\":\"13\"", frame);
        }
        Assert.DoesNotContain(beforeReveal.Ana, f => f.Contains("\"yourVote\":\"½\"", StringComparison.Ordinal));
        if (other is not null)
        {
            // One node ran the room: the first, where Ana said hello first.
            Assert.Equal((1, 0), (Hub(server).OwnedRooms, Hub(other).OwnedRooms));
        }
    }

    private static PokerHub Hub(FulcrumServer server) => server.App.Services.GetRequiredService<PokerHub>();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Protocol_2_change_frames_carry_no_one_elses_vote_before_the_reveal_and_rebuild_the_whole_view(int nodes)
    {
        var (server, token, room) = await ArrangeAsync(nodes == 2 ? TestDatabases.NewPostgres() : null);
        await using var running = server;
        await using var other = nodes == 2 ? await FulcrumServer.StartAsync(server.Database) : null;
        await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room, protocol: 2);
        await using var ben = await PokerTestClient.JoinAsync(other ?? server, token["Ben"], "Ben", room, protocol: 2);
        await using var caro = await PokerTestClient.JoinAsync(other ?? server, token["Caro"], "Caro", room, protocol: 2);
        static int Voted(System.Text.Json.Nodes.JsonObject view) => view["current"]!["rounds"]!.AsArray()[^1]!["voted"]!.AsArray().Count;

        await ben.SendAsync(new { type = "vote", card = "13" });
        await ben.NextViewAsync(v => Voted(v) == 1);
        await caro.SendAsync(new { type = "vote", card = "½" });
        await ana.NextViewAsync(v => Voted(v) == 2);
        await ben.NextViewAsync(v => Voted(v) == 2);
        var (anaBefore, benBefore, caroBefore) = (ana.Frames, ben.Frames, caro.Frames);
        var beforeReveal = anaBefore.Concat(benBefore).Concat(caroBefore).ToList();
        await ana.SendAsync(new { type = "vote", card = "3" });

        // Before the reveal: change frames, each far smaller than the whole view, and none to
        // anyone else names Ben's or Caro's card (½ is written \u00BD in JSON).
        var changes = beforeReveal.Where(f => f.Contains("\"type\":\"change\"", StringComparison.Ordinal)).ToList();
        Assert.True(changes.Count >= 6, string.Join("\n", beforeReveal));
        Assert.All(changes, f => Assert.True(f.Length < 1024, f));
        Assert.DoesNotContain("\"deck\"", string.Concat(changes));
        foreach (var frame in anaBefore.Concat(caroBefore))
        {
            Assert.DoesNotContain("\"card\":\"13\"", frame);
            Assert.DoesNotContain("\"yourVote\":\"13\"", frame);
        }
        foreach (var frame in anaBefore.Concat(benBefore).Where(f => !f.Contains("\"type\":\"state\"", StringComparison.Ordinal)))
        {
            // Only a state frame (the deck) may write ½.
            Assert.DoesNotContain("\\u00BD", frame, StringComparison.OrdinalIgnoreCase);
        }

        // The reveal reaches everyone, and each view rebuilt from the frames is the whole view the
        // server sends when asked (sync), but for the time it was sent.
        foreach (var client in new[] { ana, ben, caro })
        {
            var rebuilt = await client.NextViewAsync(v => v["current"]!["rounds"]!.AsArray()[^1]!["status"]!.GetValue<string>() == "revealed");
            await client.SendAsync(new { type = "sync", @ref = "check" });
            var whole = System.Text.Json.Nodes.JsonNode.Parse((await client.NextAsync(f => f.GetProperty("type").GetString() == "state")).GetProperty("room").GetRawText())!.AsObject();
            rebuilt.Remove("serverTime");
            whole.Remove("serverTime");
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(whole, rebuilt), $"{client.Name}:\n{rebuilt.ToJsonString()}\n{whole.ToJsonString()}");
            Assert.Equal(3, whole["current"]!["rounds"]![0]!["votes"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task A_vote_survives_a_dropped_connection_and_a_second_tab_sees_it_too()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;
        await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
        var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);
        await using var benTab = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben's second tab", room);

        await ben.SendAsync(new { type = "vote", card = "8" });
        var inOtherTab = await benTab.NextStateAsync(r => LastRound(r).GetProperty("yourVote").ValueKind == JsonValueKind.String);
        Assert.Equal("8", LastRound(inOtherTab).GetProperty("yourVote").GetString());

        ben.Abort();
        await ben.DisposeAsync();
        await using var back = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben again", room);
        var snapshot = JsonDocument.Parse(back.Frames[0]).RootElement.GetProperty("room");
        Assert.Equal("8", LastRound(snapshot).GetProperty("yourVote").GetString());
        Assert.Equal(1, VotedCount(snapshot));
        Assert.DoesNotContain(ana.Frames, f => f.Contains("\"card\":\"8\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_frames_get_a_clear_error_and_the_connection_stays_usable()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;
        await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
        await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);

        await ben.SendRawAsync("{not json");
        Assert.Equal("malformed_json", (await ben.NextErrorAsync()).GetProperty("code").GetString());
        await ben.SendBytesAsync(new byte[40_000]);
        var tooLarge = await ben.NextErrorAsync();
        Assert.Equal("frame_too_large", tooLarge.GetProperty("code").GetString());
        await ben.SendAsync(new { type = "vote", card = "4", @ref = "v1" });
        var notInDeck = await ben.NextErrorAsync();
        Assert.Equal(("card_not_in_deck", "v1"), (notInDeck.GetProperty("code").GetString(), notInDeck.GetProperty("ref").GetString()));
        await ben.SendAsync(new { type = "vote", card = "5", voter = 1 });
        Assert.Equal("not_your_vote", (await ben.NextErrorAsync()).GetProperty("code").GetString());
        await ben.SendAsync(new { type = "reveal" });
        Assert.Equal("not_facilitator", (await ben.NextErrorAsync()).GetProperty("code").GetString());

        await ben.SendAsync(new { type = "ping", @ref = "still-there" });
        Assert.Equal("still-there", (await ben.NextAsync(f => f.GetProperty("type").GetString() == "pong")).GetProperty("ref").GetString());

        // After the reveal a late vote is refused and the revealed round stays as it was.
        await ben.SendAsync(new { type = "vote", card = "5" });
        // Ben's vote and Ana's reveal travel on different sockets: the reveal waits for the vote, or
        // it may arrive first and be refused (no_votes).
        await ben.NextStateAsync(r => LastRound(r).GetProperty("yourVote").GetString() == "5");
        await ana.SendAsync(new { type = "reveal" });
        await ben.NextStateAsync(Revealed);
        await ben.SendAsync(new { type = "vote", card = "8" });
        Assert.Equal("voting_closed", (await ben.NextErrorAsync()).GetProperty("code").GetString());
        await ana.SendAsync(new { type = "ping" });
        await ana.NextAsync(f => f.GetProperty("type").GetString() == "pong");
        var final = JsonDocument.Parse(ana.Frames.Last(f => f.Contains("\"type\":\"state\"", StringComparison.Ordinal))).RootElement.GetProperty("room");
        var votes = LastRound(final).GetProperty("votes").EnumerateArray().Select(v => v.GetProperty("card").GetString()).ToList();
        Assert.Equal(["5"], votes);
        Assert.Single(LastRound(final).GetProperty("missing").EnumerateArray()); // Ana herself
    }

    [Fact]
    public async Task A_lone_surrogate_escape_is_malformed_json_and_the_connection_stays_usable()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;
        await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);

        await ben.SendRawAsync("""{"type":"vote","card":"\ud800","ref":"half"}""");
        var error = await ben.NextErrorAsync();
        Assert.Equal("malformed_json", error.GetProperty("code").GetString());
        Assert.Equal("The frame has a \\u escape that is half of a surrogate pair, so it is not valid text.", error.GetProperty("message").GetString());

        await ben.SendAsync(new { type = "vote", card = "5", @ref = "whole" });
        var voted = await ben.NextAsync(f => f.GetProperty("type").GetString() == "state" && f.GetProperty("ref").GetString() == "whole");
        Assert.Equal("5", LastRound(voted.GetProperty("room")).GetProperty("yourVote").GetString());
    }

    [Fact]
    public async Task A_first_frame_other_than_hello_is_answered_hello_required_and_the_connection_closed()
    {
        var (server, token, _) = await ArrangeAsync();
        await using var running = server;
        await using var early = await PokerTestClient.ConnectAsync(server, token["Ben"], "Ben");

        await early.SendAsync(new { type = "ping", @ref = "p" });

        var error = await early.NextErrorAsync();
        Assert.Equal(("hello_required", "p"), (error.GetProperty("code").GetString(), error.GetProperty("ref").GetString()));
        await early.WaitClosedAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, early.CloseStatus);
        Assert.DoesNotContain(early.Frames, f => f.Contains("\"pong\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_first_frame_over_the_limit_is_answered_frame_too_large_and_the_connection_closed()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;
        await using var big = await PokerTestClient.ConnectAsync(server, token["Ben"], "Ben");

        await big.SendRawAsync($$"""{"type":"hello","protocol":1,"room":"{{room}}","padding":"{{new string('x', 20_000)}}"}""");

        var error = await big.NextErrorAsync();
        Assert.Equal("frame_too_large", error.GetProperty("code").GetString());
        Assert.Equal("A frame may have at most 16384 bytes.", error.GetProperty("message").GetString());
        await big.WaitClosedAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, big.CloseStatus);
    }

    [Fact]
    public async Task Text_that_is_not_utf8_closes_the_connection_with_1007_and_the_person_is_away()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;
        await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
        await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);

        await ben.SendBytesAsync([.. "{\"type\":\"vote\",\"card\":\""u8, 0xC3, 0x28, .. "\"}"u8]);

        await ben.WaitClosedAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.InvalidPayloadData, ben.CloseStatus);
        Assert.DoesNotContain(ben.Frames, f => f.Contains("\"error\"", StringComparison.Ordinal));
        await ana.NextStateAsync(r => r.GetProperty("participants").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Ben" && !p.GetProperty("present").GetBoolean()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_binary_frame_closes_the_connection_with_1003(bool joined)
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;
        await using var ben = joined ? await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room) : await PokerTestClient.ConnectAsync(server, token["Ben"], "Ben");
        var before = ben.Frames.Count;

        await ben.SendBinaryAsync(System.Text.Encoding.UTF8.GetBytes("""{"type":"ping","ref":"b"}"""));

        await ben.WaitClosedAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.InvalidMessageType, ben.CloseStatus);
        Assert.Equal("Frames must be text messages holding JSON.", ben.CloseStatusDescription);
        Assert.Equal(before, ben.Frames.Count);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_closed_with_1008_and_reconnecting_gives_it_a_fresh_view()
    {
        // A small send queue, and stories long enough to make each view tens of kilobytes, so the
        // socket's buffers and then the queue fill within about eighty frames.
        var (server, token, room) = await ArrangeAsync(settings: new Dictionary<string, string?> { ["Fulcrum:Estimation:SendQueueFrames"] = "16" });
        await using var running = server;
        await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
        await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);
        for (var batch = 0; batch < 5; batch++)
        {
            var titles = Enumerable.Range(0, 50).Select(i => $"Story {batch * 50 + i:000} " + new string('x', 180));
            await ana.SendAsync(new { type = "add_stories", text = string.Join('\n', titles), @ref = $"add{batch}" });
            await ana.NextAsync(f => f.GetProperty("type").GetString() == "state" && f.GetProperty("ref").GetString() == $"add{batch}");
        }

        ana.PauseReading();
        const int changes = 160;
        for (var i = 1; i <= changes; i++)
        {
            // Each vote or withdrawal changes what Ana sees (who has voted): one frame for her each time.
            await ben.SendAsync(i % 2 == 1 ? new { type = "vote", card = "5", @ref = $"c{i}" } : (object)new { type = "clear_vote", @ref = $"c{i}" });
            await ben.NextAsync(f => f.GetProperty("ref").GetString() == $"c{i}");
        }
        var readBefore = ana.Frames.Count;
        ana.ResumeReading();

        await ana.WaitClosedAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, ana.CloseStatus);
        Assert.Equal("Frames were not read in time; reconnect for a fresh view.", ana.CloseStatusDescription);
        Assert.True(ana.Frames.Count - readBefore < changes, $"Ana read {ana.Frames.Count - readBefore} of the {changes} frames after resuming; some should have been dropped.");

        // Reconnecting gives the room as it is now: Ben's last change was a withdrawal.
        await using var back = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana again", room);
        var fresh = JsonDocument.Parse(back.Frames[0]).RootElement;
        Assert.Equal(1, fresh.GetProperty("seq").GetInt64());
        Assert.Equal(0, VotedCount(fresh.GetProperty("room")));
    }

    [Fact]
    public async Task A_protocol_2_client_that_reads_slowly_gets_merged_change_frames_and_ends_with_the_right_view()
    {
        // As above, but Ben speaks protocol 2: change frames waiting for him merge, so the small
        // queue never fills and he is not closed; he reads fewer frames and ends with the same room.
        // Each story added changes his story list, tens of kilobytes, so the socket's buffers fill.
        var (server, token, room) = await ArrangeAsync(settings: new Dictionary<string, string?> { ["Fulcrum:Estimation:SendQueueFrames"] = "16" });
        await using var running = server;
        await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
        await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room, protocol: 2);
        for (var batch = 0; batch < 2; batch++)
        {
            var titles = Enumerable.Range(0, 50).Select(i => $"Story {batch * 50 + i:000} " + new string('x', 180));
            await ana.SendAsync(new { type = "add_stories", text = string.Join('\n', titles), @ref = $"add{batch}" });
            await ana.NextAsync(f => f.GetProperty("type").GetString() == "state" && f.GetProperty("ref").GetString() == $"add{batch}");
        }
        await ben.NextViewAsync(v => v["stories"]!.AsArray().Count == 102);

        ben.PauseReading();
        const int changes = 150;
        for (var i = 1; i <= changes; i++)
        {
            await ana.SendAsync(new { type = "add_stories", text = $"Late story {i:000} " + new string('y', 180), @ref = $"late{i}" });
            await ana.NextAsync(f => f.GetProperty("type").GetString() == "state" && f.GetProperty("ref").GetString() == $"late{i}");
        }
        var readBefore = ben.Frames.Count;
        ben.ResumeReading();

        var rebuilt = await ben.NextViewAsync(v => v["stories"]!.AsArray().Count == 102 + changes);
        Assert.False(ben.Closed);
        Assert.True(ben.Frames.Count - readBefore < changes, $"Ben read {ben.Frames.Count - readBefore} frames for {changes} changes; waiting ones should have merged.");
        await ben.SendAsync(new { type = "sync", @ref = "check" });
        var whole = JsonNode.Parse((await ben.NextAsync(f => f.GetProperty("type").GetString() == "state")).GetProperty("room").GetRawText())!.AsObject();
        rebuilt.Remove("serverTime");
        whole.Remove("serverTime");
        Assert.True(JsonNode.DeepEquals(whole, rebuilt));
    }

    [Fact]
    public async Task Stopping_the_server_saves_the_rooms_then_closes_open_sockets_within_seconds()
    {
        var database = TestDatabases.NewSqlite();
        // Saves only at shutdown, so the vote below survives only if the shutdown saved it.
        var (server, token, room) = await ArrangeAsync(database, settings: new Dictionary<string, string?> { ["Fulcrum:Estimation:SaveInterval"] = "00:00:30" });
        await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
        await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);
        await ben.SendAsync(new { type = "vote", card = "8" });
        await ben.NextStateAsync(r => VotedCount(r) == 1);
        await using var lurker = await PokerTestClient.ConnectAsync(server, token["Caro"], "Caro (no hello yet)");

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await server.DisposeAsync();
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Stopping took {stopwatch.Elapsed}.");
        foreach (var client in new[] { ana, ben, lurker })
        {
            await client.WaitClosedAsync();
            Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
            Assert.Equal("The server is restarting; reconnect.", client.CloseStatusDescription);
        }
        await using var restarted = await FulcrumServer.StartAsync(database);
        await using var benAgain = await PokerTestClient.JoinAsync(restarted, token["Ben"], "Ben", room);
        Assert.Equal("8", LastRound(JsonDocument.Parse(benAgain.Frames[0]).RootElement.GetProperty("room")).GetProperty("yourVote").GetString());
    }

    [Fact]
    public async Task Unknown_rooms_and_other_teams_are_refused_and_the_socket_closed()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;

        await using var lost = await PokerTestClient.ConnectAsync(server, token["Ben"], "Ben");
        await lost.SendAsync(new { type = "hello", protocol = 1, room = "no-such-room" });
        Assert.Equal("unknown_room", (await lost.NextErrorAsync()).GetProperty("code").GetString());
        await lost.WaitClosedAsync();

        await using var outsider = await PokerTestClient.ConnectAsync(server, token["Olga"], "Olga");
        await outsider.SendAsync(new { type = "hello", protocol = 1, room });
        Assert.Equal("not_a_member", (await outsider.NextErrorAsync()).GetProperty("code").GetString());
        await outsider.WaitClosedAsync();

        await using var rude = await PokerTestClient.ConnectAsync(server, token["Ben"], "Ben");
        await rude.SendAsync(new { type = "vote", card = "5" });
        Assert.Equal("hello_required", (await rude.NextErrorAsync()).GetProperty("code").GetString());
        await rude.WaitClosedAsync();
    }

    [Fact]
    public async Task A_socket_without_sign_in_or_from_another_site_is_refused()
    {
        var (server, token, _) = await ArrangeAsync();
        await using var running = server;

        var anonymous = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => PokerTestClient.ConnectAsync(server, "not-a-token", "nobody"));
        Assert.Contains("401", anonymous.Message);
        var crossSite = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() =>
            PokerTestClient.ConnectAsync(server, token["Ben"], "Ben", origin: "https://evil.example"));
        Assert.Contains("403", crossSite.Message);

        // The socket is served ahead of the rest of the pipeline; its refusals are still the API's ProblemDetails.
        using var nobody = server.CreateClient();
        var unsigned = await nobody.GetAsync("/api/v1/poker/socket");
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("Authentication required", (await unsigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        using var ben = server.CreateClient(token["Ben"]);
        var plain = await ben.GetAsync("/api/v1/poker/socket");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Equal("Not a WebSocket request", (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_account_linked_to_no_person_gets_403_from_every_poker_endpoint_and_the_socket()
    {
        var (server, _, room) = await ArrangeAsync();
        await using var running = server;
        var token = await server.CreateTokenAsync("contractor@example.com", Roles.Member);
        using var client = server.CreateClient(token);

        HttpResponseMessage[] refused =
        [
            await client.GetAsync("/api/v1/poker/rooms"),
            await client.PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Payments", name = "Mine" }),
            await client.GetAsync($"/api/v1/poker/rooms/{room}/work-items"),
            await client.GetAsync($"/api/v1/poker/rooms/{room}/reference-stories"),
            await client.GetAsync("/api/v1/poker/decks?team=Payments"),
            await client.PostAsJsonAsync("/api/v1/poker/decks", new { team = "Payments", name = "Mine", cards = "1, 2" }),
            await client.DeleteAsync("/api/v1/poker/decks/mine?team=Payments"),
        ];
        var socket = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => PokerTestClient.ConnectAsync(server, token, "contractor"));

        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("Not linked to a person", Me.NotLinked), (problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()));
        }
        Assert.Contains("403", socket.Message);
        Assert.Single(await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().PokerRooms.ToListAsync()));
    }

    [Fact]
    public async Task When_the_facilitator_is_gone_past_the_grace_period_a_present_voter_takes_over()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var (server, token, room) = await ArrangeAsync(clock: clock);
        await using var running = server;
        var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
        await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);
        await using var caro = await PokerTestClient.JoinAsync(server, token["Caro"], "Caro", room);
        var benId = JsonDocument.Parse(ben.Frames[0]).RootElement.GetProperty("room").GetProperty("you").GetProperty("personId").GetInt32();

        await ana.DisposeAsync();
        await ben.NextStateAsync(r => r.GetProperty("participants").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Ana" && !p.GetProperty("present").GetBoolean()));
        clock.Advance(TimeSpan.FromSeconds(31));

        var handedOver = await ben.NextStateAsync(r => r.GetProperty("facilitatorId").GetInt32() == benId);
        Assert.True(handedOver.GetProperty("you").GetProperty("facilitator").GetBoolean());
        await caro.NextStateAsync(r => r.GetProperty("facilitatorId").GetInt32() == benId);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_vote_rewrites_only_the_open_round_and_survives_a_restart(DatabaseEngine engine)
    {
        var database = TestDatabases.New(engine);
        var (server, token, room) = await ArrangeAsync(database);
        string snapshotBefore;
        await using (server)
        {
            await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
            await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);
            var hub = server.App.Services.GetRequiredService<PokerHub>();
            await hub.SaveAsync(CancellationToken.None);
            snapshotBefore = (await StoredAsync(server, room)).Snapshot;

            await ben.SendAsync(new { type = "vote", card = "8" });
            await ana.NextStateAsync(r => VotedCount(r) == 1);
            await hub.SaveAsync(CancellationToken.None);

            var stored = await StoredAsync(server, room);
            Assert.Equal(snapshotBefore, stored.Snapshot);
            var benId = JsonDocument.Parse(ben.Frames[0]).RootElement.GetProperty("room").GetProperty("you").GetProperty("personId").GetInt32();
            Assert.Contains($"{{\"personId\":{benId},\"card\":\"8\"}}", stored.OpenRound);
        }

        await using var restarted = await FulcrumServer.StartAsync(database);
        await using var back = await PokerTestClient.JoinAsync(restarted, token["Ben"], "Ben", room);
        Assert.Equal("8", LastRound(JsonDocument.Parse(back.Frames[0]).RootElement.GetProperty("room")).GetProperty("yourVote").GetString());
    }

    private static Task<PokerRoomRecord> StoredAsync(FulcrumServer server, string room) =>
        server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().PokerRooms.AsNoTracking().SingleAsync(r => r.Id == room));

    [Fact]
    public async Task A_room_survives_a_server_restart_and_an_accepted_estimate_is_written_to_its_work_item()
    {
        var database = TestDatabases.NewSqlite();
        var (server, token, room) = await ArrangeAsync(database);
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var team = await db.Teams.SingleAsync(t => t.Name == "Payments");
            db.WorkItems.Add(new Features.Delivery.WorkItem { ExternalId = "PAY-7", Title = "Refund by CSV", Kind = "story", TeamId = team.Id, ReceivedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        await using (server)
        {
            await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
            await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);
            await ben.SendAsync(new { type = "vote", card = "8" });
            await ben.NextStateAsync(r => VotedCount(r) == 1);
            await ana.SendAsync(new { type = "add_stories", stories = new[] { new { title = "Refund by CSV", workItemId = "PAY-7" } } });
            await ana.NextStateAsync(r => r.GetProperty("stories").GetArrayLength() == 3);
            await server.App.Services.GetRequiredService<PokerHub>().SaveAsync(CancellationToken.None);
        }

        await using var restarted = await FulcrumServer.StartAsync(database);
        await using (var ana = await PokerTestClient.JoinAsync(restarted, token["Ana"], "Ana", room))
        await using (var ben = await PokerTestClient.JoinAsync(restarted, token["Ben"], "Ben", room))
        {
            var snapshot = JsonDocument.Parse(ben.Frames[0]).RootElement.GetProperty("room");
            Assert.Equal("8", LastRound(snapshot).GetProperty("yourVote").GetString());
            Assert.Equal(3, snapshot.GetProperty("stories").GetArrayLength());

            // Estimate the work item's story: select it, vote, reveal, accept.
            var storyId = snapshot.GetProperty("stories").EnumerateArray().Single(s => s.GetProperty("workItemId").GetString() == "PAY-7").GetProperty("id").GetInt32();
            await ana.SendAsync(new { type = "select_story", storyId });
            await ben.NextStateAsync(r => r.GetProperty("current").GetProperty("id").GetInt32() == storyId);
            await ben.SendAsync(new { type = "vote", card = "5" });
            await ana.SendAsync(new { type = "vote", card = "5" });
            await ana.NextStateAsync(Revealed);
            await ana.SendAsync(new { type = "accept", card = "5" });
            await ana.NextStateAsync(r => r.GetProperty("current").GetProperty("finalEstimate").GetString() == "5");
            await restarted.App.Services.GetRequiredService<PokerHub>().SaveAsync(CancellationToken.None);
        }

        var (estimate, unit, record) = await restarted.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var item = await db.WorkItems.SingleAsync(i => i.ExternalId == "PAY-7");
            return (item.Estimate, item.EstimateUnit, await db.EstimateRecords.SingleAsync(e => e.WorkItemId == item.Id));
        });
        Assert.Equal((5.0, "points"), (estimate, unit));
        Assert.Equal(("5", 1, "modified-fibonacci"), (record.Card, record.Rounds, record.DeckId));
        Assert.Contains("\"numericVotes\":[5,5]", record.History);

        // Once the item is finished, calibration knows it was estimated in poker.
        await restarted.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var item = await db.WorkItems.SingleAsync(i => i.ExternalId == "PAY-7");
            (item.StartedAt, item.DoneAt) = (DateTime.UtcNow.AddDays(-4), DateTime.UtcNow.AddDays(-1));
            return await db.SaveChangesAsync();
        });
        var calibration = await restarted.CreateClient(token["Ana"]).GetFromJsonAsync<JsonElement>("/api/v1/estimation/calibration?team=Payments");
        var deck = Assert.Single(calibration.GetProperty("decks").EnumerateArray());
        Assert.Equal("Only 1 finished item estimated in planning poker; the rate needs at least 3.",
            deck.GetProperty("firstRoundConsensus").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Rooms_are_created_for_ones_own_team_only_and_listed_to_its_members()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;

        var olga = server.CreateClient(token["Olga"]);
        var refused = await olga.PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Payments", name = "Sneaky" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var unknownDeck = await server.CreateClient(token["Ben"]).PostAsJsonAsync("/api/v1/poker/rooms", new { team = "Payments", name = "X", deck = "tarot" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownDeck.StatusCode);
        Assert.Contains("There is no deck 'tarot'", await unknownDeck.Content.ReadAsStringAsync());

        var benRooms = await server.CreateClient(token["Ben"]).GetFromJsonAsync<JsonElement>("/api/v1/poker/rooms");
        Assert.Equal([room], benRooms.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var olgaRooms = await olga.GetFromJsonAsync<JsonElement>("/api/v1/poker/rooms");
        Assert.Equal(0, olgaRooms.GetArrayLength());

        // The room's team's open work items, to pick stories from: not for other teams.
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var payments = await db.Teams.SingleAsync(t => t.Name == "Payments");
            db.WorkItems.Add(new Features.Delivery.WorkItem { ExternalId = "PAY-1", Title = "Open one", Kind = "story", TeamId = payments.Id, ReceivedAt = DateTime.UtcNow });
            db.WorkItems.Add(new Features.Delivery.WorkItem
            {
                ExternalId = "PAY-2", Title = "Done one", Kind = "story", TeamId = payments.Id, ReceivedAt = DateTime.UtcNow,
                Estimate = 5, EstimateUnit = "points", StartedAt = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc), DoneAt = new DateTime(2026, 3, 5, 12, 0, 0, DateTimeKind.Utc),
            });
            return await db.SaveChangesAsync();
        });
        var items = await server.CreateClient(token["Ben"]).GetFromJsonAsync<JsonElement>($"/api/v1/poker/rooms/{room}/work-items");
        Assert.Equal(["PAY-1"], items.EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await olga.GetAsync($"/api/v1/poker/rooms/{room}/work-items")).StatusCode);

        // Reference stories: the finished 5-pointer, with the 3.5 days it took.
        var references = await server.CreateClient(token["Ben"]).GetFromJsonAsync<JsonElement>($"/api/v1/poker/rooms/{room}/reference-stories");
        var five = Assert.Single(references.EnumerateArray());
        Assert.Equal("5", five.GetProperty("card").GetString());
        var story = Assert.Single(five.GetProperty("stories").EnumerateArray());
        Assert.Equal(("Done one", 3.5), (story.GetProperty("title").GetString(), story.GetProperty("cycleDays").GetDouble()));
        Assert.Equal(HttpStatusCode.NotFound, (await olga.GetAsync($"/api/v1/poker/rooms/{room}/reference-stories")).StatusCode);
    }
}
