using System.Text.Json;
using Fulcrum.Core.Estimation;
using static Fulcrum.Core.Estimation.PokerErrorCodes;

namespace Fulcrum.Core.Tests.Estimation;

/// <summary>The protocol as clients see it: frames in, frames out, per connection.</summary>
public sealed class PokerProtocolTests
{
    private const int Fran = 1, Ana = 2, Bo = 3, Cy = 4, Olive = 8;

    /// <summary>Fran facilitates without voting; Ana (two tabs), Bo and Cy vote; Olive observes; stories A and B.</summary>
    private static Wire Table()
    {
        var wire = new Wire();
        wire.Hello("fran", Fran, "Fran");
        wire.Hello("ana-1", Ana, "Ana");
        wire.Hello("ana-2", Ana, "Ana");
        wire.Hello("bo", Bo, "Bo");
        wire.Hello("cy", Cy, "Cy");
        wire.Hello("olive", Olive, "Olive", "observer");
        wire.Send("fran", """{"type":"add_stories","stories":[{"title":"A"},{"title":"B"}]}""");
        wire.TakeAll();
        return wire;
    }

    private static string Type(JsonElement frame) => frame.GetProperty("type").GetString()!;

    private static JsonElement CurrentRound(JsonElement frame) =>
        frame.GetProperty("room").GetProperty("current").GetProperty("rounds").EnumerateArray().Last();

    /// <summary>
    /// Before reveal, the only card label a frame may carry outside the deck is the recipient's own
    /// vote, in the current round's yourVote.
    /// </summary>
    private static void AssertNoOtherVotes(Wire wire, Dictionary<string, List<JsonElement>> frames, Dictionary<int, string> votes)
    {
        foreach (var (connection, list) in frames)
        {
            var person = wire.PersonOf[connection];
            foreach (var frame in list)
            {
                foreach (var (path, label) in FrameSearch.CardLabelsOutsideDeck(frame, wire.Room.Deck))
                {
                    Assert.True(path.EndsWith(".yourVote", StringComparison.Ordinal) && votes.GetValueOrDefault(person) == label,
                        $"{connection} (person {person}) received '{label}' at {path}");
                }
            }
        }
    }

    [Fact]
    public void No_vote_value_reaches_another_client_before_reveal()
    {
        var wire = Table();
        var votes = new Dictionary<int, string>();
        var lastSeen = new Dictionary<string, JsonElement>();

        void Vote(string connection, string card)
        {
            wire.Send(connection, $$"""{"type":"vote","card":"{{card}}"}""");
            votes[wire.PersonOf[connection]] = card;
            var frames = wire.TakeAll();
            AssertNoOtherVotes(wire, frames, votes);
            foreach (var (to, list) in frames.Where(p => p.Value.Count > 0))
            {
                lastSeen[to] = list[^1];
            }
        }

        Vote("ana-1", "13");
        Vote("bo", "½");
        Vote("ana-2", "20");                  // changed from the other tab
        Vote("bo", "☕");
        Assert.Equal("open", CurrentRound(lastSeen["olive"]).GetProperty("status").GetString());
        Assert.Equal([Ana, Bo], CurrentRound(lastSeen["olive"]).GetProperty("voted").EnumerateArray().Select(v => v.GetInt32()));

        wire.Send("cy", """{"type":"vote","card":"3"}""");      // the last present voter: reveal

        foreach (var connection in new[] { "fran", "ana-1", "ana-2", "bo", "cy", "olive" })
        {
            var round = CurrentRound(wire.Last(connection));
            Assert.Equal("revealed", round.GetProperty("status").GetString());
            Assert.Equal(["20", "☕", "3"], round.GetProperty("votes").EnumerateArray().Select(v => v.GetProperty("card").GetString()));
        }
    }

    [Fact]
    public void A_changed_vote_sends_nothing_to_anyone_else()
    {
        var wire = Table();
        wire.Send("ana-1", """{"type":"vote","card":"5"}""");
        wire.TakeAll();

        wire.Send("ana-1", """{"type":"vote","card":"8","ref":"change"}""");
        var frames = wire.TakeAll();

        Assert.Equal(["ana-1", "ana-2"], frames.Where(p => p.Value.Count > 0).Select(p => p.Key).Order());
        Assert.Equal("change", frames["ana-1"].Single().GetProperty("ref").GetString());
        Assert.Equal(JsonValueKind.Null, frames["ana-2"].Single().GetProperty("ref").ValueKind);
        Assert.Equal("8", CurrentRound(frames["ana-2"].Single()).GetProperty("yourVote").GetString());
    }

    [Fact]
    public void A_client_that_reconnects_gets_the_full_snapshot_with_its_own_vote()
    {
        var wire = Table();
        wire.Send("bo", """{"type":"vote","card":"13"}""");
        wire.TakeAll();
        wire.Drop("bo");
        var afterDrop = wire.TakeAll();
        Assert.Single(afterDrop["fran"]);                       // presence changed for the others
        Assert.False(afterDrop["fran"][0].GetProperty("room").GetProperty("participants").EnumerateArray()
            .Single(p => p.GetProperty("personId").GetInt32() == Bo).GetProperty("present").GetBoolean());

        wire.Hello("bo-again", Bo, "Bo", reference: "resume");

        var first = wire.Take("bo-again").First();
        Assert.Equal(("state", 1L, "resume"), (Type(first), first.GetProperty("seq").GetInt64(), first.GetProperty("ref").GetString()));
        Assert.Equal("13", CurrentRound(first).GetProperty("yourVote").GetString());
        Assert.Contains(Bo, CurrentRound(first).GetProperty("voted").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public void A_second_tab_shares_the_vote_and_closing_one_tab_tells_nobody()
    {
        var wire = Table();
        wire.Send("ana-1", """{"type":"vote","card":"2"}""");
        var frames = wire.TakeAll();
        Assert.Equal("2", CurrentRound(frames["ana-2"].Single()).GetProperty("yourVote").GetString());
        Assert.Equal([Ana], CurrentRound(frames["bo"].Single()).GetProperty("voted").EnumerateArray().Select(v => v.GetInt32()));

        wire.Drop("ana-1");

        Assert.All(wire.TakeAll().Values, list => Assert.Empty(list));
        Assert.True(wire.Room.IsPresent(Ana));
    }

    [Fact]
    public void A_facilitator_who_leaves_hands_over_and_is_disconnected()
    {
        var wire = Table();

        var result = wire.Send("fran", """{"type":"leave"}""");

        Assert.Equal(["fran"], result.Close);
        Assert.True(result.SaveRoom);
        var frames = wire.TakeAll();
        Assert.Empty(frames["fran"]);
        Assert.Equal(Ana, frames["bo"].Single().GetProperty("room").GetProperty("facilitatorId").GetInt32());
        Assert.True(frames["ana-2"].Single().GetProperty("room").GetProperty("you").GetProperty("facilitator").GetBoolean());
    }

    [Fact]
    public void A_late_vote_racing_the_reveal_gets_an_error_and_nobody_else_hears_of_it()
    {
        var wire = Table();
        wire.Send("ana-1", """{"type":"vote","card":"5"}""");
        wire.Send("bo", """{"type":"vote","card":"8"}""");
        wire.Send("fran", """{"type":"reveal"}""");
        wire.TakeAll();
        var snapshot = wire.Room.Snapshot().ToJson();

        wire.Send("cy", """{"type":"vote","card":"100","storyId":1,"round":1,"ref":"late"}""");

        var frames = wire.TakeAll();
        var error = frames["cy"].Single();
        Assert.Equal(("error", VotingClosed, "late"),
            (Type(error), error.GetProperty("code").GetString(), error.GetProperty("ref").GetString()));
        Assert.All(frames.Where(p => p.Key != "cy"), p => Assert.Empty(p.Value));
        Assert.Equal(snapshot, wire.Room.Snapshot().ToJson());
        Assert.DoesNotContain(wire.Closed, c => c == "cy");
    }

    [Fact]
    public void Bad_frames_get_error_frames_and_the_connection_stays_open()
    {
        var wire = Table();
        (string Frame, string Code, string? Ref)[] cases =
        [
            ("{\"type\":\"vote\",", MalformedJson, null),
            ("{\"type\":\"ping\"}" + new string(' ', PokerLimits.MaxFrameBytes), FrameTooLarge, null),
            ("""{"type":"dance","ref":"d"}""", UnknownType, "d"),
            ("""{"type":"vote","ref":"v"}""", MissingField, "v"),
            ("""{"type":"vote","card":"7","ref":"v7"}""", CardNotInDeck, "v7"),
            ("""{"type":"vote","card":"5","voter":3,"ref":"imp"}""", NotYourVote, "imp"),
            ("""{"type":"reveal","ref":"rv"}""", NotFacilitator, "rv"),
            ("""{"type":"hello","protocol":1,"room":"room-1","ref":"h"}""", AlreadyJoined, "h"),
        ];
        foreach (var (frame, code, reference) in cases)
        {
            var result = wire.Send("ana-1", frame);
            var reply = wire.TakeAll();
            var error = Assert.Single(reply["ana-1"]);
            Assert.Equal(("error", code), (Type(error), error.GetProperty("code").GetString()));
            Assert.Equal(reference, error.GetProperty("ref").GetString());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            Assert.Empty(result.Close);
            Assert.False(result.SaveRoom);
            Assert.All(reply.Where(p => p.Key != "ana-1"), p => Assert.Empty(p.Value));
        }

        wire.Send("olive", """{"type":"vote","card":"5","ref":"o"}""");
        Assert.Equal(ObserverCannotVote, wire.Take("olive").Single().GetProperty("code").GetString());

        wire.Send("ana-1", """{"type":"vote","card":"5","ref":"ok"}""");
        Assert.Equal("state", Type(wire.Last("ana-1")));
    }

    [Fact]
    public void A_connection_that_has_not_said_hello_is_asked_to()
    {
        var wire = Table();
        wire.Inbox["stranger"] = [];

        wire.Send("stranger", """{"type":"vote","card":"5","ref":"s"}""");

        var error = wire.Take("stranger").Single();
        Assert.Equal((HelloRequired, "s"), (error.GetProperty("code").GetString(), error.GetProperty("ref").GetString()));
    }

    [Fact]
    public void Every_accepted_frame_is_answered_on_its_connection_with_its_ref_and_a_rising_seq()
    {
        var wire = Table();

        wire.Send("bo", """{"type":"vote","card":"5","ref":"a"}""");
        wire.Send("bo", """{"type":"vote","card":"5","ref":"b"}""");   // the same card: nothing changes, still answered
        wire.Send("bo", """{"type":"ping","ref":"c"}""");

        var frames = wire.Take("bo");
        Assert.Equal([("state", "a"), ("state", "b"), ("pong", "c")], frames.Select(f => (Type(f), f.GetProperty("ref").GetString())));
        var seqs = frames.Take(2).Select(f => f.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs[0] + 1, seqs[1]);
        Assert.True(seqs[0] > 1);                                       // hello, later joins and add_stories came first
    }

    [Fact]
    public void An_accepted_estimate_comes_back_for_the_work_item_and_the_room_is_to_be_saved()
    {
        var wire = Table();
        wire.Send("ana-1", """{"type":"vote","card":"5"}""");
        wire.Send("bo", """{"type":"vote","card":"5"}""");
        wire.Send("cy", """{"type":"vote","card":"8"}""");

        var result = wire.Send("fran", """{"type":"accept","card":"5"}""");

        Assert.True(result.SaveRoom);
        Assert.Equal(("5", 3), (result.Estimate!.Card, result.Estimate.FirstRound.NumericVotes.Count));
    }

    [Fact]
    public void A_join_the_room_refuses_gets_an_error_and_the_connection_is_closed()
    {
        var wire = Table();
        for (var tab = 3; tab <= PokerLimits.MaxConnectionsPerPerson; tab++)
        {
            wire.Hello($"ana-{tab}", Ana, "Ana");
        }
        wire.TakeAll();

        var result = wire.Hello("ana-one-too-many", Ana, "Ana", reference: "join");

        Assert.Equal(["ana-one-too-many"], result.Close);
        var error = wire.Take("ana-one-too-many").Single();
        Assert.Equal((TooManyConnections, "join"), (error.GetProperty("code").GetString(), error.GetProperty("ref").GetString()));
        Assert.All(wire.TakeAll().Values, list => Assert.Empty(list));
    }

    [Fact]
    public void The_grace_period_hand_over_reaches_everyone_through_tick()
    {
        var wire = Table();
        wire.Drop("fran");
        wire.TakeAll();
        wire.Clock.Advance(TimeSpan.FromSeconds(31));

        var result = wire.Deliver(wire.Session.Tick());

        Assert.True(result.SaveRoom);
        Assert.Equal(Ana, wire.Last("cy").GetProperty("room").GetProperty("facilitatorId").GetInt32());
    }
}
