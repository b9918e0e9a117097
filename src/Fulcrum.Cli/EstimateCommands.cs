using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fulcrum.Core;
using Fulcrum.Web.Features.Estimation;

namespace Fulcrum.Cli;

public static class EstimateCommands
{
    public static Command Build() => new("estimate", "Estimation: how a team's estimates held up against the time the work took, and forecasts from its history.")
    {
        Calibration(),
    };

    private static Command Calibration()
    {
        var team = new Option<string>("--team") { Description = "The team; its sub-teams' work items count with it.", Required = true };
        var deck = new Option<string?>("--deck") { Description = "Only this deck: the work items' estimate unit, e.g. points (default: every deck)." };
        var method = new Option<string>("--method") { Description = "Forecast by item count (throughput) or by item size (weighted).", DefaultValueFactory = _ => "throughput" };
        method.AcceptOnlyFromAmong("throughput", "weighted");
        var format = new Option<string>("--format") { Description = "table, or json (the same JSON as GET /api/v1/estimation/calibration).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("calibration",
            "Estimates against actual cycle times per deck and card (bias, spread, PRED(25), do larger cards take longer), and when the estimated backlog is likely done.")
        {
            team, deck, method, format,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            CalibrationQueries.TryParseMethod(parseResult.GetValue(method), out var forecastMethod);
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var result = await cli.Get<CalibrationQueries>().ForTeamAsync(parseResult.GetValue(team)!.Trim(), parseResult.GetValue(deck), forecastMethod, cancellationToken);
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
            }
            else
            {
                WriteTable(result);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The web app's API settings (ConfigureHttpJsonOptions), indented: the CLI's JSON is the API's.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private static void WriteTable(CalibrationResult result)
    {
        var coverage = result.Coverage;
        Console.WriteLine($"Calibration of {CalibrationFormat.Scope(result)}, as of {Iso(result.AsOf)}");
        Console.WriteLine($"{CalibrationFormat.Count(coverage.Finished, "finished work item")} and {coverage.Open} open.");
        if (CalibrationFormat.LeftOut(coverage) is { } leftOut)
        {
            Console.WriteLine(leftOut);
        }
        if (result.Decks.Count == 0)
        {
            Console.WriteLine($"No finished work item of {result.Team} has a story-point estimate yet: import work items with estimate_unit points.");
        }
        foreach (var deck in result.Decks)
        {
            Console.WriteLine();
            var excluded = deck.Excluded.Total == 0 ? "" : $"; left out of every time figure: {CalibrationFormat.Exclusions(deck.Excluded)}";
            Console.WriteLine($"Deck \"{deck.DeckId}\": {CalibrationFormat.Count(deck.Items, "finished item")} on {CalibrationFormat.Count(deck.Cards.Count, "card")}{excluded}");
            Console.WriteLine();
            Console.WriteLine($"{"FIGURE",-26} {"VALUE",-22} {"SAMPLE",6}");
            foreach (var figure in CalibrationFormat.Headline(deck))
            {
                Console.WriteLine($"{figure.Title,-26} {CalibrationFormat.Value(figure),-22} {figure.SampleSize,6}");
                foreach (var line in figure.Reason is { } reason ? new[] { reason } : CalibrationFormat.Details(figure))
                {
                    Console.WriteLine($"    {line}");
                }
            }

            Console.WriteLine();
            Console.WriteLine($"{"CARD",-6} {"ITEMS",5}  {"MEDIAN",-11} {"MIDDLE HALF",-15} {"P90",-11} {"BIAS",-15} PRED(25)");
            foreach (var card in deck.Cards)
            {
                var p = card.CycleTime.Details;
                var median = card.CycleTime.Value is double m ? CalibrationFormat.Days(m) : CalibrationFormat.Missing(card.CycleTime, card);
                var middle = p is null ? "—" : CalibrationFormat.DayRange(p["p25"], p["p75"]);
                var p90 = p is null ? "—" : CalibrationFormat.Days(p["p90"]);
                var bias = card.Bias.Value is double b ? CalibrationFormat.Bias(b) : CalibrationFormat.Missing(card.Bias, card);
                var pred = card.Pred25.Value is double r ? CalibrationFormat.Percent(r) : CalibrationFormat.Missing(card.Pred25, card);
                Console.WriteLine($"{card.Card,-6} {card.Items,5}  {median,-11} {middle,-15} {p90,-11} {bias,-15} {pred}");
            }
            foreach (var card in deck.Cards)
            {
                foreach (var reason in new[] { card.CycleTime, card.Bias, card.Pred25 }.Select(f => f.Reason).OfType<string>().Distinct())
                {
                    Console.WriteLine($"    Card {card.Card}: {reason}");
                }
            }

            Console.WriteLine();
            if (deck.Neighbours.Count == 0)
            {
                Console.WriteLine($"Neighbouring cards: {deck.Monotonicity.Reason}");
            }
            else
            {
                Console.WriteLine($"{"CARDS",-10} {"MEDIAN TIMES",-24} {"IN ORDER",-9} LARGER TOOK LONGER");
                foreach (var pair in deck.Neighbours)
                {
                    var cards = $"{pair.SmallerCard} → {pair.LargerCard}";
                    var medians = $"{CalibrationFormat.Days(pair.SmallerMedianDays)} → {CalibrationFormat.Days(pair.LargerMedianDays)}";
                    Console.WriteLine($"{cards,-10} {medians,-24} {(pair.LargerTakesLonger ? "yes" : "no"),-9} {CalibrationFormat.Percent(pair.ProbabilityLargerTakesLonger)}");
                }
            }
        }

        var forecast = result.Forecast;
        Console.WriteLine();
        var backlog = result.Backlog.Count == 0 ? "" : $" ({string.Join(", ", result.Backlog.Select(b => $"{b.Count} × {b.Card}"))})";
        Console.WriteLine($"Forecast {CalibrationFormat.Method(forecast.Method)}: {CalibrationFormat.Count(forecast.BacklogItems, "estimated item")} not done{backlog}, "
            + $"from the last {CalibrationFormat.Count(forecast.HistoryWeeks, "week")}, {forecast.Trials.ToString("N0", CultureInfo.InvariantCulture)} trials (seed {forecast.Seed})");
        if (forecast.Reason is not null)
        {
            Console.WriteLine($"    {forecast.Reason}");
        }
        foreach (var percentile in forecast.Percentiles)
        {
            var when = percentile.Date is DateTime date ? $"{Iso(date)}  ({CalibrationFormat.Count(percentile.Weeks!.Value, "week")})" : "beyond the horizon";
            Console.WriteLine($"  {percentile.Percent,3} %  {when}");
        }
    }

    private static string Iso(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
