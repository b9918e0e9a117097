using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// Five months of kudos across the demo teams, tied to work and competencies, a few of them
/// private, and achievements for Hana (a demo login) so her brag document has something to say.
/// Leo and Ravi have never been recognised and Samuel not for three months, so the managers'
/// "not recognised lately" list has names on it.
/// </summary>
public sealed class DemoRecognitionSeeder : IDemoSeeder
{
    public int Order => 40;

    private static readonly (int DaysAgo, string From, string To, string Message, string? Link, string Competencies, bool Private)[] KudosRows =
    [
        (3, "mateo", "hana", "Found the cause of the flaky deploy step and wrote it up so nobody has to find it again.", "https://git.example.com/platform/ci-runner/pull/412", "craft,communication", false),
        (6, "priya", "mateo", "Ran the gateway incident review calmly and kept it blameless.", null, "leadership,communication", false),
        (9, "sofia", "ethan", "Untangled the refund retries a week before the sale.", "https://git.example.com/payments/payments-api/pull/977", "delivery,craft", false),
        (12, "daniel", "aisha", "Your first on-call week: every page answered, every handover written.", null, "impact", false),
        (15, "noah", "ingrid", "Paired with me on the offline cache until it made sense. Thank you.", null, "collaboration", true),
        (18, "mei", "lucas", "Protected the team's focus time during the pricing launch.", null, "leadership", false),
        (21, "chloe", "noah", "Cut app start-up by 30% and showed how you measured it.", "https://git.example.com/mobile/ios-app/pull/1203", "craft,impact", false),
        (25, "hana", "leo", "Thanks for reviewing my runner autoscaling change so quickly.", null, "collaboration", true),
        (29, "jonas", "sofia", "The ledger export design doc made a hard decision easy for everyone.", "https://docs.example.com/ledger-export", "communication,impact", false),
        (34, "ethan", "sofia", "Mentored me through my first payments migration.", null, "leadership,learning", false),
        (40, "amara", "priya", "Platform's on-call load halved this quarter; that was your plan.", null, "leadership,impact", false),
        (44, "ingrid", "chloe", "You made the sizing session the calmest one we have had.", null, "leadership", false),
        (51, "mateo", "hana", "Turned the on-call runbook into something people actually read.", "https://docs.example.com/runbook", "communication", false),
        (58, "lucas", "mei", "The experiment dashboard answers questions before people ask them.", null, "delivery,impact", false),
        (66, "daniel", "ethan", "Shipped 3-D Secure checks on the committed date.", null, "delivery", false),
        (75, "sofia", "aisha", "Great tests on currency rounding: they caught two real bugs.", null, "craft", false),
        (88, "lucas", "samuel", "Cleaned up the landing page experiment without breaking a thing.", null, "craft", false),
        (97, "priya", "hana", "Your first certificate renewal went without a single alert.", null, "delivery", false),
        (110, "chloe", "ravi", "Welcome aboard, and thanks for the accessibility label fixes.", null, "craft", true),
        (121, "jonas", "mateo", "Your trace-sampling proposal saved us a lot of money.", null, "impact", false),
        (139, "amara", "daniel", "Kept Payments steady through the provider outage.", null, "leadership", false),
    ];

    private static readonly (int DaysAgo, string Title, string? Detail, string Competencies)[] HanasAchievements =
    [
        (10, "Automated certificate renewal", "No more manual renewals; alerts 14 days ahead if anything fails.", "delivery,craft"),
        (37, "Gave a lunch talk on our deploy pipeline", "About 30 people came; slides in the wiki.", "communication,learning"),
        (80, "Took the on-call rotation for the first time", null, "impact"),
    ];

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var now = context.Clock.GetUtcNow().UtcDateTime;
        foreach (var row in KudosRows)
        {
            var to = context.People[row.To];
            context.Db.Kudos.Add(new Kudos
            {
                FromPersonId = context.People[row.From].Id, ToPersonId = to.Id, TeamId = to.TeamId, Message = row.Message, Link = row.Link,
                Competencies = row.Competencies, IsPrivate = row.Private, CreatedAt = now.AddDays(-row.DaysAgo).Date.AddHours(11),
            });
        }
        foreach (var (daysAgo, title, detail, competencies) in HanasAchievements)
        {
            context.Db.Achievements.Add(new Achievement
            {
                PersonId = context.People["hana"].Id, Title = title, Detail = detail, Competencies = competencies,
                Date = now.AddDays(-daysAgo).Date, CreatedAt = now.AddDays(-daysAgo).Date.AddHours(17),
            });
        }
        await context.Db.SaveChangesAsync(cancellationToken);
    }
}
