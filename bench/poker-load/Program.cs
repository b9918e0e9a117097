using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Fulcrum.Bench.PokerLoad;
using Npgsql;

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
// Several nodes (issue 14, ADR 0014): with --postgres the organisation is seeded into a fresh
// PostgreSQL database made for the run, and --nodes N starts N `fulcrum serve` processes on it,
// one after the other. Voter v of room r connects to node (r + v) % N, facilitators first, so room
// r is owned by node r % N and every room has voters on every node (with N = 2, half of each room
// reaches its owner through "PokerMail" rows and NOTIFY). Measured per node: memory and CPU; and
// from the benchmark's own connection, LISTENing on every node's channel, the notifications sent
// and the mail rows written (the table's sequence) during the load.
//   poker-load --fulcrum .fulcrum/bin/fulcrum.dll [--rooms 100] [--voters 10] [--rounds 20]
//              [--pace stress|meeting] [--stories 50] [--vote-spread-ms N] [--pause-ms N] [--check-every 1]
//              [--memory-target-mb 500] [--hold-ms 0] [--server-env "K=V,..."] [--work DIR] [--out FILE]
//              [--postgres "Host=127.0.0.1;Port=5432;Username=fulcrum;Database=postgres"] [--nodes 1]
//              [--spread alternate|first] [--postgres-pid PID]

var options = Options.Parse(args);
Directory.CreateDirectory(options.Work);
string database;
if (options.Postgres is { } postgres)
{
    database = await PostgresLoad.CreateDatabaseAsync(postgres);
    Console.WriteLine($"PostgreSQL database {new NpgsqlConnectionStringBuilder(database).Database} (made for this run)");
}
else
{
    database = Path.Combine(options.Work, "poker-load.db");
    foreach (var file in new[] { database, database + "-wal", database + "-shm" })
    {
        File.Delete(file);
    }
}

var clock = Stopwatch.StartNew();
Console.WriteLine($"Seeding {options.Rooms} teams x {options.Voters} people, accounts, tokens and rooms of {options.Stories} stories...");
var rooms = await Seeding.SeedAsync(database, options.Rooms, options.Voters, options.Stories);
Console.WriteLine($"  seeded in {clock.Elapsed.TotalSeconds:F1} s");

// The nodes start one after the other, each ready (/health/ready) before the next, as a rolling start would.
var nodes = new List<ServerNode>();
// Servers left running if the benchmark fails would hold their ports and the database.
AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => KillAll());
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => KillAll());
for (var n = 0; n < options.Nodes; n++)
{
    var port = FreePort();
    var serverLog = Path.Combine(options.Work, options.Nodes == 1 ? "server.log" : $"server-{n}.log");
    var process = StartServer(options.Fulcrum, database, port, serverLog, options.ServerEnvironment);
    var node = new ServerNode(n, process, new Uri($"http://127.0.0.1:{port}"), serverLog);
    nodes.Add(node);
    await WaitReadyAsync(node.BaseUri, process);
    if (options.Postgres is not null)
    {
        node.NodeId = await PostgresLoad.WaitForNewNodeAsync(database, nodes.Select(x => x.NodeId).OfType<string>().ToHashSet(StringComparer.Ordinal));
    }
    node.IdleRss = Proc.Status(process.Id, "VmRSS");
    Console.WriteLine($"Node {n}: pid {process.Id} on {node.BaseUri}{(node.NodeId is null ? "" : $", node id {node.NodeId}")}, RSS at idle {node.IdleRss / 1024.0:F0} MB");
}
void KillAll()
{
    foreach (var node in nodes)
    {
        try
        {
            if (!node.Process.HasExited)
            {
                node.Process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }
    }
}
var spread = options.Nodes == 1 ? "every voter on node 0"
    : options.Spread == "first" ? $"voter v of every room on node v % {options.Nodes}: node 0 owns every room"
    : $"voter v of room r on node (r + v) % {options.Nodes}, facilitators first: room r owned by node r % {options.Nodes}";
Console.WriteLine($"Spread: {spread}");
int NodeOf(int room, int voter) => options.Spread == "first" ? voter % options.Nodes : (room + voter) % options.Nodes;

// The benchmark's own ear on PostgreSQL: every node's notification channel.
await using var listener = options.Postgres is null ? null : await NotificationCounter.StartAsync(database, nodes);
var mailBeforeJoin = options.Postgres is null ? 0 : await PostgresLoad.MailRowsAsync(database);
var notificationsBeforeJoin = listener?.Total ?? 0;

// Connect everyone first (not measured), a few at a time so the accept queue stays short; every
// room's facilitator before anyone else, so the node of voter 0 is the room's owner.
var clients = rooms.Select((room, r) => room.Tokens.Select((_, v) => new PokerClient($"room {r} voter {v}")).ToArray()).ToArray();
clock.Restart();
using (var connecting = new SemaphoreSlim(32))
{
    Task Connect(int r, int v) => Task.Run(async () =>
    {
        await connecting.WaitAsync();
        try
        {
            var node = nodes[NodeOf(r, v)];
            await clients[r][v].ConnectAsync(new Uri($"ws://{node.BaseUri.Authority}/api/v1/poker/socket"), rooms[r].Tokens[v], rooms[r].Id);
        }
        finally
        {
            connecting.Release();
        }
    });
    await Task.WhenAll(rooms.Select((_, r) => Connect(r, 0)));
    await Task.WhenAll(rooms.SelectMany((room, r) => room.Tokens.Skip(1).Select((_, i) => Connect(r, i + 1))));
}
// Everyone sees everyone present before the first vote, so the first reveal waits for all voters.
await Task.Delay(Math.Max(1000, rooms.Count * options.Voters / 5));
foreach (var node in nodes)
{
    node.JoinedRss = Proc.Status(node.Process.Id, "VmRSS");
}
Console.WriteLine($"{rooms.Count * options.Voters} clients joined in {clock.Elapsed.TotalSeconds:F1} s; RSS {string.Join(", ", nodes.Select(n => $"node {n.Index} {n.JoinedRss / 1024.0:F0} MB"))}");
var owners = options.Postgres is null ? [] : await PostgresLoad.OwnersAsync(database);
if (options.Postgres is not null)
{
    Console.WriteLine($"Rooms owned: {string.Join(", ", nodes.Select(n => $"node {n.Index} {owners.GetValueOrDefault(n.NodeId ?? "")}"))}"
        + $"{(owners.Keys.Except(nodes.Select(n => n.NodeId ?? "")).Any() ? $", other node ids {owners.Where(o => !nodes.Any(n => n.NodeId == o.Key)).Sum(o => o.Value)}" : "")}"
        + $"; while joining {listener!.Total - notificationsBeforeJoin:N0} notifications, {await PostgresLoad.MailRowsAsync(database) - mailBeforeJoin:N0} mail rows");
}
if (options.HoldMs > 0)
{
    // Everyone joined and idle, for looking at the server from outside (dotnet-counters, gcdump).
    Console.WriteLine($"Holding {options.HoldMs} ms with everyone joined (server pids {string.Join(", ", nodes.Select(n => n.Process.Id))})...");
    await Task.Delay(options.HoldMs);
    Console.WriteLine($"  RSS after holding {string.Join(", ", nodes.Select(n => $"node {n.Index} {Proc.Status(n.Process.Id, "VmRSS") / 1024.0:F0} MB"))}");
}

foreach (var node in nodes)
{
    node.CpuBefore = Proc.CpuSeconds(node.Process.Id);
}
var postgresCpuBefore = options.PostgresPid is int pgPid ? Proc.TreeCpuSeconds(pgPid) : double.NaN;
var notificationsBefore = listener?.PerNode() ?? [];
var mailBefore = options.Postgres is null ? 0 : await PostgresLoad.MailRowsAsync(database);
var selfCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var framesBefore = Interlocked.Read(ref PokerClient.Frames);
var bytesBefore = Interlocked.Read(ref PokerClient.Bytes);
var stateFramesBefore = Interlocked.Read(ref PokerClient.StateFrames);
var changeFramesBefore = Interlocked.Read(ref PokerClient.ChangeFrames);
var changeBytesBefore = Interlocked.Read(ref PokerClient.ChangeBytes);
var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        foreach (var node in nodes)
        {
            node.PeakSampled = Math.Max(node.PeakSampled, Proc.Status(node.Process.Id, "VmRSS"));
        }
        await Task.Delay(200);
    }
});

Console.WriteLine($"Load: {options.Rounds} rounds per room; votes spread over {options.VoteSpreadMs} ms, {options.PauseMs} ms from reveal to next story");
clock.Restart();
var results = await Task.WhenAll(clients.Select((room, r) => RunRoomAsync(r, room, options)));
var loadSeconds = clock.Elapsed.TotalSeconds;
sampling.Cancel();
await sampler;

var notificationsAfter = listener?.PerNode() ?? [];
var mailAfter = options.Postgres is null ? 0 : await PostgresLoad.MailRowsAsync(database);
var postgresCpu = options.PostgresPid is int pgPidAfter ? Proc.TreeCpuSeconds(pgPidAfter) - postgresCpuBefore : double.NaN;
foreach (var node in nodes)
{
    node.CpuDuringLoad = Proc.CpuSeconds(node.Process.Id) - node.CpuBefore;
    node.PeakRss = Proc.Status(node.Process.Id, "VmHWM");
    node.EndRss = Proc.Status(node.Process.Id, "VmRSS");
}
var cpuServer = nodes.Sum(n => n.CpuDuringLoad);
var notifications = notificationsAfter.Zip(notificationsBefore, (a, b) => a - b).ToArray();
var mailRows = mailAfter - mailBefore;
var nodeIdsAfter = options.Postgres is null ? [] : await PostgresLoad.NodeIdsAsync(database);
var rejoined = nodes.Count(n => n.NodeId is { } id && !nodeIdsAfter.Contains(id));
var cpuSelf = (Process.GetCurrentProcess().TotalProcessorTime - selfCpuBefore).TotalSeconds;
var frames = Interlocked.Read(ref PokerClient.Frames) - framesBefore;
var bytes = Interlocked.Read(ref PokerClient.Bytes) - bytesBefore;
var stateFrames = Interlocked.Read(ref PokerClient.StateFrames) - stateFramesBefore;
var changeFrames = Interlocked.Read(ref PokerClient.ChangeFrames) - changeFramesBefore;
var changeBytes = Interlocked.Read(ref PokerClient.ChangeBytes) - changeBytesBefore;
var viewsChecked = results.Sum(r => r.Checked);
var viewsWrong = results.Sum(r => r.Wrong);
var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
var dropped = clients.SelectMany(c => c).Count(c => c.ClosedByServer);

await Task.WhenAll(clients.SelectMany(c => c).Select(c => c.DisposeAsync().AsTask()));
// Everyone leaving at once is work too (10,000 presence changes): the peak over the whole run,
// read after the last client has gone and before the server stops.
await Task.Delay(2000);
foreach (var node in nodes)
{
    node.PeakWithLeavingRss = Proc.Status(node.Process.Id, "VmHWM");
}
if (listener is not null)
{
    await listener.DisposeAsync();
}
var exits = await Task.WhenAll(nodes.Select(n => StopServerAsync(n.Process)));
foreach (var node in nodes)
{
    node.ExitCode = exits[node.Index];
    var logLines = File.Exists(node.Log) ? File.ReadAllLines(node.Log) : [];
    node.Problems = [.. logLines.Where(l => l.Contains("warn:", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal))];
}
var serverProblems = nodes.SelectMany(n => n.Problems.Select(p => $"node {n.Index}: {p}")).ToList();
var maxPeakRss = nodes.Max(n => Math.Max(n.PeakRss, n.PeakWithLeavingRss));

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
    options.Nodes,
    spread,
    server = new
    {
        idleRssMb = nodes.Sum(n => n.IdleRss) / 1024.0,
        joinedRssMb = nodes.Sum(n => n.JoinedRss) / 1024.0,
        peakRssMb = nodes.Sum(n => n.PeakRss) / 1024.0,
        peakRssWithEveryoneLeavingMb = nodes.Sum(n => n.PeakWithLeavingRss) / 1024.0,
        cpuSecondsDuringLoad = cpuServer,
        cpuMicrosecondsPerFrameSent = frames == 0 ? double.NaN : cpuServer * 1e6 / frames,
        logProblems = serverProblems.Count,
    },
    nodes = nodes.Select(n => new
    {
        n.Index,
        n.NodeId,
        roomsOwned = n.NodeId is null ? options.Rooms : owners.GetValueOrDefault(n.NodeId),
        clients = rooms.Select((room, r) => room.Tokens.Where((_, v) => NodeOf(r, v) == n.Index).Count()).Sum(),
        idleRssMb = n.IdleRss / 1024.0,
        joinedRssMb = n.JoinedRss / 1024.0,
        peakRssMb = n.PeakRss / 1024.0,
        peakRssSampledDuringLoadMb = n.PeakSampled / 1024.0,
        endRssMb = n.EndRss / 1024.0,
        peakRssWithEveryoneLeavingMb = n.PeakWithLeavingRss / 1024.0,
        cpuSecondsDuringLoad = n.CpuDuringLoad,
        notificationsReceivedDuringLoad = notifications.Length > n.Index ? notifications[n.Index] : 0,
        exitCode = n.ExitCode,
        logProblems = n.Problems.Count,
        firstLogProblem = n.Problems.FirstOrDefault(),
    }).ToArray(),
    postgres = options.Postgres is null ? null : new
    {
        notificationsDuringLoad = notifications.Sum(),
        notificationsPerSecond = notifications.Sum() / loadSeconds,
        mailRowsDuringLoad = mailRows,
        mailRowsPerSecond = mailRows / loadSeconds,
        postgresCpuSecondsDuringLoad = postgresCpu,
        nodesThatRejoined = rejoined,
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
    targets = new { p99UnderMs = 50, peakRssUnderMb = options.MemoryTargetMb, p99Met = P(0.99) < 50 && timedOut == 0, memoryMet = maxPeakRss / 1024.0 < options.MemoryTargetMb, noDrops = dropped == 0, viewsCorrect = viewsWrong == 0 && viewsChecked > 0 },
};
File.WriteAllText(options.Out, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));

Console.WriteLine();
Console.WriteLine($"machine                       {result.machine.cores} cores, {result.machine.memoryMb} MB RAM; load average before {loadBefore.Split(' ')[0]}, after {loadAfter.Split(' ')[0]}");
Console.WriteLine($"rooms x voters x rounds       {options.Rooms} x {options.Voters} x {options.Rounds}  ({loadSeconds:F1} s of load)");
Console.WriteLine($"pace                          {options.Pace}: votes over {options.VoteSpreadMs} ms, {options.PauseMs} ms from reveal to next story");
Console.WriteLine($"rounds measured / timed out   {latencies.Length} / {timedOut}");
Console.WriteLine($"last vote -> all revealed     p50 {P(0.50):F1} ms   p90 {P(0.90):F1} ms   p99 {P(0.99):F1} ms   max {result.latencyMs.max:F1} ms   (target p99 < 50 ms: {(result.targets.p99Met ? "met" : "NOT met")})");
Console.WriteLine($"last vote -> first revealed   p50 {Percentile(firsts, 0.50):F1} ms   p90 {Percentile(firsts, 0.90):F1} ms   p99 {Percentile(firsts, 0.99):F1} ms   (the rest of the time is the fan-out to the room)");
foreach (var node in nodes)
{
    Console.WriteLine($"node {node.Index} RSS                    idle {node.IdleRss / 1024.0:F0} MB, all joined {node.JoinedRss / 1024.0:F0} MB, peak {node.PeakRss / 1024.0:F0} MB under load, {node.PeakWithLeavingRss / 1024.0:F0} MB with everyone leaving; CPU during load {node.CpuDuringLoad:F1} s");
}
Console.WriteLine($"peak RSS target               < {options.MemoryTargetMb} MB per node: {(result.targets.memoryMet ? "met" : "NOT met")}");
Console.WriteLine($"CPU during load               server{(nodes.Count > 1 ? "s" : "")} {cpuServer:F1} s, load generator {cpuSelf:F1} s{(double.IsNaN(postgresCpu) ? "" : $", PostgreSQL {postgresCpu:F1} s")}");
if (options.Postgres is not null)
{
    Console.WriteLine($"PostgreSQL notifications      {notifications.Sum():N0} ({notifications.Sum() / loadSeconds:F1}/s; per receiving node {string.Join(", ", notifications)}); mail rows {mailRows:N0} ({mailRows / loadSeconds:F1}/s){(rejoined > 0 ? $"; {rejoined} node(s) REJOINED under a new id (notifications after that not counted)" : "")}");
}
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

static async Task WaitReadyAsync(Uri baseUri, Process server)
{
    using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(2) };
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (DateTime.UtcNow < deadline)
    {
        if (server.HasExited)
        {
            throw new InvalidOperationException($"The server exited with {server.ExitCode}; see its log in the work folder");
        }
        try
        {
            if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
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
    throw new TimeoutException("The server was not ready within 60 s");
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

/// <summary>One `fulcrum serve` process of the run and what was measured of it.</summary>
internal sealed class ServerNode(int index, Process process, Uri baseUri, string log)
{
    public int Index { get; } = index;
    public Process Process { get; } = process;
    public Uri BaseUri { get; } = baseUri;
    public string Log { get; } = log;
    /// <summary>Its row in "PokerNodes" (PostgreSQL only).</summary>
    public string? NodeId { get; set; }
    public long IdleRss { get; set; }
    public long JoinedRss { get; set; }
    public long PeakSampled { get; set; }
    public long PeakRss { get; set; }
    public long EndRss { get; set; }
    public long PeakWithLeavingRss { get; set; }
    public double CpuBefore { get; set; }
    public double CpuDuringLoad { get; set; }
    public int ExitCode { get; set; }
    public List<string> Problems { get; set; } = [];
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

    /// <summary>
    /// CPU seconds of a process and its children: the PostgreSQL postmaster, its live backends and
    /// helpers (their utime+stime), and those that ended (its cutime+cstime).
    /// </summary>
    public static double TreeCpuSeconds(int pid)
    {
        var total = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // fields[1] is the parent's pid; 11, 12 utime and stime; 13, 14 cutime and cstime.
                if (child == pid)
                {
                    total += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
                        + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
                }
                else if (int.Parse(fields[1], CultureInfo.InvariantCulture) == pid)
                {
                    total += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process ended while being read: its time is in the parent's cutime from now on.
            }
        }
        return total / 100.0;
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

internal sealed record Options(string Fulcrum, int Rooms, int Voters, int Rounds, string Pace, int Stories, int VoteSpreadMs, int PauseMs, int CheckEvery, int MemoryTargetMb, int HoldMs, string ServerEnvironment, string Work, string Out,
    int Nodes, string? Postgres, string Spread, int? PostgresPid)
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
        var nodes = Int("nodes", 1);
        var postgres = values.GetValueOrDefault("postgres");
        if (nodes < 1 || (nodes > 1 && postgres is null))
        {
            throw new ArgumentException("--nodes is 1, or more with --postgres: nodes share a PostgreSQL database (a SQLite file serves one node)");
        }
        var spreadOver = values.GetValueOrDefault("spread") ?? "alternate";
        if (spreadOver is not ("alternate" or "first"))
        {
            throw new ArgumentException($"--spread is 'alternate' (room r's voter v on node (r + v) % N) or 'first' (voter v on node v % N), not '{spreadOver}'");
        }
        return new Options(
            values.GetValueOrDefault("fulcrum") ?? throw new ArgumentException("--fulcrum PATH/fulcrum.dll is required"),
            Int("rooms", 100), Int("voters", 10), Int("rounds", 20), pace, Int("stories", 50),
            Int("vote-spread-ms", spread), Int("pause-ms", pause), Int("check-every", 1), Int("memory-target-mb", 500),
            Int("hold-ms", 0), values.GetValueOrDefault("server-env") ?? "", work, values.GetValueOrDefault("out") ?? Path.Combine(work, "result.json"),
            nodes, postgres, spreadOver, values.TryGetValue("postgres-pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : null);
    }
}
