using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 17: code-review comments with their Conventional Comments label (review feedback, docs/feedback.md).</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261205000017_ReviewFeedback")]
public sealed class M0017_ReviewFeedback : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ReviewComments",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                ServiceId = table.Column<int>(nullable: false),
                ExternalId = table.Column<string>(maxLength: 200, nullable: false),
                PullRequest = table.Column<string>(maxLength: 200, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                Body = table.Column<string>(maxLength: 65536, nullable: false),
                PullRequestOpenedAt = table.Column<DateTime>(nullable: true),
                Label = table.Column<string>(maxLength: 20, nullable: false),
                Blocking = table.Column<string>(maxLength: 20, nullable: false),
                Explicit = table.Column<bool>(nullable: false),
                Confidence = table.Column<double>(nullable: false),
                Source = table.Column<string>(maxLength: 20, nullable: false),
                ReceivedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ReviewComments", x => x.Id);
                table.ForeignKey("FK_ReviewComments_Services_ServiceId", x => x.ServiceId, "Services", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ReviewComments_ServiceId_ExternalId", "ReviewComments", ["ServiceId", "ExternalId"], unique: true);
        migrationBuilder.CreateIndex("IX_ReviewComments_ServiceId_CreatedAt", "ReviewComments", ["ServiceId", "CreatedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ReviewComments");
    }
}
