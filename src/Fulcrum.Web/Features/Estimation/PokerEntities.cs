using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>
/// A planning-poker room as stored: its identity and owner in columns, its whole state (stories,
/// rounds, votes, participants) as the engine's snapshot JSON, and the open round's votes when
/// only they changed since (<see cref="OpenRound"/>), so a room survives a restart exactly as it was.
/// </summary>
public sealed class PokerRoomRecord
{
    /// <summary>The id in the room's link, e.g. <c>q7m2-x9kd</c>.</summary>
    public required string Id { get; set; }
    public int TeamId { get; set; }
    public Team? Team { get; set; }
    public required string Name { get; set; }
    public required string DeckId { get; set; }
    public int CreatedByPersonId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Closed rooms are read-only and leave the room list.</summary>
    public DateTime? ClosedAt { get; set; }
    public required string Snapshot { get; set; }
    /// <summary>
    /// The open round's votes saved after <see cref="Snapshot"/> (a vote rewrites only this), or null;
    /// saving the whole room clears it. See <see cref="Fulcrum.Core.Estimation.OpenRoundSnapshot"/>.
    /// </summary>
    public string? OpenRound { get; set; }
}

/// <summary>
/// An estimate a room accepted, with how the room got there: every round's distribution of cards
/// (anonymous) as JSON. Tied to a work item when the story came from one.
/// </summary>
public sealed class EstimateRecord
{
    public long Id { get; set; }
    public required string RoomId { get; set; }
    public int StoryId { get; set; }
    public long? WorkItemId { get; set; }
    public required string Title { get; set; }
    public required string DeckId { get; set; }
    public required string Card { get; set; }
    public double? Value { get; set; }
    public int Rounds { get; set; }
    public DateTime AcceptedAt { get; set; }
    public required string History { get; set; }
}

/// <summary>
/// A team's own deck, as the text <see cref="Fulcrum.Core.Estimation.Deck.Parse"/> reads ("1, 2, 3,
/// ?", "S=1, M=3"). Rooms copy their deck into their snapshot, so removing a deck leaves the rooms
/// that used it as they were.
/// </summary>
public sealed class TeamDeckRecord
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    /// <summary>Unique within the team and never a built-in deck's id; calibration groups estimates by it.</summary>
    public required string DeckId { get; set; }
    public required string Name { get; set; }
    public required string Cards { get; set; }
    public int CreatedByPersonId { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class PokerConfiguration
    : IEntityTypeConfiguration<PokerRoomRecord>, IEntityTypeConfiguration<EstimateRecord>, IEntityTypeConfiguration<TeamDeckRecord>
{
    public void Configure(EntityTypeBuilder<TeamDeckRecord> deck)
    {
        deck.ToTable("TeamDecks");
        deck.Property(d => d.DeckId).HasMaxLength(40);
        deck.Property(d => d.Name).HasMaxLength(40);
        deck.Property(d => d.Cards).HasMaxLength(1000);
        deck.HasIndex(d => new { d.TeamId, d.DeckId }).IsUnique();
        deck.HasOne<Team>().WithMany().HasForeignKey(d => d.TeamId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PokerRoomRecord> room)
    {
        room.ToTable("PokerRooms");
        room.Property(r => r.Id).HasMaxLength(40);
        room.Property(r => r.Name).HasMaxLength(120);
        room.Property(r => r.DeckId).HasMaxLength(40);
        room.HasIndex(r => new { r.TeamId, r.ClosedAt });
        room.HasOne(r => r.Team).WithMany().HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<EstimateRecord> estimate)
    {
        estimate.ToTable("EstimateRecords");
        estimate.Property(e => e.RoomId).HasMaxLength(40);
        estimate.Property(e => e.Title).HasMaxLength(500);
        estimate.Property(e => e.DeckId).HasMaxLength(40);
        estimate.Property(e => e.Card).HasMaxLength(20);
        estimate.HasIndex(e => new { e.RoomId, e.StoryId });
        estimate.HasIndex(e => e.WorkItemId);
        estimate.HasOne<Delivery.WorkItem>().WithMany().HasForeignKey(e => e.WorkItemId).OnDelete(DeleteBehavior.SetNull);
    }
}
