using Fulcrum.Web.Features.Feedback;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>Review feedback's table: classified code-review comments.</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<ReviewComment> ReviewComments => Set<ReviewComment>();
}
