using Fulcrum.Core.Careers;

namespace Fulcrum.Core.Tests.Careers;

public sealed class DefaultLadderTests
{
    [Fact]
    public void The_default_ladder_validates_with_no_problems()
    {
        var result = LadderFile.Parse(DefaultLadder.Text());

        Assert.Empty(result.Problems);
        Assert.Same(DefaultLadder.Load(), DefaultLadder.Load());
    }

    [Fact]
    public void Levels_one_to_four_are_shared_and_the_tracks_fork_at_five()
    {
        var ladder = DefaultLadder.Load();

        Assert.Equal(5, ladder.ForkAt);
        Assert.Equal([1, 2, 3, 4], ladder.Levels.Where(l => l.IsShared).Select(l => l.Number));
        Assert.Equal(["Associate Engineer", "Engineer I", "Engineer II", "Engineer III", "Senior Engineer", "Staff Engineer", "Principal Engineer", "Distinguished Engineer"],
            ladder.LevelsOf("ic").Select(l => l.Title));
        Assert.Equal(["Engineering Manager", "Senior Engineering Manager", "Director of Engineering", "VP of Engineering"],
            ladder.LevelsOf("management").Where(l => !l.IsShared).Select(l => l.Title));
        Assert.Equal(["ic", "management"], ladder.Tracks.Select(t => t.CareerTrack));
    }

    [Fact]
    public void Every_level_says_something_about_every_competency()
    {
        var ladder = DefaultLadder.Load();

        Assert.InRange(ladder.Competencies.Count, 6, 8);
        foreach (var level in ladder.Levels)
        {
            foreach (var competency in ladder.Competencies)
            {
                var cell = level.For(competency.Id);
                Assert.True(cell.Expectations.Count is >= 2 and <= 4, $"{level} {competency.Id}: {cell.Expectations.Count} expectations");
                Assert.True(cell.Evidence.Count is >= 1 and <= 2, $"{level} {competency.Id}: {cell.Evidence.Count} evidence examples");
            }
        }
    }

    [Fact]
    public void No_expectation_is_repeated_within_the_ladder()
    {
        var all = DefaultLadder.Load().Levels.SelectMany(l => l.Competencies).SelectMany(c => c.Expectations).ToList();

        Assert.Equal(all.Count, all.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_default_ladder_survives_a_round_trip_through_the_writer()
    {
        var ladder = DefaultLadder.Load();

        var again = LadderFile.Parse(LadderFile.Write(ladder));

        Assert.Empty(again.Problems);
        LadderAssert.Same(ladder, again.Ladder!);
    }
}
