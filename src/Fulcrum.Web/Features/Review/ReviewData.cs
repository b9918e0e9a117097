using Fulcrum.Web.Features.Review;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>The weekly review's table: how each person gets it and when it last went out.</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<ReviewSubscription> ReviewSubscriptions => Set<ReviewSubscription>();
}
