using System.Net;
using System.Net.Sockets;
using Fulcrum.Core;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>
/// Fetches a subscribed calendar (an ICS address as Google, Outlook and Apple publish them). The
/// server makes the request, so it refuses loopback, private and link-local addresses unless
/// <see cref="LeverageOptions.AllowPrivateAddresses"/> says otherwise; the check is made on the
/// address actually connected to, so a name that resolves differently the second time gains nothing.
/// </summary>
public sealed class CalendarFetcher : IDisposable
{
    private readonly HttpClient client;
    private readonly LeverageOptions settings;

    public CalendarFetcher(IOptions<LeverageOptions> options)
    {
        settings = options.Value;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            ConnectTimeout = settings.FetchTimeout,
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler) { Timeout = settings.FetchTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Fulcrum-calendar/1.0");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/calendar, */*;q=0.5");
    }

    /// <summary>The address to fetch: webcal:// is https://; only http and https are taken.</summary>
    public static Uri Address(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("webcal://", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = "https://" + trimmed["webcal://".Length..];
        }
        if (trimmed.Length > LeverageCalendar.MaxUrlLength
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            throw ProblemException.InvalidField("url", "Give the calendar's https (or webcal) address, as your calendar's sharing settings show it.", "Not a calendar address");
        }
        return uri;
    }

    public async Task<byte[]> FetchAsync(Uri address, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Refused($"{address.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            if (response.Content.Headers.ContentLength > settings.CalendarLimitBytes)
            {
                throw TooLarge();
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (copy.Length + read > settings.CalendarLimitBytes)
                {
                    throw TooLarge();
                }
                copy.Write(buffer, 0, read);
            }
            return copy.ToArray();
        }
        catch (HttpRequestException e)
        {
            throw Refused(e.InnerException is PrivateAddressException p ? p.Message : $"{address.Host} could not be reached ({e.Message}).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Refused($"{address.Host} did not answer within {settings.FetchTimeout.TotalSeconds:0} seconds.");
        }
    }

    private ProblemException TooLarge() => ProblemException.TooLarge("The calendar is too large", $"A calendar may be up to {settings.CalendarLimitMegabytes} MB.");

    private static ProblemException Refused(string message) => ProblemException.InvalidField("url", message, "The calendar could not be fetched");

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = settings.AllowPrivateAddresses ? addresses : addresses.Where(a => !IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new PrivateAddressException($"{context.DnsEndPoint.Host} is a private or local address; an admin can allow those with Fulcrum:Leverage:AllowPrivateAddresses.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Loopback, private (RFC 1918, unique local), link-local, carrier-grade NAT and unspecified addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
        }
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
    }

    private sealed class PrivateAddressException(string message) : IOException(message);

    public void Dispose() => client.Dispose();
}
