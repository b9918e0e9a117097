using System.ComponentModel.DataAnnotations;
using Fulcrum.Core.Delivery;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>
/// Delivery settings, from the configuration section <c>Fulcrum:Delivery</c> (environment:
/// <c>Fulcrum__Delivery__WebhookLimitMegabytes=20</c>); docs/operations.md lists them.
/// </summary>
public sealed class DeliveryOptions
{
    public const string Section = "Fulcrum:Delivery";

    /// <summary>The largest webhook body (deployments, incidents, pull requests) taken in one call; larger files go through `fulcrum delivery import`.</summary>
    [Range(1, 1024)]
    public int WebhookLimitMegabytes { get; set; } = 5;

    /// <summary>How long before an incident a deployment may have finished and still be suspected of causing it.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan AttributionWindow { get; set; } = IncidentAttribution.LookBack;

    public int WebhookLimitBytes => WebhookLimitMegabytes * 1024 * 1024;
}
