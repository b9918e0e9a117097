using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Fulcrum.Cli;

/// <summary>Where to connect: the server's base address and the room's id.</summary>
public sealed record PokerTarget(Uri Server, string Room)
{
    public Uri Socket => new UriBuilder(new Uri(Server, "api/v1/poker/socket"))
    {
        Scheme = Server.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
    }.Uri;
}

/// <summary>
/// The terminal's poker client: one WebSocket at a time, reconnecting with backoff when it
/// drops (the server keeps the vote, so only hello is re-sent). Typed lines are sent one at a
/// time, each waiting for the server's answer, so a script's output follows its input in order.
/// </summary>
public sealed class PokerClient(PokerTarget target, string token, IPokerDisplay display, IPokerCommandSource commands)
{
    public const int FatalExitCode = ExitCodes.Refused;
    public const int GaveUpExitCode = 1;
    private const int MaxFailedAttempts = 8;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(1.5);

    /// <summary>Refusals that retrying cannot fix: the client stops with <see cref="FatalExitCode"/>.</summary>
    private static readonly HashSet<string> FatalCodes =
        ["unknown_room", "not_a_member", "unauthenticated", "unsupported_version", "room_full", "too_many_connections"];

    private readonly Channel<ClientEvent> events = Channel.CreateUnbounded<ClientEvent>();
    private readonly Queue<string> lines = new();
    private ClientWebSocket? socket;
    private int generation;
    private int sent;
    private string? awaiting;
    private bool inputEnded;
    private PokerRoomView? room;

    /// <summary>False when stdin already went to the story list: then the client only watches.</summary>
    public bool ReadCommands { get; init; } = true;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (ReadCommands)
        {
            _ = Task.Run(() => ReadInputAsync(cancellationToken), CancellationToken.None);
        }
        var failures = 0;
        try
        {
            while (true)
            {
                var (connected, fatal, problem) = await ConnectAsync(cancellationToken);
                if (fatal is not null)
                {
                    display.Error("refused", fatal);
                    await Console.Error.WriteLineAsync($"error: {fatal}");
                    return FatalExitCode;
                }
                if (connected is null)
                {
                    if (++failures > MaxFailedAttempts)
                    {
                        await Console.Error.WriteLineAsync($"error: gave up connecting to {target.Server} after {MaxFailedAttempts} attempts: {problem}");
                        return GaveUpExitCode;
                    }
                    await BackOffAsync(failures, $"cannot connect to {target.Server}: {problem}", cancellationToken);
                    continue;
                }
                var outcome = await SessionAsync(connected, cancellationToken);
                if (outcome.ExitCode is { } exitCode)
                {
                    return exitCode;
                }
                failures = outcome.Joined ? 1 : failures + 1;
                if (failures > MaxFailedAttempts)
                {
                    await Console.Error.WriteLineAsync($"error: gave up reconnecting after {MaxFailedAttempts} attempts.");
                    return GaveUpExitCode;
                }
                await BackOffAsync(failures, $"connection lost ({outcome.Reason})", cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: leave on purpose, so a facilitator's role passes on at once.
            await GoodbyeAsync();
            return ExitCodes.Ok;
        }
        finally
        {
            socket?.Dispose();
        }
    }

    /// <summary>
    /// Sends leave and waits for the server to close the connection, then completes the close; all
    /// within <see cref="GoodbyeTimeout"/>, since Ctrl+C must end the program promptly (and the
    /// command line gives it 2 seconds). Disposing the socket at once instead could reset the
    /// connection before the server had read leave, and the room would wait for the person's return.
    /// </summary>
    private async Task GoodbyeAsync()
    {
        if (socket is not { State: WebSocketState.Open } open)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(GoodbyeTimeout);
        try
        {
            await open.SendAsync(Encoding.UTF8.GetBytes(new JsonObject { ["type"] = "leave", ["ref"] = "bye" }.ToJsonString()),
                WebSocketMessageType.Text, true, timeout.Token);
            while (await events.Reader.ReadAsync(timeout.Token) is not ClientEvent.Dropped { Generation: var closed } || closed != generation)
            {
                // Frames still on their way are of no interest now.
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Leaving is a courtesy: the server also notices a connection that is gone.
        }
        if (open.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await open.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // As above.
            }
        }
    }

    private async Task BackOffAsync(int attempt, string reason, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, attempt - 1)));
        display.Info($"{reason}; reconnecting in {delay.TotalSeconds:0}s (attempt {attempt} of {MaxFailedAttempts})");
        await Task.Delay(delay, cancellationToken);
    }

    private async Task<(ClientWebSocket? Socket, string? Fatal, string? Problem)> ConnectAsync(CancellationToken cancellationToken)
    {
        var candidate = new ClientWebSocket();
        candidate.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        candidate.Options.CollectHttpResponseDetails = true;
        // Pings find a dead connection (a laptop lid closed, a Wi-Fi change) within half a minute.
        candidate.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        candidate.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await candidate.ConnectAsync(target.Socket, timeout.Token);
            return (candidate, null, null);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var status = candidate.HttpStatusCode;
            candidate.Dispose();
            return status switch
            {
                HttpStatusCode.Unauthorized => (null, $"{target.Server} refused the token (HTTP 401): check --token or FULCRUM_TOKEN.", null),
                HttpStatusCode.Forbidden => (null, $"{target.Server} refused the connection (HTTP 403): the token's account may not be linked to a person; an admin can link it on the Accounts page.", null),
                HttpStatusCode.NotFound => (null, $"{target.Socket} does not exist (HTTP 404): is {target.Server} a Fulcrum server?", null),
                _ => (null, null, e is OperationCanceledException ? "timed out" : e.Message),
            };
        }
    }

    private sealed record SessionOutcome(int? ExitCode, bool Joined, string? Reason);

    private async Task<SessionOutcome> SessionAsync(ClientWebSocket connected, CancellationToken cancellationToken)
    {
        socket?.Dispose();
        socket = connected;
        var session = ++generation;
        var joined = false;
        var quitting = false;
        // The room's fields as the server last sent them, which change frames update.
        JsonObject? held = null;
        if (awaiting is not null)
        {
            display.Info("your last command may not have reached the server; the room below shows what it has");
            awaiting = null;
        }
        display.Joining();
        _ = ReceiveAsync(connected, session);
        // Protocol 2: the whole view first, then change frames with only what changed.
        await SendAsync(new JsonObject { ["type"] = "hello", ["protocol"] = 2, ["room"] = target.Room }, cancellationToken);

        while (true)
        {
            var next = await events.Reader.ReadAsync(cancellationToken);
            switch (next)
            {
                case ClientEvent.Line line:
                    lines.Enqueue(line.Text);
                    break;
                case ClientEvent.InputEnded:
                    inputEnded = true;
                    break;
                case ClientEvent.Dropped dropped when dropped.Generation == session:
                    return quitting ? new(ExitCodes.Ok, joined, null) : new(null, joined, dropped.Reason);
                case ClientEvent.Received { Frame: var frame } received when received.Generation == session:
                    if (frame.Ref is not null && frame.Ref == awaiting)
                    {
                        awaiting = null;
                    }
                    var view = frame.Type switch
                    {
                        "state" => frame.Room,
                        "change" when held is not null && frame.Fields is { } changed => PokerServerFrame.Apply(held, changed),
                        _ => null,
                    };
                    if (frame.Type == "state")
                    {
                        held = frame.Fields;
                    }
                    if (view is not null)
                    {
                        if (!joined)
                        {
                            joined = true;
                            if (generation > 1)
                            {
                                display.Info("reconnected");
                            }
                        }
                        room = view;
                        display.State(view);
                    }
                    else if (frame.Type == "error")
                    {
                        var code = frame.Code ?? "error";
                        display.Error(code, frame.Message ?? "");
                        if (FatalCodes.Contains(code))
                        {
                            await Console.Error.WriteLineAsync($"error: {frame.Message}");
                            return new(FatalExitCode, joined, null);
                        }
                    }
                    break;
            }

            // Commands wait for the room (a vote needs the story and round) and for the answer to the one before.
            while (!quitting && joined && awaiting is null && lines.TryDequeue(out var text))
            {
                switch (PokerInput.Parse(text, room))
                {
                    case PokerInputCommand.Send send:
                        await SendAsync(send.Message, cancellationToken);
                        break;
                    case PokerInputCommand.Help:
                        display.Help();
                        break;
                    case PokerInputCommand.Invalid invalid:
                        display.Error("invalid_command", invalid.Message);
                        break;
                    case PokerInputCommand.Quit:
                        quitting = true;
                        break;
                }
            }
            if (!quitting && joined && awaiting is null && inputEnded && lines.Count == 0)
            {
                quitting = true;
            }
            if (quitting && awaiting is null)
            {
                // The server closes the connection after leave; the Dropped event ends the session.
                await SendAsync(new JsonObject { ["type"] = "leave" }, cancellationToken);
                awaiting = "leave";
                _ = Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None)
                    .ContinueWith(_ => events.Writer.TryWrite(new ClientEvent.Dropped(session, "leave timed out")), TaskScheduler.Default);
            }
        }
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var reference = $"c{++sent}";
        message["ref"] = reference;
        if (message["type"]?.GetValue<string>() != "leave")
        {
            awaiting = reference;
        }
        try
        {
            await socket!.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        }
        catch (WebSocketException)
        {
            // The receive loop reports the drop; reconnecting resends hello.
        }
    }

    private async Task ReceiveAsync(ClientWebSocket connection, int session)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await connection.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await AnswerCloseAsync(connection);
                        events.Writer.TryWrite(new ClientEvent.Dropped(session, $"the server closed the connection{(string.IsNullOrEmpty(result.CloseStatusDescription) ? "" : $": {result.CloseStatusDescription}")}"));
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                if (PokerServerFrame.Parse(message.ToArray()) is { } frame)
                {
                    events.Writer.TryWrite(new ClientEvent.Received(session, frame));
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            events.Writer.TryWrite(new ClientEvent.Dropped(session, e.Message));
        }
    }

    /// <summary>Completes the close the server began (after leave, at a restart), so neither side waits for the other.</summary>
    private static async Task AnswerCloseAsync(ClientWebSocket connection)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await connection.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    private async Task ReadInputAsync(CancellationToken cancellationToken)
    {
        await foreach (var line in commands.ReadAsync(cancellationToken))
        {
            events.Writer.TryWrite(new ClientEvent.Line(line));
        }
        events.Writer.TryWrite(new ClientEvent.InputEnded());
    }

    private abstract record ClientEvent
    {
        public sealed record Line(string Text) : ClientEvent;
        public sealed record InputEnded : ClientEvent;
        public sealed record Received(int Generation, PokerServerFrame Frame) : ClientEvent;
        public sealed record Dropped(int Generation, string Reason) : ClientEvent;
    }
}
