using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.TeamDesign;

namespace Fulcrum.Web.Features.Experiments;

/// <summary>
/// The demo's experiments: Payments deploys every merge (deployment frequency doubled six weeks ago in
/// the demo's delivery data: distinguishable from noise); Platform caps pull requests at 200 lines
/// (lead time, which the demo data leaves as it was: not distinguishable); Mobile's in-app help
/// (support tickets, a series entered by hand, fell: distinguishable); Mobile's release checklist
/// (ended two weeks ago and waits to be concluded); Platform's incident pairing (concluded).
/// </summary>
public sealed class DemoExperimentsSeeder : IDemoSeeder
{
    public int Order => 85;

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var now = context.Clock.GetUtcNow().UtcDateTime;
        var today = now.Date;
        DateTime Day(int offset) => DateTime.SpecifyKind(today.AddDays(offset), DateTimeKind.Utc);

        // Support tickets about the mobile apps, daily for three months: about 40 a day before the in-app help, 31 after.
        var tickets = db.MetricSeries.Add(new MetricSeries { Name = "mobile-support-tickets", Unit = "tickets/day", CreatedAt = now }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        var random = new Random(20261205);
        for (var day = -90; day < 0; day++)
        {
            var level = day < -28 ? 40.0 : 31.0;
            db.MetricPoints.Add(new MetricPoint { SeriesId = tickets.Id, On = Day(day), Value = Math.Round(level + (random.NextDouble() - 0.5) * 12) });
        }

        Experiment Add(string team, string author, string title, string hypothesis, string change, string metric, string? expected, int starts, int? ends) =>
            db.Experiments.Add(new Experiment
            {
                TeamId = context.Teams[team].Id, AuthorPersonId = context.People[author].Id, Title = title, Hypothesis = hypothesis, Change = change,
                Metric = metric, Expected = expected, StartsOn = Day(starts), EndsOn = ends is int e ? Day(e) : null, Status = Experiments.OpenStatus,
                CreatedAt = Day(starts - 3), UpdatedAt = Day(starts - 3),
            }).Entity;

        Add("payments", "daniel", "Deploy every merge of payments-api",
            "Deploying each merge on its own, instead of batching a day's merges, doubles how often Payments ships without more failures.",
            "The pipeline deploys payments-api to production after every merge to main; the daily release window is gone.",
            "deployment-frequency", "+50%", -DemoDeliverySeeder.PaymentsDeploysEveryMergeDays, null);
        Add("platform", "priya", "Pull requests under 200 lines",
            "Smaller pull requests are reviewed sooner, so changes reach production faster.",
            "A CI check warns on pull requests over 200 changed lines; reviewers ask for a split.",
            "lead-time", "-20%", -35, null);
        Add("mobile", "chloe", "In-app help centre",
            "Answers inside the app stop the most common questions from becoming support tickets.",
            "The apps open a searchable help centre from the settings screen and from every error message.",
            "mobile-support-tickets", "-15%", -28, null);
        Add("mobile", "noah", "A release checklist for the apps",
            "A written checklist before each store release catches the mistakes that make releases fail.",
            "Every iOS and Android release goes through a twelve-point checklist in the release ticket.",
            "change-failure-rate", "-30%", -56, -14);
        var pairing = Add("platform", "priya", "Pair on incident follow-ups",
            "Fixing an incident's cause in pairs spreads the knowledge, so the next incident is restored sooner.",
            "Every incident follow-up is done by two people, one of whom was not on call.",
            "time-to-restore", "-25%", -98, -43);
        pairing.Status = Experiments.ConcludedStatus;
        pairing.Conclusion = "Recovery time did not move in a way we can tell from noise. We keep pairing for the knowledge it spreads, not for the metric.";
        pairing.ConcludedAt = Day(-40);
        pairing.ConcludedByPersonId = context.People["priya"].Id;
        await db.SaveChangesAsync(cancellationToken);
    }
}
