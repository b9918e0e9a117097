using System.ComponentModel.DataAnnotations;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>
/// Calendar limits and subscription fetching, from <c>Fulcrum:Leverage</c>
/// (environment: <c>Fulcrum__Leverage__RefreshInterval=01:00:00</c>); docs/operations.md lists them.
/// </summary>
public sealed class LeverageOptions
{
    public const string Section = "Fulcrum:Leverage";

    /// <summary>The largest calendar file taken, uploaded or fetched (a busy leader's year is about 2 MB).</summary>
    [Range(1, 200)]
    public int CalendarLimitMegabytes { get; set; } = 20;

    public long CalendarLimitBytes => CalendarLimitMegabytes * 1024L * 1024L;

    /// <summary>How often a subscribed calendar is fetched again.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long one fetch of a subscription may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a subscription may point at a loopback, private or link-local address. Off by default:
    /// the server fetches the address, so anyone who can subscribe could otherwise make it reach
    /// inside your network. Turn it on for a calendar server on your own network.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }
}
