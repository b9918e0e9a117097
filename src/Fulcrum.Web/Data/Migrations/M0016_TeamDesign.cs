using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 16: team design (people's skills, initiatives and their needs, build-or-hire
/// assumptions) and decision records with the metric series they may be measured by.</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261205000016_TeamDesign")]
public sealed class M0016_TeamDesign : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PersonSkills",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                PersonId = table.Column<int>(nullable: false),
                Skill = table.Column<string>(maxLength: 100, nullable: false),
                SkillKey = table.Column<string>(maxLength: 100, nullable: false),
                SelfLevel = table.Column<int>(nullable: true),
                ConfirmedLevel = table.Column<int>(nullable: true),
                ConfirmedByPersonId = table.Column<int>(nullable: true),
                ConfirmedAt = table.Column<DateTime>(nullable: true),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PersonSkills", x => x.Id);
                table.ForeignKey("FK_PersonSkills_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_PersonSkills_People_ConfirmedByPersonId", x => x.ConfirmedByPersonId, "People", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_PersonSkills_PersonId_SkillKey", "PersonSkills", ["PersonId", "SkillKey"], unique: true);
        migrationBuilder.CreateIndex("IX_PersonSkills_SkillKey", "PersonSkills", "SkillKey");
        migrationBuilder.CreateIndex("IX_PersonSkills_ConfirmedByPersonId", "PersonSkills", "ConfirmedByPersonId");

        migrationBuilder.CreateTable(
            name: "Initiatives",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                TeamId = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                StartsOn = table.Column<DateTime>(nullable: false),
                EndsOn = table.Column<DateTime>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Initiatives", x => x.Id);
                table.ForeignKey("FK_Initiatives_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_Initiatives_TeamId_Name", "Initiatives", ["TeamId", "Name"], unique: true);

        migrationBuilder.CreateTable(
            name: "InitiativeNeeds",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                InitiativeId = table.Column<int>(nullable: false),
                Skill = table.Column<string>(maxLength: 100, nullable: false),
                SkillKey = table.Column<string>(maxLength: 100, nullable: false),
                Level = table.Column<int>(nullable: false),
                People = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_InitiativeNeeds", x => x.Id);
                table.ForeignKey("FK_InitiativeNeeds_Initiatives_InitiativeId", x => x.InitiativeId, "Initiatives", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_InitiativeNeeds_InitiativeId_SkillKey", "InitiativeNeeds", ["InitiativeId", "SkillKey"], unique: true);

        migrationBuilder.CreateTable(
            name: "TeamBuildOrHire",
            columns: table => new
            {
                TeamId = table.Column<int>(nullable: false),
                WeeksPerLevelStep = table.Column<int>(nullable: false),
                LearningShare = table.Column<double>(nullable: false),
                WeeksToHire = table.Column<int>(nullable: false),
                RampUpWeeks = table.Column<int>(nullable: false),
                AnnualCost = table.Column<long>(nullable: false),
                RecruitingCost = table.Column<long>(nullable: false),
                WorkingWeeksPerYear = table.Column<int>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TeamBuildOrHire", x => x.TeamId);
                table.ForeignKey("FK_TeamBuildOrHire_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Decisions",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                Number = table.Column<int>(nullable: false),
                TeamId = table.Column<int>(nullable: true),
                Title = table.Column<string>(maxLength: 300, nullable: false),
                Status = table.Column<string>(maxLength: 100, nullable: true),
                DecidedOn = table.Column<DateTime>(nullable: true),
                Context = table.Column<string>(maxLength: 20000, nullable: false),
                Options = table.Column<string>(maxLength: 200000, nullable: false),
                ChosenOption = table.Column<string>(maxLength: 300, nullable: true),
                Decision = table.Column<string>(maxLength: 20000, nullable: false),
                Consequences = table.Column<string>(maxLength: 20000, nullable: true),
                LedBy = table.Column<string>(maxLength: 16000, nullable: false),
                FollowedBy = table.Column<string>(maxLength: 16000, nullable: false),
                Reversibility = table.Column<string>(maxLength: 10, nullable: true),
                Metric = table.Column<string>(maxLength: 100, nullable: true),
                Expected = table.Column<string>(maxLength: 50, nullable: true),
                ReviewOn = table.Column<DateTime>(nullable: true),
                Outcome = table.Column<string>(maxLength: 20000, nullable: true),
                MetricBefore = table.Column<double>(nullable: true),
                MetricAfter = table.Column<double>(nullable: true),
                ReviewedAt = table.Column<DateTime>(nullable: true),
                ReviewedByPersonId = table.Column<int>(nullable: true),
                OtherFrontMatter = table.Column<string>(maxLength: 100000, nullable: false),
                AuthorPersonId = table.Column<int>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Decisions", x => x.Id);
                table.ForeignKey("FK_Decisions_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("FK_Decisions_People_AuthorPersonId", x => x.AuthorPersonId, "People", "Id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("FK_Decisions_People_ReviewedByPersonId", x => x.ReviewedByPersonId, "People", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_Decisions_Number", "Decisions", "Number", unique: true);
        migrationBuilder.CreateIndex("IX_Decisions_ReviewOn", "Decisions", "ReviewOn");
        migrationBuilder.CreateIndex("IX_Decisions_TeamId", "Decisions", "TeamId");
        migrationBuilder.CreateIndex("IX_Decisions_AuthorPersonId", "Decisions", "AuthorPersonId");
        migrationBuilder.CreateIndex("IX_Decisions_ReviewedByPersonId", "Decisions", "ReviewedByPersonId");

        migrationBuilder.CreateTable(
            name: "MetricSeries",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Unit = table.Column<string>(maxLength: 30, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_MetricSeries", x => x.Id));
        migrationBuilder.CreateIndex("IX_MetricSeries_Name", "MetricSeries", "Name", unique: true);

        migrationBuilder.CreateTable(
            name: "MetricPoints",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                SeriesId = table.Column<int>(nullable: false),
                On = table.Column<DateTime>(nullable: false),
                Value = table.Column<double>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MetricPoints", x => x.Id);
                table.ForeignKey("FK_MetricPoints_MetricSeries_SeriesId", x => x.SeriesId, "MetricSeries", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_MetricPoints_SeriesId_On", "MetricPoints", ["SeriesId", "On"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("MetricPoints");
        migrationBuilder.DropTable("MetricSeries");
        migrationBuilder.DropTable("Decisions");
        migrationBuilder.DropTable("TeamBuildOrHire");
        migrationBuilder.DropTable("InitiativeNeeds");
        migrationBuilder.DropTable("Initiatives");
        migrationBuilder.DropTable("PersonSkills");
    }
}
