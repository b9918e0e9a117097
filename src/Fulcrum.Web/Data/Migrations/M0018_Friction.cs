using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 18: the friction log (docs/friction.md): items a team adds and leaders triage, and who says "me too".</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261205000018_Friction")]
public sealed class M0018_Friction : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "FrictionItems",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                TeamId = table.Column<int>(nullable: false),
                Title = table.Column<string>(maxLength: 200, nullable: false),
                Detail = table.Column<string>(maxLength: 4000, nullable: false),
                Where = table.Column<string>(maxLength: 200, nullable: true),
                HoursPerWeek = table.Column<double>(nullable: true),
                Status = table.Column<string>(maxLength: 20, nullable: false),
                AuthorPersonId = table.Column<int>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                TriageNote = table.Column<string>(maxLength: 2000, nullable: true),
                TriagedAt = table.Column<DateTime>(nullable: true),
                TriagedByPersonId = table.Column<int>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_FrictionItems", x => x.Id);
                table.ForeignKey("FK_FrictionItems_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_FrictionItems_People_AuthorPersonId", x => x.AuthorPersonId, "People", "Id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("FK_FrictionItems_People_TriagedByPersonId", x => x.TriagedByPersonId, "People", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_FrictionItems_TeamId_Status_CreatedAt", "FrictionItems", ["TeamId", "Status", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_FrictionItems_AuthorPersonId", "FrictionItems", "AuthorPersonId");
        migrationBuilder.CreateIndex("IX_FrictionItems_TriagedByPersonId", "FrictionItems", "TriagedByPersonId");

        migrationBuilder.CreateTable(
            name: "FrictionMeToos",
            columns: table => new
            {
                ItemId = table.Column<int>(nullable: false),
                PersonId = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_FrictionMeToos", x => new { x.ItemId, x.PersonId });
                table.ForeignKey("FK_FrictionMeToos_FrictionItems_ItemId", x => x.ItemId, "FrictionItems", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_FrictionMeToos_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_FrictionMeToos_PersonId", "FrictionMeToos", "PersonId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("FrictionMeToos");
        migrationBuilder.DropTable("FrictionItems");
    }
}
