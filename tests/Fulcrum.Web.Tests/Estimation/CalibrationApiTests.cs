using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Estimation;

public sealed class CalibrationApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 10, 30, 0, TimeSpan.Zero);
    private static readonly DateTime Today = Now.UtcDateTime.Date;

    private static async Task<(FulcrumServer Server, HttpClient Member)> ArrangeAsync(DatabaseEngine engine = DatabaseEngine.Sqlite)
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.New(engine), clock: new TestClock(Now));
        await CalibrationData.SeedAsync(server, Today);
        // A member, not a leader: team aggregates are for everyone signed in.
        return (server, server.CreateClient(await server.CreateTokenAsync("member@example.com", Roles.Member)));
    }

    private static JsonElement Figure(JsonElement holder, string name) => holder.GetProperty(name);

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_teams_figures_cover_its_sub_teams_point_estimates_and_nothing_else(DatabaseEngine engine)
    {
        var (server, member) = await ArrangeAsync(engine);
        await using var _ = server;
        using var __ = member;

        var result = await member.GetFromJsonAsync<JsonElement>("/api/v1/estimation/calibration?team=payments");

        Assert.Equal("Payments", result.GetProperty("team").GetString());
        Assert.Equal(["Payments", "Ledger"], result.GetProperty("teams").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(Today, result.GetProperty("asOf").GetDateTime().ToUniversalTime());
        var coverage = result.GetProperty("coverage");
        Assert.Equal((19, 14, 5), (coverage.GetProperty("workItems").GetInt32(), coverage.GetProperty("finished").GetInt32(), coverage.GetProperty("open").GetInt32()));
        var leftOut = coverage.GetProperty("leftOut").EnumerateArray()
            .Select(l => (l.GetProperty("code").GetString(), l.GetProperty("finished").GetInt32(), l.GetProperty("open").GetInt32())).ToList();
        Assert.Equal([("no_estimate", 1, 1), ("time_estimate", 1, 0)], leftOut);
        Assert.Contains("Estimated in days", coverage.GetProperty("leftOut")[1].GetProperty("reason").GetString());

        var deck = Assert.Single(result.GetProperty("decks").EnumerateArray());
        Assert.Equal("points", deck.GetProperty("deckId").GetString());
        Assert.Equal(12, deck.GetProperty("items").GetInt32());
        Assert.Equal(1, deck.GetProperty("excluded").GetProperty("missingStart").GetInt32());

        // 11 ratio items: eight took exactly 1 day per point, three took 2.
        var logs = Enumerable.Repeat(0.0, 8).Concat(Enumerable.Repeat(Math.Log(2), 3)).ToList();
        var mean = logs.Average();
        var sd = Math.Sqrt(logs.Sum(l => (l - mean) * (l - mean)) / (logs.Count - 1));
        AssertFigure(Figure(deck, "daysPerPoint"), 1.0, "days/point", 11);
        AssertFigure(Figure(deck, "bias"), 3 * Math.Log(2) / 11, "ln ratio", 11);
        AssertFigure(Figure(deck, "spread"), sd, "ln ratio", 11);
        AssertFigure(Figure(deck, "pred25"), 8.0 / 11, "ratio", 11);
        Assert.Equal(3, deck.GetProperty("pred25").GetProperty("details").GetProperty("longer").GetDouble());
        AssertFigure(Figure(deck, "monotonicity"), 1.0, "ratio", 2);
        Assert.Equal(1, deck.GetProperty("monotonicity").GetProperty("details").GetProperty("cards_with_too_few_items").GetDouble());
        Assert.Equal("No finished item estimated in planning poker; the rate needs at least 3.",
            deck.GetProperty("firstRoundConsensus").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, deck.GetProperty("convergence").GetProperty("value").ValueKind);

        var cards = deck.GetProperty("cards").EnumerateArray().ToDictionary(c => c.GetProperty("card").GetString()!);
        Assert.Equal(["1", "2", "3", "5"], cards.Keys);
        var one = cards["1"];
        Assert.Equal(3, one.GetProperty("items").GetInt32());
        AssertFigure(one.GetProperty("cycleTime"), 1.0, "days", 3);
        Assert.Equal(1.5, one.GetProperty("cycleTime").GetProperty("details").GetProperty("p75").GetDouble(), 9);
        Assert.Equal(1.8, one.GetProperty("cycleTime").GetProperty("details").GetProperty("p90").GetDouble(), 9);
        AssertFigure(one.GetProperty("bias"), Math.Log(2) / 3, "ln ratio", 3);
        AssertFigure(cards["3"].GetProperty("pred25"), 1.0, "ratio", 3);
        Assert.Equal(["P-3", "P-2", "P-1"], one.GetProperty("referenceStories").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("Only 2 finished items with a cycle time on this card; percentiles need at least 3.",
            cards["5"].GetProperty("cycleTime").GetProperty("reason").GetString());

        var neighbours = deck.GetProperty("neighbours").EnumerateArray()
            .Select(n => (n.GetProperty("smallerCard").GetString(), n.GetProperty("largerCard").GetString(),
                Math.Round(n.GetProperty("probabilityLargerTakesLonger").GetDouble(), 4), n.GetProperty("largerTakesLonger").GetBoolean()))
            .ToList();
        Assert.Equal([("1", "2", Math.Round(8.0 / 9, 4), true), ("2", "3", Math.Round(6.0 / 9, 4), true)], neighbours);
        var five = result.GetProperty("cycleTimes").EnumerateArray().Single(c => c.GetProperty("card").GetString() == "5");
        Assert.Equal([5.0, 10.0], five.GetProperty("days").EnumerateArray().Select(d => d.GetDouble()));

        // One point item finished in each of the 12 weeks, 4 in the backlog: 4 weeks in every trial.
        var forecast = result.GetProperty("forecast");
        Assert.Null(forecast.GetProperty("reason").GetString());
        Assert.Equal("Throughput", forecast.GetProperty("method").GetString());
        Assert.Equal(CalibrationData.BacklogItems, forecast.GetProperty("backlogItems").GetInt32());
        Assert.Equal(12, forecast.GetProperty("weeksWithThroughput").GetInt32());
        var percentiles = forecast.GetProperty("percentiles").EnumerateArray()
            .Select(p => (p.GetProperty("percent").GetInt32(), p.GetProperty("weeks").GetInt32(), p.GetProperty("date").GetDateTime().ToUniversalTime()))
            .ToList();
        Assert.Equal([(50, 4, Today.AddDays(28)), (85, 4, Today.AddDays(28)), (95, 4, Today.AddDays(28))], percentiles);
        var bucket = Assert.Single(forecast.GetProperty("histogram").EnumerateArray());
        Assert.Equal((4, 10_000, 1.0), (bucket.GetProperty("weeks").GetInt32(), bucket.GetProperty("trials").GetInt32(), bucket.GetProperty("cumulativeShare").GetDouble()));
        Assert.Equal([("1", 1), ("2", 1), ("3", 2)],
            result.GetProperty("backlog").EnumerateArray().Select(b => (b.GetProperty("card").GetString(), b.GetProperty("count").GetInt32())));
        Assert.All(result.GetProperty("history").EnumerateArray(), week => Assert.Equal(1, week.GetProperty("items").GetInt32()));
    }

    [Fact]
    public async Task The_sub_team_alone_and_the_weighted_forecast()
    {
        var (server, member) = await ArrangeAsync();
        await using var _ = server;
        using var __ = member;

        var ledger = await member.GetFromJsonAsync<JsonElement>("/api/v1/estimation/calibration?team=Ledger&method=weighted");

        Assert.Equal(["Ledger"], ledger.GetProperty("teams").EnumerateArray().Select(t => t.GetString()));
        var deck = Assert.Single(ledger.GetProperty("decks").EnumerateArray());
        Assert.Equal(2, deck.GetProperty("items").GetInt32());
        Assert.Equal("Only 2 finished items on a numeric card above 0 with a cycle time above 0; the scale needs at least 3.",
            deck.GetProperty("daysPerPoint").GetProperty("reason").GetString());
        var forecast = ledger.GetProperty("forecast");
        Assert.Equal("CycleTimeWeighted", forecast.GetProperty("method").GetString());
        Assert.Equal("2 of the 12 weeks of history finished an item with a cycle time; a forecast needs at least 4 such weeks.",
            forecast.GetProperty("reason").GetString());
        Assert.Empty(forecast.GetProperty("percentiles").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_team_or_deck_is_404_naming_it_and_a_missing_team_or_bad_method_is_400()
    {
        var (server, member) = await ArrangeAsync();
        await using var _ = server;
        using var __ = member;

        var unknown = await member.GetAsync("/api/v1/estimation/calibration?team=Nowhere");
        var deck = await member.GetAsync("/api/v1/estimation/calibration?team=Payments&deck=tshirt");
        var missing = await member.GetAsync("/api/v1/estimation/calibration");
        var method = await member.GetAsync("/api/v1/estimation/calibration?team=Payments&method=velocity");
        using var anonymous = server.CreateClient();
        var signedOut = await anonymous.GetAsync("/api/v1/estimation/calibration?team=Payments");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("There is no team named 'Nowhere'.", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, deck.StatusCode);
        Assert.Equal("Team 'Payments' has no work items estimated with deck 'tshirt'; its decks: points.",
            (await deck.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("Name the team", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("team")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, method.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    private static void AssertFigure(JsonElement figure, double value, string unit, int sample)
    {
        Assert.True(figure.GetProperty("reason").ValueKind == JsonValueKind.Null, figure.ToString());
        Assert.Equal(value, figure.GetProperty("value").GetDouble(), 9);
        Assert.Equal(unit, figure.GetProperty("unit").GetString());
        Assert.Equal(sample, figure.GetProperty("sampleSize").GetInt32());
    }
}
