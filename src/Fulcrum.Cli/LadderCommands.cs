using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fulcrum.Core;
using Fulcrum.Core.Careers;
using Fulcrum.Web.Features.Careers;
using Spectre.Console;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Cli;

/// <summary>`fulcrum ladder`: career ladders in the database the web app uses (docs/careers.md).</summary>
public static class LadderCommands
{
    public static Command Build() => new("ladder", "Career ladders: import published frameworks, choose the active ladder, read it, compare tracks.")
    {
        Import(), List(), Show(), Compare(), Activate(), Remove(),
    };

    private static Command Import()
    {
        var files = new Argument<FileInfo[]>("file") { Description = "The ladder's file(s): one file, or several Monzo pages (one per track).", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string?>("--format") { Description = "fulcrum, ft, monzo or snowflake (default: detected from the content)." };
        format.AcceptOnlyFromAmong("fulcrum", "ft", "monzo", "snowflake");
        var activate = new Option<bool>("--activate") { Description = "Make it the organisation's active ladder." };
        var replace = new Option<bool>("--replace") { Description = "Overwrite a stored ladder with the same id." };
        var command = new Command("import", "Import a ladder, all or nothing, and report what was mapped and what could not be.") { files, format, activate, replace };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var inputs = new List<ImportFile>();
            foreach (var file in parseResult.GetValue(files)!)
            {
                if (!file.Exists)
                {
                    throw ProblemException.NotFound($"No such file: {file.FullName}");
                }
                inputs.Add(new ImportFile(file.Name, await File.ReadAllTextAsync(file.FullName, cancellationToken)));
            }
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            LadderImported imported;
            try
            {
                imported = await cli.Get<LadderStore>().ImportAsync(
                    inputs, LadderImport.ParseFormat(parseResult.GetValue(format)), parseResult.GetValue(activate), parseResult.GetValue(replace), cancellationToken);
            }
            catch (ProblemException taken) when (taken.Kind == ProblemKind.Conflict)
            {
                throw ProblemException.Invalid(taken.Message.Replace("Import it with replace", "Import it with --replace", StringComparison.Ordinal));
            }
            catch (ProblemException refused) when (refused.Entries.Count > 0)
            {
                // Every located problem on its own line, then the one-line summary the CLI ends a refusal with.
                foreach (var problem in refused.Entries)
                {
                    Console.Error.WriteLine(problem);
                }
                throw ProblemException.Invalid($"Nothing was imported: {Count(refused.Entries.Count, "problem")}.");
            }
            var (ladder, report) = (imported.Ladder, imported.Report);
            Console.WriteLine($"{(imported.Replaced ? "Replaced" : "Imported")} {ladder.Id} \"{ladder.Name}\" from {LadderImport.Key(imported.Format)}: "
                + $"{Count(report.Tracks, "track")}, {Count(report.Levels, "level")}, {Count(report.Competencies, "competency", "competencies")}, "
                + $"{Count(report.Expectations, "expectation")}, {Count(report.Evidence, "example", "examples")} of evidence.");
            if (report.Unmapped.Count == 0)
            {
                Console.WriteLine("Everything was mapped.");
            }
            else
            {
                Console.WriteLine($"Not mapped ({report.Unmapped.Count}):");
                foreach (var item in report.Unmapped)
                {
                    Console.WriteLine($"  {item}");
                }
            }
            if (report.Notes.Count > 0)
            {
                Console.WriteLine("Notes:");
                foreach (var note in report.Notes)
                {
                    Console.WriteLine($"  {note}");
                }
            }
            Console.WriteLine(ladder.Active
                ? "It is the active ladder."
                : $"The active ladder is unchanged; make this one active with: fulcrum ladder activate {ladder.Id}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var format = FormatOption("table", "json");
        var command = new Command("list", "The ladders: the active one first (marked *), the built-in one always among them.") { format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var ladders = await cli.Get<LadderStore>().ListAsync(cancellationToken);
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(ladders, Json));
                return ExitCodes.Ok;
            }
            Console.WriteLine($"  {"ID",-28} {"NAME",-40} {"SOURCE",-9} {"TRACKS",6} {"LEVELS",6} {"AREAS",5}  IMPORTED");
            foreach (var ladder in ladders)
            {
                var imported = ladder.ImportedAt is DateTime at ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";
                Console.WriteLine($"{(ladder.Active ? "*" : " ")} {ladder.Id,-28} {Clip(ladder.Name, 40),-40} {ladder.Source,-9} {ladder.Tracks,6} {ladder.Levels,6} {ladder.Competencies,5}  {imported}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string?>("id") { Description = "The ladder (default: the active one).", Arity = ArgumentArity.ZeroOrOne };
        var format = FormatOption("table", "json", "markdown");
        var track = new Option<string?>("--track") { Description = "Only the levels of this track (its id, or ic / management)." };
        var level = new Option<int?>("--level") { Description = "Only this level (table and markdown)." };
        var command = new Command("show", "Print a ladder: levels and what each expects per competency, as a table, JSON (as the API) or Markdown (a section per level).")
        {
            id, format, track, level,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var store = cli.Get<LadderStore>();
            var stored = await FindAsync(store, parseResult.GetValue(id), cancellationToken);
            var ladder = stored.Ladder;
            string? trackId = null;
            if (parseResult.GetValue(track) is { } trackKey)
            {
                trackId = LadderComparison.ResolveTrack(ladder, trackKey)?.Id
                    ?? throw ProblemException.Invalid($"The ladder '{ladder.Id}' has no track '{trackKey}' (it has {string.Join(", ", ladder.Tracks.Select(t => t.Id))}).");
            }
            var levels = (trackId is null ? ladder.Levels : ladder.LevelsOf(trackId))
                .Where(l => parseResult.GetValue(level) is not int only || l.Number == only).ToList();
            if (levels.Count == 0)
            {
                throw ProblemException.NotFound($"The ladder '{ladder.Id}' has no level {parseResult.GetValue(level)}{(trackId is null ? "" : $" on the track '{trackId}'")}.");
            }
            switch (parseResult.GetValue(format))
            {
                case "json":
                    Console.WriteLine(JsonSerializer.Serialize(LadderView.From(stored), Json));
                    break;
                case "markdown":
                    Console.Write(LadderMarkdown.Write(ladder, trackId, parseResult.GetValue(level)));
                    break;
                default:
                    WriteTable(stored, levels);
                    break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Compare()
    {
        var id = new Argument<string?>("id") { Description = "The ladder (default: the active one).", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string?>("--from") { Description = "The track someone is on: its id, or ic / management (default: ic)." };
        var to = new Option<string?>("--to") { Description = "The track they would move to (default: management)." };
        var level = new Option<int?>("--level") { Description = "The level on both tracks (default: where the tracks fork)." };
        var fromLevel = new Option<int?>("--from-level") { Description = "The level on the --from track, when it differs from the other." };
        var toLevel = new Option<int?>("--to-level") { Description = "The level on the --to track." };
        var format = FormatOption("table", "json");
        var command = new Command("compare", "What changes in a track switch, per competency: expectations kept (=), new (+) and dropped (-).")
        {
            id, from, to, level, fromLevel, toLevel, format,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var stored = await FindAsync(cli.Get<LadderStore>(), parseResult.GetValue(id), cancellationToken);
            var defaults = LadderComparison.Defaults(stored.Ladder);
            var both = parseResult.GetValue(level) ?? defaults.Level;
            if (!LadderComparison.TryCompare(stored.Ladder, stored.Summary,
                    parseResult.GetValue(from) ?? defaults.From, parseResult.GetValue(to) ?? defaults.To,
                    parseResult.GetValue(fromLevel) ?? both, parseResult.GetValue(toLevel) ?? both, out var view, out var problem))
            {
                throw ProblemException.Invalid(problem!);
            }
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(view, Json));
            }
            else
            {
                WriteComparison(view!);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Activate()
    {
        var id = new Argument<string>("id") { Description = "The ladder to make active (fulcrum-engineering: the built-in one)." };
        var command = new Command("activate", "Make a ladder the organisation's active one: new placements, assessments and kudos use it.") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var summary = await cli.Get<LadderStore>().ActivateAsync(parseResult.GetValue(id)!, cancellationToken)
                ?? throw ProblemException.NotFound($"There is no ladder '{parseResult.GetValue(id)}'; `fulcrum ladder list` shows them.");
            Console.WriteLine($"{summary.Name} ({summary.Id}) is the active ladder.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove()
    {
        var id = new Argument<string>("id") { Description = "The imported ladder to remove." };
        var command = new Command("remove", "Remove an imported ladder (not the built-in one, nor the active one while people are placed on it).") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var ladderId = parseResult.GetValue(id)!;
            if (!await cli.Get<LadderStore>().RemoveAsync(ladderId, cancellationToken))
            {
                throw ProblemException.NotFound($"There is no ladder '{ladderId}'; `fulcrum ladder list` shows them.");
            }
            Console.WriteLine($"Removed the ladder {ladderId}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<StoredLadder> FindAsync(LadderStore store, string? id, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(id)
            ? await store.FindActiveAsync(cancellationToken)
            : await store.FindAsync(id.Trim(), cancellationToken)
              ?? throw ProblemException.NotFound($"There is no ladder '{id.Trim()}'; `fulcrum ladder list` shows them.");

    /// <summary>The ladder's shape (levels by track), then one table per level: competencies against expectations and evidence.</summary>
    private static void WriteTable(StoredLadder stored, IReadOnlyList<LadderLevel> levels)
    {
        var (summary, ladder) = (stored.Summary, stored.Ladder);
        var console = Terminal();
        var state = string.Join(", ", new[] { summary.Active ? "active" : null, summary.BuiltIn ? "built-in" : $"imported from {summary.Source}" }.OfType<string>());
        // Sentences go straight out, unwrapped; only the tables are laid out to the width.
        Console.WriteLine($"{ladder.Name} ({ladder.Id}; {state})");
        Console.WriteLine($"Tracks: {string.Join(", ", ladder.Tracks.Select(t => $"{t.Name} ({t.Id})"))}. {LadderText.Fork(ladder)}".TrimEnd());
        Console.WriteLine();

        var shape = new Table { Border = TableBorder.Rounded, Title = new TableTitle("Levels") };
        shape.AddColumn(new TableColumn("Level").RightAligned());
        foreach (var track in ladder.Tracks)
        {
            shape.AddColumn(track.Name);
        }
        foreach (var number in ladder.Levels.Select(l => l.Number).Distinct())
        {
            var cells = new List<Spectre.Console.Rendering.IRenderable> { new Text(number.ToString(CultureInfo.InvariantCulture)) };
            foreach (var (track, index) in ladder.Tracks.Select((t, i) => (t, i)))
            {
                var level = ladder.LevelAt(track.Id, number);
                cells.Add(new Text(level is null ? "" : level.IsShared ? index == 0 ? $"{level.Title} (shared)" : "(shared)" : level.Title));
            }
            shape.AddRow(cells);
        }
        console.Write(shape);

        foreach (var level in levels)
        {
            console.WriteLine();
            var table = new Table
            {
                Border = TableBorder.Rounded, ShowRowSeparators = true, Expand = true,
                Title = new TableTitle($"{LadderText.Name(level)} ({LadderText.Where(ladder, level)})"),
            };
            if (level.Summary is { } scope)
            {
                table.Caption = new TableTitle(scope);
            }
            table.AddColumn(new TableColumn("Competency").Width(18));
            table.AddColumn(new TableColumn("Expectations"));
            table.AddColumn(new TableColumn("Evidence"));
            // A level says nothing about some competencies (Monzo's pages skip topics): only what it expects.
            foreach (var competency in ladder.Competencies.Where(c => !level.For(c.Id).IsEmpty))
            {
                var cell = level.For(competency.Id);
                table.AddRow(new Text(competency.Name), new Text(Bullets(cell.Expectations)), new Text(Bullets(cell.Evidence)));
            }
            console.Write(table);
        }
    }

    private static void WriteComparison(TrackSwitchView view)
    {
        Console.WriteLine($"{view.From.Title} ({view.From.TrackName}, level {view.From.Level}) → {view.To.Title} ({view.To.TrackName}, level {view.To.Level}) on {view.LadderName}");
        if (view.SameLevel)
        {
            Console.WriteLine("Both are the same shared level: nothing changes before the fork.");
        }
        if (view.Foundation.Count > 0)
        {
            Console.WriteLine($"Both paths share {Span(view.Foundation)}: {string.Join(", ", view.Foundation.Select(f => f.Title))}.");
        }
        Console.WriteLine($"{Count(view.SharedCount, "expectation")} kept, {view.NewCount} new, {view.DroppedCount} dropped.  (= kept, + new, - dropped)");
        foreach (var competency in view.Competencies)
        {
            Console.WriteLine();
            var empty = competency.Shared.Count + competency.New.Count + competency.Dropped.Count == 0;
            Console.WriteLine(empty ? $"{competency.Name}: neither level says anything" : competency.Unchanged ? $"{competency.Name} (unchanged)" : competency.Name);
            foreach (var line in competency.Shared)
            {
                Console.WriteLine($"  = {line}");
            }
            foreach (var line in competency.New)
            {
                Console.WriteLine($"  + {line}");
            }
            foreach (var line in competency.Dropped)
            {
                Console.WriteLine($"  - {line}");
            }
        }
    }

    private static string Span(IReadOnlyList<FoundationLevel> levels) =>
        levels.Count == 1 ? $"level {levels[0].Level}" : $"levels {levels[0].Level}–{levels[^1].Level}";

    /// <summary>
    /// Spectre's console for tables. Into a file or a pipe it writes plain text (no colour codes),
    /// wrapped at $COLUMNS or 120 columns rather than 80.
    /// </summary>
    private static IAnsiConsole Terminal()
    {
        if (!Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 40 ? columns : 120;
        return console;
    }

    private static string Bullets(IReadOnlyList<string> lines) => string.Join("\n", lines.Select(l => "• " + l));

    private static Option<string> FormatOption(params string[] formats)
    {
        var format = new Option<string>("--format") { Description = string.Join(", ", formats) + $" (default {formats[0]}).", DefaultValueFactory = _ => formats[0] };
        format.AcceptOnlyFromAmong(formats);
        return format;
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    /// <summary>The web app's API settings, indented: the CLI's JSON is the API's.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
