using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 7: pull-request timelines (no people), for the lead-time breakdown.
/// Indexed by merge time per service, since the report asks "merged in this window".</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261122000007_PullRequests")]
public sealed class M0007_PullRequests : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PullRequests",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                ExternalId = table.Column<string>(maxLength: 200, nullable: false),
                ServiceId = table.Column<int>(nullable: false),
                FirstCommitAt = table.Column<DateTime>(nullable: true),
                OpenedAt = table.Column<DateTime>(nullable: false),
                FirstReviewAt = table.Column<DateTime>(nullable: true),
                MergedAt = table.Column<DateTime>(nullable: true),
                MergeSha = table.Column<string>(maxLength: 64, nullable: true),
                Source = table.Column<string>(maxLength: 20, nullable: false),
                ReceivedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PullRequests", x => x.Id);
                table.ForeignKey("FK_PullRequests_Services_ServiceId", x => x.ServiceId, "Services", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_PullRequests_ServiceId_ExternalId", "PullRequests", ["ServiceId", "ExternalId"], unique: true);
        migrationBuilder.CreateIndex("IX_PullRequests_ServiceId_MergedAt", "PullRequests", ["ServiceId", "MergedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropTable("PullRequests");
}
