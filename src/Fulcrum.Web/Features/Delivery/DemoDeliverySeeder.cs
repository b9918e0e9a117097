using System.Diagnostics;
using System.Globalization;
using System.Text;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>
/// Delivery data for the demo: for every demo service a generated git repository (six months of
/// work-day commits, with pull requests as feature branches merged into main, written with
/// <c>git fast-import</c>), the pull requests' timelines, then deployments at each team's own
/// cadence and incidents after some of them: a few linked explicitly, most left for Fulcrum to
/// suspect, so the review queue has work in it. Everything goes through the real ingest and import code.
/// </summary>
public sealed class DemoDeliverySeeder(DatabaseTarget database, DeliveryIngest ingest, DeliveryImporter importer) : IDemoSeeder
{
    public int Order => 10;

    // Deployments per work day, by service: platform and growth ship continuously, mobile weekly.
    private static readonly Dictionary<string, double> Cadence = new()
    {
        ["api-gateway"] = 2.5, ["ci-runner"] = 1.2, ["payments-api"] = 1.0, ["ledger"] = 0.4,
        ["ios-app"] = 0.2, ["android-app"] = 0.2, ["storefront"] = 3.0, ["experiments"] = 1.5,
    };

    /// <summary>How many days ago payments-api went from one deployment a work day to two (DemoExperimentsSeeder's first experiment).</summary>
    public const int PaymentsDeploysEveryMergeDays = 42;

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        Directory.CreateDirectory(root);
        var now = context.Clock.GetUtcNow().UtcDateTime;
        var start = now.Date.AddDays(-182);
        var deployments = new StringBuilder("id,service,environment,sha,started_at,finished_at,result\n");
        var incidents = new StringBuilder("id,service,started_at,resolved_at,severity,title,deployment_id,caused_by_sha\n");
        var pullRequests = new StringBuilder("id,service,opened_at,first_review_at,merged_at,merge_sha,first_commit_at\n");
        var incidentNumber = 100;
        foreach (var (key, service) in context.Services)
        {
            // A fixed seed per service (string hashes differ per process): the same demo every time.
            var random = new Random(key.Sum(c => c) * 7919 + 20261121);
            var path = Path.Combine(root, key);
            var (history, prs) = await GenerateRepositoryAsync(path, start, now, random, cancellationToken);
            await ingest.IngestAsync(path, service.Name, cancellationToken);
            foreach (var pr in prs)
            {
                pullRequests.Append(CultureInfo.InvariantCulture,
                    $"{pr.Number},{service.Name},{Iso(pr.OpenedAt)},{Iso(pr.FirstReviewAt)},{Iso(pr.MergedAt)},{pr.MergeSha},{Iso(pr.FirstCommitAt)}\n");
            }

            var deploymentNumber = 0;
            for (var day = start.AddDays(1); day < now.Date; day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }
                // Payments has deployed every merge of payments-api for six weeks: the demo's experiment on deployment frequency.
                var perDay = key == "payments-api" && day >= now.Date.AddDays(-PaymentsDeploysEveryMergeDays) ? 2.0 : Cadence.GetValueOrDefault(key, 1);
                var count = (int)perDay + (random.NextDouble() < perDay % 1 ? 1 : 0);
                for (var i = 0; i < count; i++)
                {
                    var finished = day.AddHours(10 + random.NextDouble() * 7);
                    var tip = history.LastOrDefault(c => c.At <= finished.AddMinutes(-20));
                    if (tip.Sha is null)
                    {
                        continue;
                    }
                    var id = $"{key}-{++deploymentNumber}";
                    var failed = random.NextDouble() < 0.03;
                    deployments.Append(CultureInfo.InvariantCulture,
                        $"{id},{service.Name},production,{tip.Sha},{Iso(finished.AddMinutes(-12))},{Iso(finished)},{(failed ? "failure" : "success")}\n");
                    if (!failed && random.NextDouble() < 0.07)
                    {
                        var began = finished.AddMinutes(10 + random.Next(360));
                        var resolved = began.AddMinutes(20 + random.Next(480));
                        if (began >= now)
                        {
                            continue;
                        }
                        var evidence = random.NextDouble() switch
                        {
                            < 0.25 => $"{id},",
                            < 0.40 => $",{tip.Sha}",
                            _ => ",",
                        };
                        incidents.Append(CultureInfo.InvariantCulture,
                            $"INC-{++incidentNumber},{service.Name},{Iso(began)},{(resolved < now ? Iso(resolved) : "")},SEV{2 + random.Next(3)},{Titles[random.Next(Titles.Length)]},{evidence}\n");
                    }
                }
            }
            // Now and then something breaks that no deployment explains.
            var quiet = start.AddDays(20 + random.Next(140)).AddHours(3);
            incidents.Append(CultureInfo.InvariantCulture,
                $"INC-{++incidentNumber},{service.Name},{Iso(quiet)},{Iso(quiet.AddHours(2))},SEV3,Upstream provider outage,,\n");
        }
        Check(await importer.ImportDeploymentsAsync(new StringReader(deployments.ToString()), json: false, "import", cancellationToken));
        Check(await importer.ImportIncidentsAsync(new StringReader(incidents.ToString()), json: false, cancellationToken));
        Check(await importer.ImportPullRequestsAsync(new StringReader(pullRequests.ToString()), json: false, "import", cancellationToken));
        await SeedInitiativesAsync(context, start, now, cancellationToken);
    }

    /// <summary>Initiatives per team, imported twice like a planning sheet over time: first as
    /// planned, then as delivered, with some committed dates moved in between (slips).</summary>
    private async Task SeedInitiativesAsync(DemoContext context, DateTime start, DateTime now, CancellationToken cancellationToken)
    {
        const string header = "id,title,team,kind,estimate,estimate_unit,committed_date,started_at,done_at\n";
        var planned = new StringBuilder(header);
        var delivered = new StringBuilder(header);
        var random = new Random(4242);
        var number = 0;
        foreach (var team in new[] { "platform", "payments", "mobile", "growth" }.Select(k => context.Teams[k].Name))
        {
            for (var i = 0; i < 7; i++)
            {
                var id = $"INIT-{++number}";
                var title = $"{InitiativeTitles[random.Next(InitiativeTitles.Length)]} ({team})";
                var begun = start.AddDays(random.Next(150));
                var weeks = 2 + random.Next(5);
                var committed = begun.AddDays(weeks * 7 + random.Next(7)).Date;
                var moved = random.NextDouble() < 0.3 ? committed.AddDays(7 + random.Next(14)) : committed;
                var took = weeks * 7 * (0.7 + random.NextDouble() * 0.9);
                var done = begun.AddDays(took);
                planned.Append(CultureInfo.InvariantCulture, $"{id},{title},{team},initiative,{weeks},weeks,{committed:yyyy-MM-dd},{Iso(begun)},\n");
                delivered.Append(CultureInfo.InvariantCulture, $"{id},{title},{team},initiative,{weeks},weeks,{moved:yyyy-MM-dd},{Iso(begun)},{(done < now ? Iso(done) : "")}\n");
            }
        }
        Check(await importer.ImportWorkItemsAsync(new StringReader(planned.ToString()), json: false, cancellationToken));
        Check(await importer.ImportWorkItemsAsync(new StringReader(delivered.ToString()), json: false, cancellationToken));
    }

    private static readonly string[] InitiativeTitles =
    [
        "Faster checkout", "Observability revamp", "Offline mode", "New onboarding", "Cost reduction",
        "Search relevance", "Mobile release train", "Ledger reconciliation", "Deploy pipeline speed-up",
    ];

    private static readonly string[] Titles =
    [
        "Elevated 5xx on checkout", "Latency spike on login", "Background jobs stuck", "Crash on app start for some users",
        "Payments declined by provider", "Search returns no results", "Memory leak after release", "Feature flag misconfigured",
    ];

    /// <summary>Beside the demo's SQLite file, or in the user's data folder for PostgreSQL.</summary>
    private string RepositoryRoot() => database.SqliteFile is { } file
        ? Path.ChangeExtension(file, ".repos")
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "fulcrum", "demo-repos",
            new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database ?? "postgres");

    /// <summary>A pull request of the generated history; an open one has no merge.</summary>
    private sealed record DemoPullRequest(
        int Number, DateTime FirstCommitAt, DateTime OpenedAt, DateTime? FirstReviewAt, DateTime? MergedAt, string? MergeSha);

    /// <summary>Hours between <paramref name="least"/> and <paramref name="most"/>, mostly short with a long tail, as waits are.</summary>
    private static double Hours(Random random, double least, double most) => least + (most - least) * Math.Pow(random.NextDouble(), 2.5);

    private static async Task<(List<(string Sha, DateTime At)> Main, List<DemoPullRequest> PullRequests)> GenerateRepositoryAsync(
        string path, DateTime start, DateTime end, Random random, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        Directory.CreateDirectory(path);
        await RunGitAsync(path, ["init", "-q", "-b", "main"], null, cancellationToken);

        var stream = new StringBuilder();
        var mainTimes = new List<(int Mark, DateTime At)>();
        var pullRequests = new List<(int MergeMark, DemoPullRequest PullRequest)>();
        var mark = 0;
        int? mainTip = null;
        for (var day = start; day < end; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }
            var commits = 1 + random.Next(4);
            for (var i = 0; i < commits; i++)
            {
                var at = day.AddHours(9 + random.NextDouble() * 8);
                if (at >= end)
                {
                    break;
                }
                if (random.NextDouble() < 0.3 && mainTip is int latest)
                {
                    // A pull request merged now: coded on a branch cut from main as it was then,
                    // opened, picked up by a reviewer (a few merge without one), reviewed, merged.
                    var pr = NewPullRequest(random, pullRequests.Count + 1, at);
                    var cutFrom = mainTimes.LastOrDefault(m => m.At <= pr.FirstCommitAt).Mark;
                    var tip = cutFrom > 0 ? cutFrom : latest;
                    var steps = 1 + random.Next(3);
                    for (var s = 0; s < steps; s++)
                    {
                        tip = Append(stream, ref mark, "feature", tip, null, pr.FirstCommitAt + (pr.OpenedAt - pr.FirstCommitAt) * s / steps, $"Work on pull request {pr.Number}");
                    }
                    mainTip = Append(stream, ref mark, "main", mainTip, tip, at, $"Merge pull request #{pr.Number}");
                    pullRequests.Add((mainTip.Value, pr));
                }
                else
                {
                    mainTip = Append(stream, ref mark, "main", mainTip, null, at, $"Change {mark}");
                }
                mainTimes.Add((mainTip!.Value, at));
            }
        }
        // Two still open at the end, one waiting for its first review: they count nowhere until merged.
        for (var i = 0; i < 2; i++)
        {
            var pr = NewPullRequest(random, pullRequests.Count + 1, end);
            pullRequests.Add((0, pr with { MergedAt = null, FirstReviewAt = i == 0 ? null : pr.FirstReviewAt }));
        }
        stream.Append("done\n");
        var marksFile = Path.Combine(path, ".git", "fulcrum-demo-marks");
        await RunGitAsync(path, ["fast-import", "--quiet", $"--export-marks={marksFile}"], stream.ToString(), cancellationToken);
        await RunGitAsync(path, ["checkout", "-q", "main"], null, cancellationToken);
        var shaOf = (await File.ReadAllLinesAsync(marksFile, cancellationToken))
            .Select(line => line.Split(' ')).ToDictionary(p => int.Parse(p[0][1..], CultureInfo.InvariantCulture), p => p[1]);
        return (mainTimes.Select(m => (shaOf[m.Mark], m.At)).ToList(),
            pullRequests.Select(p => p.MergeMark == 0 ? p.PullRequest : p.PullRequest with { MergeSha = shaOf[p.MergeMark] }).ToList());
    }

    /// <summary>A pull request merged at <paramref name="merged"/>, its stages drawn back from there.</summary>
    private static DemoPullRequest NewPullRequest(Random random, int number, DateTime merged)
    {
        var review = Hours(random, 0.2, 30);
        var pickup = Hours(random, 0.1, 40);
        var coding = Hours(random, 0.5, 96);
        var firstReview = merged.AddHours(-review);
        var opened = firstReview.AddHours(-pickup);
        return new DemoPullRequest(number, opened.AddHours(-coding), opened, random.NextDouble() < 0.95 ? firstReview : null, merged, null);
    }

    private static int Append(StringBuilder stream, ref int mark, string branch, int? from, int? merge, DateTime at, string message)
    {
        mark++;
        stream.Append(CultureInfo.InvariantCulture, $"commit refs/heads/{branch}\nmark :{mark}\ncommitter Demo <demo@example.com> {new DateTimeOffset(at).ToUnixTimeSeconds()} +0000\n");
        stream.Append(CultureInfo.InvariantCulture, $"data {Encoding.UTF8.GetByteCount(message)}\n{message}\n");
        if (from is int parent)
        {
            stream.Append(CultureInfo.InvariantCulture, $"from :{parent}\n");
        }
        if (merge is int other)
        {
            stream.Append(CultureInfo.InvariantCulture, $"merge :{other}\n");
        }
        stream.Append(CultureInfo.InvariantCulture, $"M 644 inline change-{mark}.txt\ndata {Encoding.UTF8.GetByteCount(message) + 1}\n{message}\n\n");
        return mark;
    }

    private static async Task RunGitAsync(string path, string[] args, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardInput = input is not null, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started; the delivery demo needs git.");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {args[0]} failed while generating the demo repositories: {error}");
        }
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Iso(DateTime? utc) => utc is DateTime value ? Iso(value) : "";

    private static void Check(DeliveryImportReport report)
    {
        if (!report.Succeeded)
        {
            throw new InvalidOperationException("The demo delivery data did not import: " + string.Join("; ", report.Problems));
        }
    }
}
