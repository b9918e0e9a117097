using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Fulcrum.Bench.PokerLoad;

/// <summary>What a client needs to know of its latest view: the current story, its last round, and whether it is revealed.</summary>
public readonly record struct RoundView(int StoryId, int Round, bool Revealed);

/// <summary>
/// One voter's socket. Its reader stamps every frame on arrival (before any parsing) and reads
/// only the few fields the load needs with <see cref="Utf8JsonReader"/>, so the generator takes
/// as little CPU from the server it shares the machine with as it can.
/// </summary>
public sealed class PokerClient(string name) : IAsyncDisposable
{
    private readonly ClientWebSocket socket = new();
    private readonly object gate = new();
    private RoundView? latest;
    private Func<RoundView, bool>? waitingFor;
    private TaskCompletionSource<long>? waiter;
    private Task? reading;

    public static long Frames;
    public static long Bytes;
    public static readonly ConcurrentDictionary<string, int> Errors = new();

    public string Name { get; } = name;
    public bool ClosedByServer { get; private set; }
    public bool Closing { get; set; }
    public RoundView? Latest { get { lock (gate) { return latest; } } }

    public async Task ConnectAsync(Uri socketUri, string token, string room)
    {
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(socketUri, CancellationToken.None);
        reading = Task.Run(ReadAsync);
        var joined = Until(_ => true);
        await SendAsync($$"""{"type":"hello","protocol":1,"room":"{{room}}","role":"voter"}""");
        await joined.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Completes with the arrival timestamp of the first state frame, from now on or already
    /// received, whose view matches. Set it up before sending what causes that frame.
    /// </summary>
    public Task<long> Until(Func<RoundView, bool> match)
    {
        lock (gate)
        {
            var source = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (latest is { } view && match(view))
            {
                source.SetResult(Stopwatch.GetTimestamp());
                return source.Task;
            }
            waitingFor = match;
            waiter = source;
            return source.Task;
        }
    }

    public Task SendAsync(string json) =>
        socket.SendAsync(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(json)), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).AsTask();

    private async Task ReadAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(32 * 1024);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        ClosedByServer = !Closing;
                        return;
                    }
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);
                var arrived = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref Frames);
                Interlocked.Add(ref Bytes, buffer.WrittenCount);
                OnFrame(buffer.WrittenSpan, arrived);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            ClosedByServer = !Closing;
        }
    }

    private void OnFrame(ReadOnlySpan<byte> json, long arrived)
    {
        var (type, code, view) = Parse(json);
        if (type == "error")
        {
            Errors.AddOrUpdate(code ?? "?", 1, (_, n) => n + 1);
            return;
        }
        if (type != "state" || view is not { } seen)
        {
            return;
        }
        lock (gate)
        {
            latest = seen;
            if (waitingFor is not null && waitingFor(seen))
            {
                waitingFor = null;
                waiter!.SetResult(arrived);
            }
        }
    }

    /// <summary>type, error code, and room.current's id with its last round's number and status.</summary>
    private static (string? Type, string? Code, RoundView? View) Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? type = null, code = null;
        RoundView? view = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.GetString();
            }
            else if (reader.ValueTextEquals("room"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isCurrent = reader.ValueTextEquals("current"u8);
                    reader.Read();
                    if (isCurrent && reader.TokenType == JsonTokenType.StartObject)
                    {
                        view = ReadCurrent(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return (type, code, view);
    }

    private static RoundView ReadCurrent(ref Utf8JsonReader reader)
    {
        int story = 0, round = 0;
        var revealed = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                story = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("rounds"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("number"u8))
                        {
                            reader.Read();
                            round = reader.GetInt32();
                        }
                        else if (reader.ValueTextEquals("status"u8))
                        {
                            reader.Read();
                            revealed = reader.ValueTextEquals("revealed"u8);
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new RoundView(story, round, revealed);
    }

    public async ValueTask DisposeAsync()
    {
        Closing = true;
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            if (reading is not null)
            {
                await reading.WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or ObjectDisposedException)
        {
            // Gone already.
        }
        socket.Dispose();
    }
}
