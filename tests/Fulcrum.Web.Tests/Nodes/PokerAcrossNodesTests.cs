using System.Diagnostics;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Estimation;
using Fulcrum.Web.Tests.Estimation;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Nodes;

/// <summary>
/// A poker room whose owner dies (docs/adr/0014): node A, a real <c>fulcrum serve</c> process, runs
/// the room and is killed with SIGKILL mid-round; node B, where one voter sits, takes the room over
/// from the database, and those who were on A reconnect to B and find it as it was.
/// (Wire privacy with people on two nodes: <see cref="PokerSocketTests"/>, its two-node cases.)
/// </summary>
public sealed class PokerAcrossNodesTests
{
    private static readonly Dictionary<string, string?> ShortLease = new() { ["Fulcrum:Estimation:NodeLease"] = "00:00:03" };

    private static JsonElement LastRound(JsonElement room) => room.GetProperty("current").GetProperty("rounds").EnumerateArray().Last();

    private static IEnumerable<string> Voted(JsonElement room) =>
        LastRound(room).GetProperty("voted").EnumerateArray().Select(v => v.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static bool Present(JsonElement room, string name) =>
        room.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("present").GetBoolean();

    [Fact]
    public async Task Killing_the_node_that_runs_a_room_mid_round_moves_it_to_another_within_seconds_with_every_vote_kept()
    {
        var (b, token, room) = await PokerSocketTests.ArrangeAsync(TestDatabases.NewPostgres(), settings: ShortLease);
        await using var nodeB = b;
        await using var a = await ServeProcess.StartAsync(b.Database, ShortLease);

        // Ana says hello first, on A: A runs the room. Ben is on A too, Caro on B.
        var ana = await PokerTestClient.JoinAsync(a.BaseAddress, token["Ana"], "Ana", room);
        var ben = await PokerTestClient.JoinAsync(a.BaseAddress, token["Ben"], "Ben", room);
        await using var caro = await PokerTestClient.JoinAsync(b, token["Caro"], "Caro", room);
        Assert.Equal(0, Hub(b).OwnedRooms);
        await ben.SendAsync(new { type = "vote", card = "13" });
        await ben.NextStateAsync(r => Voted(r).Count() == 1);
        await caro.SendAsync(new { type = "vote", card = "5" });
        var voted = await caro.NextStateAsync(r => Voted(r).Count() == 2);
        Assert.Equal("5", LastRound(voted).GetProperty("yourVote").GetString());

        // A dies mid-round: no save, no goodbye. Its sockets just break.
        var killed = Stopwatch.StartNew();
        await a.KillAsync();
        await ana.DisposeAsync();
        await ben.DisposeAsync();

        // B notices within the lease (3 s) and a second, takes the room, and Caro, still connected,
        // gets the whole room again: both votes there, Ana and Ben away until they reconnect.
        var moved = await caro.NextAsync(IsNewOwnersFirst, timeout: TimeSpan.FromSeconds(20));
        killed.Stop();
        Assert.False(Present(moved.GetProperty("room"), "Ana"));
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(10), $"the room moved {killed.Elapsed.TotalSeconds:0.0} s after the kill");
        Assert.Equal(1, Hub(b).OwnedRooms);
        var round = LastRound(moved.GetProperty("room"));
        Assert.Equal("open", round.GetProperty("status").GetString());
        Assert.Equal(2, round.GetProperty("voted").GetArrayLength());
        Assert.Equal("5", round.GetProperty("yourVote").GetString());

        // Ben reconnects (to B: A is gone) and finds his own vote, and not Caro's.
        await using var benAgain = await PokerTestClient.JoinAsync(b, token["Ben"], "Ben", room);
        var benView = JsonDocument.Parse(Assert.Single(benAgain.Frames)).RootElement.GetProperty("room");
        Assert.Equal(2, Voted(benView).Count());
        Assert.Equal("13", LastRound(benView).GetProperty("yourVote").GetString());
        Assert.All(benAgain.Frames, f => Assert.DoesNotContain("\"card\":\"5\"", f));

        // Ana comes back and votes: the round reveals itself with all three votes.
        await using var anaAgain = await PokerTestClient.JoinAsync(b, token["Ana"], "Ana", room);
        await anaAgain.SendAsync(new { type = "vote", card = "8" });
        foreach (var client in new[] { anaAgain, benAgain, caro })
        {
            var revealed = await client.NextStateAsync(r => LastRound(r).GetProperty("status").GetString() == "revealed");
            var cards = LastRound(revealed).GetProperty("votes").EnumerateArray().Select(v => v.GetProperty("card").GetString()).Order().ToList();
            Assert.Equal(["13", "5", "8"], cards);
        }
    }

    [Fact]
    public async Task When_a_node_with_sockets_in_a_room_run_elsewhere_dies_its_people_show_as_away_and_keep_their_votes()
    {
        var (b, token, room) = await PokerSocketTests.ArrangeAsync(TestDatabases.NewPostgres(), settings: ShortLease);
        await using var nodeB = b;
        await using var a = await ServeProcess.StartAsync(b.Database, ShortLease);

        // Ana on B runs the room; Ben sits on A, votes, and A dies.
        await using var ana = await PokerTestClient.JoinAsync(b, token["Ana"], "Ana", room);
        var ben = await PokerTestClient.JoinAsync(a.BaseAddress, token["Ben"], "Ben", room);
        await ana.NextStateAsync(r => Present(r, "Ben"));
        await ben.SendAsync(new { type = "vote", card = "8" });
        await ben.NextStateAsync(r => Voted(r).Count() == 1);
        await a.KillAsync();
        await ben.DisposeAsync();

        var away = await ana.NextStateAsync(r => !Present(r, "Ben"));
        Assert.Single(Voted(away));
        Assert.Equal(1, Hub(b).OwnedRooms);

        // Ben comes back on B: present again, his vote still his.
        await using var benAgain = await PokerTestClient.JoinAsync(b, token["Ben"], "Ben", room);
        var back = JsonDocument.Parse(Assert.Single(benAgain.Frames)).RootElement.GetProperty("room");
        Assert.Equal("8", LastRound(back).GetProperty("yourVote").GetString());
        Assert.True(Present(await ana.NextStateAsync(r => Present(r, "Ben")), "Ben"));
    }

    [Fact]
    public async Task A_node_that_stops_cleanly_hands_its_rooms_over_at_once_not_after_the_lease()
    {
        // The default lease (6 s): the room must move well before it runs out.
        var (a, token, room) = await PokerSocketTests.ArrangeAsync(TestDatabases.NewPostgres());
        await using var nodeB = await FulcrumServer.StartAsync(a.Database);
        var ana = await PokerTestClient.JoinAsync(a, token["Ana"], "Ana", room);
        await using var caro = await PokerTestClient.JoinAsync(nodeB, token["Caro"], "Caro", room);
        await ana.SendAsync(new { type = "vote", card = "3" });
        await caro.NextStateAsync(r => Voted(r).Count() == 1);

        var stopping = Stopwatch.StartNew();
        await a.DisposeAsync();
        await ana.DisposeAsync();
        var moved = await caro.NextAsync(IsNewOwnersFirst, timeout: TimeSpan.FromSeconds(20));
        stopping.Stop();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"the room moved {stopping.Elapsed.TotalSeconds:0.0} s after the stop began");
        Assert.Equal(1, Hub(nodeB).OwnedRooms);
        Assert.Single(Voted(moved.GetProperty("room")));
        Assert.False(Present(moved.GetProperty("room"), "Ana"));
    }

    /// <summary>The first frame from the room's new node: the whole view, counted from 1 again (docs/poker-protocol.md).</summary>
    private static bool IsNewOwnersFirst(JsonElement frame) =>
        frame.GetProperty("type").GetString() == "state" && frame.GetProperty("seq").GetInt64() == 1;

    private static PokerHub Hub(FulcrumServer server) => server.App.Services.GetRequiredService<PokerHub>();
}
