using System.CommandLine;
using System.Text;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Core.TeamDesign;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.TeamDesign;

namespace Fulcrum.Cli;

/// <summary>
/// `fulcrum decision`: decision records on the database (docs/team-design.md, "Decisions"), and their
/// sync with a docs/adr folder of Markdown files. The command line acts for the organisation, as a
/// leader would; <c>--as</c> names who is recording or reviewing.
/// </summary>
public static class DecisionCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build() => new("decision", "Decision records tied to the metric they should move: add, list, show, review, and sync with a docs/adr folder.")
    {
        Add(), List(), Show(), Review(), Export(), Import(),
    };

    private static Option<string?> As() => new("--as") { Description = "The person (email) recording or reviewing it; their name goes with the record." };

    private static Command Add()
    {
        var title = new Option<string?>("--title") { Description = "What was decided, as a title." };
        var context = new Option<string?>("--context") { Description = "The problem and the forces behind the choice." };
        var decision = new Option<string?>("--decision") { Description = "The decision, and why." };
        var options = new Option<string[]>("--option") { Description = "An option considered (repeat); the first is the chosen one unless --chosen says otherwise.", AllowMultipleArgumentsPerToken = false };
        var chosen = new Option<string?>("--chosen") { Description = "The option chosen." };
        var team = new Option<string?>("--team") { Description = "The team it belongs to (default: the whole organisation)." };
        var door = new Option<string?>("--reversibility") { Description = "one-way or two-way." };
        var metric = new Option<string?>("--metric") { Description = DecisionMetrics.Known + "." };
        var expected = new Option<string?>("--expected") { Description = "How much the metric should move: -20%, +2." };
        var review = new Option<string?>("--review-on") { Description = "When to review it, yyyy-MM-dd." };
        var decided = new Option<string?>("--decided-on") { Description = "When it was decided, yyyy-MM-dd (default: today)." };
        var led = new Option<string[]>("--led-by") { Description = "Who led it (repeat)." };
        var followed = new Option<string[]>("--followed-by") { Description = "Who followed (repeat)." };
        var file = new Option<FileInfo?>("--file") { Description = "Read everything from one Markdown ADR file (MADR or Nygard) instead." };
        var me = As();
        var command = new Command("add", "Record a decision, from options or from one ADR file.")
        {
            title, context, decision, options, chosen, team, door, metric, expected, review, decided, led, followed, file, me,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var scope = await ScopeAsync(cli, parseResult.GetValue(me), cancellationToken);
            var store = cli.Get<Decisions>();
            if (parseResult.GetValue(file) is { } path)
            {
                var report = await store.ImportAsync(ReadFiles([path]), scope, mayManage: true, cancellationToken);
                Refuse(report);
                Console.WriteLine($"Recorded {path.Name}.");
                return ExitCodes.Ok;
            }
            var names = parseResult.GetValue(options) ?? [];
            var added = await store.AddAsync(new DecisionRequest(
                parseResult.GetValue(title), parseResult.GetValue(context), parseResult.GetValue(decision), parseResult.GetValue(team), "accepted",
                Date(parseResult.GetValue(decided), "--decided-on") ?? DateOnly.FromDateTime(DateTime.UtcNow),
                [.. names.Select(n => new DecisionOptionRequest(n))], parseResult.GetValue(chosen) ?? names.FirstOrDefault(), null,
                parseResult.GetValue(led), parseResult.GetValue(followed), parseResult.GetValue(door), parseResult.GetValue(metric),
                parseResult.GetValue(expected), Date(parseResult.GetValue(review), "--review-on")), scope, mayManage: true, cancellationToken);
            Console.WriteLine($"Recorded decision {added.Number}: {added.Title}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var due = new Option<bool>("--due") { Description = "Only the decisions due for review." };
        var format = Format("table", "json");
        var command = new Command("list", "Every decision, newest first, with its metric and review date.") { due, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var list = (await cli.Get<Decisions>().ListAsync(Everyone, cancellationToken)).Where(d => !parseResult.GetValue(due) || d.DueForReview).ToList();
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(list, Json));
                return ExitCodes.Ok;
            }
            if (list.Count == 0)
            {
                Console.WriteLine(parseResult.GetValue(due) ? "No decision is due for review." : "No decisions yet: `fulcrum decision add` or `fulcrum decision import DIR`.");
                return ExitCodes.Ok;
            }
            foreach (var d in list)
            {
                var review = d.Reviewed ? "reviewed" : d.ReviewOn is DateOnly r ? (d.DueForReview ? $"DUE since {r:yyyy-MM-dd}" : $"review {r:yyyy-MM-dd}") : "";
                Console.WriteLine($"{d.Number,4}  {d.Title}  [{d.Team?.Name ?? "everyone"}; {d.Status ?? "no status"}; {d.Reversibility ?? "-"}; {(d.Metric is null ? "no metric" : $"{d.Metric} {d.Expected}")}; {review}]");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var number = new Argument<int>("number") { Description = "The decision's number." };
        var format = Format("table", "json", "markdown");
        var command = new Command("show", "One decision with its metric before and after.") { number, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var store = cli.Get<Decisions>();
            var n = parseResult.GetValue(number);
            var decision = await store.GetAsync(n, Everyone, mayManage: true, cancellationToken);
            var comparison = await store.CompareAsync(n, Everyone, cancellationToken);
            switch (parseResult.GetValue(format))
            {
                case "json":
                    Console.WriteLine(JsonSerializer.Serialize(new { decision, metric = comparison is null ? null : MetricView.Of(comparison) }, Json));
                    break;
                case "markdown":
                    Console.Write((await store.ExportAsync(Everyone, cancellationToken)).Single(f => f.FileName == decision.FileName).Text);
                    break;
                default:
                    Console.Write(Text(decision, comparison));
                    break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Review()
    {
        var number = new Argument<int>("number") { Description = "The decision's number." };
        var outcome = new Option<string>("--outcome") { Description = "What the decision led to.", Required = true };
        var me = As();
        var command = new Command("review", "Record a decision's outcome, with its metric before and after as they are today.") { number, outcome, me };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var scope = await ScopeAsync(cli, parseResult.GetValue(me), cancellationToken);
            var store = cli.Get<Decisions>();
            var n = parseResult.GetValue(number);
            var reviewed = await store.ReviewAsync(n, new ReviewRequest(parseResult.GetValue(outcome)), scope, mayManage: true, cancellationToken);
            var comparison = await store.CompareAsync(n, scope, cancellationToken);
            Console.WriteLine($"Reviewed decision {reviewed.Number}: {reviewed.Title}");
            if (comparison is not null)
            {
                Console.WriteLine(comparison.Sentence);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export()
    {
        var to = new Option<DirectoryInfo>("--to") { Description = "The folder to write the Markdown files to (created if missing; files of the same name are replaced).", Required = true };
        var command = new Command("export", "Write every decision as a MADR Markdown file, 0007-title.md, with its front matter.") { to };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var folder = parseResult.GetValue(to)!;
            var files = await cli.Get<Decisions>().ExportAsync(Everyone, cancellationToken);
            Directory.CreateDirectory(folder.FullName);
            foreach (var (name, text) in files)
            {
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, name), text, new UTF8Encoding(false), cancellationToken);
            }
            Console.WriteLine($"Wrote {Wording.Count(files.Count, "decision record")} to {folder.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import()
    {
        var folder = new Argument<DirectoryInfo>("dir") { Description = "A docs/adr folder of Markdown files (MADR or Nygard)." };
        var me = As();
        var command = new Command("import",
            "Read a folder of ADR files, all or nothing: a file whose number is a decision updates it, the others are added. Front matter Fulcrum does not read is kept.")
        {
            folder, me,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var dir = parseResult.GetValue(folder)!;
            var read = AdrFolder.Read(dir.FullName);
            if (!read.Succeeded)
            {
                foreach (var problem in ProblemException.Listed(read.Problems))
                {
                    Console.Error.WriteLine($"{Path.Combine(dir.FullName, problem.File)}: {problem}");
                }
                throw ProblemException.Invalid($"Nothing was imported: {Wording.Count(read.Problems.Count, "problem")} in {dir.FullName}.");
            }
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var scope = await ScopeAsync(cli, parseResult.GetValue(me), cancellationToken);
            var report = await cli.Get<Decisions>().ImportAsync(read.Documents, scope, mayManage: true, cancellationToken);
            Refuse(report);
            Console.WriteLine($"Imported {Wording.Count(read.Documents.Count, "decision record")} from {dir.FullName}: {report.Created} added, {report.Updated} updated.");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static readonly TeamScope Everyone = new(0, "", null, _ => true);

    /// <summary>The command line acts for the organisation (every team), as the person <c>--as</c> names when it names one.</summary>
    internal static async Task<TeamScope> ScopeAsync(CliServices cli, string? email, CancellationToken cancellationToken)
    {
        if (email is null)
        {
            return Everyone;
        }
        return new TeamScope(await cli.PersonIdAsync(email, cancellationToken), email, null, _ => true);
    }

    private static IReadOnlyList<(string, DecisionDocument)> ReadFiles(IEnumerable<FileInfo> files)
    {
        var list = files.ToList();
        foreach (var file in list.Where(f => !f.Exists))
        {
            throw ProblemException.NotFound($"No such file: {file.FullName}");
        }
        var read = AdrFolder.ReadFiles([.. list.Select(f => (f.Name, File.ReadAllBytes(f.FullName)))]);
        if (!read.Succeeded)
        {
            foreach (var problem in ProblemException.Listed(read.Problems))
            {
                Console.Error.WriteLine(problem);
            }
            throw ProblemException.Invalid($"Nothing was recorded: {Wording.Count(read.Problems.Count, "problem")}.");
        }
        return read.Documents.Count > 0 ? read.Documents : throw ProblemException.Invalid("The file is not a decision record (a README, an index or a template).");
    }

    private static void Refuse(DecisionImportReport report)
    {
        if (report.Succeeded)
        {
            return;
        }
        foreach (var problem in ProblemException.Listed(report.Problems))
        {
            Console.Error.WriteLine(problem);
        }
        throw ProblemException.Invalid($"Nothing was imported: {Wording.Count(report.Problems.Count, "problem")}.");
    }

    internal static Option<string> Format(params string[] formats)
    {
        var format = new Option<string>("--format") { Description = string.Join(", ", formats) + ".", DefaultValueFactory = _ => formats[0] };
        format.AcceptOnlyFromAmong(formats);
        return format;
    }

    internal static DateOnly? Date(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day
            : throw ProblemException.Invalid($"{option}: '{text}' is not a date like 2027-03-01.");

    private static string Text(DecisionView d, MetricComparison? comparison)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line($"{d.Number}. {d.Title}");
        Line($"{d.Team?.Name ?? "The whole organisation"}; {d.Status ?? "no status"}{(d.DecidedOn is DateOnly on ? $", decided {on:yyyy-MM-dd}" : "")}; {d.Reversibility ?? "reversibility not said"}");
        Line();
        Line("Context: " + d.Context);
        foreach (var option in d.Options)
        {
            Line($"  Option{(option.Name == d.ChosenOption ? " (chosen)" : "")}: {option.Name}"
                + (option.Pros.Count > 0 ? $"; for: {string.Join("; ", option.Pros)}" : "") + (option.Cons.Count > 0 ? $"; against: {string.Join("; ", option.Cons)}" : ""));
        }
        Line("Decision: " + d.Decision);
        if (d.Consequences is { } consequences)
        {
            Line("Consequences: " + consequences);
        }
        Line($"Led by: {(d.LedBy.Count > 0 ? string.Join(", ", d.LedBy) : "-")}; followed by: {(d.FollowedBy.Count > 0 ? string.Join(", ", d.FollowedBy) : "-")}");
        Line();
        Line(d.Metric is null ? "Metric: none" : $"Metric: {d.Metric}, expected {d.Expected ?? "(no amount)"}{(d.ReviewOn is DateOnly r ? $", review {r:yyyy-MM-dd}{(d.DueForReview ? " (DUE)" : "")}" : "")}");
        if (comparison is not null)
        {
            Line(comparison.Sentence);
        }
        if (d.Review is { } review)
        {
            Line($"Reviewed {review.ReviewedAt:yyyy-MM-dd}{(review.ReviewedBy is { } by ? $" by {by.Name}" : "")}: {review.Outcome}");
        }
        return text.ToString();
    }
}
