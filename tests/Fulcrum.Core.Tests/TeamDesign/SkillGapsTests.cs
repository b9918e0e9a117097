using Fulcrum.Core.TeamDesign;

namespace Fulcrum.Core.Tests.TeamDesign;

public class SkillGapsTests
{
    private static readonly DateOnly Today = new(2027, 1, 4);
    private static readonly BuildOrHireAssumptions Defaults = new();

    private static TeamMember Member(int id, string name, params RatedSkill[] skills) => new(id, name, skills);

    private static readonly TeamMember[] Team =
    [
        Member(1, "Ana", new RatedSkill("Go", 4, 4), new RatedSkill("Machine learning", 2, 2)),
        Member(2, "Ben", new RatedSkill("Go", 3), new RatedSkill("Kubernetes", 3, 3)),
        Member(3, "Cy", new RatedSkill("go", 1, 2)),
    ];

    [Fact]
    public void Coverage_counts_people_at_the_level_or_above_using_the_confirmed_level_when_there_is_one()
    {
        var search = new Initiative("Search", Today.AddDays(70), null, [new SkillNeed("Go", 3, 2), new SkillNeed("Kubernetes", 3)]);

        var report = SkillGaps.For(Team, [search], Defaults, Today);

        var go = report[0];
        Assert.Equal(["Ana", "Ben"], go.Holders.Select(h => h.Name));
        Assert.Equal((2, 0, false, 1), (go.Covered, go.Gap, go.SinglePointOfKnowledge, go.Unconfirmed));
        var kubernetes = report[1];
        Assert.Equal((1, 0, true), (kubernetes.Covered, kubernetes.Gap, kubernetes.SinglePointOfKnowledge));
        Assert.Empty(kubernetes.Plans);
    }

    [Fact]
    public void A_gap_the_closest_member_can_close_in_time_is_built_with_the_arithmetic_shown()
    {
        // Ana is at working (2), one step from practitioner: one 6-week sprint at 20% of her time.
        var ml = new Initiative("Smart search", Today.AddDays(7 * 20), null, [new SkillNeed("machine learning", 3)]);

        var need = Assert.Single(SkillGaps.For(Team, [ml], Defaults, Today));

        Assert.Equal((0, 1), (need.Covered, need.Gap));
        var plan = Assert.Single(need.Plans);
        Assert.Equal(GapAdvice.Build, plan.Advice);
        Assert.Equal("Ana", plan.Learner!.Name);
        var weekly = 120_000m / 46;
        Assert.Equal((6, Math.Round(6 * 0.2m * weekly, 2), 20, 20), (plan.BuildWeeks, plan.BuildCost, plan.HireWeeks, plan.WeeksUntilNeeded));
        Assert.Equal(44_869.57m, plan.HireCost); // 24,000 + 8 weeks at 120,000 / 46, to the cent
        Assert.StartsWith("Build: both are in time and growing costs less.", plan.Reason, StringComparison.Ordinal);
        Assert.Contains("1 learning sprint of 6 weeks at 20% of their time, 6 weeks and 3,130", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nobody_on_the_team_is_a_hire()
    {
        var ai = new Initiative("Assistant", Today.AddDays(7 * 30), null, [new SkillNeed("LLM evaluation", 3)]);
        var lone = new[] { Member(1, "Ana") };

        var need = Assert.Single(SkillGaps.For([], [ai], Defaults, Today));
        Assert.Equal(GapAdvice.Hire, Assert.Single(need.Plans).Advice);
        Assert.StartsWith("Nobody else on the team can grow into it: hiring takes 20 weeks", need.Plans[0].Reason, StringComparison.Ordinal);

        // Someone at level 0 can still grow: three sprints to practitioner, 18 weeks, in time and cheaper.
        var grown = Assert.Single(SkillGaps.For(lone, [ai], Defaults, Today)).Plans[0];
        Assert.Equal((GapAdvice.Build, 18), (grown.Advice, grown.BuildWeeks));
    }

    [Fact]
    public void When_only_hiring_is_in_time_it_is_a_hire_and_when_neither_is_the_sooner_wins_saying_how_late()
    {
        var team = new[] { Member(1, "Ana", new RatedSkill("Rust", 0)) };
        // Four steps (24 weeks) against a hire of 20 weeks, needed in 22.
        var soon = Assert.Single(SkillGaps.For(team, [new Initiative("Engine", Today.AddDays(7 * 22), null, [new SkillNeed("Rust", 4)])], Defaults, Today)).Plans[0];
        Assert.Equal(GapAdvice.Hire, soon.Advice);
        Assert.StartsWith("Hire: only hiring is in time (22 weeks until it is needed).", soon.Reason, StringComparison.Ordinal);

        var now = Assert.Single(SkillGaps.For(team, [new Initiative("Engine", Today, null, [new SkillNeed("Rust", 4)])], Defaults, Today)).Plans[0];
        Assert.Equal(GapAdvice.Hire, now.Advice);
        Assert.StartsWith("Hire: neither is in time (0 weeks until it is needed); hiring is sooner, 20 weeks late.", now.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_missing_person_gets_the_next_closest_learner_then_hires()
    {
        var team = new[] { Member(1, "Ana", new RatedSkill("Go", 2)), Member(2, "Ben", new RatedSkill("Go", 2, 2)) };
        var need = Assert.Single(SkillGaps.For(team, [new Initiative("Platform", Today.AddDays(7 * 40), null, [new SkillNeed("Go", 3, 3)])], Defaults, Today));

        Assert.Equal(3, need.Gap);
        // Ben's level is confirmed, so he comes first at the same level; then Ana; then nobody is left.
        Assert.Equal(["Ben", "Ana", null], need.Plans.Select(p => p.Learner?.Name));
        Assert.Equal([GapAdvice.Build, GapAdvice.Build, GapAdvice.Hire], need.Plans.Select(p => p.Advice));
    }

    [Fact]
    public void Initiatives_that_have_ended_are_left_out_and_the_rest_come_in_date_order()
    {
        var report = SkillGaps.For(Team,
        [
            new Initiative("Later", Today.AddDays(60), null, [new SkillNeed("Go", 1)]),
            new Initiative("Done", Today.AddDays(-90), Today.AddDays(-1), [new SkillNeed("Go", 1)]),
            new Initiative("Now", Today, Today.AddDays(30), [new SkillNeed("Go", 1)]),
        ], Defaults, Today);

        Assert.Equal(["Now", "Later"], report.Select(r => r.Initiative.Name));
    }

    [Fact]
    public void Settings_out_of_range_are_named()
    {
        var problems = new BuildOrHireAssumptions(WeeksPerLevelStep: 0, LearningShare: 1.5, WorkingWeeksPerYear: 60).Problems();

        Assert.Equal(
        [
            "weeksPerLevelStep must be 1 to 52 weeks",
            "learningShare must be more than 0 and at most 1 (the share of a week)",
            "workingWeeksPerYear must be 1 to 52",
        ], problems);
        Assert.Empty(Defaults.Problems());
    }
}
