using Fulcrum.Core.TeamDesign;
using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Features.TeamDesign;

/// <summary>
/// The demo's skills matrix and roadmaps: Platform has an AI/ML need nobody covers, an observability
/// need resting on one person, and a Kubernetes need one person short that growing someone covers in
/// time; Payments rests on one person for the ledger. And four decisions: one reviewed, one due for
/// review whose metric (checkout conversion, a series entered by hand) moved, one waiting for its
/// review date, one proposed.
/// </summary>
public sealed class DemoTeamDesignSeeder : IDemoSeeder
{
    public int Order => 70;

    // person, skill, own level, confirmed level (by their manager), or null
    private static readonly (string Person, string Skill, int Self, int? Confirmed)[] SkillRows =
    [
        ("mateo", "Kubernetes", 4, 4), ("mateo", "Terraform", 3, 3), ("mateo", "Go", 3, 3), ("mateo", "Observability", 2, null),
        ("hana", "Kubernetes", 2, 2), ("hana", "Terraform", 3, null), ("hana", "Observability", 3, 3), ("hana", "Go", 2, null),
        ("leo", "Kubernetes", 1, null), ("leo", "Go", 3, 2), ("leo", "Observability", 2, null), ("leo", "Machine learning", 1, null),
        ("priya", "Kubernetes", 2, null), ("priya", "Incident command", 4, 4),
        ("sofia", "Ledger accounting", 4, 4), ("sofia", "Java", 4, 4), ("sofia", "PostgreSQL", 3, 3),
        ("ethan", "Java", 3, 3), ("ethan", "PostgreSQL", 2, null), ("ethan", "Ledger accounting", 1, null),
        ("aisha", "Java", 2, null), ("aisha", "Payment providers", 3, 2),
        ("noah", "Swift", 4, 4), ("noah", "Kotlin", 2, null), ("ingrid", "Kotlin", 4, 3), ("ingrid", "Swift", 2, null), ("ravi", "Kotlin", 2, null),
        ("mei", "TypeScript", 4, 4), ("mei", "Experiment design", 3, 3), ("samuel", "TypeScript", 3, null), ("samuel", "Experiment design", 1, null),
    ];

    // team, initiative, weeks from today to its start, weeks it lasts, needs (skill, level, people)
    private static readonly (string Team, string Name, int StartsInWeeks, int Weeks, (string Skill, int Level, int People)[] Needs)[] InitiativeRows =
    [
        ("platform", "Multi-region failover", 10, 16,
            [("Kubernetes", SkillLevels.Practitioner, 2), ("Terraform", SkillLevels.Practitioner, 1), ("Observability", SkillLevels.Practitioner, 1)]),
        ("platform", "AI-assisted incident triage", 8, 12,
            [("Machine learning", SkillLevels.Practitioner, 1), ("Go", SkillLevels.Working, 2)]),
        ("payments", "Ledger reconciliation service", 6, 10,
            [("Ledger accounting", SkillLevels.Practitioner, 1), ("PostgreSQL", SkillLevels.Practitioner, 2), ("Java", SkillLevels.Working, 2)]),
        ("mobile", "Shared Kotlin core", 12, 20,
            [("Kotlin", SkillLevels.Practitioner, 2), ("Swift", SkillLevels.Working, 1)]),
    ];

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var now = context.Clock.GetUtcNow().UtcDateTime;
        foreach (var (key, skill, self, confirmed) in SkillRows)
        {
            var person = context.People[key];
            db.PersonSkills.Add(new PersonSkill
            {
                PersonId = person.Id, Skill = skill, SkillKey = SkillNames.Key(skill), SelfLevel = self, ConfirmedLevel = confirmed,
                ConfirmedByPersonId = confirmed is null ? null : person.ManagerId, ConfirmedAt = confirmed is null ? null : now.AddDays(-20),
                UpdatedAt = now.AddDays(-20),
            });
        }
        var today = now.Date;
        foreach (var (team, name, startsIn, weeks, needs) in InitiativeRows)
        {
            db.Initiatives.Add(new Initiative
            {
                TeamId = context.Teams[team].Id, Name = name, CreatedAt = now,
                StartsOn = DateTime.SpecifyKind(today.AddDays(7 * startsIn), DateTimeKind.Utc),
                EndsOn = DateTime.SpecifyKind(today.AddDays(7 * (startsIn + weeks)), DateTimeKind.Utc),
                Needs = [.. needs.Select(n => new InitiativeNeed { Skill = n.Skill, SkillKey = SkillNames.Key(n.Skill), Level = n.Level, People = n.People })],
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        await SeedDecisionsAsync(context, today, now, cancellationToken);
    }

    private static async Task SeedDecisionsAsync(DemoContext context, DateTime today, DateTime now, CancellationToken cancellationToken)
    {
        var db = context.Db;
        // Checkout conversion in percent, daily for four months: about 2.4 before the single-page checkout, 2.8 after.
        var series = db.MetricSeries.Add(new MetricSeries { Name = "checkout-conversion", Unit = "%", CreatedAt = now }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        for (var day = -120; day < 0; day++)
        {
            var level = day < -45 ? 2.4 : 2.8;
            db.MetricPoints.Add(new MetricPoint { SeriesId = series.Id, On = DateTime.SpecifyKind(today.AddDays(day), DateTimeKind.Utc), Value = Math.Round(level + (context.Random.NextDouble() - 0.5) * 0.4, 2) });
        }
        string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        DateTime Day(int offset) => DateTime.SpecifyKind(today.AddDays(offset), DateTimeKind.Utc);
        DecisionRecord Record(int number, string team, string title, string status, int decided, string door, string why, Core.TeamDesign.DecisionOption[] options,
            string decision, string consequences, string[] led, string[] followed, string? metric, string? expected, int? review, string author) => new()
        {
            Number = number, TeamId = context.Teams[team].Id, Title = title, Status = status, DecidedOn = Day(decided), Context = why, Options = Json(options),
            ChosenOption = options[0].Name, Decision = decision, Consequences = consequences, LedBy = Json(led), FollowedBy = Json(followed), Reversibility = door,
            Metric = metric, Expected = expected, ReviewOn = review is int r ? Day(r) : null, OtherFrontMatter = "[]", AuthorPersonId = context.People[author].Id,
            CreatedAt = Day(decided), UpdatedAt = Day(decided),
        };
        var ledger = Record(1, "payments", "Keep the ledger in PostgreSQL", "accepted", -100, "one-way",
            "The ledger outgrew its document store: reconciliation needs transactions across accounts, and month-end reports scan everything.",
            [new("PostgreSQL", null, ["serialisable transactions", "the team knows it"], ["a migration of two years of entries"]),
             new("Stay on the document store", null, ["no migration"], ["reconciliation in application code", "slow month-end"])],
            "Move the ledger to PostgreSQL with serialisable transactions, behind the existing API.", "A two-month migration; month-end reports run in SQL.",
            ["daniel.mensah@example.com"], ["sofia.rossi@example.com", "ethan.clarke@example.com"], "change-failure-rate", "-10%", -10, "daniel");
        ledger.Outcome = "Failed deployments of the ledger halved once the migration settled; month-end closes in an hour instead of a day.";
        ledger.ReviewedAt = Day(-8);
        ledger.ReviewedByPersonId = context.People["daniel"].Id;
        db.Decisions.Add(ledger);
        db.Decisions.Add(Record(2, "growth", "Move checkout to a single page", "accepted", -45, "two-way",
            "Checkout spans four pages; most of those who leave do so between the second and the third.",
            [new("A single page", null, ["fewer steps", "one place to validate"], ["a larger page to test"]),
             new("Keep four pages, shorten the forms", null, ["small change"], ["the drop-off between pages stays"])],
            "Ship a single-page checkout behind a flag, to everyone once it holds.", "The old flow stays behind the flag for a month.",
            ["lucas.moreau@example.com"], ["mei.chen@example.com", "samuel.adeyemi@example.com"], "checkout-conversion", "+10%", -2, "lucas"));
        db.Decisions.Add(Record(3, "platform", "Trunk-based development with feature flags", "accepted", -30, "two-way",
            "Long-lived branches wait days for review and merge painfully; releases batch a week of changes.",
            [new("Trunk-based with flags", null, ["small changes", "continuous deployment"], ["flags to clean up"]),
             new("Keep release branches", null, ["familiar"], ["big-batch releases", "merge pain"])],
            "Merge to main daily behind flags; delete branches older than two days.", "A flag register, reviewed monthly.",
            ["priya.raman@example.com"], ["mateo.silva@example.com", "hana.kobayashi@example.com", "leo.fischer@example.com"], "lead-time", "-25%", 30, "priya"));
        db.Decisions.Add(Record(4, "platform", "Build incident triage on a hosted model, or hire for it", "proposed", -3, "one-way",
            "AI-assisted incident triage starts in eight weeks and nobody on Platform practises machine learning (see Team design).",
            [new("A hosted model, grown in-house", null, ["no hire", "starts now"], ["Leo needs two learning sprints", "a vendor holds incident data"]),
             new("Hire a machine-learning engineer", null, ["lasting capability"], ["twenty weeks before they are productive"])],
            "Proposed: start on a hosted model while Leo grows into it; revisit hiring in a quarter.", "",
            ["priya.raman@example.com"], ["amara.okafor@example.com"], "time-to-restore", "-30%", 90, "priya"));
        await db.SaveChangesAsync(cancellationToken);
    }
}
