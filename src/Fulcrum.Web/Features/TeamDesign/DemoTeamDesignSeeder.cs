using Fulcrum.Core.TeamDesign;
using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Features.TeamDesign;

/// <summary>
/// The demo's skills matrix and roadmaps: Platform has an AI/ML need nobody covers, an observability
/// need resting on one person, and a Kubernetes need one person short that growing someone covers in
/// time; Payments rests on one person for the ledger.
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
    }
}
