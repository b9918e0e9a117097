using Fulcrum.Core.Estimation;
using static Fulcrum.Core.Tests.Estimation.PokerTable;

namespace Fulcrum.Core.Tests.Estimation;

public sealed class PokerPresenceTests
{
    private static bool Present(PokerRoom room, int personId) =>
        room.For(personId).Participants.Single(p => p.PersonId == personId).Present;

    [Fact]
    public void Reconnecting_after_a_drop_finds_the_vote_still_there()
    {
        var table = new PokerTable(2, stories: ["A"]);
        Accepted(table.Room.Vote(2, "13"));

        Accepted(table.Room.Disconnect(Connection(2)));
        Assert.False(Present(table.Room, 2));
        Assert.Equal([2], table.CurrentRound(3).Voted);           // the others still see that 2 has voted
        var back = table.Room.Connect("p2-after-refresh", 2, "Voter 2");

        Accepted(back);
        Assert.Contains(2, back.ChangedFor);
        Assert.Equal("13", table.CurrentRound(2).YourVote);
        Assert.True(Present(table.Room, 2));
    }

    [Fact]
    public void Reconnecting_keeps_the_role_chosen_at_first_join()
    {
        var table = new PokerTable(1);
        Accepted(table.Room.Connect("o1", 8, "Olive", PokerRole.Observer));
        Accepted(table.Room.Disconnect("o1"));

        Accepted(table.Room.Connect("o2", 8, "Olive", PokerRole.Voter));

        Assert.Equal(PokerRole.Observer, table.Room.For(8).You.Role);
    }

    [Fact]
    public void Two_tabs_are_one_participant_present_until_the_last_closes()
    {
        var table = new PokerTable(2, stories: ["A"]);

        var secondTab = table.Room.Connect("p2-tab2", 2, "Voter 2");
        Assert.Empty(secondTab.ChangedFor);                        // nobody's view changes
        Assert.False(secondTab.StateChanged);
        Assert.Equal(2, table.Room.ConnectionsOf(2).Count);
        Assert.Equal(3, table.Room.For(Fran).Participants.Count);

        Accepted(table.Room.Vote(2, "5"));
        var closeOne = table.Room.Disconnect(Connection(2));
        Assert.Empty(closeOne.ChangedFor);
        Assert.True(Present(table.Room, 2));
        Assert.Equal("5", table.CurrentRound(2).YourVote);

        var closeLast = table.Room.Disconnect("p2-tab2");
        Assert.Equal([1, 2, 3], closeLast.ChangedFor);
        Assert.False(closeLast.StateChanged);                      // presence is not persisted
        Assert.False(Present(table.Room, 2));
        Assert.Empty(table.Room.Disconnect("p2-tab2").ChangedFor); // closing twice is harmless
    }

    [Fact]
    public void The_facilitator_hands_over_to_someone_present()
    {
        var table = new PokerTable(2, stories: ["A"]);

        Accepted(table.Room.HandOver(Fran, 3));

        Assert.Equal(3, table.Room.FacilitatorId);
        Assert.True(table.Room.For(3).You.Facilitator);
        Assert.False(table.Room.For(Fran).You.Facilitator);
        Rejected(PokerErrorCodes.NotFacilitator, table.Room.Reveal(Fran));
        Accepted(table.Room.Vote(Fran, "5"));                      // Fran still votes
    }

    [Fact]
    public void A_facilitator_gone_for_the_grace_period_hands_over_to_the_longest_present_voter()
    {
        var table = new PokerTable(0, stories: ["A"]);
        Accepted(table.Room.Connect("obs", 8, "Olive", PokerRole.Observer));
        table.Clock.Advance(TimeSpan.FromSeconds(5));
        Accepted(table.Room.Connect("v3", 3, "Bo"));
        table.Clock.Advance(TimeSpan.FromSeconds(5));
        Accepted(table.Room.Connect("v2", 2, "Ana"));

        Accepted(table.Room.Disconnect(Connection(Fran)));
        table.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(table.Room.Tick().ChangedFor);
        Assert.Equal(Fran, table.Room.FacilitatorId);

        table.Clock.Advance(TimeSpan.FromSeconds(1));
        var handOver = table.Room.Tick();

        Assert.Equal([1, 2, 3, 8], handOver.ChangedFor);
        Assert.True(handOver.StateChanged);
        Assert.Equal(3, table.Room.FacilitatorId);                 // Bo: here longer than Ana; Olive observes
        Assert.Empty(table.Room.Tick().ChangedFor);
    }

    [Fact]
    public void A_facilitator_back_within_the_grace_period_keeps_the_role()
    {
        var table = new PokerTable(2, stories: ["A"]);
        Accepted(table.Room.Disconnect(Connection(Fran)));
        table.Clock.Advance(TimeSpan.FromSeconds(20));
        Accepted(table.Room.Connect("fran-again", Fran, "Fran"));
        table.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(table.Room.Tick().ChangedFor);
        Assert.Equal(Fran, table.Room.FacilitatorId);
    }

    [Fact]
    public void With_only_observers_present_an_observer_takes_over_and_with_nobody_nothing_happens()
    {
        var table = new PokerTable(0, stories: ["A"]);
        Accepted(table.Room.Disconnect(Connection(Fran)));
        table.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(table.Room.Tick().ChangedFor);                // an empty room keeps its facilitator

        Accepted(table.Room.Connect("obs", 8, "Olive", PokerRole.Observer));
        table.Clock.Advance(TimeSpan.FromSeconds(30));
        Accepted(table.Room.Tick());

        Assert.Equal(8, table.Room.FacilitatorId);
    }

    [Fact]
    public void A_team_gathering_before_the_facilitator_arrives_waits_the_grace_period_from_its_arrival()
    {
        var clock = new ManualClock();
        var room = PokerRoom.Create("r", 1, "Planning", Deck.Fibonacci, 1, "Fran", clock);
        clock.Advance(TimeSpan.FromDays(1));                       // the room was prepared the day before
        Accepted(room.Connect("a", 2, "Ana"));

        Assert.Empty(room.Tick().ChangedFor);
        clock.Advance(TimeSpan.FromSeconds(30));
        Accepted(room.Tick());

        Assert.Equal(2, room.FacilitatorId);
    }

    [Fact]
    public void A_facilitator_who_leaves_on_purpose_hands_over_at_once()
    {
        var table = new PokerTable(2, stories: ["A"]);
        Accepted(table.Room.Connect("fran-tab2", Fran, "Fran"));

        Accepted(table.Room.Leave("fran-tab2"));
        Assert.Equal(Fran, table.Room.FacilitatorId);               // another tab is still open
        var left = table.Room.Leave(Connection(Fran));

        Assert.True(left.StateChanged);
        Assert.Equal(2, table.Room.FacilitatorId);
    }

    [Fact]
    public void A_voter_who_leaves_keeps_a_cast_vote_in_the_round()
    {
        var table = new PokerTable(2, stories: ["A"]);
        Accepted(table.Room.Vote(2, "5"));
        Accepted(table.Room.Leave(Connection(2)));
        Accepted(table.Room.Vote(3, "8"));
        Accepted(table.Room.Vote(Fran, "5"));

        Assert.Equal([1, 2, 3], table.CurrentRound(3).Votes!.Select(v => v.PersonId));
    }

    [Fact]
    public void A_custom_grace_period_is_honoured()
    {
        var clock = new ManualClock();
        var room = PokerRoom.Create("r", 1, "Planning", Deck.Fibonacci, 1, "Fran", clock,
            settings: new PokerRoomSettings(TimeSpan.FromMinutes(2)));
        Accepted(room.Connect("f", 1, "Fran"));
        Accepted(room.Connect("a", 2, "Ana"));
        Accepted(room.Disconnect("f"));

        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Empty(room.Tick().ChangedFor);
        clock.Advance(TimeSpan.FromSeconds(30));
        Accepted(room.Tick());
        Assert.Equal(2, room.FacilitatorId);
    }
}
