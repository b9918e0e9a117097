using Fulcrum.Web.Features.Leverage;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>Leverage's tables: each leader's calendar and their six-month triage.</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<LeverageCalendar> LeverageCalendars => Set<LeverageCalendar>();
    public DbSet<LeverageTriage> LeverageTriage => Set<LeverageTriage>();
}
