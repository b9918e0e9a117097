using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>
/// Schema version 14: a poker room's open round is saved on its own after a vote
/// (<c>PokerRooms.OpenRound</c>, the votes and who may vote), instead of the whole room's snapshot
/// being written again for every vote. Existing rooms have none: their snapshot holds everything.
/// </summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261204000014_PokerOpenRound")]
public sealed class M0014_PokerOpenRound : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("OpenRound", "PokerRooms", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn("OpenRound", "PokerRooms");
}
