using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 9: teams' own planning-poker decks.</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261122000009_TeamDecks")]
public sealed class M0009_TeamDecks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "TeamDecks",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                TeamId = table.Column<int>(nullable: false),
                DeckId = table.Column<string>(maxLength: 40, nullable: false),
                Name = table.Column<string>(maxLength: 40, nullable: false),
                Cards = table.Column<string>(maxLength: 1000, nullable: false),
                CreatedByPersonId = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TeamDecks", x => x.Id);
                table.ForeignKey("FK_TeamDecks_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_TeamDecks_TeamId_DeckId", "TeamDecks", ["TeamId", "DeckId"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("TeamDecks");
    }
}
