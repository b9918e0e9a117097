using System.ComponentModel.DataAnnotations;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// Careers settings, from the configuration section <c>Fulcrum:Careers</c> (environment:
/// <c>Fulcrum__Careers__LadderImportLimitMegabytes=20</c>); docs/operations.md lists them.
/// </summary>
public sealed class CareersOptions
{
    public const string Section = "Fulcrum:Careers";

    /// <summary>The largest ladder import (all its files together), by the API, the Ladders page or the CLI through the server.</summary>
    [Range(1, 1024)]
    public int LadderImportLimitMegabytes { get; set; } = 10;

    public long LadderImportLimitBytes => LadderImportLimitMegabytes * 1024L * 1024L;
}
