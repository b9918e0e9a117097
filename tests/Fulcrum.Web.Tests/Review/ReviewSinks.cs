using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Fulcrum.Web.Tests.Review;

/// <summary>An e-mail as the SMTP sink received it: the envelope, the subject, and each text part decoded.</summary>
public sealed record SinkMail(string From, IReadOnlyList<string> To, string Subject, string Text, string Html, string Raw);

/// <summary>
/// A local SMTP server that accepts every message and keeps it: enough of RFC 5321 for .NET's
/// SmtpClient (EHLO, MAIL, RCPT, DATA, QUIT), and enough MIME to read back a message's subject and its
/// plain-text and HTML parts.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public ConcurrentQueue<SinkMail> Received { get; } = new();

    public int Port { get; }

    public SmtpSink()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 sink ESMTP");
        string from = "";
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-sink");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 sink");
                    break;
                case "MAIL":
                    from = Address(line);
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    to.Add(Address(line));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }
                    Received.Enqueue(Parse(from, [.. to], data.ToString()));
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    private static string Address(string line) => Regex.Match(line, "<([^>]*)>").Groups[1].Value;

    private static SinkMail Parse(string from, IReadOnlyList<string> to, string raw)
    {
        var folded = Regex.Match(raw, @"^Subject: ([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)", RegexOptions.Multiline).Groups[1].Value.Replace("\r\n", "");
        // Encoded words (RFC 2047) may split one character between them: join their bytes, then decode.
        var words = Regex.Matches(folded, @"=\?utf-8\?([BQ])\?([^?]*)\?=", RegexOptions.IgnoreCase);
        var subject = words.Count == 0 ? folded : Encoding.UTF8.GetString([.. words.SelectMany(w => w.Groups[1].Value.ToUpperInvariant() == "B"
            ? Convert.FromBase64String(w.Groups[2].Value)
            : Encoding.UTF8.GetBytes(QuotedPrintable(w.Groups[2].Value.Replace('_', ' '))))]);
        string Part(string type)
        {
            var match = Regex.Match(raw, $@"Content-Type: {Regex.Escape(type)}[^\r\n]*(?:\r\n[^\r\n]+)*\r\n\r\n(.*?)\r\n--", RegexOptions.Singleline | RegexOptions.IgnoreCase);
            if (!match.Success)
            {
                return "";
            }
            var headers = match.Value[..match.Value.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
            var body = match.Groups[1].Value;
            return headers.Contains("base64", StringComparison.OrdinalIgnoreCase)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "")))
                : headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase) ? QuotedPrintable(body) : body;
        }
        return new SinkMail(from, to, subject, Part("text/plain"), Part("text/html"), raw);
    }

    private static string QuotedPrintable(string text)
    {
        var joined = text.Replace("=\r\n", "");
        var bytes = new List<byte>();
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (ObjectDisposedException)
        {
        }
        stop.Dispose();
    }
}

/// <summary>A local receiver for Slack-compatible incoming webhooks: keeps every body posted to it and answers "ok", or a chosen failure.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;

    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>The status to answer with; 200 unless a test wants a refusal.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    public string Url { get; }

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/services/T000/B000/secret";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = ServeAsync();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            Received.Enqueue(await reader.ReadToEndAsync());
            context.Response.StatusCode = (int)Answer;
            var body = Encoding.UTF8.GetBytes(Answer == HttpStatusCode.OK ? "ok" : "invalid_token");
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
    }
}
