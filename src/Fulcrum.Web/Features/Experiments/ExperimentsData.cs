using Fulcrum.Web.Features.Experiments;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>Experiments' table: improvement experiments and their conclusions.</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<Experiment> Experiments => Set<Experiment>();
}
