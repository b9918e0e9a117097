using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fulcrum.Web.Features.Jobs;

namespace Fulcrum.Cli;

/// <summary>`fulcrum jobs`: the background jobs' queue on the database (ADR 0013, docs/operations.md).</summary>
public static class JobCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build() => new("jobs", "Background jobs: what the server does on its own, and how it went.") { List() };

    private static Command List()
    {
        var state = new Option<string?>("--state") { Description = "Only jobs in this state: " + string.Join(", ", JobStates.All) + "." };
        state.AcceptOnlyFromAmong([.. JobStates.All]);
        var format = DecisionCommands.Format("table", "json");
        var command = new Command("list", "The queue, newest first: kind, state, attempts, when it runs, the node that ran it, and its last error.") { state, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var jobs = await cli.Get<JobQueue>().ListAsync(parseResult.GetValue(state), cancellationToken: cancellationToken);
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(jobs, Json));
                return ExitCodes.Ok;
            }
            if (jobs.Count == 0)
            {
                Console.WriteLine("No jobs.");
                return ExitCodes.Ok;
            }
            // Columns as wide as their longest value (kinds such as delivery-attribution-all, nodes named after long host names).
            var kind = Math.Max("KIND".Length, jobs.Max(j => j.Kind.Length));
            var node = Math.Max("NODE".Length, jobs.Max(j => (j.Node ?? "-").Length));
            Console.WriteLine($"{"ID",6}  {"KIND".PadRight(kind)}  {"STATE",-9}  {"ATTEMPTS",8}  {"RUN AFTER (UTC)",-19}  {"NODE".PadRight(node)}  LAST ERROR");
            foreach (var job in jobs)
            {
                var runAfter = job.RunAfter.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                Console.WriteLine($"{job.Id,6}  {job.Kind.PadRight(kind)}  {job.State,-9}  {job.Attempts,8}  {runAfter,-19}  {(job.Node ?? "-").PadRight(node)}  {job.LastError}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
