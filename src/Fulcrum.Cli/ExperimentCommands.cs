using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Experiments;
using Fulcrum.Core.TeamDesign;
using Fulcrum.Web.Features.Experiments;

namespace Fulcrum.Cli;

/// <summary>
/// `fulcrum experiment`: improvement experiments on the database (docs/experiments.md). The command
/// line acts for the organisation, as a leader would; <c>--by</c> names who starts one.
/// </summary>
public static class ExperimentCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build() => new("experiment", "Improvement experiments: a hypothesis, the change, the metric; the metric before and after with a noise test.")
    {
        Add(), List(), Result(),
    };

    private static Command Add()
    {
        var team = new Option<string>("--team") { Description = "The team running it.", Required = true };
        var title = new Option<string>("--title") { Description = "What the experiment is, in a few words.", Required = true };
        var hypothesis = new Option<string>("--hypothesis") { Description = "What you believe, and why.", Required = true };
        var change = new Option<string>("--change") { Description = "The change you make.", Required = true };
        var metric = new Option<string>("--metric") { Description = DecisionMetrics.Known + ".", Required = true };
        var expect = new Option<string?>("--expect") { Description = "How much the metric should move: -20%, +2." };
        var start = new Option<string?>("--start") { Description = "The day the change starts, yyyy-MM-dd (default: today)." };
        var end = new Option<string?>("--end") { Description = "The experiment's last day, yyyy-MM-dd (default: none)." };
        var by = new Option<string?>("--by") { Description = "The person (email) starting it; they may conclude it." };
        var command = new Command("add", "Start an experiment.") { team, title, hypothesis, change, metric, expect, start, end, by };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var startsOn = DecisionCommands.Date(parseResult.GetValue(start), "--start");
            var endsOn = DecisionCommands.Date(parseResult.GetValue(end), "--end");
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var scope = await DecisionCommands.ScopeAsync(cli, parseResult.GetValue(by), cancellationToken);
            var added = await cli.Get<Experiments>().AddAsync(new ExperimentRequest(parseResult.GetValue(team), parseResult.GetValue(title),
                parseResult.GetValue(hypothesis), parseResult.GetValue(change), parseResult.GetValue(metric), parseResult.GetValue(expect),
                startsOn, endsOn), scope, mayManage: true, cancellationToken);
            Console.WriteLine($"Started experiment {added.Id}: {added.Title} ({added.Team.Name}, {added.Metric} from {added.StartsOn:yyyy-MM-dd})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var team = new Option<string?>("--team") { Description = "Only this team's experiments." };
        var format = DecisionCommands.Format("table", "json");
        var command = new Command("list", "Every experiment, open ones first, with its verdict so far.") { team, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var store = cli.Get<Experiments>();
            var list = await store.ListAsync(DecisionCommands.Everyone, mayManage: true, parseResult.GetValue(team), cancellationToken);
            var rows = new List<(ExperimentView Experiment, ExperimentResult? Result)>();
            foreach (var e in list)
            {
                rows.Add((e, e.Open ? await store.ResultAsync(e.Id, DecisionCommands.Everyone, cancellationToken) : null));
            }
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new { experiment = r.Experiment, verdict = r.Result?.VerdictText, pValue = r.Result?.Noise?.PValue }), Json));
                return ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                Console.WriteLine("No experiments yet: `fulcrum experiment add --team T --title ... --hypothesis ... --change ... --metric M`.");
                return ExitCodes.Ok;
            }
            foreach (var (e, result) in rows)
            {
                var state = e.Open ? (e.Overdue ? $"ENDED {e.EndsOn:yyyy-MM-dd}, to conclude" : "open") : "concluded";
                var verdict = result is null ? e.Conclusion?.Text ?? "" : result.VerdictText;
                Console.WriteLine($"{e.Id,4}  {e.Title}  [{e.Team.Name}; {e.Metric} {e.Expected}; from {e.StartsOn:yyyy-MM-dd}; {state}]  {verdict}".TrimEnd());
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Result()
    {
        var id = new Argument<int>("id") { Description = "The experiment's number." };
        var format = DecisionCommands.Format("table", "json");
        var command = new Command("result", "The metric before and after the start, sample by sample, and whether the difference is distinguishable from noise.") { id, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var store = cli.Get<Experiments>();
            var n = parseResult.GetValue(id);
            var experiment = await store.GetAsync(n, DecisionCommands.Everyone, mayManage: true, cancellationToken);
            var result = await store.ResultAsync(n, DecisionCommands.Everyone, cancellationToken);
            Console.Write(parseResult.GetValue(format) == "json"
                ? JsonSerializer.Serialize(new { experiment, result = ExperimentResultView.Of(result) }, Json) + "\n"
                : Text(experiment, result));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Text(ExperimentView e, ExperimentResult r)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line($"{e.Id}. {e.Title} ({e.Team.Name}, {(e.Open ? "open" : "concluded")})");
        Line($"Hypothesis: {e.Hypothesis}");
        Line($"Change: {e.Change}");
        Line();
        Line(r.Sentence);
        Line($"Source: {r.Source}.");
        Line();
        string Figure(double? value) => value is double v ? $"{MetricComparison.Format(v)} {r.Unit}" : "-";
        foreach (var (name, side) in new[] { ("before", r.Before), ("after", r.After) })
        {
            var days = side.To > side.From ? $"{side.From:yyyy-MM-dd} to {side.To.AddDays(-1):yyyy-MM-dd}" : "no days yet";
            var events = side.Events is { } ev ? $"; {ev.Deployments} deployments, {ev.Changes} changes, {ev.Incidents} incidents" : "";
            var whole = side.Whole is double w ? $"; whole window {Figure(w)}" : "";
            var leftOut = side.LeftOut > 0 ? $" ({side.LeftOut} with no figure left out)" : "";
            Line($"{name,-6}  {days}: mean {Figure(side.Mean)} over {side.Values.Count} {r.SampleUnit}s{leftOut}{whole}{events}");
            Line($"        {string.Join(" ", side.Samples.Select(s => s.Value is double v ? MetricComparison.Format(v) : "·"))}".TrimEnd());
        }
        if (r.Noise is { } noise)
        {
            Line();
            Line($"Permutation test of the difference in means: {ExperimentRules.P(noise.PValue)}, "
                + (noise.Exact ? $"all {noise.Arrangements.ToString("N0", CultureInfo.InvariantCulture)} splits counted" : $"{noise.Arrangements.ToString("N0", CultureInfo.InvariantCulture)} random splits"));
        }
        if (e.Conclusion is { } c)
        {
            Line();
            Line($"Concluded {c.ConcludedAt:yyyy-MM-dd}: {c.Text}");
        }
        return text.ToString();
    }
}
