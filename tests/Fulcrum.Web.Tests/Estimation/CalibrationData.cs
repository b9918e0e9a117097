using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Estimation;

/// <summary>
/// Work items whose calibration is worked out by hand. Team Payments with sub-team Ledger; team
/// Growth beside them. One point item finished in each of the 12 weeks before <c>today</c>:
/// <code>
///   card 1: 1, 2, 1 days     card 2: 2, 2, 4 days     card 3: 3, 3, 3 days and one without a start
///   card 5 (Ledger): 5, 10 days
/// </code>
/// so the scale is 1 day per point (8 of the 11 ratios are 1, 3 are 2), and a backlog of 4 point
/// items (cards 1, 2, 3, 3) takes exactly 4 weeks at 1 a week. Left out: an item estimated in days
/// and two without an estimate (one open). Growth's items would spoil every figure if they leaked in.
/// </summary>
public static class CalibrationData
{
    public const int BacklogItems = 4;

    public static async Task SeedAsync(FulcrumServer server, DateTime today)
    {
        using var leader = server.CreateClient(await server.CreateTokenAsync($"seed-{Guid.NewGuid():N}@example.com", Roles.Leader));
        var payments = await (await leader.PostAsJsonAsync("/api/v1/teams", new { name = "Payments" })).Content.ReadFromJsonAsync<IdOnly>();
        (await leader.PostAsJsonAsync("/api/v1/teams", new { name = "Ledger", parentTeamId = payments!.Id })).EnsureSuccessStatusCode();
        (await leader.PostAsJsonAsync("/api/v1/teams", new { name = "Growth" })).EnsureSuccessStatusCode();
        var report = await server.WithServicesAsync(s => s.GetRequiredService<DeliveryImporter>()
            .ImportWorkItemsAsync(new StringReader(Csv(today)), json: false));
        if (!report.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", report.Problems));
        }
    }

    public static string Csv(DateTime today)
    {
        var csv = new StringBuilder("id,title,team,kind,estimate,estimate_unit,committed_date,started_at,done_at\n");
        // Done in the middle of week `week` (0 = the oldest of the 12), after `days` of work.
        void Add(string id, string title, string team, string kind, string estimate, string unit, int? week, double? days, bool started = true)
        {
            var done = week is int w ? today.AddDays(-84 + 7 * w + 3.5) : (DateTime?)null;
            var start = done is DateTime d && days is double took ? d.AddDays(-took) : started && week is null ? today.AddDays(-2) : (DateTime?)null;
            csv.Append(CultureInfo.InvariantCulture, $"{id},{title},{team},{kind},{estimate},{unit},,{Iso(start)},{Iso(done)}\n");
        }
        Add("P-1", "Card payments in euro", "Payments", "story", "1", "points", 0, 1);
        Add("P-2", "Refund by bank transfer", "Payments", "story", "1", "points", 1, 2);
        Add("P-3", "Receipt e-mail wording", "Payments", "story", "1", "points", 2, 1);
        Add("P-4", "Retry declined cards", "Payments", "story", "2", "points", 3, 2);
        Add("P-5", "Currency rounding", "Payments", "story", "2", "points", 4, 2);
        Add("P-6", "Provider timeout alerts", "Payments", "story", "2", "points", 5, 4);
        Add("P-7", "Split payments", "Payments", "story", "3", "points", 6, 3);
        Add("P-8", "Saved cards", "Payments", "story", "3", "points", 7, 3);
        Add("P-9", "Apple Pay", "Payments", "story", "3", "points", 8, 3);
        Add("L-1", "Ledger export", "Ledger", "story", "5", "points", 9, 5);
        Add("L-2", "Ledger reconciliation", "Ledger", "story", "5", "points", 10, 10);
        Add("P-10", "Imported without a start", "Payments", "story", "3", "points", 11, null);
        Add("P-11", "Estimated in days", "Payments", "story", "2", "days", 5, 6);
        Add("P-12", "Unestimated bug", "Payments", "bug", "", "", 6, 1);
        Add("P-13", "Open unestimated bug", "Payments", "bug", "", "", null, null);
        Add("B-1", "Backlog one", "Payments", "story", "1", "points", null, null, started: false);
        Add("B-2", "Backlog two (in progress)", "Payments", "story", "2", "points", null, null);
        Add("B-3", "Backlog three", "Payments", "story", "3", "points", null, null, started: false);
        Add("B-4", "Backlog three again", "Ledger", "story", "3", "points", null, null, started: false);
        Add("G-1", "Growth's quick eight", "Growth", "story", "8", "points", 3, 1);
        Add("G-2", "Growth's backlog", "Growth", "story", "1", "points", null, null, started: false);
        return csv.ToString();
    }

    private static string Iso(DateTime? utc) => utc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    private sealed record IdOnly(int Id);
}
