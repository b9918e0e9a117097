using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulcrum.Core.Estimation;

namespace Fulcrum.Core.Tests.Estimation;

/// <summary>
/// Protocol 2: the whole view first, then change frames with only what changed; protocol 1 still
/// gets the whole view every time, byte for byte as before (docs/adr/0010-poker-change-frames.md).
/// </summary>
public sealed class PokerChangeFrameTests
{
    private const int Fran = 1, Ana = 2, Bo = 3, Cy = 4;

    /// <summary>Fran facilitates without voting; Ana and Bo speak protocol 2, Cy protocol 1; forty stories.</summary>
    private static Wire Table()
    {
        var wire = new Wire();
        wire.Hello("fran", Fran, "Fran", protocol: 2);
        wire.Hello("ana", Ana, "Ana", protocol: 2);
        wire.Hello("bo", Bo, "Bo", protocol: 2);
        wire.Hello("cy", Cy, "Cy");
        var titles = string.Join(",", Enumerable.Range(1, 40).Select(n => $$"""{"title":"Story {{(char)('A' + n % 26)}}{{(char)('a' + n / 26)}}: a title of a realistic length for a backlog"}"""));
        wire.Send("fran", $$"""{"type":"add_stories","stories":[{{titles}}]}""");
        wire.TakeAll();
        return wire;
    }

    private static string Type(JsonElement frame) => frame.GetProperty("type").GetString()!;

    private static IEnumerable<string> Fields(JsonElement frame) => frame.GetProperty("room").EnumerateObject().Select(p => p.Name);

    [Fact]
    public void A_protocol_1_frame_is_the_whole_view_byte_for_byte_as_the_serialiser_writes_it()
    {
        var wire = new Wire();
        wire.Hello("fran", Fran, "Fran");
        wire.Send("fran", """{"type":"add_stories","stories":[{"title":"Login with ½ SSO \"quoted\" <b>"}]}""");
        var joined = wire.Hello("cy", Cy, "Cy");

        Assert.Equal(Encoding.UTF8.GetString(PokerFrames.State(1, "cy", wire.Room.For(Cy))), Encoding.UTF8.GetString(joined.Frames.Single(f => f.ConnectionId == "cy").Utf8));
        var voted = wire.Send("cy", """{"type":"vote","card":"½","ref":"v\u00e9"}""");
        Assert.Equal(Encoding.UTF8.GetString(PokerFrames.State(2, "vé", wire.Room.For(Cy))), Encoding.UTF8.GetString(voted.Frames.Single(f => f.ConnectionId == "cy").Utf8));
    }

    [Fact]
    public void Protocol_2_gets_the_whole_view_first_then_only_the_fields_that_changed()
    {
        var wire = new Wire();
        var joined = wire.Hello("ana", Ana, "Ana", protocol: 2);
        Assert.Equal(PokerFrames.State(1, "ana", wire.Room.For(Ana)), Assert.Single(joined.Frames).Utf8);

        var wireTable = Table();
        wireTable.Send("bo", """{"type":"vote","card":"8","ref":"b1"}""");
        var frames = wireTable.TakeAll();

        // Bo's own answer and Ana's news: serverTime and current, nothing else; Cy (protocol 1) gets it all.
        var toBo = Assert.Single(frames["bo"]);
        Assert.Equal("change", Type(toBo));
        Assert.Equal("b1", toBo.GetProperty("ref").GetString());
        Assert.Equal(["serverTime", "current"], Fields(toBo));
        Assert.Equal("8", toBo.GetProperty("room").GetProperty("current").GetProperty("rounds")[0].GetProperty("yourVote").GetString());
        var toAna = Assert.Single(frames["ana"]);
        Assert.Equal(["serverTime", "current"], Fields(toAna));
        Assert.Equal(JsonValueKind.Null, toAna.GetProperty("room").GetProperty("current").GetProperty("rounds")[0].GetProperty("yourVote").ValueKind);
        var toCy = Assert.Single(frames["cy"]);
        Assert.Equal("state", Type(toCy));
        Assert.Equal(11, Fields(toCy).Count());
        Assert.True(toAna.GetRawText().Length * 8 < toCy.GetRawText().Length, $"change {toAna.GetRawText().Length} bytes, whole view {toCy.GetRawText().Length}");
        // seq counts every view frame on the connection: hello's state, Bo's and Cy's arrival, add_stories, this one.
        Assert.Equal(5, toAna.GetProperty("seq").GetInt64());

        // The reveal changes the story's status in the list too; a new person changes the participants.
        wireTable.Send("fran", """{"type":"reveal"}""");
        Assert.Equal(["serverTime", "stories", "current"], Fields(wireTable.Take("ana").Single()));
        wireTable.Hello("dee", 5, "Dee", protocol: 2);
        Assert.Equal(["serverTime", "participants"], Fields(wireTable.Take("ana").Single()));
        wireTable.Send("fran", """{"type":"hand_over","personId":2}""");
        Assert.Equal(["serverTime", "you", "facilitatorId", "participants"], Fields(wireTable.Take("ana").Single()));
    }

    [Fact]
    public void Sync_answers_with_the_whole_view_and_its_ref()
    {
        var wire = Table();
        wire.Send("ana", """{"type":"vote","card":"3"}""");
        wire.TakeAll();

        var answer = Assert.Single(wire.Send("ana", """{"type":"sync","ref":"s1"}""").Frames);

        Assert.Equal("ana", answer.ConnectionId);
        var frame = JsonDocument.Parse(answer.Utf8).RootElement;
        Assert.Equal("state", Type(frame));
        Assert.Equal("s1", frame.GetProperty("ref").GetString());
        Assert.Equal(Encoding.UTF8.GetString(PokerFrames.State(frame.GetProperty("seq").GetInt64(), "s1", wire.Room.For(Ana))), Encoding.UTF8.GetString(answer.Utf8));
        Assert.DoesNotContain(wire.TakeAll(), p => p.Key != "ana" && p.Value.Count > 0);
    }

    [Fact]
    public void Change_frames_carry_no_one_elses_vote_before_the_reveal_and_rebuild_the_whole_view()
    {
        var wire = Table();
        var rebuilt = new Dictionary<string, JsonObject>
        {
            ["fran"] = JsonNode.Parse(PokerFrames.State(0, null, wire.Room.For(Fran)))!["room"]!.AsObject(),
            ["ana"] = JsonNode.Parse(PokerFrames.State(0, null, wire.Room.For(Ana)))!["room"]!.AsObject(),
            ["bo"] = JsonNode.Parse(PokerFrames.State(0, null, wire.Room.For(Bo)))!["room"]!.AsObject(),
        };
        var votes = new Dictionary<string, string>();
        foreach (var (voter, card) in new[] { ("ana", "13"), ("bo", "½") })
        {
            wire.Send(voter, $$"""{"type":"vote","card":"{{card}}","ref":"{{voter}}"}""");
            votes[voter] = card;
            foreach (var (to, frames) in wire.TakeAll().Where(p => rebuilt.ContainsKey(p.Key)))
            {
                foreach (var frame in frames)
                {
                    Assert.Equal("change", Type(frame));
                    // Nothing in a change frame to Fran or the other voter names a card played (the
                    // deck, which would, is never in a change frame); one's own card comes back only in yourVote.
                    foreach (var (path, label) in FrameSearch.CardLabelsOutsideDeck(frame, wire.Room.Deck))
                    {
                        Assert.True(path == "$.room.current.rounds[0].yourVote" && votes.GetValueOrDefault(to) == label, $"{to} received '{label}' at {path}");
                    }
                    foreach (var field in frame.GetProperty("room").EnumerateObject())
                    {
                        rebuilt[to][field.Name] = JsonNode.Parse(field.Value.GetRawText());
                    }
                }
            }
        }
        wire.Send("fran", """{"type":"reveal"}""");
        foreach (var (to, frames) in wire.TakeAll().Where(p => rebuilt.ContainsKey(p.Key)))
        {
            foreach (var field in frames.Single().GetProperty("room").EnumerateObject())
            {
                rebuilt[to][field.Name] = JsonNode.Parse(field.Value.GetRawText());
            }
        }

        foreach (var (connection, person) in new[] { ("fran", Fran), ("ana", Ana), ("bo", Bo) })
        {
            var whole = JsonNode.Parse(PokerFrames.State(0, null, wire.Room.For(person)))!["room"]!.AsObject();
            whole.Remove("serverTime");
            rebuilt[connection].Remove("serverTime");
            Assert.True(JsonNode.DeepEquals(whole, rebuilt[connection]), connection);
        }
        var round = rebuilt["fran"]["current"]!["rounds"]![0]!;
        Assert.Equal("revealed", round["status"]!.GetValue<string>());
        Assert.Equal(2, round["votes"]!.AsArray().Count);
    }

    [Fact]
    public void Change_frames_waiting_for_a_slow_client_merge_into_one_that_leaves_the_same_view()
    {
        var wire = Table();
        var held = JsonNode.Parse(PokerFrames.State(0, null, wire.Room.For(Ana)))!["room"]!.AsObject();
        var waiting = new List<ViewFrame>();
        foreach (var command in new[]
        {
            ("bo", """{"type":"vote","card":"8"}"""), ("fran", """{"type":"timer_start","seconds":60}"""), ("bo", """{"type":"clear_vote"}"""),
            ("bo", """{"type":"vote","card":"5"}"""), ("ana", """{"type":"vote","card":"3","ref":"mine"}"""), ("fran", """{"type":"reveal"}"""),
        })
        {
            waiting.AddRange(wire.Send(command.Item1, command.Item2).Frames.Where(f => f.ConnectionId == "ana").Select(f => f.View!));
        }

        var merged = waiting.Aggregate((older, newer) => ViewFrame.Merge(older, newer)!);

        var frame = JsonNode.Parse(merged.Compose())!.AsObject();
        Assert.Equal("change", frame["type"]!.GetValue<string>());
        Assert.Equal(waiting[^1].Seq, frame["seq"]!.GetValue<long>());
        Assert.Equal("mine", frame["ref"]!.GetValue<string>());
        foreach (var (name, value) in frame["room"]!.AsObject())
        {
            held[name] = value?.DeepClone();
        }
        var whole = JsonNode.Parse(PokerFrames.State(0, null, wire.Room.For(Ana)))!["room"]!.AsObject();
        whole.Remove("serverTime");
        held.Remove("serverTime");
        Assert.True(JsonNode.DeepEquals(whole, held), held.ToJsonString());

        // Two answers to the client's own frames each keep their ref, so they stay apart; protocol 1 frames are never merged.
        Assert.Null(ViewFrame.Merge(waiting[4], waiting[4] with { Ref = "other" }));
        var cy = wire.Send("bo", """{"type":"revote"}""").Frames.Concat(wire.Send("fran", """{"type":"revote"}""").Frames).Where(f => f.ConnectionId == "cy").Select(f => f.View!).ToList();
        Assert.NotEmpty(cy);
        Assert.Null(ViewFrame.Merge(cy[0], cy[0]));
    }
}
