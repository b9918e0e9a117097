using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 5: work items and initiatives with estimates, committed dates and
/// the history of those dates (slips).</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261122000005_WorkItems")]
public sealed class M0005_WorkItems : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "WorkItems",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                ExternalId = table.Column<string>(maxLength: 200, nullable: false),
                Title = table.Column<string>(maxLength: 500, nullable: false),
                TeamId = table.Column<int>(nullable: true),
                Kind = table.Column<string>(maxLength: 50, nullable: false),
                Estimate = table.Column<double>(nullable: true),
                EstimateUnit = table.Column<string>(maxLength: 20, nullable: true),
                CommittedDate = table.Column<DateTime>(nullable: true),
                StartedAt = table.Column<DateTime>(nullable: true),
                DoneAt = table.Column<DateTime>(nullable: true),
                ReceivedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WorkItems", x => x.Id);
                table.ForeignKey("FK_WorkItems_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_WorkItems_ExternalId", "WorkItems", "ExternalId", unique: true);
        migrationBuilder.CreateIndex("IX_WorkItems_TeamId_DoneAt", "WorkItems", ["TeamId", "DoneAt"]);

        migrationBuilder.CreateTable(
            name: "WorkItemCommitments",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                WorkItemId = table.Column<long>(nullable: false),
                CommittedDate = table.Column<DateTime>(nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WorkItemCommitments", x => x.Id);
                table.ForeignKey("FK_WorkItemCommitments_WorkItems_WorkItemId", x => x.WorkItemId, "WorkItems", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_WorkItemCommitments_WorkItemId", "WorkItemCommitments", "WorkItemId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("WorkItemCommitments");
        migrationBuilder.DropTable("WorkItems");
    }
}
