using System.Globalization;
using System.Text;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>
/// Estimated stories for the demo, so the calibration page has something to say: per team six
/// months of finished stories with point estimates, cycle times log-normal around the team's own
/// days-per-point scale (larger cards noisier), a backlog of estimated stories not done yet, and a
/// few unestimated bugs and stories that lost their start date. Payments under-estimates its big
/// cards: its 8s and 13s take about twice what their points say. Imported through the real work
/// item import, like a tracker export.
/// </summary>
public sealed class DemoCalibrationSeeder(DeliveryImporter importer) : IDemoSeeder
{
    public int Order => 20;

    private sealed record TeamProfile(string Key, string Prefix, double DaysPerPoint, int Finished, IReadOnlyDictionary<double, double> BigCardFactor, string[] Subjects);

    private static readonly TeamProfile[] Profiles =
    [
        new("platform", "PLAT", 0.8, 110, new Dictionary<double, double>(),
            ["the build cache", "deploy rollbacks", "gateway rate limits", "log retention", "runner autoscaling", "certificate renewal",
             "the staging environment", "secrets rotation", "service health checks", "the on-call runbook", "trace sampling", "the artifact store"]),
        new("payments", "PAY", 1.1, 95, new Dictionary<double, double> { [8] = 1.9, [13] = 2.5 },
            ["the refund flow", "card retries", "currency rounding", "the ledger export", "3-D Secure checks", "payout reports",
             "provider failover", "invoice e-mails", "chargeback handling", "the checkout page", "saved cards", "VAT calculation"]),
        new("mobile", "MOB", 1.4, 70, new Dictionary<double, double>(),
            ["push notifications", "the offline cache", "app start-up", "the login screen", "deep links", "the settings screen",
             "crash reporting", "image loading", "dark mode", "the onboarding flow", "in-app purchases", "accessibility labels"]),
        new("growth", "GRO", 0.7, 85, new Dictionary<double, double>(),
            ["the landing page", "search filters", "the sign-up funnel", "experiment assignment", "recommendations", "the referral programme",
             "SEO metadata", "the newsletter form", "pricing page copy", "cart reminders", "the experiment dashboard", "promo codes"]),
    ];

    private static readonly string[] Verbs =
        ["Add metrics to", "Fix", "Speed up", "Clean up", "Document", "Add tests for", "Migrate", "Harden", "Simplify", "Automate", "Polish", "Refactor"];

    /// <summary>How often each card is chosen: mostly 2s, 3s and 5s, as in most teams' backlogs.</summary>
    private static readonly (double Points, double Weight)[] Cards =
        [(0.5, 4), (1, 14), (2, 22), (3, 24), (5, 20), (8, 11), (13, 6)];

    private const int BacklogPerTeam = 20;

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var now = context.Clock.GetUtcNow().UtcDateTime;
        var since = now.Date.AddDays(-182);
        var csv = new StringBuilder("id,title,team,kind,estimate,estimate_unit,committed_date,started_at,done_at\n");
        foreach (var profile in Profiles)
        {
            var random = new Random(profile.Key.Sum(c => c) * 104729 + 20);
            var team = context.Teams[profile.Key].Name;
            var titles = Verbs.SelectMany(v => profile.Subjects.Select(s => $"{v} {s}")).OrderBy(_ => random.Next()).ToList();
            var number = 100;
            string Title() => titles.Count > 0 ? Take(titles) : $"Follow-up on {profile.Subjects[random.Next(profile.Subjects.Length)]}";
            void Row(string kind, double? points, DateTime? started, DateTime? done, string? title = null) =>
                csv.Append(CultureInfo.InvariantCulture,
                    $"{profile.Prefix}-{++number},{title ?? Title()},{team},{kind},{points},{(points is null ? "" : "points")},,{Iso(started)},{Iso(done)}\n");

            var finishedCards = CardsInProportion(profile.Finished, random);
            for (var i = 0; i < profile.Finished; i++)
            {
                var points = finishedCards[i];
                var done = WorkingHour(random, since.AddDays(random.NextDouble() * (now - since).TotalDays), now);
                var days = CycleDays(random, profile, points);
                // Now and then the tracker lost when work started: calibration counts these as excluded.
                var started = random.NextDouble() < 0.02 ? (DateTime?)null : done.AddDays(-days);
                Row("story", points, started, done);
            }
            for (var i = 0; i < BacklogPerTeam; i++)
            {
                var inProgress = i < 4;
                Row("story", Card(random), inProgress ? now.AddDays(-random.NextDouble() * 5) : null, null);
            }
            for (var i = 0; i < 10; i++)
            {
                var done = i < 8 ? WorkingHour(random, since.AddDays(random.NextDouble() * (now - since).TotalDays), now) : (DateTime?)null;
                Row("bug", null, done?.AddDays(-0.2 - random.NextDouble() * 2), done,
                    $"Bug in {profile.Subjects[random.Next(profile.Subjects.Length)]}");
            }
        }
        var report = await importer.ImportWorkItemsAsync(new StringReader(csv.ToString()), json: false, cancellationToken);
        if (!report.Succeeded)
        {
            throw new InvalidOperationException("The demo stories did not import: " + string.Join("; ", report.Problems));
        }
    }

    private static string Take(List<string> titles)
    {
        var title = titles[^1];
        titles.RemoveAt(titles.Count - 1);
        return title;
    }

    /// <summary>
    /// <paramref name="count"/> cards in the proportions of <see cref="Cards"/>, shuffled: drawn one by
    /// one, a team could end up with two 13s and nothing to say about them.
    /// </summary>
    private static List<double> CardsInProportion(int count, Random random)
    {
        var total = Cards.Sum(c => c.Weight);
        var cards = Cards.SelectMany(c => Enumerable.Repeat(c.Points, (int)Math.Round(count * c.Weight / total))).ToList();
        while (cards.Count < count)
        {
            cards.Add(3);
        }
        return cards.Take(count).OrderBy(_ => random.Next()).ToList();
    }

    private static double Card(Random random)
    {
        var pick = random.NextDouble() * Cards.Sum(c => c.Weight);
        foreach (var (points, weight) in Cards)
        {
            pick -= weight;
            if (pick < 0)
            {
                return points;
            }
        }
        return Cards[^1].Points;
    }

    /// <summary>
    /// Log-normal around the team's scale × the card (times the team's big-card factor), wider for
    /// larger cards: a 13 hides more unknowns than a 1.
    /// </summary>
    private static double CycleDays(Random random, TeamProfile profile, double points)
    {
        var step = Array.FindIndex(Cards, c => c.Points == points);
        var sigma = 0.28 + 0.045 * step;
        // Box–Muller: a standard normal from two uniforms.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var days = profile.DaysPerPoint * points * profile.BigCardFactor.GetValueOrDefault(points, 1) * Math.Exp(sigma * normal);
        return Math.Round(Math.Max(days, 0.1), 2);
    }

    /// <summary>The same day between 10:00 and 18:00, moved off the weekend to the Monday, and never after now.</summary>
    private static DateTime WorkingHour(Random random, DateTime day, DateTime now)
    {
        var date = day.Date;
        date = date.DayOfWeek switch
        {
            DayOfWeek.Saturday => date.AddDays(2),
            DayOfWeek.Sunday => date.AddDays(1),
            _ => date,
        };
        var at = date.AddHours(10 + random.NextDouble() * 8);
        // Drawn every time, so the day the demo is seeded never shifts the random stream (and with it
        // which card each story gets).
        var fallback = now.AddHours(-1 - random.NextDouble() * 24);
        return at < now ? at : fallback;
    }

    private static string Iso(DateTime? utc) => utc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
