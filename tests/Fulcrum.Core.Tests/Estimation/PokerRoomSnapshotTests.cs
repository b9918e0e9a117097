using Fulcrum.Core.Estimation;
using static Fulcrum.Core.Tests.Estimation.PokerTable;

namespace Fulcrum.Core.Tests.Estimation;

public sealed class PokerRoomSnapshotTests
{
    /// <summary>A room with a bit of everything: accepted, revealed, open and pending stories, a timer, an observer, a custom deck.</summary>
    private static PokerTable BusyTable()
    {
        var deck = Deck.Parse("Hours", "1, 2, 4, 8, 16, ?, ☕", "team-7-hours").Deck!;
        var table = new PokerTable(3, deck, stories: ["Accepted one", "Revealed one", "Open one", "Pending one"]);
        Accepted(table.Room.Connect("obs", 8, "Olive", PokerRole.Observer));
        Accepted(table.Room.Vote(Fran, "2"));
        Accepted(table.Room.Vote(2, "?"));
        Accepted(table.Room.Reveal(Fran));
        Accepted(table.Room.Revote(Fran));
        foreach (var id in new[] { 1, 2, 3, 4 })
        {
            Accepted(table.Room.Vote(id, "4"));
        }
        table.Clock.Advance(TimeSpan.FromMinutes(3));
        Accepted(table.Room.Accept(Fran, "4"));
        Accepted(table.Room.NextStory(Fran));
        Accepted(table.Room.Vote(3, "16"));
        Accepted(table.Room.Reveal(Fran));
        Accepted(table.Room.NextStory(Fran));
        Accepted(table.Room.Vote(4, "1"));
        Accepted(table.Room.StartTimer(Fran, 120));
        Accepted(table.Room.HandOver(Fran, 2));
        return table;
    }

    [Fact]
    public void A_snapshot_restores_exactly()
    {
        var table = BusyTable();
        var json = table.Room.Snapshot().ToJson();

        var restored = PokerRoom.Restore(PokerRoomSnapshot.FromJson(json), table.Clock);

        Assert.Equal(json, restored.Snapshot().ToJson());
        Assert.Equal(2, restored.FacilitatorId);
        Assert.Equal("team-7-hours", restored.Deck.Id);
    }

    [Fact]
    public void After_a_restart_everyone_reconnects_to_the_same_room_and_their_votes()
    {
        var table = BusyTable();
        var restored = PokerRoom.Restore(PokerRoomSnapshot.FromJson(table.Room.Snapshot().ToJson()), table.Clock);
        Assert.All(restored.For(4).Participants, p => Assert.False(p.Present));

        foreach (var id in restored.ParticipantIds)
        {
            Accepted(restored.Connect($"new-{id}", id, id == 8 ? "Olive" : id == Fran ? "Fran" : $"Voter {id}"));
        }

        foreach (var id in restored.ParticipantIds)
        {
            var before = table.Room.For(id);
            var after = restored.For(id);
            Assert.Equal(Json(before), Json(after));
        }
        Assert.Equal("1", restored.For(4).Current!.Rounds[^1].YourVote);
        Accepted(restored.Vote(2, "8"));
        Assert.Equal(StoryStatus.Revealed, restored.For(2).Stories[1].Status);
    }

    [Fact]
    public void After_a_restart_the_facilitator_has_the_full_grace_period_to_come_back()
    {
        var table = BusyTable();
        var restored = PokerRoom.Restore(table.Room.Snapshot(), table.Clock);
        Accepted(restored.Connect("a", 3, "Voter 3"));

        table.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(restored.Tick().ChangedFor);
        Accepted(restored.Connect("f", 2, "Voter 2"));
        table.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(restored.Tick().ChangedFor);
        Assert.Equal(2, restored.FacilitatorId);
    }

    [Fact]
    public void An_accepted_estimate_is_the_same_after_a_restart()
    {
        var table = BusyTable();
        var restored = PokerRoom.Restore(table.Room.Snapshot(), table.Clock);

        var before = table.Room.EstimateOf(1)!;
        var after = restored.EstimateOf(1)!;
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before), System.Text.Json.JsonSerializer.Serialize(after));
        Assert.Equal([2.0], after.FirstRound.NumericVotes);
        Assert.Equal([4.0, 4, 4, 4], after.FinalRound.NumericVotes);
    }

    [Theory]
    [InlineData("\"version\":1", "\"version\":2", "snapshot version 2 is not 1")]
    [InlineData("\"facilitatorId\":2", "\"facilitatorId\":77", "the facilitator is not a participant")]
    [InlineData("{\"personId\":4,\"card\":\"1\"}", "{\"personId\":4,\"card\":\"3\"}", "has a vote '3' that is not in the deck")]
    [InlineData("{\"personId\":4,\"card\":\"1\"}", "{\"personId\":77,\"card\":\"1\"}", "who is not a participant")]
    [InlineData("\"currentStoryId\":3", "\"currentStoryId\":2", "is open on a story that is not current")]
    [InlineData("\"finalEstimate\":\"4\"", "\"finalEstimate\":\"?\"", "has a final estimate that is not an estimate card")]
    public void A_corrupted_snapshot_is_refused_with_the_reason(string find, string replace, string reason)
    {
        var json = BusyTable().Room.Snapshot().ToJson();
        Assert.Contains(find, json);
        var snapshot = PokerRoomSnapshot.FromJson(json.Replace(find, replace));

        var error = Assert.Throws<InvalidDataException>(() => PokerRoom.Restore(snapshot, new ManualClock()));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_vote_asks_to_save_only_the_open_round_and_a_reveal_the_whole_room()
    {
        var table = BusyTable();

        Assert.Equal(RoomSave.OpenRound, table.Room.Vote(3, "8").Save);
        Assert.Equal(RoomSave.OpenRound, table.Room.Vote(3, "2").Save);       // changed
        Assert.Equal(RoomSave.OpenRound, table.Room.ClearVote(3).Save);
        Assert.Equal(RoomSave.None, table.Room.Vote(4, "1").Save);             // the same card again
        Assert.Equal(RoomSave.OpenRound, table.Room.Vote(Fran, "16").Save);
        Assert.Equal(RoomSave.OpenRound, table.Room.Vote(2, "16").Save);
        Assert.Equal(RoomSave.Whole, table.Room.Vote(3, "16").Save);           // the last vote reveals
        Assert.Null(table.Room.OpenRoundSnapshot());
    }

    [Fact]
    public void Votes_saved_after_the_snapshot_are_restored_over_it()
    {
        var table = BusyTable();
        var snapshot = table.Room.Snapshot().ToJson();
        Accepted(table.Room.Vote(3, "8"));
        Accepted(table.Room.Vote(4, "2"));
        Accepted(table.Room.Vote(2, "?"));
        Accepted(table.Room.ClearVote(2));
        var openRound = table.Room.OpenRoundSnapshot()!.ToJson();
        Assert.Equal("""{"storyId":3,"round":1,"votes":[{"personId":3,"card":"8"},{"personId":4,"card":"2"}],"eligible":[1,2,3,4]}""", openRound);

        var restored = PokerRoom.Restore(PokerRoomSnapshot.FromJson(snapshot), table.Clock, OpenRoundSnapshot.FromJson(openRound));

        Assert.Equal(table.Room.Snapshot().ToJson(), restored.Snapshot().ToJson());
        Accepted(restored.Connect("back", 3, "Voter 3"));
        Assert.Equal("8", restored.For(3).Current!.Rounds[^1].YourVote);
    }

    [Fact]
    public void An_open_round_older_than_the_snapshot_is_left_out()
    {
        var table = BusyTable();
        Accepted(table.Room.Vote(3, "8"));
        var openRound = OpenRoundSnapshot.FromJson(table.Room.OpenRoundSnapshot()!.ToJson());
        Accepted(table.Room.Reveal(2));
        Accepted(table.Room.Revote(2));
        var snapshot = table.Room.Snapshot().ToJson();

        var restored = PokerRoom.Restore(PokerRoomSnapshot.FromJson(snapshot), table.Clock, openRound);

        Assert.Equal(snapshot, restored.Snapshot().ToJson());
    }

    [Theory]
    [InlineData("\"card\":\"8\"", "\"card\":\"3\"", "has a vote '3' that is not in the deck")]
    [InlineData("{\"personId\":3,", "{\"personId\":77,", "who is not a voter here")]
    [InlineData("\"eligible\":[1,2,3,4]", "\"eligible\":[1,99]", "names someone who is not a participant")]
    public void A_corrupted_open_round_is_refused_with_the_reason(string find, string replace, string reason)
    {
        var table = BusyTable();
        var snapshot = PokerRoomSnapshot.FromJson(table.Room.Snapshot().ToJson());
        Accepted(table.Room.Vote(3, "8"));
        var json = table.Room.OpenRoundSnapshot()!.ToJson();
        Assert.Contains(find, json);

        var error = Assert.Throws<InvalidDataException>(() => PokerRoom.Restore(snapshot, table.Clock, OpenRoundSnapshot.FromJson(json.Replace(find, replace))));
        Assert.Contains(reason, error.Message);
        Assert.Throws<InvalidDataException>(() => OpenRoundSnapshot.FromJson("{\"storyId\":3}"));
    }

    [Fact]
    public void An_unreadable_snapshot_is_invalid_data()
    {
        Assert.Throws<InvalidDataException>(() => PokerRoomSnapshot.FromJson("{\"version\":"));
        Assert.Throws<InvalidDataException>(() => PokerRoomSnapshot.FromJson("null"));
    }

    [Theory]
    [InlineData("\"participants\":[", "\"players\":[")]                        // a required list missing
    [InlineData("\"name\":\"Fran\"", "\"name\":null")]                        // a required name null
    [InlineData("{\"label\":\"1\",", "{\"label\":null,")]                     // a card without a label
    public void A_snapshot_with_missing_or_null_fields_is_invalid_data(string find, string replace)
    {
        var json = BusyTable().Room.Snapshot().ToJson();
        Assert.Contains(find, json);

        Assert.Throws<InvalidDataException>(() => PokerRoomSnapshot.FromJson(json.Replace(find, replace)));
    }

    private static string Json(RoomView view) => System.Text.Encoding.UTF8.GetString(PokerFrames.State(1, null, view));
}
