using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 20: how each person gets their weekly review (e-mail, a Slack webhook) and when it last went out (docs/review.md).</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261205000020_WeeklyReview")]
public sealed class M0020_WeeklyReview : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ReviewSubscriptions",
            columns: table => new
            {
                PersonId = table.Column<int>(nullable: false),
                Email = table.Column<bool>(nullable: false),
                SlackWebhook = table.Column<string>(maxLength: 500, nullable: true),
                LastSentUntil = table.Column<DateTime>(nullable: true),
                LastAttemptAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 1000, nullable: true),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ReviewSubscriptions", x => x.PersonId);
                table.ForeignKey("FK_ReviewSubscriptions_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("ReviewSubscriptions");
}
