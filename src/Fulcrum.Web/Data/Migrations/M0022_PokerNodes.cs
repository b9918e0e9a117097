using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>
/// Schema version 22: poker rooms across nodes (ADR 0014): the nodes alive, each room's owner, and
/// the mail between nodes. Used on PostgreSQL; SQLite serves one node and keeps the tables empty.
/// </summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261205000022_PokerNodes")]
public sealed class M0022_PokerNodes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PokerNodes",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 200, nullable: false),
                AliveUntil = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_PokerNodes", x => x.Id));
        migrationBuilder.CreateTable(
            name: "PokerRoomOwners",
            columns: table => new
            {
                RoomId = table.Column<string>(maxLength: 40, nullable: false),
                NodeId = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_PokerRoomOwners", x => x.RoomId));
        migrationBuilder.CreateTable(
            name: "PokerMail",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                NodeId = table.Column<string>(maxLength: 200, nullable: false),
                Payload = table.Column<byte[]>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_PokerMail", x => x.Id));
        if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // Mail lives for milliseconds: not worth compressing when it is written.
            migrationBuilder.Sql("""ALTER TABLE "PokerMail" ALTER COLUMN "Payload" SET STORAGE EXTERNAL""");
        }
        migrationBuilder.CreateIndex("IX_PokerMail_NodeId", "PokerMail", "NodeId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("PokerMail");
        migrationBuilder.DropTable("PokerRoomOwners");
        migrationBuilder.DropTable("PokerNodes");
    }
}
