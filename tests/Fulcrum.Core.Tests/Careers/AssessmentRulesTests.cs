using Fulcrum.Core.Careers;
using Fulcrum.Core.Organisation;

namespace Fulcrum.Core.Tests.Careers;

public sealed class AssessmentRulesTests
{
    private static readonly Ladder Ladder = DefaultLadder.Load();
    private static readonly DateOnly Today = new(2026, 3, 12);

    // Sofia (1) reports to Daniel (2), who reports to Amara (3); Ethan (4) and Mia (5) are peers.
    private static readonly ReportingLines Lines = new(new Dictionary<int, int?> { [1] = 2, [2] = 3, [3] = null, [4] = 2, [5] = 3 });
    private static readonly AssessedPerson Sofia = new(1, "Sofia", ManagerId: 2, CareerTrack: "ic", Level: 4);
    private static readonly Colleague[] Colleagues =
        [new(1, "Sofia", "sofia@example.com"), new(2, "Daniel", "daniel@example.com"), new(4, "Ethan", "ethan@example.com"), new(5, "Mia", "mia@example.com")];

    private static IReadOnlyList<string> Refusal(Action act, out string title)
    {
        var problem = Assert.Throws<ProblemException>(act);
        title = problem.Title;
        return problem.Sentences;
    }

    [Fact]
    public void A_cycle_rates_the_next_level_on_the_persons_track_unless_told()
    {
        var opening = AssessmentRules.Open(Ladder, Sofia, track: null, level: null, closesOn: null, Today,
            [("ethan@example.com", "peer"), ("MIA@example.com ", "Mentor")], Colleagues);

        Assert.Equal(("ic", 5), (opening.Track.Id, opening.Level));
        Assert.Equal([new ChosenRater(4, "Ethan", RaterRole.Peer), new ChosenRater(5, "Mia", RaterRole.Mentor)], opening.Raters);
        Assert.Equal(8, AssessmentRules.DefaultLevel(Ladder, "ic", 8));
        Assert.Equal(1, AssessmentRules.DefaultLevel(Ladder, "ic", null));
    }

    [Fact]
    public void Opening_names_every_problem_with_the_field_it_is_in()
    {
        var problems = Refusal(() => AssessmentRules.Open(Ladder, Sofia, "ic", 9, Today.AddDays(-1), Today,
            [("", "peer"), ("nobody@example.com", "peer"), ("sofia@example.com", "peer"), ("daniel@example.com", "peer"), ("ethan@example.com", "boss"),
             ("mia@example.com", "manager")], Colleagues), out var title);

        Assert.Equal("The assessment was not opened", title);
        Assert.Equal(
        [
            "level: the Individual contributor track has no level 9 (its levels: 1 to 8).",
            "closesOn: 2026-03-11 is in the past.",
            "raters[0].email: name the rater by their email.",
            "raters[1].email: there is no person with the email 'nobody@example.com'.",
            "raters[2].email: Sofia is the person assessed and rates themselves as 'self' already.",
            "raters[3].email: Daniel is already a rater, as Sofia's manager.",
            "raters[4].role: 'boss' is not a rater role; choose peer or mentor.",
            "raters[5].role: only Sofia's own manager rates as manager; choose peer or mentor for Mia.",
        ], problems);
        Assert.Equal(
            ["track: 'finance' is not a track of the ladder 'Fulcrum engineering ladder' (its tracks: ic, management)."],
            Refusal(() => AssessmentRules.Open(Ladder, Sofia, "finance", null, null, Today, [], Colleagues), out _));
    }

    [Fact]
    public void Adding_raters_needs_at_least_one_and_stops_at_fifteen()
    {
        Assert.Equal(["raters: name at least one peer or mentor."],
            Refusal(() => AssessmentRules.AddRaters(Sofia, [], Colleagues, [1, 2], 2), out var title));
        Assert.Equal("No raters were added", title);
        Assert.Equal(["raters: at most 15 raters in one assessment; this would make 16."],
            Refusal(() => AssessmentRules.AddRaters(Sofia, [("ethan@example.com", "peer")], Colleagues, [1, 2], 15), out _));
    }

    [Fact]
    public void Only_the_person_and_their_manager_chain_open_a_cycle_and_one_at_a_time()
    {
        var notYours = Assert.Throws<ProblemException>(() => AssessmentRules.EnsureMayOpen(4, Sofia, Lines, openCycleId: null));
        Assert.Equal(ProblemKind.Forbidden, notYours.Kind);
        Assert.Equal("You may open an assessment for yourself or for someone in your reporting line; Sofia is not in yours.", notYours.Message);

        var twice = Assert.Throws<ProblemException>(() => AssessmentRules.EnsureMayOpen(3, Sofia, Lines, openCycleId: 7));
        Assert.Equal(ProblemKind.Conflict, twice.Kind);
        Assert.Equal("Sofia already has an open assessment (7); close it before opening another.", twice.Message);
        AssessmentRules.EnsureMayOpen(3, Sofia, Lines, openCycleId: null);
    }

    [Fact]
    public void Someone_outside_the_cycle_is_told_it_does_not_exist_in_the_same_words_as_a_missing_one()
    {
        var outsider = Assert.Throws<ProblemException>(() => AssessmentRules.EnsureVisible(5, 12, personId: 1, raters: [1, 2, 4], Lines));
        var missing = Assert.Throws<ProblemException>(() => AssessmentRules.EnsureVisible(5, 12, personId: null, raters: null, Lines));

        Assert.Equal((ProblemKind.NotFound, "There is no assessment 12 for you."), (outsider.Kind, outsider.Message));
        Assert.Equal(outsider.Message, missing.Message);
        AssessmentRules.EnsureVisible(4, 12, personId: 1, raters: [1, 2, 4], Lines);
    }

    [Fact]
    public void A_submitted_set_needs_a_rating_on_the_scale_and_evidence_for_every_competency()
    {
        CompetencyAnswer?[] answers =
        [
            new("craft", "superb", "Shipped it."),
            new("delivery", null, " "),
            new("nope", "meets", "Fine."),
            new("craft", "Meets", "Again.", Enjoyment: 4),
        ];

        var problems = Refusal(() => AssessmentRules.CheckRatings(Ladder, RaterRole.Peer, "Sofia", answers, draft: false), out var title);

        Assert.Equal("The ratings were not submitted", title);
        Assert.Equal("ratings[0].rating: 'superb' is not on the scale (not-yet, developing, meets, exceeds).", problems[0]);
        Assert.Equal("ratings[1].rating: rate Delivery: one of not-yet, developing, meets, exceeds.", problems[1]);
        Assert.Equal("ratings[1].evidence: say what you have seen that supports your rating of Delivery.", problems[2]);
        Assert.StartsWith("ratings[2].competency: 'nope' is not a competency of the ladder 'Fulcrum engineering ladder' (its competencies: craft, delivery,", problems[3]);
        Assert.Equal("ratings[3].competency: 'craft' is rated more than once.", problems[4]);
        Assert.Equal("ratings[3].enjoyment: only Sofia says how much they enjoy an area; leave it out.", problems[5]);
        Assert.Equal(
            ["ratings: Collaboration (collaboration) is not rated.", "ratings: Communication (communication) is not rated.", "ratings: Leadership and people (leadership) is not rated.",
             "ratings: Ownership and impact (impact) is not rated.", "ratings: Learning and self-awareness (learning) is not rated."],
            problems.Skip(6));
    }

    [Fact]
    public void The_person_says_how_much_they_enjoy_each_area_and_a_draft_needs_nothing_yet()
    {
        var self = Refusal(() => AssessmentRules.CheckRatings(Ladder, RaterRole.Self, "Sofia", [new("craft", "meets", "Tested code.", Enjoyment: 6), new("delivery", "meets", "On time.")], draft: true), out var title);
        Assert.Equal("The draft was not saved", title);
        Assert.Equal(["ratings[0].enjoyment: 1 (not at all) to 5 (very much); got 6."], self);

        var draft = AssessmentRules.CheckRatings(Ladder, RaterRole.Self, "Sofia", [new("craft", "Exceeds", "  Tested code.  "), new("delivery", null)], draft: true);

        // A label is taken for its rating; an entry with nothing in it is not kept.
        Assert.Equal([new CompetencyAnswer("craft", "exceeds", "Tested code.")], draft);
    }

    private static RaterSheet Sheet(long id, string name, RaterRole role, bool submitted, string rating = "meets") =>
        new(id, name, role, submitted, [.. Ladder.Competencies.Select(c => new CompetencyAnswer(c.Id, rating, "Seen it."))]);

    [Fact]
    public void Closing_with_fewer_than_three_voices_besides_the_person_names_each_short_competency_and_who_is_still_to_submit()
    {
        RaterSheet[] raters =
        [
            Sheet(1, "Sofia", RaterRole.Self, submitted: true),
            Sheet(2, "Daniel", RaterRole.Manager, submitted: true),
            Sheet(3, "Ethan", RaterRole.Peer, submitted: true) with { Answers = [new("craft", "meets", "Seen it.")] },
            Sheet(4, "Priya", RaterRole.Peer, submitted: false),
            Sheet(5, "Mia", RaterRole.Mentor, submitted: false),
        ];

        var problem = Assert.Throws<ProblemException>(() => AssessmentRules.EnsureEnoughVoices(Ladder, raters, force: false));

        Assert.Equal("Not enough voices to close", problem.Title);
        Assert.Equal("Technical craft (craft): 2 voices besides the person; a consensus needs 3.", problem.Sentences[0]);
        Assert.Equal("Delivery (delivery): 1 voice besides the person; a consensus needs 3.", problem.Sentences[1]);
        Assert.Equal("waiting for: Mia (mentor), Priya (peer).", problem.Sentences[^1]);
        Assert.Equal(7, AssessmentRules.Shortfalls(Ladder, raters).Count);
        AssessmentRules.EnsureEnoughVoices(Ladder, raters, force: true);
    }

    [Fact]
    public void A_closed_cycle_no_longer_changes_and_only_the_person_and_their_managers_close_it()
    {
        var open = new CycleState(12, 1, "Sofia", Closed: false);
        var closed = open with { Closed = true };

        var peer = Assert.Throws<ProblemException>(() => AssessmentRules.EnsureMayClose(4, open, Lines));
        Assert.Equal((ProblemKind.Forbidden, "Only Sofia and their managers close this assessment."), (peer.Kind, peer.Message));
        Assert.Equal("Assessment 12 is already closed.", Assert.Throws<ProblemException>(() => AssessmentRules.EnsureMayClose(3, closed, Lines)).Message);
        Assert.Equal("Assessment 12 is closed; its ratings no longer change.", Assert.Throws<ProblemException>(() => AssessmentRules.EnsureOpenForRatings(closed)).Message);
        Assert.Equal("Only Sofia and their managers add raters to this assessment.",
            Assert.Throws<ProblemException>(() => AssessmentRules.EnsureMayChangeRaters(4, open, Lines, "add raters to")).Message);
        Assert.Equal(["raters: Sofia is the person assessed; their self-assessment stays."],
            Assert.Throws<ProblemException>(() => AssessmentRules.EnsureRemovable("Sofia", RaterRole.Self)).Sentences);
        Assert.StartsWith("Assessment 12 is still open. Its results appear when it closes", Assert.Throws<ProblemException>(() => AssessmentRules.EnsureClosed(open)).Message);
    }

    [Fact]
    public void An_open_cycle_past_its_done_by_day_says_how_overdue_it_is()
    {
        var day = new DateOnly(2026, 3, 9);

        Assert.Equal((false, "2026-03-09"), AssessmentRules.DoneBy(day, day));
        Assert.Equal((true, "2026-03-09, 1 day overdue"), AssessmentRules.DoneBy(day, day.AddDays(1)));
        Assert.Equal((true, "2026-03-09, 3 days overdue"), AssessmentRules.DoneBy(day, Today));
    }

    [Fact]
    public void Results_show_the_consensus_per_competency_and_readiness_for_the_level_rated_against()
    {
        RaterSheet[] raters =
        [
            Sheet(1, "Sofia", RaterRole.Self, submitted: true, "exceeds") with { Answers = [.. Ladder.Competencies.Select(c => new CompetencyAnswer(c.Id, "exceeds", "Me.", Enjoyment: 5))] },
            Sheet(2, "Daniel", RaterRole.Manager, submitted: true),
            Sheet(3, "Ethan", RaterRole.Peer, submitted: true),
            Sheet(4, "Ethan", RaterRole.Peer, submitted: true) with { Answers = [.. Ladder.Competencies.Select(c => new CompetencyAnswer(c.Id, c.Id == "delivery" ? "not-yet" : "meets", "Other Ethan."))] },
            Sheet(5, "Mia", RaterRole.Mentor, submitted: false, "not-yet"),
        ];

        var results = CycleResults.Compute(Ladder, "ic", 5, raters);

        Assert.Equal("Consensus on all 7 competencies.", results.Summary);
        var delivery = results.Competencies.Single(c => c.Competency == "delivery");
        Assert.Equal(("Meets", 3), (delivery.Consensus.Label, delivery.Consensus.Voices));
        // Two raters with one name stay two voices, lowest rating first; a draft is not a voice.
        Assert.Equal(["Ethan (2)", "Daniel", "Ethan (1)"], delivery.Consensus.Views.Select(v => v.Rater));
        Assert.Equal((5, Quadrant.LeanIn), (delivery.Enjoyment, delivery.Quadrant.Quadrant));
        Assert.Equal("Senior Engineer", results.Readiness!.Level);
        Assert.True(results.Readiness.Ready);
        Assert.Null(CycleResults.Compute(Ladder, "ic", 1, raters).Readiness);
    }
}
