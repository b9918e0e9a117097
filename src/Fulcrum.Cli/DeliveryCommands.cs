using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fulcrum.Core;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Features.Delivery;

namespace Fulcrum.Cli;

public static class DeliveryCommands
{
    public static Command Build() => new("delivery", "Delivery quality: ingest history, import deployments, incidents, work items and pull requests, report DORA metrics.")
    {
        Ingest(), Import(), Report(),
    };

    private static Command Ingest()
    {
        var repo = new Option<string>("--repo") { Description = "Path of a local git repository (not shallow).", Required = true };
        var service = new Option<string>("--service") { Description = "The service the repository builds.", Required = true };
        var tags = new Option<string?>("--release-tags") { Description = "Also record tags matching this glob (e.g. 'v*') as production deployments, dated by the tag." };
        var command = new Command("ingest", "Read commit history (sha, parents, time; never authors). Later runs read only new commits.") { repo, service, tags };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var report = await cli.Get<DeliveryIngest>().IngestAsync(
                parseResult.GetValue(repo)!, parseResult.GetValue(service)!, cancellationToken, parseResult.GetValue(tags), ownConnection: true);
            if (report.RegisteredService)
            {
                Console.WriteLine($"Registered the service '{report.Service}' (no owning team yet: set it in the web app).");
            }
            Console.WriteLine(report.NewCommits > 0
                ? $"Read {report.NewCommits} new commits for {report.Service} ({report.TotalCommits} in all) in {report.Elapsed.TotalSeconds:0.0} s."
                : $"No new commits in {report.Repository} ({report.TotalCommits} commits); checked in {report.Elapsed.TotalSeconds:0.00} s.");
            if (report.TaggedDeployments > 0)
            {
                Console.WriteLine($"Recorded {report.TaggedDeployments} release tag(s) as production deployments.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import()
    {
        var kind = new Argument<string>("kind") { Description = "deployments, incidents, work-items or pull-requests." };
        kind.AcceptOnlyFromAmong("deployments", "incidents", "work-items", "pull-requests");
        var file = new Argument<FileInfo>("file") { Description = "CSV with a header row, or a JSON array (by extension .json or --format)." };
        var format = new Option<string?>("--format") { Description = "csv or json (default: from the file's extension)." };
        format.AcceptOnlyFromAmong("csv", "json");
        var command = new Command("import", "Import deployments, incidents, work items or pull requests (docs/delivery.md). All or nothing; re-importing is safe.") { kind, file, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                throw ProblemException.NotFound($"No such file: {path.FullName}");
            }
            var json = (parseResult.GetValue(format) ?? (path.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? "json" : "csv")) == "json";
            using var reader = await ImportFiles.OpenAsync(path, json, cancellationToken);
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var importer = cli.Get<DeliveryImporter>();
            var what = parseResult.GetValue(kind)!;
            var report = what switch
            {
                "deployments" => await importer.ImportDeploymentsAsync(reader, json, "import", cancellationToken),
                "incidents" => await importer.ImportIncidentsAsync(reader, json, cancellationToken),
                "pull-requests" => await importer.ImportPullRequestsAsync(reader, json, "import", cancellationToken),
                _ => await importer.ImportWorkItemsAsync(reader, json, cancellationToken),
            };
            if (report.IgnoredFields.Count > 0)
            {
                Console.WriteLine($"Ignored {(json ? "field" : "column")}(s) {string.Join(", ", report.IgnoredFields)}: they name people, and Fulcrum keeps no per-person activity.");
            }
            if (!report.Succeeded)
            {
                ImportFiles.PrintProblems(path, report.Problems);
                throw ProblemException.Invalid($"Nothing was imported: {report.Problems.Count} problem(s) in {path.Name}.");
            }
            Console.WriteLine($"Imported {what}: {report.Created} created, {report.Updated} updated.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Report()
    {
        var service = new Option<string?>("--service") { Description = "One service." };
        var team = new Option<string?>("--team") { Description = "A team and its sub-teams' services." };
        var since = new Option<string?>("--since") { Description = $"Start of the window, ISO 8601 date (default: {ReportWindow.DefaultDays} days before --until)." };
        var until = new Option<string?>("--until") { Description = "End of the window, exclusive (default: now)." };
        var bands = new Option<int>("--bands") { Description = "DORA report year for the bands: 2023 or 2024.", DefaultValueFactory = _ => DoraBands.DefaultYear };
        bands.AcceptOnlyFromAmong("2023", "2024");
        var format = new Option<string>("--format") { Description = "table, json or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var server = new Option<string?>("--server")
        {
            Description = "Ask this running Fulcrum server instead of opening the database: the same report, from a warm server (and its access rules). Needs --token.",
        };
        var token = new Option<string?>("--token") { Description = $"With --server: a personal API token (`fulcrum token create`). Also ${PokerCommands.TokenVariable}." };
        var command = new Command("report", "The five DORA metrics with sample sizes, bands and reasons.") { service, team, since, until, bands, format, server, token };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(service) is not null && parseResult.GetValue(team) is not null)
            {
                throw ProblemException.Invalid("Choose --service or --team, not both.");
            }
            var untilInstant = ParseDate(parseResult.GetValue(until), "--until");
            var (start, end) = ReportWindow.Of(ParseDate(parseResult.GetValue(since), "--since"), untilInstant, TimeProvider.System);
            if (parseResult.GetValue(server) is { } address)
            {
                var fetched = await FromServerAsync(address, parseResult.GetValue(token), parseResult.GetValue(service), parseResult.GetValue(team),
                    start, end, parseResult.GetValue(bands), cancellationToken);
                Write(fetched, parseResult.GetValue(format)!);
                return ExitCodes.Ok;
            }
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var reports = cli.Get<DeliveryReport>();
            var year = parseResult.GetValue(bands);
            var result = parseResult.GetValue(service) is { } serviceName ? await reports.ForServiceAsync(serviceName, start, end, year, cancellationToken)
                : parseResult.GetValue(team) is { } teamName ? await reports.ForTeamAsync(teamName, start, end, year, cancellationToken)
                : await reports.AllAsync(start, end, year, cancellationToken);
            Write(result, parseResult.GetValue(format)!);
            if (result.Coverage.Deployments == 0 && result.Coverage.CommitsInWindow == 0)
            {
                // Dashes alone would look like a broken report: say which database was read, and where the demo is.
                var database = CliDatabase.Resolve(parseResult);
                await Console.Error.WriteLineAsync($"No deployments or commits in this window in the {database.Description}."
                    + (parseResult.GetValue(CliDatabase.Demo) ? "" : $" The demo's data is in ./{CliDatabase.DemoDatabase}: add --demo."));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static readonly JsonSerializerOptions ApiJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The report as <c>GET /api/v1/delivery/report</c> gives it: the same records the database path computes.</summary>
    private static async Task<DeliveryReportResult> FromServerAsync(
        string server, string? token, string? service, string? team, DateTime start, DateTime end, int bands, CancellationToken cancellationToken)
    {
        var query = $"api/v1/delivery/report?since={Uri.EscapeDataString(start.ToString("O", CultureInfo.InvariantCulture))}" +
            $"&until={Uri.EscapeDataString(end.ToString("O", CultureInfo.InvariantCulture))}&bands={bands}" +
            (service is not null ? $"&service={Uri.EscapeDataString(service)}" : "") +
            (team is not null ? $"&team={Uri.EscapeDataString(team)}" : "");
        using var response = await ServerRequests.SendAsync(server, token, new HttpRequestMessage(HttpMethod.Get, query), cancellationToken);
        await ServerRequests.EnsureAsync(response, System.Net.HttpStatusCode.OK, "No report", cancellationToken);
        return await response.Content.ReadFromJsonAsync<DeliveryReportResult>(ApiJson, cancellationToken)
            ?? throw ProblemException.Invalid($"{server} answered without a report.");
    }

    /// <summary>A command's date option (ISO 8601), or null when not given; text that is not a date is exit 1 naming the option.</summary>
    internal static DateTime? ParseDate(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }
        return DeliveryFiles.TryParseInstant(text, out var utc)
            ? utc
            : throw ProblemException.Invalid($"{option}: '{text}' is not an ISO 8601 date like 2026-01-31.");
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static void Write(DeliveryReportResult result, string format)
    {
        switch (format)
        {
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    scope = result.Scope,
                    services = result.Services,
                    since = result.Since,
                    until = result.Until,
                    bands = result.BandYear,
                    metrics = result.Metrics.Select(m => new
                    {
                        metric = m.Metric, title = m.Title, value = m.Value, unit = m.Unit, sample_size = m.SampleSize,
                        band = m.Band?.Band, band_published = m.Band?.Published, reason = m.Reason, details = m.Details,
                    }),
                    coverage = new
                    {
                        deployments = result.Coverage.Deployments,
                        deployments_with_known_sha = result.Coverage.DeploymentsWithKnownSha,
                        incidents = result.Coverage.Incidents,
                        incidents_linked = result.Coverage.IncidentsLinked,
                        incidents_confirmed = result.Coverage.IncidentsConfirmed,
                        commits_in_window = result.Coverage.CommitsInWindow,
                        commits_shipped = result.Coverage.CommitsShipped,
                        commits_cut_off = result.Coverage.CommitsCutOff,
                    },
                    lead_time_breakdown = new
                    {
                        pull_requests_merged = result.LeadTimeBreakdown.PullRequestsMerged,
                        reason = result.LeadTimeBreakdown.Reason,
                        stages = result.LeadTimeBreakdown.Stages.Select(s => new
                        {
                            stage = s.Stage, title = s.Title, from = s.From, to = s.To, median_hours = s.MedianHours, p75_hours = s.P75Hours,
                            sample_size = s.SampleSize, reason = s.Reason,
                        }),
                    },
                }, Json));
                break;
            case "csv":
                Console.WriteLine("metric,value,unit,sample_size,band,reason");
                foreach (var m in result.Metrics)
                {
                    Console.WriteLine(string.Join(',', m.Metric, m.Value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "", m.Unit,
                        m.SampleSize.ToString(CultureInfo.InvariantCulture), m.Band?.Band.ToString().ToLowerInvariant() ?? "", Quote(m.Reason ?? "")));
                }
                // The breakdown as more rows of the same columns, so a spreadsheet reading the metrics still reads the file.
                foreach (var s in result.LeadTimeBreakdown.Stages)
                {
                    foreach (var (suffix, value) in new[] { ("", s.MedianHours), ("_p75", s.P75Hours) })
                    {
                        Console.WriteLine(string.Join(',', $"lead_time_{s.Stage}{suffix}", value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "", "hours",
                            s.SampleSize.ToString(CultureInfo.InvariantCulture), "", Quote(s.Reason ?? "")));
                    }
                }
                break;
            default:
                Console.WriteLine($"Delivery of {result.Scope}, {result.Since:yyyy-MM-dd} to {result.Until:yyyy-MM-dd} (bands: DORA {result.BandYear})");
                Console.WriteLine();
                Console.WriteLine($"{"METRIC",-34} {"VALUE",-22} {"SAMPLE",7}  BAND");
                foreach (var m in result.Metrics)
                {
                    var value = m.Value is null ? "—" : Display(m);
                    Console.WriteLine($"{m.Title,-34} {value,-22} {m.SampleSize,7}  {(m.Band is null ? "" : $"{m.Band.Band} ({m.Band.Published})")}");
                    if (m.Reason is not null)
                    {
                        Console.WriteLine($"    {m.Reason}");
                    }
                }
                var breakdown = result.LeadTimeBreakdown;
                Console.WriteLine();
                if (breakdown.Reason is not null)
                {
                    Console.WriteLine($"Where lead time goes: {breakdown.Reason}");
                }
                else
                {
                    Console.WriteLine($"Where lead time goes ({breakdown.PullRequestsMerged} pull requests merged in the window)");
                    Console.WriteLine($"{"STAGE",-34} {"MEDIAN",-10} {"P75",-11} {"SAMPLE",7}");
                    foreach (var s in breakdown.Stages)
                    {
                        var stage = $"{s.Title}: {s.From.Replace("_at", "").Replace('_', ' ')} → {s.To.Replace("_at", "").Replace('_', ' ')}";
                        Console.WriteLine(s.MedianHours is double median
                            ? $"{stage,-34} {Hours(median),-10} {Hours(s.P75Hours!.Value),-11} {s.SampleSize,7}"
                            : $"{stage,-34} {"—",-10} {"",-11} {s.SampleSize,7}");
                        if (s.Reason is not null)
                        {
                            Console.WriteLine($"    {s.Reason}");
                        }
                    }
                }
                var c = result.Coverage;
                Console.WriteLine();
                Console.WriteLine($"Coverage: {Share(c.DeploymentsWithKnownSha, c.Deployments)} of deployments have a sha in the ingested history; "
                    + $"{Share(c.IncidentsLinked, c.Incidents)} of incidents are linked to a deployment ({c.IncidentsConfirmed} confirmed, {c.IncidentsLinked - c.IncidentsConfirmed} suspected); "
                    + $"{Share(c.CommitsShipped, c.CommitsInWindow)} of the {c.CommitsInWindow} commits made in the window were shipped in it"
                    + (c.CommitsCutOff > 0 ? $"; {CutOff(c.CommitsCutOff)}." : "."));
                break;
        }
    }

    private static string CutOff(int commits) =>
        $"{commits} commit{(commits == 1 ? "" : "s")} older than the service's first production deployment {(commits == 1 ? "was" : "were")} cut off (no lead time)";

    /// <summary>Hours as people read them: hours under two days, days above.</summary>
    internal static string Hours(double hours) => Wording.Hours(hours);

    private static string Display(MetricValue m) => m.Unit switch
    {
        "ratio" => $"{m.Value:P1}",
        "hours" => Hours(m.Value!.Value),
        "deployments/day" => m.Value >= 1 ? $"{m.Value:0.#} per day" : $"{m.Value * 7:0.#} per week",
        _ => $"{m.Value:0.##} {m.Unit}",
    };

    private static string Share(int part, int whole) => whole == 0 ? "n/a" : $"{(double)part / whole:P0}";

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
}
