using Fulcrum.Core.Organisation;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>The demo organisation: an engineering department of five teams, seventeen people with
/// managers and career tracks, and the services each team owns.</summary>
public sealed class DemoOrganisationSeeder(UserAccounts accounts) : IDemoSeeder
{
    public const string Password = "fulcrum-demo";
    public const string AdminEmail = "amara.okafor@example.com";

    public static readonly IReadOnlyList<DemoLogin> Logins =
    [
        new(AdminEmail, Password, Roles.Admin, "Amara Okafor, Director of Engineering"),
        new("priya.raman@example.com", Password, Roles.Leader, "Priya Raman, Engineering Manager, Platform"),
        new("hana.kobayashi@example.com", Password, Roles.Member, "Hana Kobayashi, Software Engineer, Platform"),
    ];

    public int Order => 0;

    private static readonly (string Key, string Name, string? Parent, string Description)[] TeamRows =
    [
        ("engineering", "Engineering", null, "The engineering department."),
        ("platform", "Platform", "engineering", "Build, deploy and run: CI, the API gateway, observability."),
        ("payments", "Payments", "engineering", "Checkout, payment providers and the ledger."),
        ("mobile", "Mobile", "engineering", "The iOS and Android apps."),
        ("growth", "Growth", "engineering", "The web storefront and product experiments."),
    ];

    private static readonly (string Key, string Name, string Title, string Team, string? Manager, string Track, int Level)[] PeopleRows =
    [
        ("amara", "Amara Okafor", "Director of Engineering", "engineering", null, CareerTracks.Management, 7),
        ("jonas", "Jonas Berg", "Staff Engineer", "engineering", "amara", CareerTracks.IndividualContributor, 6),
        ("priya", "Priya Raman", "Engineering Manager", "platform", "amara", CareerTracks.Management, 5),
        ("mateo", "Mateo Silva", "Senior Software Engineer", "platform", "priya", CareerTracks.IndividualContributor, 5),
        ("hana", "Hana Kobayashi", "Software Engineer", "platform", "priya", CareerTracks.IndividualContributor, 3),
        ("leo", "Leo Fischer", "Software Engineer", "platform", "priya", CareerTracks.IndividualContributor, 2),
        ("daniel", "Daniel Mensah", "Senior Engineering Manager", "payments", "amara", CareerTracks.Management, 6),
        ("sofia", "Sofia Rossi", "Senior Software Engineer", "payments", "daniel", CareerTracks.IndividualContributor, 5),
        ("ethan", "Ethan Clarke", "Software Engineer", "payments", "daniel", CareerTracks.IndividualContributor, 4),
        ("aisha", "Aisha Rahman", "Software Engineer", "payments", "daniel", CareerTracks.IndividualContributor, 3),
        ("chloe", "Chloé Martin", "Engineering Manager", "mobile", "amara", CareerTracks.Management, 5),
        ("noah", "Noah Kim", "Software Engineer", "mobile", "chloe", CareerTracks.IndividualContributor, 4),
        ("ingrid", "Ingrid Larsen", "Software Engineer", "mobile", "chloe", CareerTracks.IndividualContributor, 3),
        ("ravi", "Ravi Patel", "Associate Software Engineer", "mobile", "chloe", CareerTracks.IndividualContributor, 2),
        ("lucas", "Lucas Moreau", "Engineering Manager", "growth", "amara", CareerTracks.Management, 5),
        ("mei", "Mei Chen", "Senior Software Engineer", "growth", "lucas", CareerTracks.IndividualContributor, 5),
        ("samuel", "Samuel Adeyemi", "Software Engineer", "growth", "lucas", CareerTracks.IndividualContributor, 3),
    ];

    private static readonly (string Key, string Name, string Team, string Description)[] ServiceRows =
    [
        ("api-gateway", "api-gateway", "platform", "Routes and authenticates every public API call."),
        ("ci-runner", "ci-runner", "platform", "The build and deploy pipeline runners."),
        ("payments-api", "payments-api", "payments", "Checkout and payment-provider integrations."),
        ("ledger", "ledger", "payments", "Double-entry ledger of every money movement."),
        ("ios-app", "ios-app", "mobile", "The iOS app."),
        ("android-app", "android-app", "mobile", "The Android app."),
        ("storefront", "storefront", "growth", "The web storefront."),
        ("experiments", "experiments", "growth", "Feature flags and A/B experiments."),
    ];

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var now = context.Clock.GetUtcNow().UtcDateTime;
        var db = context.Db;
        foreach (var row in TeamRows)
        {
            var team = new Team { Name = row.Name, Description = row.Description, CreatedAt = now };
            if (row.Parent is not null)
            {
                team.ParentTeam = context.Teams[row.Parent];
            }
            context.Teams[row.Key] = db.Teams.Add(team).Entity;
        }
        foreach (var row in PeopleRows)
        {
            var person = new Person
            {
                Name = row.Name,
                Email = EmailOf(row.Name),
                Title = row.Title,
                Team = context.Teams[row.Team],
                Manager = row.Manager is null ? null : context.People[row.Manager],
                Track = row.Track,
                Level = row.Level,
                CreatedAt = now,
            };
            context.People[row.Key] = db.People.Add(person).Entity;
        }
        foreach (var row in ServiceRows)
        {
            var service = new Service
            {
                Name = row.Name,
                Description = row.Description,
                Repository = $"https://git.example.com/demo/{row.Name}.git",
                Team = context.Teams[row.Team],
                CreatedAt = now,
            };
            context.Services[row.Key] = db.Services.Add(service).Entity;
        }
        await db.SaveChangesAsync(cancellationToken);

        foreach (var login in Logins)
        {
            await accounts.CreateAsync(login.Email, "", login.Password, login.Role);
            context.Logins.Add(login);
        }
    }

    /// <summary>"Chloé Martin" → chloe.martin@example.com. The build runs with invariant globalization, where
    /// Unicode decomposition is not available, so accented letters are folded by hand.</summary>
    private static string EmailOf(string name) =>
        string.Join('.', new string([.. name.ToLowerInvariant().Select(Fold).Where(c => char.IsAsciiLetter(c) || c == ' ')]).Split(' ')) + "@example.com";

    private static char Fold(char c) =>
        "àáâãäå".Contains(c) ? 'a' : c == 'ç' ? 'c' : "èéêë".Contains(c) ? 'e' : "ìíîï".Contains(c) ? 'i'
        : c == 'ñ' ? 'n' : "òóôõöø".Contains(c) ? 'o' : "ùúûü".Contains(c) ? 'u' : "ýÿ".Contains(c) ? 'y' : c;
}
