using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 21: the background jobs' queue, claimed by the nodes that run jobs (ADR 0013).</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261205000021_Jobs")]
public sealed class M0021_Jobs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Jobs",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                Kind = table.Column<string>(maxLength: 100, nullable: false),
                Key = table.Column<string>(maxLength: 200, nullable: false),
                Payload = table.Column<string>(maxLength: 2000, nullable: true),
                State = table.Column<string>(maxLength: 20, nullable: false),
                Attempts = table.Column<int>(nullable: false),
                RunAfter = table.Column<DateTime>(nullable: false),
                LeaseUntil = table.Column<DateTime>(nullable: true),
                Node = table.Column<string>(maxLength: 200, nullable: true),
                LastError = table.Column<string>(maxLength: 2000, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                StartedAt = table.Column<DateTime>(nullable: true),
                FinishedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Jobs", x => x.Id));
        migrationBuilder.CreateIndex("IX_Jobs_Key", "Jobs", "Key", unique: true);
        migrationBuilder.CreateIndex("IX_Jobs_State_RunAfter", "Jobs", ["State", "RunAfter"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Jobs");
}
