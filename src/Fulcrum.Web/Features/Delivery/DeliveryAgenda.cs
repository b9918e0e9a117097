using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Home;
using Microsoft.EntityFrameworkCore;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Delivery;

/// <summary>Delivery's share of "Waiting for you": for leaders and admins, incidents with a suspected cause to confirm or reject.</summary>
public sealed class DeliveryAgenda(IncidentReview reviews, FulcrumDbContext db, TimeProvider clock) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaItem>> ForAsync(AgendaViewer viewer, CancellationToken cancellationToken)
    {
        if (!viewer.Leads)
        {
            return [];
        }
        var allServices = await db.Services.Select(s => s.Id).ToListAsync(cancellationToken);
        // The Delivery page's own default window, so the count here is the one its queue shows.
        var (from, through) = ReportWindow.OfDays(null, null, clock);
        var window = new MetricsWindow(from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), through.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var queue = await reviews.QueueAsync(allServices, window, cancellationToken);
        return queue.Count == 0
            ? []
            : [new("Delivery", $"{Count(queue.Count, "incident")} of the last {ReportWindow.DefaultDays} days {(queue.Count == 1 ? "has" : "have")} a suspected cause to confirm or reject.", "/delivery#review-heading")];
    }
}
