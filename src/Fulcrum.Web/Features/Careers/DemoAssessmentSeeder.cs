using Fulcrum.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// A completed assessment cycle and growth plans, made through the same services the pages use.
/// Mateo (senior engineer, Platform) was rated against Staff Engineer by himself, his manager
/// Priya, his peers Hana and Leo and his mentor Jonas: six competencies come to a consensus, but
/// "Leadership and people" splits two against two, two steps apart, so the results show the views
/// side by side instead of an average. Hana (a demo login) rated in it, so she can see it, and she
/// and Mateo have growth plans with goals, a stretch assignment and learning sprints.
/// </summary>
public sealed class DemoAssessmentSeeder(Assessments assessments, GrowthPlans growth) : IDemoSeeder
{
    public int Order => 50;

    /// <summary>Per competency, each rater's rating in the order self, Priya, Hana, Leo, Jonas.</summary>
    private static readonly (string Competency, string[] Ratings, int Enjoyment)[] Sheet =
    [
        ("craft", ["meets", "meets", "exceeds", "meets", "meets"], 5),
        ("delivery", ["meets", "meets", "meets", "developing", "meets"], 4),
        ("collaboration", ["exceeds", "meets", "exceeds", "exceeds", "meets"], 4),
        ("communication", ["developing", "meets", "meets", "meets", "developing"], 2),
        ("leadership", ["developing", "exceeds", "not-yet", "not-yet", "exceeds"], 3),
        ("impact", ["meets", "exceeds", "meets", "meets", "exceeds"], 4),
        ("learning", ["meets", "meets", "meets", "meets", "meets"], 5),
    ];

    private static readonly Dictionary<string, string> Evidence = new()
    {
        ["craft"] = "Redesigned trace sampling; the review threads show the trade-offs weighed, not just the code.",
        ["delivery"] = "Shipped the runner autoscaling in three safe steps, each behind a flag.",
        ["collaboration"] = "Pairs with whoever is stuck; the on-call handovers read well.",
        ["communication"] = "The trace-sampling proposal was clear; incident updates could go out sooner.",
        ["impact"] = "Trace costs down by a third this quarter, measured.",
        ["learning"] = "Asks for feedback after every review and acts on it.",
    };

    private static readonly Dictionary<string, string> LeadershipViews = new()
    {
        ["mateo"] = "I mentor Leo, but I have not led a piece of work across teams yet.",
        ["priya"] = "Ran the gateway incident review and coached two people through their first on-call: that is Staff-level leadership.",
        ["hana"] = "I have not seen him set direction for the team; he mostly leads by example inside his own work.",
        ["leo"] = "Helpful one to one, but nobody outside Platform would name him as a leader yet.",
        ["jonas"] = "He is the person other teams ask about Platform; that influence is leadership even without the title.",
    };

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var people = context.People;
        var mateo = people["mateo"];
        var cycle = await assessments.OpenAsync(people["priya"].Id, new OpenCycleRequest(
            Person: mateo.Email,
            Raters: [new RaterChoice(people["hana"].Email, "peer"), new RaterChoice(people["leo"].Email, "peer"), new RaterChoice(people["jonas"].Email, "mentor")]),
            cancellationToken);
        string[] raters = ["mateo", "priya", "hana", "leo", "jonas"];
        for (var r = 0; r < raters.Length; r++)
        {
            var rater = raters[r];
            var ratings = Sheet.Select(row => new RatingInput(row.Competency, row.Ratings[r],
                    row.Competency == "leadership" ? LeadershipViews[rater] : Evidence[row.Competency],
                    rater == "mateo" ? row.Enjoyment : null))
                .ToList();
            await assessments.SaveRatingsAsync(people[rater].Id, cycle.Id, new SaveRatingsRequest(ratings), cancellationToken);
        }
        await assessments.CloseAsync(people["priya"].Id, cycle.Id, cancellationToken: cancellationToken);
        await BackdateCycleAsync(context, cycle.Id, raters, cancellationToken);

        var today = DateOnly.FromDateTime(context.Clock.GetUtcNow().UtcDateTime);
        await PlanAsync(context, "mateo", "priya", "Towards Staff Engineer: lead beyond Platform", today,
            goal: ("Lead one piece of work across two teams", new[] { "leadership", "impact" }, 30),
            stretch: "Own the cross-team migration to the new CI runners",
            pastSprint: ("Run three incident reviews as facilitator", "partly", "Ran two; the third was cancelled. Asked Priya for feedback on both."),
            currentSprint: "Write and present the runner migration plan");
        await PlanAsync(context, "hana", "priya", "Towards Engineer III: own a service end to end", today,
            goal: ("Own the certificate service from design to on-call", new[] { "delivery", "craft" }, 60),
            stretch: "Be the on-call lead for one week",
            pastSprint: ("Learn how our deploy pipeline works, end to end", "achieved", "Gave a lunch talk on it; slides in the wiki."),
            currentSprint: "Pair with Mateo on trace sampling");
    }

    /// <summary>Days before today each rater submitted, in the order of <c>raters</c>; the cycle opened before and closed after them.</summary>
    private static readonly int[] SubmittedDaysAgo = [30, 20, 26, 24, 22];
    private const int OpenedDaysAgo = 35, ClosedDaysAgo = 18;

    /// <summary>
    /// The services stamp everything "now"; the demo's cycle reads better as last month's: opened,
    /// rated over two weeks and closed, in that order.
    /// </summary>
    private static async Task BackdateCycleAsync(DemoContext context, long cycleId, string[] raters, CancellationToken cancellationToken)
    {
        var now = context.Clock.GetUtcNow().UtcDateTime;
        var db = context.Db;
        await db.AssessmentCycles.Where(c => c.Id == cycleId).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.OpenedAt, now.AddDays(-OpenedDaysAgo))
            .SetProperty(c => c.ClosedAt, now.AddDays(-ClosedDaysAgo)), cancellationToken);
        await db.AssessmentRaters.Where(r => r.CycleId == cycleId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.AddedAt, now.AddDays(-OpenedDaysAgo)), cancellationToken);
        for (var r = 0; r < raters.Length; r++)
        {
            var personId = context.People[raters[r]].Id;
            var submitted = now.AddDays(-SubmittedDaysAgo[r]);
            await db.AssessmentRaters.Where(x => x.CycleId == cycleId && x.PersonId == personId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.SubmittedAt, submitted), cancellationToken);
            await db.AssessmentRatings.Where(x => db.AssessmentRaters.Any(y => y.Id == x.RaterId && y.CycleId == cycleId && y.PersonId == personId))
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.UpdatedAt, submitted), cancellationToken);
        }
    }

    private async Task PlanAsync(DemoContext context, string who, string manager, string focus, DateOnly today,
        (string Title, string[] Competencies, int Progress) goal, string stretch, (string Title, string Outcome, string Note) pastSprint, string currentSprint)
    {
        var person = context.People[who].Id;
        var actor = context.People[manager].Id;
        await growth.SetFocusAsync(actor, person, new SetFocusRequest(focus));
        var goalItem = await growth.AddItemAsync(actor, person, new AddGrowthItemRequest("goal", goal.Title, Competencies: goal.Competencies, Progress: goal.Progress));
        await growth.AddItemAsync(actor, person, new AddGrowthItemRequest("stretch", stretch, Competencies: goal.Competencies, GoalId: goalItem.Id));
        var sprint = await growth.AddItemAsync(person, person, new AddGrowthItemRequest("sprint", pastSprint.Title, GoalId: goalItem.Id,
            StartsOn: today.AddDays(-24), EndsOn: today.AddDays(-10)));
        await growth.CheckInAsync(person, person, sprint.Id, new CheckInRequest(pastSprint.Outcome, pastSprint.Note));
        // Checked in the day after the time box ended, not on the day the demo was made.
        var checkedIn = today.AddDays(-9).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
        await context.Db.GrowthItems.Where(i => i.Id == sprint.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.CheckedInAt, checkedIn).SetProperty(i => i.UpdatedAt, checkedIn));
        await growth.AddItemAsync(person, person, new AddGrowthItemRequest("sprint", currentSprint, GoalId: goalItem.Id,
            StartsOn: today.AddDays(-3), EndsOn: today.AddDays(11)));
    }
}
