using Fulcrum.Web.Features.Estimation;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>Estimation's tables.</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<PokerRoomRecord> PokerRooms => Set<PokerRoomRecord>();
    public DbSet<EstimateRecord> EstimateRecords => Set<EstimateRecord>();
    public DbSet<TeamDeckRecord> TeamDecks => Set<TeamDeckRecord>();
    public DbSet<PokerNodeRecord> PokerNodes => Set<PokerNodeRecord>();
    public DbSet<PokerRoomOwnerRecord> PokerRoomOwners => Set<PokerRoomOwnerRecord>();
    public DbSet<PokerMailRecord> PokerMail => Set<PokerMailRecord>();
}
