using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Core.Delivery;
using Fulcrum.Core.Feedback;
using Fulcrum.Web.Features.Feedback;

namespace Fulcrum.Cli;

/// <summary>`fulcrum feedback`: code-review comments classified with Conventional Comments, and a team's balance (docs/feedback.md).</summary>
public static class FeedbackCommands
{
    public static Command Build() => new("feedback", "Review feedback: code-review comments labelled with Conventional Comments, and a team's blocking/non-blocking balance (docs/feedback.md).")
    {
        Import(),
        Report(),
    };

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file")
        {
            Description = "GitHub's JSON as `gh api --paginate repos/OWNER/REPO/pulls/comments` saves it (also reviews and issue comments), or a CSV with pull_request,created_at,body[,id,pull_request_opened_at].",
        };
        var service = new Option<string>("--service") { Description = "The service whose pull requests the comments are on.", Required = true };
        var command = new Command("import", "Import a service's review comments and classify them. All or nothing; importing the same comments again changes nothing.") { file, service };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                throw ProblemException.NotFound($"No such file: {path.FullName}");
            }
            var text = await (await ImportFiles.OpenAsync(path, json: true, cancellationToken)).ReadToEndAsync(cancellationToken);
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            FeedbackImportReport report;
            try
            {
                report = await cli.Get<ReviewFeedback>().ImportAsync(parseResult.GetValue(service)!, text, cancellationToken);
            }
            catch (ProblemException e) when (e.Entries.Count > 0)
            {
                ImportFiles.PrintProblems(path, [.. e.Entries.OfType<Core.Csv.CsvProblem>()]);
                throw ProblemException.Invalid($"Nothing was imported: {e.Entries.Count} problem(s) in {path.Name}.");
            }
            Console.WriteLine($"Imported review comments for {report.Service}: {report.Created} added, {report.Updated} already there (updated)"
                + (report.WithoutText > 0 ? $"; {report.WithoutText} without text (approvals alone) skipped" : "") + ".");
            if (report.LeftOut.Count > 0)
            {
                Console.WriteLine($"Not read, so that feedback stays a team's: {string.Join(", ", report.LeftOut)}.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Report()
    {
        var team = new Option<string>("--team") { Description = "The team: its services' comments and its sub-teams'.", Required = true };
        var since = new Option<string?>("--since") { Description = $"Start of the window, ISO 8601 date (default: {ReportWindow.DefaultDays} days before --until)." };
        var until = new Option<string?>("--until") { Description = "End of the window, exclusive (default: now)." };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("report", "A team's review feedback: labels, blocking share, praise, labels written, wait for a first review. Never per reviewer.")
        {
            team, since, until, format,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var window = ReportWindow.Of(DeliveryCommands.ParseDate(parseResult.GetValue(since), "--since"),
                DeliveryCommands.ParseDate(parseResult.GetValue(until), "--until"), TimeProvider.System);
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var feedback = await cli.Get<ReviewFeedback>().ForTeamAsync(parseResult.GetValue(team)!, window.Since, window.Until, cancellationToken);
            Console.Write(parseResult.GetValue(format) == "json"
                ? JsonSerializer.Serialize(feedback, Json) + "\n"
                : Table(feedback));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static string Table(TeamFeedback feedback)
    {
        var f = feedback.Figures;
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line($"Review feedback of {feedback.Scope}, {f.Since:yyyy-MM-dd} to {f.Until:yyyy-MM-dd} (until exclusive): "
            + $"{Wording.Count(f.Comments, "comment")} on {Wording.Count(f.PullRequests, "pull request")}, "
            + $"services: {(feedback.Services.Count == 0 ? "none" : string.Join(", ", feedback.Services))}.");
        if (f.Hidden is not null)
        {
            Line(f.Hidden);
            return text.ToString();
        }
        Line($"Blocking: {f.BlockingComments} blocking, {f.NonBlockingComments} non-blocking, {f.UnspecifiedComments} not said; "
            + (f.BlockingShare is double share ? $"{Percent(share)} of the comments that say block." : "no comment says."));
        Line($"Praise: {Percent(f.PraiseShare ?? 0)} of the comments. Labels written by their authors: {Percent(f.ExplicitShare ?? 0)}.");
        Line(f.FirstReview is { } wait
            ? $"Wait for a first review: median {DeliveryCommands.Hours(wait.MedianHours)}, 90th percentile {DeliveryCommands.Hours(wait.P90Hours)}, over {Wording.Count(wait.Samples, "pull request")}."
            : $"Wait for a first review: {f.FirstReviewHidden}");
        Line();
        Line($"  {"Label",-12} {"Comments",8} {"Share",7}");
        foreach (var label in f.Labels)
        {
            Line($"  {label.Name,-12} {label.Count,8} {Percent(label.Share),7}");
        }
        return text.ToString();
    }

    private static string Percent(double share) => Wording.Percent(share);
}
