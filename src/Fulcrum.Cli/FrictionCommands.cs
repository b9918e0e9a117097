using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Core.Friction;
using Fulcrum.Web.Features.Friction;

namespace Fulcrum.Cli;

/// <summary>
/// `fulcrum friction`: the friction log on the database (docs/friction.md). The command line acts for
/// the organisation, as a leader would (every team, and it may triage); <c>--as</c> names who adds or
/// triages. Lists show the team, never who added an item.
/// </summary>
public static class FrictionCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build() => new("friction", "The friction log: what gets in a team's way. Add to it, list it, triage it (docs/friction.md).")
    {
        Add(), List(), Triage(),
    };

    private static Option<string?> As(string what) => new("--as") { Description = $"The person (email) {what}." };

    private static Command Add()
    {
        var team = new Option<string>("--team") { Description = "The team it gets in the way of.", Required = true };
        var title = new Option<string>("--title") { Description = $"What gets in the way, at most {FrictionRules.TitleLength} characters.", Required = true };
        var detail = new Option<string>("--detail") { Description = "What happens, and what it costs.", Required = true };
        var where = new Option<string?>("--where") { Description = "The tool or process it happens in." };
        var hours = new Option<string?>("--hours") { Description = "A rough guess of the hours the team loses to it a week (0 to 168)." };
        var me = As("adding it: they may change its text until it is triaged");
        var command = new Command("add", "Add an item to a team's friction log.") { team, title, detail, where, hours, me };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var hoursPerWeek = FrictionRules.ParseHours(parseResult.GetValue(hours), "The friction item was not added");
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var scope = await DecisionCommands.ScopeAsync(cli, parseResult.GetValue(me), cancellationToken);
            var added = await cli.Get<FrictionLog>().AddAsync(new FrictionRequest(parseResult.GetValue(team), parseResult.GetValue(title),
                parseResult.GetValue(detail), parseResult.GetValue(where), hoursPerWeek), scope, mayManage: true, cancellationToken);
            Console.WriteLine($"Added friction item {added.Id} to {added.Team.Name}'s log: {added.Title}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var team = new Option<string?>("--team") { Description = "Only this team's items." };
        var status = new Option<string>("--status") { Description = FrictionRules.Statuses + ", or all.", DefaultValueFactory = _ => "open" };
        status.AcceptOnlyFromAmong("open", "accepted", "declined", "removed", "all");
        var format = DecisionCommands.Format("table", "json");
        var command = new Command("list", "The log's items, open ones oldest first (the order they are triaged in), with how many said \"me too\".") { team, status, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var list = await cli.Get<FrictionLog>().ListAsync(DecisionCommands.Everyone, parseResult.GetValue(team), parseResult.GetValue(status), cancellationToken);
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(list, Json));
                return ExitCodes.Ok;
            }
            if (list.Count == 0)
            {
                Console.WriteLine(parseResult.GetValue(status) == "open" ? "No friction waits for triage." : "No friction items with that status.");
                return ExitCodes.Ok;
            }
            foreach (var i in list)
            {
                var state = i.DaysWaiting is int days ? $"open {Wording.Count(days, "day")}{(i.TriageOverdue ? ", waiting long" : "")}" : $"{i.Status} {i.TriagedAt:yyyy-MM-dd}";
                var hours = i.HoursPerWeek is double h ? $"; {h.ToString("0.#", CultureInfo.InvariantCulture)} h/week" : "";
                Console.WriteLine($"{i.Id,4}  {i.Title}  [{i.Team.Name}; {state}; me too: {i.MeToos}{hours}{(i.Where is { } w ? $"; {w}" : "")}]");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Triage()
    {
        var id = new Argument<int>("id") { Description = "The friction item's number (`fulcrum friction list`)." };
        var status = new Option<string>("--status") { Description = "accepted, declined or removed (open puts it back in the queue).", Required = true };
        status.AcceptOnlyFromAmong("accepted", "declined", "removed", "open");
        var note = new Option<string?>("--note") { Description = "What happens next, or why not." };
        var me = As("triaging it; their name goes with the triage");
        var command = new Command("triage", "Triage a friction item: accept it, decline it with a note, or mark it removed.") { id, status, note, me };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var scope = await DecisionCommands.ScopeAsync(cli, parseResult.GetValue(me), cancellationToken);
            var triaged = await cli.Get<FrictionLog>().TriageAsync(parseResult.GetValue(id), new TriageRequest(parseResult.GetValue(status), parseResult.GetValue(note)),
                scope, mayManage: true, cancellationToken);
            Console.WriteLine($"Friction item {triaged.Id} of {triaged.Team.Name} is {triaged.Status}: {triaged.Title}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
