using System.Diagnostics;
using System.Text.Json;
using Fulcrum.Core.Calendar;
using Fulcrum.Core.Leverage;
using NodaTime;
using NodaTime.Text;

namespace Fulcrum.Bench.Calendar;

/// <summary>
/// Fulcrum's side of bench/calendar (issue 11): the same files and window as the ical.js side
/// (bench/calendar/node/bench.mjs), printed as JSON. Each timed run starts from the file's bytes in
/// memory and a collected heap; it measures
///   parse   CalendarDocument.Read(bytes) of the big file: parsing, every value read into
///           CalendarEvents (dates, attendees, RRULEs, EXDATEs, text), VTIMEZONEs built;
///   expand  CalendarDocument.Read(bytes) of the series file, then Occurrences(from, to, Paris):
///           every occurrence overlapping the window, overrides and EXDATEs applied, sorted;
///   audit   CalendarDocument.Read of the leader's year, Occurrences over the year, and
///           CalendarAudit.Run on them (issue 11's "whole audit of a busy leader's year").
/// Allocation is GC.GetAllocatedBytesForCurrentThread() around one run (exact; all the work is on
/// this thread); retained is what the result keeps alive after a full collection.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = Options.Parse(args);
        var zone = DateTimeZoneProviders.Tzdb[options.Zone];
        var from = InstantPattern.ExtendedIso.Parse(options.From).Value;
        var to = InstantPattern.ExtendedIso.Parse(options.To).Value;
        var settings = new AuditSettings("lea@example.com", zone, AuditSettings.DefaultStart, AuditSettings.DefaultEnd)
        {
            // The leader's direct reports, as bench/calendar/generate.py writes them.
            People = [.. new[] { "Noah Smith", "Priya Patel", "Camille Moreau", "Kwame Okafor", "Yuki Tanaka", "Omar Haddad", "Ingrid Nystrom" }
                .Select(name => new AuditPerson(name, name.ToLowerInvariant().Replace(' ', '.') + "@example.com", DirectReport: true, Teammate: true))],
        };

        var results = new List<Result>
        {
            Measure("parse", options.Big, options, bytes =>
            {
                var document = CalendarDocument.Read(bytes);
                return (document.Events.Count, document.Problems, document);
            }),
            Measure("expand", options.Series, options, bytes =>
            {
                var document = CalendarDocument.Read(bytes);
                var occurrences = document.Occurrences(from, to, zone);
                return (occurrences.Count, document.Problems, occurrences);
            }),
            Measure("audit", options.Leader, options, bytes =>
            {
                var document = CalendarDocument.Read(bytes);
                var occurrences = document.Occurrences(from, to, zone);
                var audit = CalendarAudit.Run(occurrences, from, to, settings);
                return (occurrences.Count, document.Problems, audit);
            }),
        };
        // The audit's own share, apart from reading and expanding: the same occurrences each time.
        var leader = CalendarDocument.Read(File.ReadAllBytes(options.Leader));
        var leaderOccurrences = leader.Occurrences(from, to, zone);
        results.Add(Measure("audit-only", options.Leader, options, _ =>
        {
            var audit = CalendarAudit.Run(leaderOccurrences, from, to, settings);
            return (audit.Meetings.Count, [], audit);
        }));

        if (options.Dump is { } dump)
        {
            // One line per occurrence (UID, start and end in UTC), to compare with the ical.js side's --dump.
            var occurrences = CalendarDocument.Read(File.ReadAllBytes(options.Series)).Occurrences(from, to, zone);
            File.WriteAllLines(dump, occurrences.Select(o => $"{o.Uid} {InstantPattern.General.Format(o.Start)} {InstantPattern.General.Format(o.End)}").Order(StringComparer.Ordinal));
        }

        var report = new
        {
            side = "fulcrum",
            runtime = Environment.Version.ToString(),
            gc = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            window = new { from = options.From, to = options.To, zone = options.Zone },
            peakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
            results,
        };
        Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static Result Measure(string name, string file, Options options, Func<byte[], (int Count, IReadOnlyList<CalendarProblem> Problems, object Kept)> run)
    {
        var bytes = File.ReadAllBytes(file);
        // Warm-up: at least Warmup runs and WarmupSeconds of them, so tiered compilation has reached
        // the optimised code (with dynamic PGO) before anything is timed.
        var warmupStarted = Stopwatch.GetTimestamp();
        var first = run(bytes);
        var warmupRuns = 1;
        while (warmupRuns < options.Warmup || Stopwatch.GetElapsedTime(warmupStarted).TotalSeconds < options.WarmupSeconds)
        {
            run(bytes);
            warmupRuns++;
        }
        var times = new List<double>();
        var allocations = new List<long>();
        for (var i = 0; i < options.Repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            var result = run(bytes);
            var elapsed = Stopwatch.GetElapsedTime(started);
            allocations.Add(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            times.Add(elapsed.TotalMilliseconds);
            if (result.Count != first.Count)
            {
                throw new InvalidOperationException($"{name}: {result.Count}, then {first.Count}");
            }
        }
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var kept = run(bytes);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(kept.Kept);
        return new Result(name, file, bytes.Length, first.Count, first.Problems.Count, [.. first.Problems.Take(5).Select(p => $"line {p.Line}: {p.Message}")],
            Round(Median(times)), Round(times.Min()), Round(times.Max()), options.Repeat, warmupRuns,
            (long)Median(allocations.Select(a => (double)a).ToList()), retained, [.. times.Select(Round)]);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Round(double value) => Math.Round(value, 2);

    private sealed record Result(
        string Operation, string File, int Bytes, int Count, int Problems, IReadOnlyList<string> FirstProblems,
        double MedianMs, double MinMs, double MaxMs, int Runs, int Warmup, long AllocatedBytes, long RetainedBytes, IReadOnlyList<double> TimesMs);

    private sealed record Options(string Big, string Series, string Leader, string From, string To, string Zone, int Warmup, double WarmupSeconds, int Repeat, string? Dump)
    {
        public static Options Parse(string[] args)
        {
            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                named[args[i].TrimStart('-')] = args[i + 1];
            }
            string Get(string key, string? fallback = null) =>
                named.TryGetValue(key, out var value) ? value : fallback ?? throw new ArgumentException($"--{key} is required");
            return new Options(Get("big"), Get("series"), Get("leader"), Get("from"), Get("to"), Get("zone", "Europe/Paris"),
                int.Parse(Get("warmup", "5")), double.Parse(Get("warmup-seconds", "3"), System.Globalization.CultureInfo.InvariantCulture), int.Parse(Get("repeat", "15")), named.GetValueOrDefault("dump"));
        }
    }
}
