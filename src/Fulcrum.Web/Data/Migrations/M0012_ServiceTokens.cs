using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 12: service tokens, API tokens that may only post delivery records for named
/// services (CI pipelines). Existing tokens stay personal (no scope).</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261204000012_ServiceTokens")]
public sealed class M0012_ServiceTokens : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Scope", table: "ApiTokens", maxLength: 20, nullable: true);

        migrationBuilder.CreateTable(
            name: "ApiTokenServices",
            columns: table => new
            {
                ApiTokenId = table.Column<int>(nullable: false),
                ServiceId = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ApiTokenServices", x => new { x.ApiTokenId, x.ServiceId });
                table.ForeignKey("FK_ApiTokenServices_ApiTokens_ApiTokenId", x => x.ApiTokenId, "ApiTokens", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_ApiTokenServices_Services_ServiceId", x => x.ServiceId, "Services", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ApiTokenServices_ServiceId", "ApiTokenServices", "ServiceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ApiTokenServices");
        migrationBuilder.DropColumn("Scope", "ApiTokens");
    }
}
