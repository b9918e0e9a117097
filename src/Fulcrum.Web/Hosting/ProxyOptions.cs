using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Fulcrum.Web.Hosting;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> headers are believed,
/// from the configuration section <c>Fulcrum:Proxy</c> (environment:
/// <c>Fulcrum__Proxy__KnownProxies__0=10.0.0.5</c>); docs/operations.md lists them. With neither set,
/// only a proxy on the same machine (loopback, ASP.NET's default) is believed. Naming proxies or
/// networks replaces that default: only those are believed, so a header sent by anyone else changes
/// nothing (it could otherwise pose as https and receive the session cookie marked Secure in vain,
/// or hide the caller's address).
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Fulcrum:Proxy";

    /// <summary>Proxy addresses (<c>10.0.0.5</c>, <c>fd00::5</c>); an entry may list several, separated by commas.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation (<c>10.0.0.0/24</c>); an entry may list several, separated by commas.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in Entries(KnownProxies).Where(entry => !IPAddress.TryParse(entry, out _)))
        {
            yield return new ValidationResult($"'{entry}' in KnownProxies is not an IP address.", [nameof(KnownProxies)]);
        }
        foreach (var entry in Entries(KnownNetworks).Where(entry => !System.Net.IPNetwork.TryParse(entry, out _)))
        {
            yield return new ValidationResult($"'{entry}' in KnownNetworks is not a network in CIDR notation (e.g. 10.0.0.0/24).", [nameof(KnownNetworks)]);
        }
    }

    /// <summary>Believes the forwarded scheme and client address from the proxies named, or from loopback when none is.</summary>
    public void ApplyTo(ForwardedHeadersOptions forwarded)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        var proxies = Entries(KnownProxies).Select(IPAddress.Parse).ToList();
        var networks = Entries(KnownNetworks).Select(entry => System.Net.IPNetwork.Parse(entry)).ToList();
        if (proxies.Count == 0 && networks.Count == 0)
        {
            return;
        }
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        proxies.ForEach(forwarded.KnownProxies.Add);
        networks.ForEach(forwarded.KnownIPNetworks.Add);
    }

    private static IEnumerable<string> Entries(IEnumerable<string> values) =>
        values.SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
