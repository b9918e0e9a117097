using System.ComponentModel.DataAnnotations;

namespace Fulcrum.Web.Features.Friction;

/// <summary>The friction log's settings, bound from <c>Fulcrum:Friction</c>.</summary>
public sealed class FrictionOptions
{
    /// <summary>After how many days an untriaged item appears on a leader's "Waiting for you".</summary>
    [Range(0, 365)]
    public int AgendaAfterDays { get; set; } = 7;
}
