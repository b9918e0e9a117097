using Fulcrum.Core.Friction;
using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Features.Friction;

/// <summary>
/// The demo's friction log: what gets in the way of each team, as its people would write it. Some
/// items are triaged (accepted, declined with a reason, one removed), some wait: Platform's flaky CI
/// has waited three weeks with most of the team behind it, so the weekly review and the leaders'
/// agenda have something to say.
/// </summary>
public sealed class DemoFrictionSeeder : IDemoSeeder
{
    public int Order => 80;

    // team, author, days ago, title, detail, where, hours a week, status, triaged by, days ago triaged, note, me-toos
    private static readonly (string Team, string Author, int DaysAgo, string Title, string Detail, string? Where, double? Hours,
        FrictionStatus Status, string? TriagedBy, int TriagedDaysAgo, string? Note, string[] MeToos)[] Rows =
    [
        ("platform", "hana", 23, "Flaky integration tests block merges on main",
            "About one run in five fails on the gateway's integration suite for reasons unrelated to the change. We re-run until it passes, often twice; a merge waits 40 minutes more than it should.",
            "CI", 6, FrictionStatus.Open, null, 0, null, ["mateo", "leo"]),
        ("platform", "leo", 9, "Staging data is reset without notice",
            "Staging is reset every few days by a script nobody owns. Test accounts and feature-flag settings disappear mid-test and we set them up again by hand.",
            "Staging environment", 2, FrictionStatus.Open, null, 0, null, ["hana"]),
        ("platform", "mateo", 40, "Terraform plan takes 12 minutes for a one-line change",
            "Every plan refreshes the whole account's state. A one-line change to a security group takes a quarter of an hour to review.",
            "Terraform", 3, FrictionStatus.Accepted, "priya", 30, "Accepted: split the state per service this quarter; Mateo leads it.", ["hana", "leo"]),
        ("platform", "hana", 60, "On-call handover is a 30-minute meeting",
            "The weekly handover reads the incident list aloud. A written summary would do, with a call only when something is still burning.",
            "On-call", 1.5, FrictionStatus.Removed, "priya", 20, "Replaced by a written handover in the on-call channel; a call only for open incidents.", ["mateo"]),
        ("payments", "ethan", 18, "Sandbox of the card provider is down most mornings",
            "The provider's sandbox answers 503 until about 10:00 our time. Payment tests fail and we wait, or mock more than we should.",
            "Card provider sandbox", 4, FrictionStatus.Open, null, 0, null, ["sofia", "aisha"]),
        ("payments", "aisha", 4, "Release checklist is a 40-item wiki page",
            "Half the items no longer apply since the ledger moved to PostgreSQL; the other half are checked by CI already. We still tick all 40 by hand.",
            "Release process", 1, FrictionStatus.Open, null, 0, null, ["ethan"]),
        ("payments", "sofia", 35, "Two approvals for every change to the ledger",
            "Even a log message change to the ledger needs two approvals from the two people who know it; changes wait a day for the second.",
            "Code review", 3, FrictionStatus.Declined, "daniel", 25,
            "Declined for now: the ledger moves money and audit asks for two approvals. We will grow a third reviewer instead (see Team design).", ["ethan"]),
        ("payments", "ethan", 50, "Local setup needs a VPN for the fixtures",
            "The test fixtures live on an internal share; without the VPN the local build fails halfway.",
            "Local development", 2, FrictionStatus.Removed, "daniel", 38, "Fixtures are in the repository now.", []),
        ("mobile", "noah", 16, "App Store review stalls releases for days",
            "A release waits two to four days in review; a fix for a crash waits as long as a feature.",
            "Release process", null, FrictionStatus.Accepted, "chloe", 10, "Accepted: we will ship behind remote flags so fixes need no new review.", ["ingrid", "ravi"]),
        ("mobile", "ravi", 6, "Android emulator images are rebuilt on every CI run",
            "Each Android job downloads and boots a fresh emulator image: 9 minutes before the first test runs.",
            "CI", 5, FrictionStatus.Open, null, 0, null, ["ingrid"]),
        ("mobile", "ingrid", 2, "Design files and the app disagree on spacing",
            "The design tool's spacing tokens are not the app's; every screen needs a round of pixel questions.",
            "Design handoff", 1, FrictionStatus.Open, null, 0, null, []),
        ("growth", "samuel", 12, "Experiment results arrive a week after the experiment ends",
            "The analysis job runs weekly; we wait up to seven days to know whether to ship the winner.",
            "Experiments", 2, FrictionStatus.Open, null, 0, null, ["mei"]),
        ("growth", "mei", 28, "Feature flags are never cleaned up",
            "The storefront has 140 flags, 90 of them fully rolled out. Reading the checkout code means reading dead branches.",
            "Feature flags", 2, FrictionStatus.Accepted, "lucas", 21, "Accepted: a flag register with an owner and an end date; clean-up sprint in January.", ["samuel"]),
    ];

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var now = context.Clock.GetUtcNow().UtcDateTime;
        foreach (var row in Rows)
        {
            var created = now.AddDays(-row.DaysAgo).AddHours(-3);
            var triaged = row.TriagedBy is null ? (DateTime?)null : now.AddDays(-row.TriagedDaysAgo);
            db.FrictionItems.Add(new FrictionItem
            {
                TeamId = context.Teams[row.Team].Id, Title = row.Title, Detail = row.Detail, Where = row.Where, HoursPerWeek = row.Hours,
                Status = FrictionRules.Text(row.Status), AuthorPersonId = context.People[row.Author].Id, CreatedAt = created, UpdatedAt = triaged ?? created,
                TriageNote = row.Note, TriagedAt = triaged, TriagedByPersonId = row.TriagedBy is { } by ? context.People[by].Id : null,
                MeToos = [.. row.MeToos.Select((who, i) => new FrictionMeToo { PersonId = context.People[who].Id, CreatedAt = created.AddHours(2 + 5 * i) })],
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
