using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 8: planning-poker rooms (state as the engine's snapshot) and the
/// estimates they accepted, with their round history.</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261122000008_Poker")]
public sealed class M0008_Poker : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PokerRooms",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 40, nullable: false),
                TeamId = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 120, nullable: false),
                DeckId = table.Column<string>(maxLength: 40, nullable: false),
                CreatedByPersonId = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                ClosedAt = table.Column<DateTime>(nullable: true),
                Snapshot = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PokerRooms", x => x.Id);
                table.ForeignKey("FK_PokerRooms_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_PokerRooms_TeamId_ClosedAt", "PokerRooms", ["TeamId", "ClosedAt"]);

        migrationBuilder.CreateTable(
            name: "EstimateRecords",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                RoomId = table.Column<string>(maxLength: 40, nullable: false),
                StoryId = table.Column<int>(nullable: false),
                WorkItemId = table.Column<long>(nullable: true),
                Title = table.Column<string>(maxLength: 500, nullable: false),
                DeckId = table.Column<string>(maxLength: 40, nullable: false),
                Card = table.Column<string>(maxLength: 20, nullable: false),
                Value = table.Column<double>(nullable: true),
                Rounds = table.Column<int>(nullable: false),
                AcceptedAt = table.Column<DateTime>(nullable: false),
                History = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_EstimateRecords", x => x.Id);
                table.ForeignKey("FK_EstimateRecords_WorkItems_WorkItemId", x => x.WorkItemId, "WorkItems", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_EstimateRecords_RoomId_StoryId", "EstimateRecords", ["RoomId", "StoryId"]);
        migrationBuilder.CreateIndex("IX_EstimateRecords_WorkItemId", "EstimateRecords", "WorkItemId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("EstimateRecords");
        migrationBuilder.DropTable("PokerRooms");
    }
}
