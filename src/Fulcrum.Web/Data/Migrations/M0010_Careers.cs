using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 10: career ladders, people's placements on them over time, kudos and
/// achievements.</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261122000010_Careers")]
public sealed class M0010_Careers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Ladders",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 64, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Source = table.Column<string>(maxLength: 20, nullable: false),
                Yaml = table.Column<string>(nullable: false),
                IsActive = table.Column<bool>(nullable: false),
                ImportedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Ladders", x => x.Id));

        migrationBuilder.CreateTable(
            name: "CareerPlacements",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                PersonId = table.Column<int>(nullable: false),
                LadderId = table.Column<string>(maxLength: 64, nullable: false),
                TrackId = table.Column<string>(maxLength: 64, nullable: false),
                Level = table.Column<int>(nullable: false),
                Since = table.Column<DateTime>(nullable: false),
                RecordedByPersonId = table.Column<int>(nullable: true),
                Note = table.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CareerPlacements", x => x.Id);
                table.ForeignKey("FK_CareerPlacements_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_CareerPlacements_PersonId_Since", "CareerPlacements", ["PersonId", "Since"]);

        migrationBuilder.CreateTable(
            name: "Kudos",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                FromPersonId = table.Column<int>(nullable: false),
                ToPersonId = table.Column<int>(nullable: false),
                TeamId = table.Column<int>(nullable: true),
                Message = table.Column<string>(maxLength: 2000, nullable: false),
                Link = table.Column<string>(maxLength: 500, nullable: true),
                WorkItem = table.Column<string>(maxLength: 200, nullable: true),
                Competencies = table.Column<string>(maxLength: 400, nullable: true),
                IsPrivate = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Kudos", x => x.Id);
                table.ForeignKey("FK_Kudos_People_FromPersonId", x => x.FromPersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Kudos_People_ToPersonId", x => x.ToPersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Kudos_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_Kudos_ToPersonId_CreatedAt", "Kudos", ["ToPersonId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Kudos_TeamId_CreatedAt", "Kudos", ["TeamId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Kudos_FromPersonId", "Kudos", "FromPersonId");

        migrationBuilder.CreateTable(
            name: "Achievements",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                PersonId = table.Column<int>(nullable: false),
                Title = table.Column<string>(maxLength: 300, nullable: false),
                Detail = table.Column<string>(maxLength: 2000, nullable: true),
                Link = table.Column<string>(maxLength: 500, nullable: true),
                Date = table.Column<DateTime>(nullable: false),
                Competencies = table.Column<string>(maxLength: 400, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Achievements", x => x.Id);
                table.ForeignKey("FK_Achievements_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_Achievements_PersonId_Date", "Achievements", ["PersonId", "Date"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Achievements");
        migrationBuilder.DropTable("Kudos");
        migrationBuilder.DropTable("CareerPlacements");
        migrationBuilder.DropTable("Ladders");
    }
}
