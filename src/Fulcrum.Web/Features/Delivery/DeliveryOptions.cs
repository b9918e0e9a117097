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

    /// <summary>
    /// Whether nodes that run jobs read every registered repository again on a schedule (ADR 0013),
    /// so a clone kept up to date by something else (a cron'd <c>git fetch</c>, a mirror) needs no
    /// <c>fulcrum delivery ingest</c> of its own.
    /// </summary>
    public bool RereadRepositories { get; set; } = true;

    /// <summary>How often every registered repository is read again (incrementally: an unchanged one costs one <c>git for-each-ref</c>).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RereadInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often every service's attribution is rebuilt from what is stored (imports and webhooks
    /// rebuild it as they write; this catches a new <see cref="AttributionWindow"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan AttributionRebuildInterval { get; set; } = TimeSpan.FromDays(1);

    public int WebhookLimitBytes => WebhookLimitMegabytes * 1024 * 1024;
}
