using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Fulcrum.Testing;

/// <summary>
/// A WebSocket client for poker protocol tests: it records every frame the server sends it, in
/// order, so a test can look at all of them (e.g. that no frame carried someone else's vote).
/// </summary>
public sealed class PokerTestClient : IAsyncDisposable
{
    private readonly ClientWebSocket socket = new();
    private readonly List<string> frames = [];
    private readonly SemaphoreSlim arrived = new(0);
    private Task? reading;

    public string Name { get; }

    private PokerTestClient(string name) => Name = name;

    /// <summary>Every frame received so far, as the JSON text it came in.</summary>
    public IReadOnlyList<string> Frames { get { lock (frames) { return frames.ToList(); } } }

    public bool Closed { get; private set; }

    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public string? CloseStatusDescription => socket.CloseStatusDescription;

    private TaskCompletionSource resumed = Completed();

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    /// <summary>Stops reading after the frame now awaited, like a client that hangs: the server's frames pile up.</summary>
    public void PauseReading() => resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading() => resumed.TrySetResult();

    public static Task<PokerTestClient> ConnectAsync(FulcrumServer server, string token, string name, string? origin = null) =>
        ConnectAsync(server.BaseAddress, token, name, origin);

    /// <summary>Connects to the server at <paramref name="baseAddress"/> (a node of several, a server in another process).</summary>
    public static async Task<PokerTestClient> ConnectAsync(Uri baseAddress, string token, string name, string? origin = null)
    {
        var client = new PokerTestClient(name);
        client.socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        if (origin is not null)
        {
            client.socket.Options.SetRequestHeader("Origin", origin);
        }
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/api/v1/poker/socket" }.Uri;
        await client.socket.ConnectAsync(uri, CancellationToken.None);
        client.reading = client.ReadAsync();
        return client;
    }

    /// <summary>Connects and joins <paramref name="room"/>, returning once the first state arrived.</summary>
    /// <param name="protocol">1: every view frame is the whole view; 2: the whole view, then change frames (see <see cref="NextViewAsync"/>).</param>
    public static Task<PokerTestClient> JoinAsync(FulcrumServer server, string token, string name, string room, string? role = null, int protocol = 1) =>
        JoinAsync(server.BaseAddress, token, name, room, role, protocol);

    public static async Task<PokerTestClient> JoinAsync(Uri baseAddress, string token, string name, string room, string? role = null, int protocol = 1)
    {
        var client = await ConnectAsync(baseAddress, token, name);
        await client.SendAsync(role is null ? new { type = "hello", protocol, room } : new { type = "hello", protocol, room, role });
        var state = await client.NextAsync(f => f.GetProperty("type").GetString() == "state");
        client.view = System.Text.Json.Nodes.JsonNode.Parse(state.GetProperty("room").GetRawText())!.AsObject();
        return client;
    }

    private System.Text.Json.Nodes.JsonObject? view;

    /// <summary>
    /// Protocol 2: applies the state and change frames that follow, as a client does (each field a
    /// change frame names replaces the one held), until the view so rebuilt matches; returns a copy.
    /// </summary>
    public async Task<System.Text.Json.Nodes.JsonObject> NextViewAsync(Func<System.Text.Json.Nodes.JsonObject, bool>? match = null)
    {
        while (true)
        {
            var frame = await NextAsync(f => f.GetProperty("type").GetString() is "state" or "change");
            var fields = System.Text.Json.Nodes.JsonNode.Parse(frame.GetProperty("room").GetRawText())!.AsObject();
            if (frame.GetProperty("type").GetString() == "state" || view is null)
            {
                view = fields;
            }
            else
            {
                foreach (var (name, value) in fields.ToList())
                {
                    view[name] = value?.DeepClone();
                }
            }
            if (match is null || match(view))
            {
                return view.DeepClone().AsObject();
            }
        }
    }

    public Task SendAsync(object message) => SendRawAsync(JsonSerializer.Serialize(message));

    public Task SendRawAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendBytesAsync(byte[] bytes) =>
        await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public async Task SendBinaryAsync(byte[] bytes) =>
        await socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    private int consumed;

    /// <summary>Waits for the next frame (after those already taken) that matches, skipping others.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            string? frame = null;
            lock (frames)
            {
                if (consumed < frames.Count)
                {
                    frame = frames[consumed++];
                }
            }
            if (frame is not null)
            {
                var element = JsonDocument.Parse(frame).RootElement.Clone();
                if (match is null || match(element))
                {
                    return element;
                }
                continue;
            }
            if (Closed)
            {
                throw new InvalidOperationException($"{Name}: the connection closed while waiting for a frame.");
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await arrived.WaitAsync(left))
            {
                throw new TimeoutException($"{Name}: no matching frame within the timeout. Received: {string.Join("\n", Frames)}");
            }
        }
    }

    /// <summary>Waits for the next state frame whose room view matches, and returns that view.</summary>
    public async Task<JsonElement> NextStateAsync(Func<JsonElement, bool>? match = null) =>
        (await NextAsync(f => f.GetProperty("type").GetString() == "state" && (match is null || match(f.GetProperty("room"))))).GetProperty("room");

    public Task<JsonElement> NextErrorAsync() => NextAsync(f => f.GetProperty("type").GetString() == "error");

    /// <summary>Waits until the server closed the connection.</summary>
    public async Task WaitClosedAsync()
    {
        if (reading is not null)
        {
            await reading.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                await resumed.Task;
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        // Answer the server's close, as browsers do, so it need not wait for the connection to drop.
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                lock (frames)
                {
                    frames.Add(Encoding.UTF8.GetString(message.ToArray()));
                }
                arrived.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            // Dropped.
        }
        finally
        {
            Closed = true;
            arrived.Release();
        }
    }

    /// <summary>Drops the connection without a close handshake, like a network failure.</summary>
    public void Abort() => socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Already gone.
            }
        }
        socket.Dispose();
    }
}
