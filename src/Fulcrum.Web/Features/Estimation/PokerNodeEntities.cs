using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>A node serving poker sockets on a PostgreSQL database, alive while it renews <see cref="AliveUntil"/> (ADR 0014).</summary>
public sealed class PokerNodeRecord
{
    public required string Id { get; set; }
    public DateTime AliveUntil { get; set; }
}

/// <summary>Which node applies a room's commands: the owner counts while its node is alive (ADR 0014).</summary>
public sealed class PokerRoomOwnerRecord
{
    public required string RoomId { get; set; }
    public required string NodeId { get; set; }
}

/// <summary>
/// Mail between nodes about rooms (ADR 0014), one row per receiving node and batch: sockets' hellos,
/// frames and closes on their way to rooms' owners, and frames built by owners on their way to the
/// sockets' node, in the order they were posted (<see cref="PokerMail.Pack"/>). Deleted as it is read.
/// </summary>
public sealed class PokerMailRecord
{
    public long Id { get; set; }
    /// <summary>The node the mail is for.</summary>
    public required string NodeId { get; set; }
    public required byte[] Payload { get; set; }
}

internal sealed class PokerNodeConfiguration
    : IEntityTypeConfiguration<PokerNodeRecord>, IEntityTypeConfiguration<PokerRoomOwnerRecord>, IEntityTypeConfiguration<PokerMailRecord>
{
    public void Configure(EntityTypeBuilder<PokerNodeRecord> node)
    {
        node.ToTable("PokerNodes");
        node.Property(n => n.Id).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<PokerRoomOwnerRecord> owner)
    {
        owner.ToTable("PokerRoomOwners");
        owner.HasKey(o => o.RoomId);
        owner.Property(o => o.RoomId).HasMaxLength(40);
        owner.Property(o => o.NodeId).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<PokerMailRecord> mail)
    {
        mail.ToTable("PokerMail");
        mail.Property(m => m.NodeId).HasMaxLength(200);
        mail.HasIndex(m => m.NodeId);
    }
}
