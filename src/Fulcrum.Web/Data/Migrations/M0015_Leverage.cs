using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 15: the Leverage module's calendars (one per person) and six-month triage.</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261204000015_Leverage")]
public sealed class M0015_Leverage : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "LeverageCalendars",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                PersonId = table.Column<int>(nullable: false),
                FileName = table.Column<string>(maxLength: 200, nullable: false),
                SubscriptionUrl = table.Column<string>(maxLength: 2000, nullable: true),
                Content = table.Column<byte[]>(nullable: false),
                Events = table.Column<int>(nullable: false),
                Problems = table.Column<int>(nullable: false),
                Address = table.Column<string>(maxLength: 256, nullable: true),
                TimeZone = table.Column<string>(maxLength: 64, nullable: true),
                WorkStart = table.Column<string>(maxLength: 5, nullable: false),
                WorkEnd = table.Column<string>(maxLength: 5, nullable: false),
                WorkDays = table.Column<string>(maxLength: 27, nullable: true),
                ImportedAt = table.Column<DateTime>(nullable: false),
                FetchedAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_LeverageCalendars", x => x.Id);
                table.ForeignKey("FK_LeverageCalendars_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_LeverageCalendars_PersonId", "LeverageCalendars", "PersonId", unique: true);

        migrationBuilder.CreateTable(
            name: "LeverageTriage",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                PersonId = table.Column<int>(nullable: false),
                MeetingUid = table.Column<string>(maxLength: 500, nullable: false),
                Title = table.Column<string>(maxLength: 300, nullable: false),
                Choice = table.Column<string>(maxLength: 10, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_LeverageTriage", x => x.Id);
                table.ForeignKey("FK_LeverageTriage_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_LeverageTriage_PersonId_MeetingUid", "LeverageTriage", ["PersonId", "MeetingUid"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("LeverageTriage");
        migrationBuilder.DropTable("LeverageCalendars");
    }
}
