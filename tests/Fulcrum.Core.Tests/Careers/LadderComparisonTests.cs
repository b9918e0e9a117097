using Fulcrum.Core.Careers;

namespace Fulcrum.Core.Tests.Careers;

public sealed class TrackSwitchTests
{
    [Fact]
    public void Senior_ic_to_engineering_manager_shows_shared_new_and_dropped_per_competency()
    {
        var ladder = LadderFile.Parse(LadderFileTests.Small).Ladder!;

        var switchTo = TrackSwitch.Compare(ladder, "ic", 3, "management", 3);

        Assert.False(switchTo.SameLevel);
        Assert.Equal([1, 2], switchTo.Foundation.Select(l => l.Number));
        var craft = switchTo.Competencies.Single(c => c.Competency.Id == "craft");
        Assert.Equal(["Reviews designs well."], craft.Shared);
        Assert.Empty(craft.New);
        Assert.Equal(["Sets the team's technical direction."], craft.Dropped);
        var people = switchTo.Competencies.Single(c => c.Competency.Id == "people");
        Assert.Equal(["Runs regular one-to-ones.", "Hires well."], people.New);
        Assert.Equal(["Mentors several engineers."], people.Dropped);
        Assert.Equal((1, 2, 2), (switchTo.SharedCount, switchTo.NewCount, switchTo.DroppedCount));
    }

    [Fact]
    public void Before_the_fork_both_tracks_share_the_same_level_so_nothing_changes()
    {
        var ladder = LadderFile.Parse(LadderFileTests.Small).Ladder!;

        var comparison = TrackSwitch.Compare(ladder, "ic", 2, "management", 2);

        Assert.True(comparison.SameLevel);
        Assert.All(comparison.Competencies, c => Assert.True(c.Unchanged));
        Assert.Equal(2, comparison.SharedCount);
    }

    [Fact]
    public void Text_matches_ignore_case_spacing_and_a_final_full_stop()
    {
        var text = LadderFileTests.Small.Replace("          - Reviews designs well.\n      people:\n        expectations:\n          - Runs", "          - reviews  designs well\n      people:\n        expectations:\n          - Runs");
        Assert.NotEqual(LadderFileTests.Small, text);
        var ladder = LadderFile.Parse(text).Ladder!;

        var craft = TrackSwitch.Compare(ladder, "ic", 3, "management", 3).Competencies.Single(c => c.Competency.Id == "craft");

        Assert.Equal(["reviews  designs well"], craft.Shared);
    }

    [Fact]
    public void The_default_ladder_compares_senior_engineer_with_engineering_manager()
    {
        var ladder = DefaultLadder.Load();

        var comparison = TrackSwitch.Compare(ladder, "ic", 5, "management", 5);

        Assert.Equal("Senior Engineer", comparison.From.Title);
        Assert.Equal("Engineering Manager", comparison.To.Title);
        Assert.Equal(4, comparison.Foundation.Count);
        Assert.Equal(ladder.Competencies.Count, comparison.Competencies.Count);
        Assert.True(comparison.NewCount > 0);
        Assert.Throws<ArgumentException>(() => TrackSwitch.Compare(ladder, "management", 9, "ic", 5));
    }
}

public sealed class NextLevelReadinessTests
{
    private static ConsensusResult Rated(params int[] ratings) =>
        AssessmentConsensus.Compute([.. ratings.Select(r => new AssessmentRating(RaterRole.Peer, r))], RatingScale.Default);

    [Fact]
    public void Areas_met_by_consensus_count_and_the_rest_are_named()
    {
        var ladder = LadderFile.Parse(LadderFileTests.Small).Ladder!;

        var readiness = NextLevelReadiness.Assess(ladder, "ic", 2, new Dictionary<string, ConsensusResult>
        {
            ["craft"] = Rated(2, 2, 3),
            ["people"] = Rated(0, 3),
        });

        Assert.Equal("Senior Engineer", readiness.Next!.Title);
        Assert.Equal(ReadinessStatus.Met, readiness.Competencies.Single(c => c.Competency.Id == "craft").Status);
        Assert.Equal(ReadinessStatus.NoConsensus, readiness.Competencies.Single(c => c.Competency.Id == "people").Status);
        Assert.Equal(["Sets the team's technical direction.", "Reviews designs well."], readiness.Competencies[0].Expectations);
        Assert.False(readiness.Ready);
        Assert.Equal("1 of 2 areas of Senior Engineer met by consensus; no consensus: People.", readiness.Summary);
    }

    [Fact]
    public void Consensus_below_the_bar_is_not_yet_and_missing_areas_are_not_assessed()
    {
        var ladder = LadderFile.Parse(LadderFileTests.Small).Ladder!;

        var readiness = NextLevelReadiness.Assess(ladder, "management", 2, new Dictionary<string, ConsensusResult> { ["craft"] = Rated(1, 1, 2) });

        Assert.Equal(ReadinessStatus.NotYet, readiness.Competencies[0].Status);
        Assert.Equal(ReadinessStatus.NotAssessed, readiness.Competencies[1].Status);
        Assert.Equal("0 of 2 areas of Engineering Manager met by consensus; not yet: Technical craft; not assessed: People.", readiness.Summary);
    }

    [Fact]
    public void Every_area_met_by_consensus_makes_the_person_ready()
    {
        var ladder = LadderFile.Parse(LadderFileTests.Small).Ladder!;

        var readiness = NextLevelReadiness.Assess(ladder, "ic", 1, new Dictionary<string, ConsensusResult>
        {
            ["craft"] = Rated(2, 2, 2),
            ["people"] = Rated(3, 3, 2),
        });

        Assert.True(readiness.Ready);
        Assert.Equal(2, readiness.Count(ReadinessStatus.Met));
    }

    [Fact]
    public void An_area_the_next_level_adds_nothing_to_does_not_hold_anyone_back()
    {
        var text = LadderFileTests.Small.Replace("      people:\n        expectations:\n          - Mentors several engineers.\n", "");
        var ladder = LadderFile.Parse(text).Ladder!;

        var readiness = NextLevelReadiness.Assess(ladder, "ic", 2, new Dictionary<string, ConsensusResult> { ["craft"] = Rated(2, 3, 3) });

        Assert.Equal(ReadinessStatus.NothingNew, readiness.Competencies.Single(c => c.Competency.Id == "people").Status);
        Assert.True(readiness.Ready);
        Assert.Equal("1 of 1 areas of Senior Engineer met by consensus.", readiness.Summary);
    }

    [Fact]
    public void At_the_top_of_a_track_there_is_no_next_level()
    {
        var ladder = DefaultLadder.Load();

        var readiness = NextLevelReadiness.Assess(ladder, "management", 8, new Dictionary<string, ConsensusResult>());

        Assert.Null(readiness.Next);
        Assert.False(readiness.Ready);
        Assert.Equal("VP of Engineering is the top of the Management track.", readiness.Summary);
    }
}
