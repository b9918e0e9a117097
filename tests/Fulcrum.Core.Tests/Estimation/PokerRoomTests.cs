using Fulcrum.Core.Estimation;
using static Fulcrum.Core.Estimation.PokerErrorCodes;
using static Fulcrum.Core.Tests.Estimation.PokerTable;

namespace Fulcrum.Core.Tests.Estimation;

public sealed class PokerRoomTests
{
    private static void RejectedWithoutChange(PokerTable table, string code, Func<PokerOutcome> command) =>
        RoomFingerprint.AssertRejectedWithoutChange(table.Room, code, command);

    [Fact]
    public void The_first_story_added_becomes_current_and_voting_opens()
    {
        var table = new PokerTable(2);
        Assert.Null(table.Room.For(2).Current);

        Accepted(table.Room.AddStories(Fran, [new("Login page", "W-1"), new("Checkout")]));

        var view = table.Room.For(2);
        Assert.Equal("Login page", view.Current!.Title);
        Assert.Equal("W-1", view.Current.WorkItemId);
        Assert.Equal(StoryStatus.Voting, view.Current.Status);
        Assert.Equal([StoryStatus.Voting, StoryStatus.Pending], view.Stories.Select(s => s.Status));
        var round = Assert.Single(view.Current.Rounds);
        Assert.Equal((1, RoundStatus.Open), (round.Number, round.Status));
    }

    [Fact]
    public void Everyone_present_voting_reveals_the_round_with_its_statistics()
    {
        var table = new PokerTable(3, stories: ["Login page"]);

        Accepted(table.Room.Vote(2, "5"));
        Accepted(table.Room.Vote(3, "8"));
        Accepted(table.Room.Vote(4, "5"));
        Assert.Equal(RoundStatus.Open, table.CurrentRound(2).Status);
        var last = table.Room.Vote(Fran, "5");

        Assert.Equal([1, 2, 3, 4], last.ChangedFor);
        var round = table.CurrentRound(3);
        Assert.Equal(RoundStatus.Revealed, round.Status);
        Assert.Equal(RevealKind.Automatic, round.RevealedBy);
        Assert.Equal([(1, "5"), (2, "5"), (3, "8"), (4, "5")], round.Votes!.Select(v => (v.PersonId, v.Card)));
        Assert.Empty(round.Missing!);
        Assert.True(round.Statistics!.Consensus);
        Assert.Equal([3], round.Statistics.Highest);
    }

    [Fact]
    public void Auto_reveal_waits_only_for_present_voters_and_lists_one_who_left_without_voting()
    {
        var table = new PokerTable(3, stories: ["Login page"]);
        Accepted(table.Room.Vote(4, "3"));
        Accepted(table.Room.Disconnect(Connection(4)));    // voted, then dropped: the vote counts
        Accepted(table.Room.Disconnect(Connection(3)));    // left without voting

        Accepted(table.Room.Vote(2, "5"));
        Assert.Equal(RoundStatus.Open, table.CurrentRound(2).Status);
        Accepted(table.Room.Vote(Fran, "5"));

        var round = table.CurrentRound(2);
        Assert.Equal(RoundStatus.Revealed, round.Status);
        Assert.Equal(RevealKind.Automatic, round.RevealedBy);
        Assert.Equal([1, 2, 4], round.Votes!.Select(v => v.PersonId));
        Assert.Equal([3], round.Missing);
    }

    [Fact]
    public void Someone_leaving_never_reveals_a_round()
    {
        var table = new PokerTable(2, stories: ["Login page"]);
        Accepted(table.Room.Vote(Fran, "5"));
        Accepted(table.Room.Vote(2, "5"));

        Accepted(table.Room.Disconnect(Connection(3)));

        Assert.Equal(RoundStatus.Open, table.CurrentRound(2).Status);
    }

    [Fact]
    public void A_stuck_round_is_revealed_by_the_facilitator_with_the_missing_voters_listed()
    {
        var table = new PokerTable(3, stories: ["Login page"]);
        Accepted(table.Room.Vote(2, "8"));
        Accepted(table.Room.Vote(3, "13"));

        Accepted(table.Room.Reveal(Fran));

        var round = table.CurrentRound(4);
        Assert.Equal(RevealKind.Facilitator, round.RevealedBy);
        Assert.Equal([1, 4], round.Missing);
        Assert.Equal("Only 2 estimates: a consensus needs at least 3 voices.", round.Statistics!.ConsensusReason);
    }

    [Fact]
    public void A_voter_who_arrives_during_the_round_is_waited_for_and_missed_if_silent()
    {
        var table = new PokerTable(1, stories: ["Login page"]);
        Accepted(table.Room.Connect("late", 9, "Latecomer"));
        Accepted(table.Room.Vote(Fran, "3"));
        Accepted(table.Room.Vote(2, "3"));

        Assert.Equal(RoundStatus.Open, table.CurrentRound(2).Status);
        Accepted(table.Room.Reveal(Fran));
        Assert.Equal([9], table.CurrentRound(2).Missing);
    }

    [Fact]
    public void A_re_vote_opens_a_new_round_and_keeps_the_revealed_ones()
    {
        var table = new PokerTable(2, stories: ["Login page"]);
        Accepted(table.Room.Vote(Fran, "2"));
        Accepted(table.Room.Vote(2, "13"));
        Accepted(table.Room.Vote(3, "5"));

        Accepted(table.Room.Revote(Fran));
        Accepted(table.Room.Vote(2, "5"));

        var current = table.Room.For(3).Current!;
        Assert.Equal(StoryStatus.Voting, current.Status);
        Assert.Equal([RoundStatus.Revealed, RoundStatus.Open], current.Rounds.Select(r => r.Status));
        Assert.Equal(["2", "13", "5"], current.Rounds[0].Votes!.Select(v => v.Card));
        Assert.Equal([2], current.Rounds[1].Voted);
        Assert.Null(current.Rounds[1].Votes);
        Assert.Null(current.Rounds[1].YourVote);
        Assert.Equal(2, table.Room.For(3).Stories[0].Rounds);
    }

    [Fact]
    public void Accepting_an_estimate_records_the_history_for_the_work_item_without_names()
    {
        var table = new PokerTable(3);
        Accepted(table.Room.AddStories(Fran, [new("Login page", "W-7")]));
        Accepted(table.Room.Vote(Fran, "2"));
        Accepted(table.Room.Vote(2, "½"));
        Accepted(table.Room.Vote(3, "?"));
        Accepted(table.Room.Vote(4, "13"));
        Accepted(table.Room.Revote(Fran));
        Accepted(table.Room.Vote(Fran, "5"));
        Accepted(table.Room.Vote(2, "3"));
        Accepted(table.Room.Vote(3, "5"));
        Accepted(table.Room.Vote(4, "8"));
        table.Clock.Advance(TimeSpan.FromMinutes(4));

        // The facilitator may accept a card the statistics did not point at.
        var outcome = table.Room.Accept(Fran, "8");

        Accepted(outcome);
        Assert.True(outcome.StateChanged);
        var estimate = outcome.Estimate!;
        Assert.Equal(("W-7", "8", 8.0, "modified-fibonacci"), (estimate.WorkItemId, estimate.Card, estimate.Value!.Value, estimate.DeckId));
        Assert.Equal(ManualClock.Start.AddMinutes(4), estimate.AcceptedAt);
        Assert.Equal(2, estimate.Rounds.Count);
        Assert.Equal([0.5, 2, 13], estimate.FirstRound.NumericVotes);
        Assert.Equal(1, estimate.FirstRound.NonEstimateVotes);
        Assert.Equal([("½", 1), ("2", 1), ("13", 1), ("?", 1)], estimate.FirstRound.Distribution.Select(d => (d.Card, d.Count)));
        Assert.Equal(6, estimate.FirstRound.Spread);
        Assert.False(estimate.FirstRound.Consensus);
        Assert.Equal([3, 5, 5, 8], estimate.FinalRound.NumericVotes);
        Assert.Equal(2, estimate.FinalRound.Spread);
        Assert.Equal(StoryStatus.Accepted, table.Room.For(2).Current!.Status);
        Assert.Equal("8", table.Room.For(2).Stories[0].FinalEstimate);
        var again = table.Room.EstimateOf(1)!;
        Assert.Equal((estimate.Card, estimate.AcceptedAt, 2), (again.Card, again.AcceptedAt, again.Rounds.Count));
    }

    [Fact]
    public void Next_story_skips_accepted_ones_and_comes_back_to_skipped_ones()
    {
        var table = new PokerTable(2, stories: ["A", "B", "C"]);
        Accepted(table.Room.Vote(Fran, "3"));
        Accepted(table.Room.Reveal(Fran));
        Accepted(table.Room.Accept(Fran, "3"));                    // A done
        Accepted(table.Room.NextStory(Fran));                       // B
        Accepted(table.Room.Vote(2, "8"));                          // an unrevealed vote on B...
        Accepted(table.Room.NextStory(Fran));                       // ...is discarded when moving to C

        Assert.Equal("C", table.Room.For(2).Current!.Title);
        Assert.Equal(StoryStatus.Pending, table.Room.For(2).Stories[1].Status);
        Assert.Equal(0, table.Room.For(2).Stories[1].Rounds);

        Accepted(table.Room.NextStory(Fran));                       // back to B, past the accepted A
        var b = table.Room.For(2).Current!;
        Assert.Equal("B", b.Title);
        Assert.Null(Assert.Single(b.Rounds).YourVote);
    }

    [Fact]
    public void When_every_story_is_estimated_next_story_leaves_none_current()
    {
        var table = new PokerTable(2, stories: ["A"]);
        Accepted(table.Room.Vote(Fran, "3"));
        Accepted(table.Room.Reveal(Fran));
        Accepted(table.Room.Accept(Fran, "3"));

        Accepted(table.Room.NextStory(Fran));

        Assert.Null(table.Room.For(2).Current);
        RejectedWithoutChange(table, NoNextStory, () => table.Room.NextStory(Fran));
        Accepted(table.Room.AddStories(Fran, [new("D")]));
        Assert.Equal("D", table.Room.For(2).Current!.Title);
    }

    [Fact]
    public void Stories_nobody_voted_on_can_be_moved_and_removed()
    {
        var table = new PokerTable(2, stories: ["A", "B", "C", "D"]);

        Accepted(table.Room.MoveStory(Fran, 4, 1));
        Assert.Equal(["A", "D", "B", "C"], table.Room.For(2).Stories.Select(s => s.Title));
        Accepted(table.Room.RemoveStory(Fran, 2));
        Assert.Equal(["A", "D", "C"], table.Room.For(2).Stories.Select(s => s.Title));

        Accepted(table.Room.RemoveStory(Fran, 1));                 // the current story, with an open round nobody voted in
        Assert.Equal("D", table.Room.For(2).Current!.Title);
        Accepted(table.Room.SelectStory(Fran, 3));
        Assert.Equal("C", table.Room.For(2).Current!.Title);
    }

    [Fact]
    public void The_timer_shows_a_deadline_and_stops_on_reveal()
    {
        var table = new PokerTable(2, stories: ["A"]);

        Accepted(table.Room.StartTimer(Fran, 90));
        Assert.Equal(new TimerView(ManualClock.Start, ManualClock.Start.AddSeconds(90)), table.Room.For(3).Timer);
        Accepted(table.Room.StopTimer(Fran));
        Assert.Null(table.Room.For(3).Timer);
        Accepted(table.Room.StartTimer(Fran, 60));
        table.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.NotNull(table.Room.For(3).Timer);                   // running out reveals nothing
        Accepted(table.Room.Vote(2, "3"));
        Accepted(table.Room.Reveal(Fran));
        Assert.Null(table.Room.For(3).Timer);
    }

    [Fact]
    public void Changing_a_vote_changes_only_the_voters_view()
    {
        var table = new PokerTable(3, stories: ["A"]);

        Assert.Equal([1, 2, 3, 4], table.Room.Vote(2, "5").ChangedFor);
        var change = table.Room.Vote(2, "8");
        var same = table.Room.Vote(2, "8");

        Assert.Equal([2], change.ChangedFor);
        Assert.Empty(same.ChangedFor);
        Assert.False(same.StateChanged);
        Assert.Equal("8", table.CurrentRound(2).YourVote);
        Assert.Equal([1, 2, 3, 4], table.Room.ClearVote(2).ChangedFor);
        Assert.Empty(table.CurrentRound(3).Voted);
    }

    [Fact]
    public void A_facilitator_who_stops_voting_is_not_waited_for()
    {
        var table = new PokerTable(2, stories: ["A"]);
        Accepted(table.Room.Vote(Fran, "5"));
        Accepted(table.Room.Vote(2, "5"));
        Accepted(table.Room.Vote(3, "?"));
        Accepted(table.Room.Revote(Fran));
        Accepted(table.Room.Vote(Fran, "3"));
        Accepted(table.Room.Vote(2, "5"));

        Accepted(table.Room.SetRole(Fran, PokerRole.Observer));   // withdraws Fran's vote...
        Assert.Equal([2], table.CurrentRound(2).Voted);
        Accepted(table.Room.Vote(3, "5"));                         // ...and 2 and 3 are all the voters now

        var round = table.CurrentRound(2);
        Assert.Equal(RevealKind.Automatic, round.RevealedBy);
        Assert.Equal([2, 3], round.Votes!.Select(v => v.PersonId));
        Assert.True(table.Room.For(Fran).You.Facilitator);
        Assert.Equal(PokerRole.Observer, table.Room.For(Fran).You.Role);
    }

    [Fact]
    public void The_facilitator_can_make_someone_an_observer_which_may_complete_the_round()
    {
        var table = new PokerTable(2, stories: ["A"]);
        Accepted(table.Room.Vote(Fran, "5"));
        Accepted(table.Room.Vote(2, "5"));

        Accepted(table.Room.SetRole(Fran, PokerRole.Observer, 3));

        Assert.Equal(RoundStatus.Revealed, table.CurrentRound(2).Status);
        Assert.Equal(PokerRole.Observer, table.Room.For(3).You.Role);
    }

    // ------------------------------------------------------------------ every rejection

    [Fact]
    public void Votes_are_refused_from_non_members_absent_people_and_observers()
    {
        var table = new PokerTable(2, stories: ["A"]);
        Accepted(table.Room.Connect("obs", 8, "Olive", PokerRole.Observer));
        Accepted(table.Room.Disconnect(Connection(3)));

        RejectedWithoutChange(table, NotInRoom, () => table.Room.Vote(99, "5"));
        RejectedWithoutChange(table, NotInRoom, () => table.Room.Vote(3, "5"));
        RejectedWithoutChange(table, ObserverCannotVote, () => table.Room.Vote(8, "5"));
        RejectedWithoutChange(table, ObserverCannotVote, () => table.Room.ClearVote(8));
        RejectedWithoutChange(table, NotYourVote, () => table.Room.Apply(2, new VoteCommand("5", Voter: 4)));
    }

    [Fact]
    public void Votes_are_refused_for_cards_not_in_the_deck()
    {
        var table = new PokerTable(2, stories: ["A"]);

        RejectedWithoutChange(table, CardNotInDeck, () => table.Room.Vote(2, "7"));
        RejectedWithoutChange(table, CardNotInDeck, () => table.Room.Vote(2, "0.5"));   // the label is ½
        RejectedWithoutChange(table, CardNotInDeck, () => table.Room.Vote(2, ""));
        var message = table.Room.Vote(2, "21").Error!.Message;
        Assert.Equal("'21' is not a card in this deck; play one of 0 ½ 1 2 3 5 8 13 20 40 100 ? ☕.", message);
    }

    [Fact]
    public void Votes_are_refused_without_a_story_after_reveal_and_after_acceptance()
    {
        var table = new PokerTable(2);
        RejectedWithoutChange(table, NoCurrentStory, () => table.Room.Vote(2, "5"));
        RejectedWithoutChange(table, NoCurrentStory, () => table.Room.ClearVote(2));

        Accepted(table.Room.AddStories(Fran, [new("A"), new("B")]));
        Accepted(table.Room.Vote(2, "5"));
        Accepted(table.Room.Reveal(Fran));
        RejectedWithoutChange(table, VotingClosed, () => table.Room.Vote(3, "8"));
        RejectedWithoutChange(table, VotingClosed, () => table.Room.Vote(2, "8"));
        RejectedWithoutChange(table, VotingClosed, () => table.Room.ClearVote(2));

        Accepted(table.Room.Accept(Fran, "5"));
        RejectedWithoutChange(table, StoryAccepted, () => table.Room.Vote(3, "8"));
        RejectedWithoutChange(table, StoryAccepted, () => table.Room.Reveal(Fran));
        RejectedWithoutChange(table, StoryAccepted, () => table.Room.Revote(Fran));
        RejectedWithoutChange(table, StoryAccepted, () => table.Room.Accept(Fran, "8"));
    }

    [Fact]
    public void A_late_vote_racing_the_reveal_is_refused_and_the_revealed_round_stays_as_it_was()
    {
        var table = new PokerTable(3, stories: ["A"]);
        Accepted(table.Room.Vote(Fran, "5"));
        Accepted(table.Room.Vote(2, "5"));
        Accepted(table.Room.Reveal(Fran));                              // the reveal is applied first
        var revealed = table.Frame(Fran);

        var late = table.Room.Vote(3, "13", storyId: 1, round: 1);     // voter 3 pressed a card just before

        Rejected(VotingClosed, late);
        Assert.Equal(revealed, table.Frame(Fran));
        Assert.Equal([1, 2], table.CurrentRound(Fran).Votes!.Select(v => v.PersonId));
        Assert.Equal([3, 4], table.CurrentRound(Fran).Missing);

        // Reveal and re-vote both landed first: the old vote must not slip into the new round.
        Accepted(table.Room.Revote(Fran));
        RejectedWithoutChange(table, StaleRound, () => table.Room.Vote(3, "13", storyId: 1, round: 1));
        Assert.Empty(table.CurrentRound(Fran).Voted);
        Accepted(table.Room.Vote(3, "13", storyId: 1, round: 2));
    }

    [Fact]
    public void A_vote_meant_for_another_story_is_refused()
    {
        var table = new PokerTable(2, stories: ["A", "B"]);
        Accepted(table.Room.NextStory(Fran));

        RejectedWithoutChange(table, StaleRound, () => table.Room.Vote(2, "5", storyId: 1));
    }

    [Fact]
    public void Facilitator_commands_from_anyone_else_are_refused()
    {
        var table = new PokerTable(2, stories: ["A", "B"]);
        Accepted(table.Room.Vote(2, "5"));

        foreach (var command in new Func<PokerOutcome>[]
        {
            () => table.Room.Reveal(2),
            () => table.Room.Revote(2),
            () => table.Room.Accept(2, "5"),
            () => table.Room.NextStory(2),
            () => table.Room.SelectStory(2, 2),
            () => table.Room.AddStories(2, [new("C")]),
            () => table.Room.RemoveStory(2, 2),
            () => table.Room.MoveStory(2, 2, 0),
            () => table.Room.StartTimer(2, 60),
            () => table.Room.StopTimer(2),
            () => table.Room.HandOver(2, 2),
            () => table.Room.SetRole(2, PokerRole.Observer, 3),
        })
        {
            RejectedWithoutChange(table, NotFacilitator, command);
        }
        RejectedWithoutChange(table, NotInRoom, () => table.Room.Reveal(99));
    }

    [Fact]
    public void Round_commands_out_of_order_are_refused()
    {
        var table = new PokerTable(2, stories: ["A"]);

        RejectedWithoutChange(table, NoVotes, () => table.Room.Reveal(Fran));
        RejectedWithoutChange(table, RoundNotRevealed, () => table.Room.Revote(Fran));
        RejectedWithoutChange(table, RoundNotRevealed, () => table.Room.Accept(Fran, "5"));
        Accepted(table.Room.Vote(2, "5"));
        Accepted(table.Room.Reveal(Fran));
        RejectedWithoutChange(table, AlreadyRevealed, () => table.Room.Reveal(Fran));
        RejectedWithoutChange(table, CardNotInDeck, () => table.Room.Accept(Fran, "6"));
        RejectedWithoutChange(table, NotAnEstimate, () => table.Room.Accept(Fran, "?"));
        RejectedWithoutChange(table, NotAnEstimate, () => table.Room.Accept(Fran, "☕"));
        RejectedWithoutChange(table, NoNextStory, () => table.Room.NextStory(Fran));
    }

    [Fact]
    public void A_story_has_at_most_twenty_rounds()
    {
        var table = new PokerTable(1, stories: ["A"]);
        for (var i = 1; i < PokerLimits.MaxRoundsPerStory; i++)
        {
            Accepted(table.Room.Vote(Fran, "5"));
            Accepted(table.Room.Vote(2, "8"));
            Accepted(table.Room.Revote(Fran));
        }
        Accepted(table.Room.Vote(Fran, "5"));
        Accepted(table.Room.Vote(2, "8"));

        RejectedWithoutChange(table, TooManyRounds, () => table.Room.Revote(Fran));
        Assert.Equal(20, table.Room.For(2).Current!.Rounds.Count);
    }

    [Fact]
    public void Story_commands_with_bad_input_are_refused()
    {
        var table = new PokerTable(2, stories: ["A", "B"]);
        Accepted(table.Room.Vote(2, "5"));

        RejectedWithoutChange(table, UnknownStory, () => table.Room.SelectStory(Fran, 42));
        RejectedWithoutChange(table, UnknownStory, () => table.Room.RemoveStory(Fran, 42));
        RejectedWithoutChange(table, UnknownStory, () => table.Room.MoveStory(Fran, 42, 0));
        RejectedWithoutChange(table, StoryHasVotes, () => table.Room.RemoveStory(Fran, 1));
        RejectedWithoutChange(table, StoryHasVotes, () => table.Room.MoveStory(Fran, 1, 1));
        RejectedWithoutChange(table, InvalidPosition, () => table.Room.MoveStory(Fran, 2, 2));
        RejectedWithoutChange(table, InvalidPosition, () => table.Room.MoveStory(Fran, 2, -1));
        RejectedWithoutChange(table, InvalidStory, () => table.Room.AddStories(Fran, []));
        RejectedWithoutChange(table, InvalidStory, () => table.Room.AddStories(Fran, [new("C"), new("  ")]));
        RejectedWithoutChange(table, InvalidStory, () => table.Room.AddStories(Fran, [new(new string('x', 201))]));
        RejectedWithoutChange(table, InvalidStory, () => table.Room.AddStories(Fran, [new("two\nlines")]));
        RejectedWithoutChange(table, InvalidStory, () => table.Room.AddStories(Fran, [new("C", new string('W', 65))]));
        RejectedWithoutChange(table, TooManyStories,
            () => table.Room.AddStories(Fran, Enumerable.Range(0, 101).Select(i => new StoryInput($"S{i}")).ToList()));
        Assert.Equal("Story 2 has no title.", table.Room.AddStories(Fran, [new("C"), new("")]).Error!.Message);
    }

    [Fact]
    public void A_room_holds_at_most_three_hundred_stories()
    {
        var table = new PokerTable(1);
        for (var i = 0; i < 3; i++)
        {
            Accepted(table.Room.AddStories(Fran, Enumerable.Range(0, 100).Select(n => new StoryInput($"S{i}-{n}")).ToList()));
        }

        RejectedWithoutChange(table, TooManyStories, () => table.Room.AddStories(Fran, [new("One more")]));
    }

    [Fact]
    public void Timer_hand_over_and_role_commands_with_bad_input_are_refused()
    {
        var table = new PokerTable(2, stories: ["A"]);
        Accepted(table.Room.Connect("x", 9, "Nine"));
        Accepted(table.Room.Disconnect("x"));

        RejectedWithoutChange(table, InvalidDuration, () => table.Room.StartTimer(Fran, 9));
        RejectedWithoutChange(table, InvalidDuration, () => table.Room.StartTimer(Fran, 3601));
        RejectedWithoutChange(table, UnknownPerson, () => table.Room.HandOver(Fran, 42));
        RejectedWithoutChange(table, NotPresent, () => table.Room.HandOver(Fran, 9));
        RejectedWithoutChange(table, UnknownPerson, () => table.Room.SetRole(Fran, PokerRole.Observer, 42));
        RejectedWithoutChange(table, NotInRoom, () => table.Room.SetRole(9, PokerRole.Observer));
    }

    [Fact]
    public void Connections_beyond_the_limits_are_refused()
    {
        var table = new PokerTable(1);
        RejectedWithoutChange(table, ConnectionInUse, () => table.Room.Connect(Connection(2), 5, "Someone else"));
        for (var i = 1; i < PokerLimits.MaxConnectionsPerPerson; i++)
        {
            Accepted(table.Room.Connect($"tab-{i}", 2, "Voter 2"));
        }
        RejectedWithoutChange(table, TooManyConnections, () => table.Room.Connect("tab-x", 2, "Voter 2"));

        for (var id = 3; id <= PokerLimits.MaxParticipants; id++)
        {
            Accepted(table.Room.Connect($"c{id}", id, $"P{id}"));
        }
        RejectedWithoutChange(table, RoomFull, () => table.Room.Connect("c-full", 1000, "One too many"));
    }

    [Fact]
    public void Names_are_cleaned_and_a_missing_name_gets_a_placeholder()
    {
        var table = new PokerTable(0);

        Accepted(table.Room.Connect("a", 5, "  Ana\u0007 "));
        Accepted(table.Room.Connect("b", 6, ""));
        Accepted(table.Room.Connect("c", 7, new string('z', 100)));

        var names = table.Room.For(5).Participants.Select(p => p.Name).ToList();
        Assert.Equal(["Fran", "Ana", "Person 6", new string('z', 80)], names);
    }
}
