using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Delivery;

public sealed class WorkItemTests
{
    private const string Header = "id,title,team,kind,estimate,estimate_unit,committed_date,started_at,done_at\n";

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task On_time_delivery_per_team_with_the_slip_history_of_moved_commitments(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var leader = server.CreateClient(await server.CreateTokenAsync("lead@example.com", Roles.Leader));
        await leader.PostAsJsonAsync("/api/v1/teams", new { name = "Payments" });
        Task<DeliveryImportReport> Import(string csv) =>
            server.WithServicesAsync(s => s.GetRequiredService<DeliveryImporter>().ImportWorkItemsAsync(new StringReader(Header + csv), json: false));

        var first = await Import(
            "W-1,New checkout,Payments,initiative,2,weeks,2026-03-01,2026-02-01,\n" +
            "W-2,Ledger export,Payments,initiative,,,2026-03-10,,\n");
        // Later: W-1 slipped to 03-15 and was done on the 14th; W-2 was done late; W-3 had no date.
        var second = await Import(
            "W-1,New checkout,Payments,initiative,2,weeks,2026-03-15,2026-02-01,2026-03-14T15:00:00Z\n" +
            "W-2,Ledger export,Payments,initiative,,,2026-03-10,,2026-03-20\n" +
            "W-3,Small fix,Payments,bug,,,,,2026-03-05\n");
        var bad = await Import("W-9,Oops,Nowhere,initiative,,,,,\n");

        Assert.Equal((2, 0), (first.Created, first.Updated));
        Assert.Equal((1, 2), (second.Created, second.Updated));
        Assert.Equal("row 2, column 'team': no team named 'Nowhere'", Assert.Single(bad.Problems).ToString());
        var history = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().WorkItems
            .Where(i => i.ExternalId == "W-1").SelectMany(i => i.Commitments).OrderBy(c => c.Id).Select(c => c.CommittedDate).ToListAsync());
        Assert.Equal([new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 15, 0, 0, 0, DateTimeKind.Utc)], history);

        var report = await leader.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report?team=Payments&since=2026-03-01&until=2026-04-01");
        var onTime = report.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "on_time_delivery");
        Assert.Equal(0.5, onTime.GetProperty("value").GetDouble());
        Assert.Equal(2, onTime.GetProperty("sampleSize").GetInt32());
        Assert.Equal(1, onTime.GetProperty("details").GetProperty("items_whose_commitment_moved").GetDouble());
        Assert.Equal(10, onTime.GetProperty("details").GetProperty("late_days_median").GetDouble());

        await server.CreateUserAsync("viewer@example.com", Roles.Member);
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "viewer@example.com");
        var page = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync("/delivery?scope=team:Payments&since=2026-03-01&until=2026-03-31"));
        Assert.Contains("moved 1 time; first promised 2026-03-01", page);
        Assert.Contains("10 days late", page);
        Assert.Contains("<td>on time</td>", page);

        await leader.PostAsJsonAsync("/api/v1/services", new { name = "ledger" });
        var forService = await leader.GetFromJsonAsync<JsonElement>("/api/v1/delivery/report?service=ledger&since=2026-03-01&until=2026-04-01");
        var serviceOnTime = forService.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "on_time_delivery");
        Assert.Equal("Work items belong to teams: choose a team to see on-time delivery.", serviceOnTime.GetProperty("reason").GetString());
    }
}
