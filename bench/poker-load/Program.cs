using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Fulcrum.Bench.PokerLoad;

// Planning-poker load (issues 4 and 10): ROOMS rooms of VOTERS voters on loopback, every room
// voting and revealing ROUNDS times at once, every client speaking protocol 2 (the whole view
// once, then change frames it applies). For each round: the time from sending the round's last
// vote to the moment every client of the room has the revealed view; then every client checks the
// view it rebuilt against a fresh whole view from the server (sync), byte for byte; and the
// server's peak memory. The server runs as its own process (`fulcrum serve`) so its memory and
// CPU are its own.
// The pace: `stress` (the default) spreads a round's votes over 2 s and moves on 0.5 s after the
// reveal, a round every ~2.5 s in every room; `meeting` spreads them over 25 s and moves on after
// 5 s, a round every ~30 s, still several times a real room's rate. Issue 10's 1,000-room target
// is judged at the meeting pace (docs/adr/0012-poker-load-pace.md); --vote-spread-ms and
// --pause-ms override either.
//   poker-load --fulcrum .fulcrum/bin/fulcrum.dll [--rooms 100] [--voters 10] [--rounds 20]
//              [--pace stress|meeting] [--stories 50] [--vote-spread-ms N] [--pause-ms N] [--check-every 1]
//              [--memory-target-mb 500] [--hold-ms 0] [--server-env "K=V,..."] [--work DIR] [--out FILE]

var options = Options.Parse(args);
Directory.CreateDirectory(options.Work);
var databaseFile = Path.Combine(options.Work, "poker-load.db");
foreach (var file in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm" })
{
    File.Delete(file);
}

var clock = Stopwatch.StartNew();
Console.WriteLine($"Seeding {options.Rooms} teams x {options.Voters} people, accounts, tokens and rooms of {options.Stories} stories...");
var rooms = await Seeding.SeedAsync(databaseFile, options.Rooms, options.Voters, options.Stories);
Console.WriteLine($"  seeded in {clock.Elapsed.TotalSeconds:F1} s");

var port = FreePort();
var serverLog = Path.Combine(options.Work, "server.log");
using var server = StartServer(options.Fulcrum, databaseFile, port, serverLog, options.ServerEnvironment);
var baseUri = new Uri($"http://127.0.0.1:{port}");
await WaitHealthyAsync(baseUri, server);
var idleRss = Proc.Status(server.Id, "VmRSS");
Console.WriteLine($"Server pid {server.Id} on {baseUri}, RSS at idle {idleRss / 1024.0:F0} MB");

// Connect everyone first (not measured), a few at a time so the accept queue stays short.
var socketUri = new Uri($"ws://127.0.0.1:{port}/api/v1/poker/socket");
var clients = rooms.Select((room, r) => room.Tokens.Select((_, v) => new PokerClient($"room {r} voter {v}")).ToArray()).ToArray();
clock.Restart();
using (var connecting = new SemaphoreSlim(32))
{
    await Task.WhenAll(rooms.SelectMany((room, r) => room.Tokens.Select(async (token, v) =>
    {
        await connecting.WaitAsync();
        try
        {
            await clients[r][v].ConnectAsync(socketUri, token, room.Id);
        }
        finally
        {
            connecting.Release();
        }
    })));
}
// Everyone sees everyone present before the first vote, so the first reveal waits for all voters.
await Task.Delay(Math.Max(1000, rooms.Count * options.Voters / 5));
var joinedRss = Proc.Status(server.Id, "VmRSS");
Console.WriteLine($"{rooms.Count * options.Voters} clients joined in {clock.Elapsed.TotalSeconds:F1} s; server RSS {joinedRss / 1024.0:F0} MB");
if (options.HoldMs > 0)
{
    // Everyone joined and idle, for looking at the server from outside (dotnet-counters, gcdump).
    Console.WriteLine($"Holding {options.HoldMs} ms with everyone joined (server pid {server.Id})...");
    await Task.Delay(options.HoldMs);
    Console.WriteLine($"  server RSS after holding {Proc.Status(server.Id, "VmRSS") / 1024.0:F0} MB");
}

var cpuBefore = Proc.CpuSeconds(server.Id);
var selfCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var framesBefore = Interlocked.Read(ref PokerClient.Frames);
var bytesBefore = Interlocked.Read(ref PokerClient.Bytes);
var stateFramesBefore = Interlocked.Read(ref PokerClient.StateFrames);
var changeFramesBefore = Interlocked.Read(ref PokerClient.ChangeFrames);
var changeBytesBefore = Interlocked.Read(ref PokerClient.ChangeBytes);
var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
var peakSampled = 0L;
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        peakSampled = Math.Max(peakSampled, Proc.Status(server.Id, "VmRSS"));
        await Task.Delay(200);
    }
});

Console.WriteLine($"Load: {options.Rounds} rounds per room; votes spread over {options.VoteSpreadMs} ms, {options.PauseMs} ms from reveal to next story");
clock.Restart();
var results = await Task.WhenAll(clients.Select((room, r) => RunRoomAsync(r, room, options)));
var loadSeconds = clock.Elapsed.TotalSeconds;
sampling.Cancel();
await sampler;

var cpuServer = Proc.CpuSeconds(server.Id) - cpuBefore;
var cpuSelf = (Process.GetCurrentProcess().TotalProcessorTime - selfCpuBefore).TotalSeconds;
var frames = Interlocked.Read(ref PokerClient.Frames) - framesBefore;
var bytes = Interlocked.Read(ref PokerClient.Bytes) - bytesBefore;
var stateFrames = Interlocked.Read(ref PokerClient.StateFrames) - stateFramesBefore;
var changeFrames = Interlocked.Read(ref PokerClient.ChangeFrames) - changeFramesBefore;
var changeBytes = Interlocked.Read(ref PokerClient.ChangeBytes) - changeBytesBefore;
var viewsChecked = results.Sum(r => r.Checked);
var viewsWrong = results.Sum(r => r.Wrong);
var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
var peakRss = Proc.Status(server.Id, "VmHWM");
var endRss = Proc.Status(server.Id, "VmRSS");
var dropped = clients.SelectMany(c => c).Count(c => c.ClosedByServer);

await Task.WhenAll(clients.SelectMany(c => c).Select(c => c.DisposeAsync().AsTask()));
// Everyone leaving at once is work too (10,000 presence changes): the peak over the whole run,
// read after the last client has gone and before the server stops.
await Task.Delay(2000);
var peakWithLeavingRss = Proc.Status(server.Id, "VmHWM");
var exit = await StopServerAsync(server);
var logLines = File.Exists(serverLog) ? File.ReadAllLines(serverLog) : [];
var serverProblems = logLines.Where(l => l.Contains("warn:", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)).ToList();

var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
var firsts = results.SelectMany(r => r.FirstArrivals).Order().ToArray();
var timedOut = results.Sum(r => r.TimedOut);
double P(double q) => Percentile(latencies, q);
static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
var memTotal = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
var result = new
{
    date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
    machine = new
    {
        cores = Environment.ProcessorCount,
        memoryMb = long.Parse(memTotal.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024,
        loadAverageBefore = loadBefore,
        loadAverageAfter = loadAfter,
        dotnet = Environment.Version.ToString(),
    },
    options.Rooms, options.Voters, options.Rounds, options.Pace, options.Stories, options.VoteSpreadMs, options.PauseMs, options.CheckEvery,
    roundsMeasured = latencies.Length,
    roundsTimedOut = timedOut,
    latencyMs = new { p50 = P(0.50), p90 = P(0.90), p99 = P(0.99), max = latencies.Length == 0 ? double.NaN : latencies[^1], mean = latencies.Length == 0 ? double.NaN : latencies.Average() },
    firstClientLatencyMs = new { p50 = Percentile(firsts, 0.50), p90 = Percentile(firsts, 0.90), p99 = Percentile(firsts, 0.99) },
    server = new
    {
        idleRssMb = idleRss / 1024.0,
        joinedRssMb = joinedRss / 1024.0,
        peakRssMb = peakRss / 1024.0,
        peakRssSampledDuringLoadMb = peakSampled / 1024.0,
        endRssMb = endRss / 1024.0,
        peakRssWithEveryoneLeavingMb = peakWithLeavingRss / 1024.0,
        cpuSecondsDuringLoad = cpuServer,
        cpuMicrosecondsPerFrameSent = frames == 0 ? double.NaN : cpuServer * 1e6 / frames,
        exitCode = exit,
        logProblems = serverProblems.Count,
    },
    generatorCpuSecondsDuringLoad = cpuSelf,
    loadSeconds,
    framesReceived = frames,
    megabytesReceived = bytes / 1048576.0,
    stateFramesReceived = stateFrames,
    changeFramesReceived = changeFrames,
    changeFrameMeanBytes = changeFrames == 0 ? double.NaN : (double)changeBytes / changeFrames,
    viewsChecked,
    viewsWrong,
    checksTimedOut = PokerClient.ChecksTimedOut,
    firstWrongView = PokerClient.FirstMismatch,
    errorFrames = PokerClient.Errors.ToDictionary(e => e.Key, e => e.Value),
    connectionsDroppedByServer = dropped,
    targets = new { p99UnderMs = 50, peakRssUnderMb = options.MemoryTargetMb, p99Met = P(0.99) < 50 && timedOut == 0, memoryMet = Math.Max(peakRss, peakWithLeavingRss) / 1024.0 < options.MemoryTargetMb, noDrops = dropped == 0, viewsCorrect = viewsWrong == 0 && viewsChecked > 0 },
};
File.WriteAllText(options.Out, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));

Console.WriteLine();
Console.WriteLine($"machine                       {result.machine.cores} cores, {result.machine.memoryMb} MB RAM; load average before {loadBefore.Split(' ')[0]}, after {loadAfter.Split(' ')[0]}");
Console.WriteLine($"rooms x voters x rounds       {options.Rooms} x {options.Voters} x {options.Rounds}  ({loadSeconds:F1} s of load)");
Console.WriteLine($"pace                          {options.Pace}: votes over {options.VoteSpreadMs} ms, {options.PauseMs} ms from reveal to next story");
Console.WriteLine($"rounds measured / timed out   {latencies.Length} / {timedOut}");
Console.WriteLine($"last vote -> all revealed     p50 {P(0.50):F1} ms   p90 {P(0.90):F1} ms   p99 {P(0.99):F1} ms   max {result.latencyMs.max:F1} ms   (target p99 < 50 ms: {(result.targets.p99Met ? "met" : "NOT met")})");
Console.WriteLine($"last vote -> first revealed   p50 {Percentile(firsts, 0.50):F1} ms   p90 {Percentile(firsts, 0.90):F1} ms   p99 {Percentile(firsts, 0.99):F1} ms   (the rest of the time is the fan-out to the room)");
Console.WriteLine($"server RSS                    idle {idleRss / 1024.0:F0} MB, all joined {joinedRss / 1024.0:F0} MB, peak {peakRss / 1024.0:F0} MB under load, {peakWithLeavingRss / 1024.0:F0} MB with everyone leaving (target < {options.MemoryTargetMb} MB: {(result.targets.memoryMet ? "met" : "NOT met")})");
Console.WriteLine($"CPU during load               server {cpuServer:F1} s, load generator {cpuSelf:F1} s");
Console.WriteLine($"frames received               {frames:N0} ({bytes / 1048576.0:F0} MB, {bytes / Math.Max(frames, 1) / 1024.0:F1} KB each; {frames / loadSeconds:F0}/s); server CPU {cpuServer * 1e6 / Math.Max(frames, 1):F0} µs per frame");
Console.WriteLine($"  of which                    {changeFrames:N0} change frames ({result.changeFrameMeanBytes:F0} bytes each), {stateFrames:N0} whole views (the checks' sync answers)");
Console.WriteLine($"views checked at reveals      {viewsChecked:N0}, wrong {viewsWrong}, checks of a room timed out {PokerClient.ChecksTimedOut}{(PokerClient.FirstMismatch is { } wrong ? " (first: " + wrong + ")" : "")}");
Console.WriteLine($"error frames                  {(PokerClient.Errors.IsEmpty ? "none" : string.Join(", ", PokerClient.Errors.Select(e => $"{e.Key} x{e.Value}")))}");
Console.WriteLine($"connections dropped by server {dropped}");
Console.WriteLine($"server log warnings/errors    {serverProblems.Count}{(serverProblems.Count > 0 ? " (first: " + serverProblems[0] + ")" : "")}");
Console.WriteLine($"result                        {options.Out}");
return 0;

static async Task<RoomResult> RunRoomAsync(int index, PokerClient[] voters, Options options)
{
    var latencies = new List<double>();
    var firstArrivals = new List<double>();
    var timedOut = 0;
    int viewsChecked = 0, viewsWrong = 0;
    var facilitator = voters[0];
    string[] cards = ["0", "½", "1", "2", "3", "5", "8", "13", "20", "40", "100"];
    // Rooms start out of step, as real meetings would.
    await Task.Delay(Random.Shared.Next(options.VoteSpreadMs + 1));
    for (var round = 0; round < options.Rounds; round++)
    {
        var view = facilitator.Latest!.Value;
        var revealed = voters.Select(v => v.Until(s => s.StoryId == view.StoryId && s.Round == view.Round && s.Revealed)).ToArray();
        var sent = await Task.WhenAll(voters.Select(async voter =>
        {
            await Task.Delay(Random.Shared.Next(options.VoteSpreadMs + 1));
            var card = cards[Random.Shared.Next(cards.Length)];
            var at = Stopwatch.GetTimestamp();
            await voter.SendAsync($$"""{"type":"vote","card":"{{card}}","storyId":{{view.StoryId}},"round":{{view.Round}}}""");
            return at;
        }));
        try
        {
            var arrived = await Task.WhenAll(revealed).WaitAsync(TimeSpan.FromSeconds(30));
            latencies.Add(Stopwatch.GetElapsedTime(sent.Max(), arrived.Max()).TotalMilliseconds);
            // To the first client: the vote's way in and the reveal's way out, before the fan-out to the rest.
            firstArrivals.Add(Stopwatch.GetElapsedTime(sent.Max(), arrived.Min()).TotalMilliseconds);
        }
        catch (TimeoutException)
        {
            timedOut++;
            Console.Error.WriteLine($"room {index}: round {round + 1} not revealed to everyone within 30 s");
            return new RoomResult(latencies, firstArrivals, timedOut + options.Rounds - round - 1, viewsChecked, viewsWrong);
        }
        var pause = Task.Delay(options.PauseMs);
        if (options.CheckEvery > 0 && round % options.CheckEvery == 0)
        {
            // Outside the measured time: every client's rebuilt view against the server's whole view.
            try
            {
                var same = await Task.WhenAll(voters.Select(v => v.CheckAsync()));
                viewsChecked += same.Length;
                viewsWrong += same.Count(s => !s);
            }
            catch (TimeoutException)
            {
                // The server is so far behind that the answer did not come within 30 s: not a wrong view, but reported.
                Interlocked.Increment(ref PokerClient.ChecksTimedOut);
            }
        }
        await pause;
        var opened = voters.Select(v => v.Until(s => s.StoryId != view.StoryId && !s.Revealed)).ToArray();
        await facilitator.SendAsync("""{"type":"next_story"}""");
        try
        {
            await Task.WhenAll(opened).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"room {index}: the next story did not reach everyone within 30 s");
            return new RoomResult(latencies, firstArrivals, timedOut + options.Rounds - round - 1, viewsChecked, viewsWrong);
        }
    }
    return new RoomResult(latencies, firstArrivals, timedOut, viewsChecked, viewsWrong);
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static Process StartServer(string fulcrumDll, string databaseFile, int port, string logFile, string environment)
{
    var start = new ProcessStartInfo("dotnet")
    {
        ArgumentList = { fulcrumDll, "--database", databaseFile, "serve", "--urls", $"http://127.0.0.1:{port}" },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    // --server-env "DOTNET_GCgen0size=0x2000000,..." : settings for the server process only (GC knobs).
    foreach (var pair in environment.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        var at = pair.IndexOf('=');
        start.Environment[pair[..at]] = pair[(at + 1)..];
    }
    var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server");
    var log = new StreamWriter(logFile) { AutoFlush = true };
    void Write(object? _, DataReceivedEventArgs e)
    {
        if (e.Data is not null)
        {
            lock (log)
            {
                log.WriteLine(e.Data);
            }
        }
    }
    process.OutputDataReceived += Write;
    process.ErrorDataReceived += Write;
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitHealthyAsync(Uri baseUri, Process server)
{
    using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(2) };
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (DateTime.UtcNow < deadline)
    {
        if (server.HasExited)
        {
            throw new InvalidOperationException($"The server exited with {server.ExitCode}; see server.log");
        }
        try
        {
            if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }
        await Task.Delay(200);
    }
    throw new TimeoutException("The server did not become healthy within 60 s");
}

// SIGTERM lets the server shut down as in production (final save of the rooms).
static async Task<int> StopServerAsync(Process server)
{
    using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]))
    {
        await kill.WaitForExitAsync();
    }
    using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    try
    {
        await server.WaitForExitAsync(wait.Token);
        return server.ExitCode;
    }
    catch (OperationCanceledException)
    {
        server.Kill();
        return -1;
    }
}

internal sealed record RoomResult(List<double> Latencies, List<double> FirstArrivals, int TimedOut, int Checked, int Wrong);

internal static class Proc
{
    /// <summary>A kB figure from /proc/PID/status (VmRSS now, VmHWM the peak).</summary>
    public static long Status(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>User plus system CPU seconds of a process and its threads so far.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", utime and stime are fields 12 and 13 (0-based), in clock ticks of 1/100 s.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}

internal sealed record Options(string Fulcrum, int Rooms, int Voters, int Rounds, string Pace, int Stories, int VoteSpreadMs, int PauseMs, int CheckEvery, int MemoryTargetMb, int HoldMs, string ServerEnvironment, string Work, string Out)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected an option, got '{args[i]}'");
            }
            values[args[i][2..]] = args[i + 1];
        }
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var work = values.GetValueOrDefault("work") ?? Path.Combine(Path.GetTempPath(), "fulcrum-poker-load");
        var pace = values.GetValueOrDefault("pace") ?? "stress";
        var (spread, pause) = pace switch
        {
            "stress" => (2000, 500),
            "meeting" => (25000, 5000),
            _ => throw new ArgumentException($"--pace is 'stress' or 'meeting', not '{pace}'"),
        };
        if (values.ContainsKey("vote-spread-ms") || values.ContainsKey("pause-ms"))
        {
            pace += " (overridden)";
        }
        return new Options(
            values.GetValueOrDefault("fulcrum") ?? throw new ArgumentException("--fulcrum PATH/fulcrum.dll is required"),
            Int("rooms", 100), Int("voters", 10), Int("rounds", 20), pace, Int("stories", 50),
            Int("vote-spread-ms", spread), Int("pause-ms", pause), Int("check-every", 1), Int("memory-target-mb", 500),
            Int("hold-ms", 0), values.GetValueOrDefault("server-env") ?? "", work, values.GetValueOrDefault("out") ?? Path.Combine(work, "result.json"));
    }
}
