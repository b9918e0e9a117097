using Fulcrum.Core.Careers;

namespace Fulcrum.Core.Tests.Careers;

public sealed class GrowthRulesTests
{
    private static readonly Ladder Ladder = DefaultLadder.Load();
    private static readonly DateOnly Today = new(2026, 5, 20);

    private static GrowthItemState Sprint(DateOnly startsOn, DateOnly endsOn, GrowthStatus status = GrowthStatus.Active, bool checkedIn = false) =>
        new(GrowthItemKind.Sprint, "Learn the deploy pipeline", null, [], null, status, 0, startsOn, endsOn, checkedIn);

    private static ProblemException Refused(Func<object> act) => Assert.Throws<ProblemException>(() => act());

    [Fact]
    public void A_learning_sprint_is_a_time_box_of_at_most_six_weeks()
    {
        var tooLong = Refused(() => GrowthRules.Add("sprint", new("Read the book", StartsOn: Today, EndsOn: Today.AddDays(42)), Ladder, [], Today));
        var noDays = Refused(() => GrowthRules.Add("learning-sprint", new("Read the book"), Ladder, [], Today));
        var backwards = Refused(() => GrowthRules.Add("sprint", new("Read the book", StartsOn: Today, EndsOn: Today.AddDays(-1)), Ladder, [], Today));

        Assert.Equal("The learning sprint was not added", tooLong.Title);
        Assert.Equal(["endsOn: a learning sprint lasts at most 42 days; this one would last 43. Split it into shorter sprints with a check-in each."], tooLong.Sentences);
        Assert.Equal(["startsOn, endsOn: a learning sprint is a time box; give its first and last day."], noDays.Sentences);
        Assert.Equal(["endsOn: 2026-05-19 is before the first day, 2026-05-20."], backwards.Sentences);
        Assert.Equal(GrowthStatus.Active, GrowthRules.Add("sprint", new("Read the book", StartsOn: Today, EndsOn: Today.AddDays(41)), Ladder, [], Today).Status);
    }

    [Fact]
    public void A_new_item_is_planned_until_it_starts_and_done_means_all_the_way()
    {
        var later = GrowthRules.Add("sprint", new(" Pair on tracing ", StartsOn: Today.AddDays(3), EndsOn: Today.AddDays(17)), Ladder, [], Today);
        var done = GrowthRules.Add("stretch", new("Run the incident review", Status: "done", Progress: 40, GoalId: 7), Ladder, [7], Today);

        Assert.Equal(("Pair on tracing", GrowthStatus.Planned, 0), (later.Title, later.Status, later.Progress));
        Assert.Equal((GrowthStatus.Done, 100, (long?)7), (done.Status, done.Progress, done.GoalId));
    }

    [Fact]
    public void Every_problem_of_a_new_item_is_named_in_the_order_of_its_fields()
    {
        var problem = Refused(() => GrowthRules.Add("goal", new("", Detail: new string('x', 2001), Competencies: ["craft", "poetry"], GoalId: 3, Status: "1", Progress: 120),
            Ladder, [3], Today));

        Assert.Equal("The goal was not added", problem.Title);
        Assert.Equal(
        [
            "title: 1 to 300 characters.",
            "detail: at most 2000 characters; this has 2001.",
            "competencies: 'poetry' not in the ladder 'Fulcrum engineering ladder' (its competencies: craft, delivery, collaboration, communication, leadership, impact, learning).",
            "goalId: a goal does not serve another goal; stretch assignments and sprints do.",
            "status: '1' is not a status; use planned, active, done or dropped.",
            "progress: 0 to 100 (per cent); got 120.",
        ], problem.Sentences);
        var unknown = Refused(() => GrowthRules.Add("hobby", new("Juggling"), Ladder, [], Today));
        Assert.Equal(("Nothing was added", "kind: 'hobby' is not a kind of growth item; use goal, stretch or sprint."), (unknown.Title, unknown.Sentences[0]));
        Assert.Equal(["goalId: this plan has no goal 9."], Refused(() => GrowthRules.Add("stretch", new("Lead the migration", GoalId: 9), Ladder, [3], Today)).Sentences);
    }

    [Fact]
    public void A_change_keeps_what_it_leaves_out_and_goal_id_zero_unties_an_item()
    {
        var stretch = new GrowthItemState(GrowthItemKind.Stretch, "Lead the migration", "Two teams", ["delivery"], 3, GrowthStatus.Active, 30, null, Today.AddDays(30));

        var changed = GrowthRules.Change(stretch, new(Detail: "", GoalId: 0, Status: "Done"), Ladder, [3]);

        Assert.Equal(stretch with { Detail = null, GoalId = null, Status = GrowthStatus.Done, Progress = 100 }, changed);
        var refused = Refused(() => GrowthRules.Change(stretch, new(StartsOn: Today.AddDays(31)), Ladder, [3]));
        Assert.Equal(("The stretch assignment was not changed", "endsOn: 2026-06-19 is before startsOn, 2026-06-20."), (refused.Title, refused.Sentences[0]));
    }

    [Fact]
    public void Only_a_learning_sprint_ends_with_a_check_in_and_it_needs_an_outcome_and_a_note()
    {
        var goal = new GrowthItemState(GrowthItemKind.Goal, "Own a service", null, [], null, GrowthStatus.Active, 10, null, null);

        var problem = Assert.Throws<ProblemException>(() => GrowthRules.CheckIn(goal, "great", " "));

        Assert.Equal("The check-in was not saved", problem.Title);
        Assert.Equal(
        [
            "kind: only learning sprints end with a check-in; 'Own a service' is a goal.",
            "outcome: 'great' is not an outcome; use achieved, partly or not-achieved.",
            "note: say what was learned and what comes next.",
        ], problem.Sentences);
        Assert.Equal((SprintOutcome.NotAchieved, "Ran out of time."), GrowthRules.CheckIn(Sprint(Today.AddDays(-14), Today.AddDays(-1)), "Not Achieved", " Ran out of time. "));
    }

    [Fact]
    public void A_sprints_time_box_says_where_it_stands_today()
    {
        Assert.Equal("2026-05-23 to 2026-06-05 (14 days): starts in 3 days", GrowthRules.TimeBox(Sprint(Today.AddDays(3), Today.AddDays(16)), Today));
        Assert.Equal("2026-05-10 to 2026-05-20 (11 days): last day", GrowthRules.TimeBox(Sprint(Today.AddDays(-10), Today), Today));
        Assert.Equal("2026-05-10 to 2026-05-21 (12 days): 1 day left", GrowthRules.TimeBox(Sprint(Today.AddDays(-10), Today.AddDays(1)), Today));
        Assert.Equal("2026-05-01 to 2026-05-18 (18 days): ended 2 days ago, due for a check-in", GrowthRules.TimeBox(Sprint(Today.AddDays(-19), Today.AddDays(-2)), Today));
        Assert.Equal("2026-05-01 to 2026-05-18 (18 days)", GrowthRules.TimeBox(Sprint(Today.AddDays(-19), Today.AddDays(-2), checkedIn: true), Today));
        Assert.True(GrowthRules.CheckInDue(Sprint(Today.AddDays(-19), Today.AddDays(-2)), Today));
        Assert.False(GrowthRules.CheckInDue(Sprint(Today.AddDays(-19), Today.AddDays(-2), GrowthStatus.Dropped), Today));
    }

    [Fact]
    public void A_plans_progress_averages_the_goals_still_pursued_and_counts_check_ins_due()
    {
        GrowthItemState[] items =
        [
            new(GrowthItemKind.Goal, "Own a service", null, [], null, GrowthStatus.Active, 40, null, null),
            new(GrowthItemKind.Goal, "Speak at a meetup", null, [], null, GrowthStatus.Done, 100, null, null),
            new(GrowthItemKind.Goal, "Learn Rust", null, [], null, GrowthStatus.Dropped, 0, null, null),
            new(GrowthItemKind.Stretch, "On-call lead", null, [], null, GrowthStatus.Active, 0, null, null),
            Sprint(Today.AddDays(-20), Today.AddDays(-6)),
            Sprint(Today.AddDays(-40), Today.AddDays(-30), GrowthStatus.Done, checkedIn: true),
        ];

        var progress = GrowthRules.Progress(items, Today);

        Assert.Equal((2, 1, 70, 1), (progress.Goals, progress.GoalsDone, progress.Percent, progress.CheckInsDue));
        Assert.Equal("1 of 2 goals done (70% overall); 0 of 1 stretch assignment done; 1 of 2 learning sprints checked in; 1 sprint due for a check-in.", progress.Summary);
        Assert.Equal("Nothing planned yet.", GrowthRules.Progress([], Today).Summary);
    }

    [Fact]
    public void A_plan_is_read_by_the_person_and_their_manager_chain_and_nobody_else_learns_it_exists()
    {
        var lines = new Fulcrum.Core.Organisation.ReportingLines(new Dictionary<int, int?> { [1] = 2, [2] = null, [3] = 2 });

        GrowthRules.EnsureReadable(2, 1, personExists: true, lines);
        var peer = Assert.Throws<ProblemException>(() => GrowthRules.EnsureReadable(3, 1, personExists: true, lines));
        var nobody = Assert.Throws<ProblemException>(() => GrowthRules.EnsureReadable(2, 99, personExists: false, lines));

        Assert.Equal((ProblemKind.NotFound, "There is no growth plan of person 1 for you."), (peer.Kind, peer.Message));
        Assert.Equal("There is no growth plan of person 99 for you.", nobody.Message);
        Assert.Equal("focus: at most 2000 characters.", Assert.Throws<ProblemException>(() => GrowthRules.Focus(new string('x', 2001))).Message);
        Assert.Null(GrowthRules.Focus("  "));
    }
}
