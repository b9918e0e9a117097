using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 4: delivery. Repositories and commit metadata, deployments, incidents
/// with their attribution, and the shipped changes (commit → first deployment, lead time).</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261122000004_Delivery")]
public sealed class M0004_Delivery : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Repositories",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                ServiceId = table.Column<int>(nullable: false),
                Path = table.Column<string>(maxLength: 1000, nullable: false),
                Tips = table.Column<string>(nullable: false),
                CommitCount = table.Column<int>(nullable: false),
                LastIngestedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Repositories", x => x.Id);
                table.ForeignKey("FK_Repositories_Services_ServiceId", x => x.ServiceId, "Services", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_Repositories_ServiceId_Path", "Repositories", ["ServiceId", "Path"], unique: true);

        migrationBuilder.CreateTable(
            name: "Commits",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                RepositoryId = table.Column<int>(nullable: false),
                Sha = table.Column<string>(maxLength: 64, nullable: false),
                Parents = table.Column<string>(nullable: false),
                CommittedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Commits", x => x.Id);
                table.ForeignKey("FK_Commits_Repositories_RepositoryId", x => x.RepositoryId, "Repositories", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_Commits_RepositoryId_Sha", "Commits", ["RepositoryId", "Sha"], unique: true);

        migrationBuilder.CreateTable(
            name: "Deployments",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                ExternalId = table.Column<string>(maxLength: 200, nullable: false),
                ServiceId = table.Column<int>(nullable: false),
                Environment = table.Column<string>(maxLength: 100, nullable: false),
                Sha = table.Column<string>(maxLength: 64, nullable: true),
                StartedAt = table.Column<DateTime>(nullable: true),
                FinishedAt = table.Column<DateTime>(nullable: false),
                Succeeded = table.Column<bool>(nullable: false),
                Source = table.Column<string>(maxLength: 20, nullable: false),
                IsRollback = table.Column<bool>(nullable: false),
                ReceivedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Deployments", x => x.Id);
                table.ForeignKey("FK_Deployments_Services_ServiceId", x => x.ServiceId, "Services", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_Deployments_ServiceId_ExternalId", "Deployments", ["ServiceId", "ExternalId"], unique: true);
        migrationBuilder.CreateIndex("IX_Deployments_ServiceId_FinishedAt", "Deployments", ["ServiceId", "FinishedAt"]);

        migrationBuilder.CreateTable(
            name: "Incidents",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                ExternalId = table.Column<string>(maxLength: 200, nullable: false),
                ServiceId = table.Column<int>(nullable: false),
                StartedAt = table.Column<DateTime>(nullable: false),
                ResolvedAt = table.Column<DateTime>(nullable: true),
                Severity = table.Column<string>(maxLength: 50, nullable: true),
                Title = table.Column<string>(maxLength: 500, nullable: true),
                GivenDeploymentId = table.Column<string>(maxLength: 200, nullable: true),
                CausedBySha = table.Column<string>(maxLength: 64, nullable: true),
                DeploymentId = table.Column<long>(nullable: true),
                Link = table.Column<int>(nullable: false),
                Confidence = table.Column<double>(nullable: false),
                AttributionReason = table.Column<string>(maxLength: 500, nullable: true),
                ReviewedBy = table.Column<string>(maxLength: 256, nullable: true),
                ReviewedAt = table.Column<DateTime>(nullable: true),
                ReceivedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Incidents", x => x.Id);
                table.ForeignKey("FK_Incidents_Services_ServiceId", x => x.ServiceId, "Services", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Incidents_Deployments_DeploymentId", x => x.DeploymentId, "Deployments", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_Incidents_ServiceId_ExternalId", "Incidents", ["ServiceId", "ExternalId"], unique: true);
        migrationBuilder.CreateIndex("IX_Incidents_ServiceId_StartedAt", "Incidents", ["ServiceId", "StartedAt"]);
        migrationBuilder.CreateIndex("IX_Incidents_DeploymentId", "Incidents", "DeploymentId");

        migrationBuilder.CreateTable(
            name: "ShippedChanges",
            columns: table => new
            {
                CommitId = table.Column<long>(nullable: false),
                ServiceId = table.Column<int>(nullable: false),
                DeploymentId = table.Column<long>(nullable: false),
                ShippedAt = table.Column<DateTime>(nullable: false),
                LeadTimeHours = table.Column<double>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ShippedChanges", x => x.CommitId);
                table.ForeignKey("FK_ShippedChanges_Commits_CommitId", x => x.CommitId, "Commits", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_ShippedChanges_Deployments_DeploymentId", x => x.DeploymentId, "Deployments", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_ShippedChanges_Services_ServiceId", x => x.ServiceId, "Services", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ShippedChanges_ServiceId_ShippedAt", "ShippedChanges", ["ServiceId", "ShippedAt"]);
        migrationBuilder.CreateIndex("IX_ShippedChanges_DeploymentId", "ShippedChanges", "DeploymentId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "ShippedChanges", "Incidents", "Deployments", "Commits", "Repositories" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
