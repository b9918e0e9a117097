using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 11: assessment cycles with their raters and ratings, and growth plans
/// (goals, stretch assignments, learning sprints).</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261122000011_Assessments")]
public sealed class M0011_Assessments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AssessmentCycles",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                PersonId = table.Column<int>(nullable: false),
                LadderId = table.Column<string>(maxLength: 64, nullable: false),
                TrackId = table.Column<string>(maxLength: 64, nullable: false),
                Level = table.Column<int>(nullable: false),
                OpenedByPersonId = table.Column<int>(nullable: true),
                OpenedAt = table.Column<DateTime>(nullable: false),
                ClosesAt = table.Column<DateTime>(nullable: true),
                Status = table.Column<string>(maxLength: 10, nullable: false),
                ClosedAt = table.Column<DateTime>(nullable: true),
                ClosedByPersonId = table.Column<int>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AssessmentCycles", x => x.Id);
                table.ForeignKey("FK_AssessmentCycles_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_AssessmentCycles_PersonId_OpenedAt", "AssessmentCycles", ["PersonId", "OpenedAt"]);

        migrationBuilder.CreateTable(
            name: "AssessmentRaters",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                CycleId = table.Column<long>(nullable: false),
                PersonId = table.Column<int>(nullable: true),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Role = table.Column<string>(maxLength: 10, nullable: false),
                ChosenByPersonId = table.Column<int>(nullable: true),
                AddedAt = table.Column<DateTime>(nullable: false),
                SubmittedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AssessmentRaters", x => x.Id);
                table.ForeignKey("FK_AssessmentRaters_AssessmentCycles_CycleId", x => x.CycleId, "AssessmentCycles", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_AssessmentRaters_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_AssessmentRaters_CycleId_PersonId", "AssessmentRaters", ["CycleId", "PersonId"], unique: true);
        migrationBuilder.CreateIndex("IX_AssessmentRaters_PersonId", "AssessmentRaters", "PersonId");

        migrationBuilder.CreateTable(
            name: "AssessmentRatings",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                RaterId = table.Column<long>(nullable: false),
                CompetencyId = table.Column<string>(maxLength: 64, nullable: false),
                RatingId = table.Column<string>(maxLength: 64, nullable: true),
                Evidence = table.Column<string>(maxLength: 4000, nullable: true),
                Enjoyment = table.Column<int>(nullable: true),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AssessmentRatings", x => x.Id);
                table.ForeignKey("FK_AssessmentRatings_AssessmentRaters_RaterId", x => x.RaterId, "AssessmentRaters", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_AssessmentRatings_RaterId_CompetencyId", "AssessmentRatings", ["RaterId", "CompetencyId"], unique: true);

        migrationBuilder.CreateTable(
            name: "GrowthPlans",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                PersonId = table.Column<int>(nullable: false),
                Focus = table.Column<string>(maxLength: 2000, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_GrowthPlans", x => x.Id);
                table.ForeignKey("FK_GrowthPlans_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_GrowthPlans_PersonId", "GrowthPlans", "PersonId", unique: true);

        migrationBuilder.CreateTable(
            name: "GrowthItems",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                PlanId = table.Column<long>(nullable: false),
                Kind = table.Column<string>(maxLength: 10, nullable: false),
                GoalId = table.Column<long>(nullable: true),
                Title = table.Column<string>(maxLength: 300, nullable: false),
                Detail = table.Column<string>(maxLength: 2000, nullable: true),
                Competencies = table.Column<string>(maxLength: 400, nullable: true),
                Status = table.Column<string>(maxLength: 10, nullable: false),
                Progress = table.Column<int>(nullable: false),
                StartsOn = table.Column<DateTime>(nullable: true),
                EndsOn = table.Column<DateTime>(nullable: true),
                CheckIn = table.Column<string>(maxLength: 2000, nullable: true),
                Outcome = table.Column<string>(maxLength: 12, nullable: true),
                CheckedInAt = table.Column<DateTime>(nullable: true),
                CreatedByPersonId = table.Column<int>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_GrowthItems", x => x.Id);
                table.ForeignKey("FK_GrowthItems_GrowthPlans_PlanId", x => x.PlanId, "GrowthPlans", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_GrowthItems_GrowthItems_GoalId", x => x.GoalId, "GrowthItems", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_GrowthItems_PlanId_Kind", "GrowthItems", ["PlanId", "Kind"]);
        migrationBuilder.CreateIndex("IX_GrowthItems_GoalId", "GrowthItems", "GoalId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("GrowthItems");
        migrationBuilder.DropTable("GrowthPlans");
        migrationBuilder.DropTable("AssessmentRatings");
        migrationBuilder.DropTable("AssessmentRaters");
        migrationBuilder.DropTable("AssessmentCycles");
    }
}
