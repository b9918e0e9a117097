using System.ComponentModel.DataAnnotations;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>
/// Organisation settings, from the configuration section <c>Fulcrum:Organisation</c> (environment:
/// <c>Fulcrum__Organisation__ImportLimitMegabytes=20</c>); docs/operations.md lists them.
/// </summary>
public sealed class OrganisationOptions
{
    public const string Section = "Fulcrum:Organisation";

    /// <summary>The largest teams or people CSV taken in one import, by the API or the Import page.</summary>
    [Range(1, 1024)]
    public int ImportLimitMegabytes { get; set; } = 10;

    public long ImportLimitBytes => ImportLimitMegabytes * 1024L * 1024L;

    public string TooLargeMessage => $"An import file may be up to {ImportLimitMegabytes} MB; split it and import the parts.";
}
