using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Web.Hosting;

/// <summary>
/// Connections the server opens on a person's say-so (a subscribed calendar, a Slack webhook): to
/// public addresses only, unless an admin allows private ones. The check is made on the address
/// actually connected to, so a name that resolves differently the second time gains nothing.
/// </summary>
public static class OutboundAddresses
{
    /// <summary>A handler that connects only where <paramref name="allowPrivate"/> permits; <paramref name="setting"/> names the setting that allows private addresses, for the refusal.</summary>
    public static SocketsHttpHandler Handler(bool allowPrivate, string setting, TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        ConnectTimeout = connectTimeout,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context, allowPrivate, setting, cancellationToken),
    };

    /// <summary>The refusal's words when the failure was a private address, else null.</summary>
    public static string? RefusalOf(HttpRequestException e) => e.InnerException is PrivateAddressException p ? p.Message : null;

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, string setting, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = allowPrivate ? addresses : addresses.Where(a => !IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new PrivateAddressException($"{context.DnsEndPoint.Host} is a private or local address; an admin can allow those with {setting}.");
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
}
