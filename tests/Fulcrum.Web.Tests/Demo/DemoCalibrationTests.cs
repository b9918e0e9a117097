using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Tests.Demo;

public sealed class DemoCalibrationTests
{
    [Fact]
    public async Task Every_demo_team_has_calibration_figures_and_a_forecast_and_payments_under_estimates_its_big_cards()
    {
        await using var server = await FulcrumServer.StartAsync(demo: true);
        using var client = server.CreateClient();
        await FulcrumServer.LogInAsync(client, DemoSeeding.Logins[^1].Email, DemoSeeding.Logins[^1].Password);

        var bigCardBias = new Dictionary<string, (double Eights, double Thirteens)>();
        foreach (var team in new[] { "Platform", "Payments", "Mobile", "Growth" })
        {
            var result = await client.GetFromJsonAsync<JsonElement>($"/api/v1/estimation/calibration?team={team}");
            var deck = Assert.Single(result.GetProperty("decks").EnumerateArray());
            Assert.InRange(deck.GetProperty("items").GetInt32(), 60, 120);
            foreach (var figure in new[] { "daysPerPoint", "bias", "spread", "pred25", "monotonicity", "firstRoundConsensus", "convergence" })
            {
                Assert.True(deck.GetProperty(figure).GetProperty("value").ValueKind == JsonValueKind.Number, $"{team}: {figure} has no value");
            }
            Assert.Contains("no_estimate", result.GetProperty("coverage").GetProperty("leftOut").EnumerateArray().Select(l => l.GetProperty("code").GetString()));
            var forecast = result.GetProperty("forecast");
            Assert.Equal(20, forecast.GetProperty("backlogItems").GetInt32());
            Assert.All(forecast.GetProperty("percentiles").EnumerateArray(), p => Assert.Equal(JsonValueKind.String, p.GetProperty("date").ValueKind));
            var cards = deck.GetProperty("cards").EnumerateArray().ToDictionary(c => c.GetProperty("card").GetString()!, c => c.GetProperty("bias").GetProperty("value"));
            bigCardBias[team] = (cards["8"].GetDouble(), cards["13"].GetDouble());
        }

        // e^0.3 ≈ 1.35: Payments' 8s and 13s take over a third longer than the scale its smaller cards set.
        Assert.True(bigCardBias["Payments"].Eights > 0.3 && bigCardBias["Payments"].Thirteens > 0.3, $"Payments: {bigCardBias["Payments"]}");
        Assert.All(bigCardBias.Where(t => t.Key != "Payments"), t => Assert.True(t.Value.Eights < 0.3, $"{t.Key}: {t.Value}"));
    }
}
