using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 19: improvement experiments (docs/experiments.md).</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261205000019_Experiments")]
public sealed class M0019_Experiments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Experiments",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                TeamId = table.Column<int>(nullable: false),
                Title = table.Column<string>(maxLength: 200, nullable: false),
                Hypothesis = table.Column<string>(maxLength: 2000, nullable: false),
                Change = table.Column<string>(maxLength: 2000, nullable: false),
                Metric = table.Column<string>(maxLength: 100, nullable: false),
                Expected = table.Column<string>(maxLength: 50, nullable: true),
                StartsOn = table.Column<DateTime>(nullable: false),
                EndsOn = table.Column<DateTime>(nullable: true),
                Status = table.Column<string>(maxLength: 20, nullable: false),
                Conclusion = table.Column<string>(maxLength: 2000, nullable: true),
                ConcludedBefore = table.Column<double>(nullable: true),
                ConcludedAfter = table.Column<double>(nullable: true),
                ConcludedPValue = table.Column<double>(nullable: true),
                ConcludedAt = table.Column<DateTime>(nullable: true),
                ConcludedByPersonId = table.Column<int>(nullable: true),
                AuthorPersonId = table.Column<int>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Experiments", x => x.Id);
                table.ForeignKey("FK_Experiments_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Experiments_People_AuthorPersonId", x => x.AuthorPersonId, "People", "Id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("FK_Experiments_People_ConcludedByPersonId", x => x.ConcludedByPersonId, "People", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_Experiments_TeamId_Status", "Experiments", ["TeamId", "Status"]);
        migrationBuilder.CreateIndex("IX_Experiments_AuthorPersonId", "Experiments", "AuthorPersonId");
        migrationBuilder.CreateIndex("IX_Experiments_ConcludedByPersonId", "Experiments", "ConcludedByPersonId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Experiments");
    }
}
