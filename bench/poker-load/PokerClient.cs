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
/// One voter's socket, speaking protocol 2 as a real client must: it keeps the fields of its view
/// (from the state frame, then each change frame's fields replacing the ones held) and can check
/// them against a fresh whole view (<see cref="CheckAsync"/>).
/// <para>
/// Lean, because 10,000 of these share two cores with the server: one receive loop per socket
/// into a 1 KB buffer (a pooled one only while a larger frame is read), frames stamped on arrival
/// before anything else, and per frame only a token walk over the top level that keeps each field's
/// JSON as bytes; only `current` is read further (story, round, status). Nothing is deserialised.
/// </para>
/// </summary>
public sealed class PokerClient(string name) : IAsyncDisposable
{
    private const int SmallBuffer = 1024;

    /// <summary>The fields of a view in the order the server writes them.</summary>
    private static readonly byte[][] FieldNames =
        [.. new[] { "roomId", "teamId", "name", "serverTime", "you", "facilitatorId", "deck", "participants", "stories", "current", "timer" }.Select(Encoding.UTF8.GetBytes)];

    private const int ServerTimeField = 3;
    private const int CurrentField = 9;

    private readonly ClientWebSocket socket = new();
    private readonly object gate = new();
    private readonly byte[]?[] held = new byte[]?[FieldNames.Length];
    private RoundView? latest;
    private Func<RoundView, bool>? waitingFor;
    private TaskCompletionSource<long>? waiter;
    private TaskCompletionSource<bool>? checking;
    private Task? reading;

    public static long Frames;
    public static long Bytes;
    public static long StateFrames;
    public static long ChangeFrames;
    public static long ChangeBytes;
    public static int ChecksTimedOut;
    public static readonly ConcurrentDictionary<string, int> Errors = new();

    public string Name { get; } = name;
    public bool ClosedByServer { get; private set; }
    public bool Closing { get; set; }
    public RoundView? Latest { get { lock (gate) { return latest; } } }

    /// <summary>The first field that differed at a failed check, for the report.</summary>
    public static string? FirstMismatch;

    public async Task ConnectAsync(Uri socketUri, string token, string room)
    {
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(socketUri, CancellationToken.None);
        reading = Task.Run(ReadAsync);
        var joined = Until(_ => true);
        await SendAsync($$"""{"type":"hello","protocol":2,"room":"{{room}}","role":"voter"}""");
        await joined.WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>
    /// Completes with the arrival timestamp of the first view frame, from now on or already
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

    /// <summary>
    /// Asks the server for the whole view (sync) and compares it, field by field and byte for
    /// byte, with the view this client rebuilt from its frames (serverTime aside: it is the time
    /// each frame was sent). True when they are the same. Call it when the room is not changing.
    /// </summary>
    public async Task<bool> CheckAsync()
    {
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            checking = answer;
        }
        await SendAsync("""{"type":"sync","ref":"check"}""");
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public Task SendAsync(string json) =>
        socket.SendAsync(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(json)), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).AsTask();

    private async Task ReadAsync()
    {
        var small = new byte[SmallBuffer];
        try
        {
            while (true)
            {
                var buffer = small;
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 4);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        if (buffer != small)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                        }
                        buffer = larger;
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        ClosedByServer = !Closing;
                        return;
                    }
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                var arrived = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref Frames);
                Interlocked.Add(ref Bytes, length);
                OnFrame(buffer.AsSpan(0, length), arrived);
                if (buffer != small)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            ClosedByServer = !Closing;
        }
    }

    private void OnFrame(ReadOnlySpan<byte> json, long arrived)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        string? type = null, code = null, reference = null;
        var fieldStart = -1;
        var fieldEnd = -1;
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
            else if (reader.ValueTextEquals("ref"u8))
            {
                reader.Read();
                reference = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("room"u8))
            {
                reader.Read();
                fieldStart = (int)reader.TokenStartIndex;
                reader.Skip();
                fieldEnd = (int)reader.BytesConsumed;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (type == "error")
        {
            Errors.AddOrUpdate(code ?? "?", 1, (_, n) => n + 1);
            return;
        }
        if (type is not ("state" or "change") || fieldStart < 0)
        {
            return;
        }
        var room = json[fieldStart..fieldEnd];
        if (type == "state")
        {
            Interlocked.Increment(ref StateFrames);
        }
        else
        {
            Interlocked.Increment(ref ChangeFrames);
            Interlocked.Add(ref ChangeBytes, json.Length);
        }
        lock (gate)
        {
            if (type == "state" && reference == "check" && checking is { } check)
            {
                checking = null;
                check.SetResult(SameAsHeld(room));
                return;
            }
            if (type == "state")
            {
                Array.Clear(held);
            }
            var current = Apply(room);
            if (current is { } view)
            {
                latest = view;
                if (waitingFor is not null && waitingFor(view))
                {
                    waitingFor = null;
                    waiter!.SetResult(arrived);
                }
            }
        }
    }

    /// <summary>Replaces each field the frame's room names; returns the round view when `current` was among them.</summary>
    private RoundView? Apply(ReadOnlySpan<byte> room)
    {
        RoundView? view = null;
        var reader = new Utf8JsonReader(room);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(ref reader);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var value = room[start..(int)reader.BytesConsumed];
            if (field < 0)
            {
                continue;
            }
            held[field] = value.ToArray();
            if (field == CurrentField)
            {
                view = ReadCurrent(value);
            }
        }
        return view;
    }

    /// <summary>A whole view (a state frame's room) against the fields held: every field the same bytes, none missing, none extra.</summary>
    private bool SameAsHeld(ReadOnlySpan<byte> room)
    {
        var seen = 0;
        var reader = new Utf8JsonReader(room);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(ref reader);
            var name = reader.GetString();
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (field < 0)
            {
                FirstMismatch ??= $"{Name}: unknown field {name}";
                return false;
            }
            seen++;
            if (field != ServerTimeField && !room[start..(int)reader.BytesConsumed].SequenceEqual(held[field]))
            {
                FirstMismatch ??= $"{Name}: {name} held {Encoding.UTF8.GetString(held[field] ?? [])} but the whole view has {Encoding.UTF8.GetString(room[start..(int)reader.BytesConsumed])}";
                return false;
            }
        }
        if (seen != FieldNames.Length || held.Any(h => h is null))
        {
            FirstMismatch ??= $"{Name}: {seen} fields in the whole view, {held.Count(h => h is not null)} held";
            return false;
        }
        return true;
    }

    private static int FieldOf(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < FieldNames.Length; i++)
        {
            if (reader.ValueTextEquals(FieldNames[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>`current`'s story id with its last round's number and status (null current: story 0).</summary>
    private static RoundView ReadCurrent(ReadOnlySpan<byte> current)
    {
        var reader = new Utf8JsonReader(current);
        int story = 0, round = 0;
        var revealed = false;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return new RoundView(0, 0, false);
        }
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
