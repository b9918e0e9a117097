using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>
/// Schema version 13: a commit is stored once per service, not once per repository. The same
/// repository cloned again at a new path (or a fork, a mirror) used to store every commit a second
/// time, and coverage counted both. Rows read twice are merged into the one read first, keeping the
/// lead time whichever copy held it, and each repository's commit count is counted again.
/// Deployments also record how many of the commits they brought in were cut off as older than the
/// service's first production deployment (filled by the next attribution of the service).
/// </summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261204000013_CommitsPerService")]
public sealed class M0013_CommitsPerService : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("ServiceId", "Commits", nullable: false, defaultValue: 0);
        migrationBuilder.Sql("""
            UPDATE "Commits" SET "ServiceId" = (SELECT r."ServiceId" FROM "Repositories" r WHERE r."Id" = "Commits"."RepositoryId");
            """);
        // An index to find the copies by, before there may be a unique one.
        migrationBuilder.CreateIndex("IX_Commits_ServiceId_Sha_Copies", "Commits", ["ServiceId", "Sha"]);
        // Keep the copy with the lowest id. A lead time hangs on at most one copy (attribution reads
        // each sha once per service): move it to the kept copy, unless that one has its own.
        migrationBuilder.Sql("""
            UPDATE "ShippedChanges" SET "CommitId" = (
                SELECT MIN(k."Id") FROM "Commits" c JOIN "Commits" k ON k."ServiceId" = c."ServiceId" AND k."Sha" = c."Sha"
                WHERE c."Id" = "ShippedChanges"."CommitId")
            WHERE "CommitId" IN (
                SELECT c."Id" FROM "Commits" c JOIN "Commits" k ON k."ServiceId" = c."ServiceId" AND k."Sha" = c."Sha" AND k."Id" < c."Id")
              AND NOT EXISTS (
                SELECT 1 FROM "ShippedChanges" s JOIN "Commits" k ON k."Id" = s."CommitId" JOIN "Commits" c ON c."ServiceId" = k."ServiceId" AND c."Sha" = k."Sha"
                WHERE c."Id" = "ShippedChanges"."CommitId" AND k."Id" < c."Id");
            """);
        migrationBuilder.Sql("""
            DELETE FROM "ShippedChanges" WHERE "CommitId" IN (
                SELECT c."Id" FROM "Commits" c JOIN "Commits" k ON k."ServiceId" = c."ServiceId" AND k."Sha" = c."Sha" AND k."Id" < c."Id");
            """);
        migrationBuilder.Sql("""
            DELETE FROM "Commits" WHERE "Id" IN (
                SELECT c."Id" FROM "Commits" c JOIN "Commits" k ON k."ServiceId" = c."ServiceId" AND k."Sha" = c."Sha" AND k."Id" < c."Id");
            """);
        migrationBuilder.Sql("""
            UPDATE "Repositories" SET "CommitCount" = (SELECT COUNT(*) FROM "Commits" c WHERE c."RepositoryId" = "Repositories"."Id");
            """);
        migrationBuilder.DropIndex("IX_Commits_ServiceId_Sha_Copies", "Commits");
        migrationBuilder.DropIndex("IX_Commits_RepositoryId_Sha", "Commits");

        // The column keeps no default, and points at its service (on SQLite, one rebuild of the table).
        migrationBuilder.AlterColumn<int>("ServiceId", "Commits", nullable: false, oldDefaultValue: 0);
        migrationBuilder.AddForeignKey("FK_Commits_Services_ServiceId", "Commits", "ServiceId", "Services", principalColumn: "Id",
            onDelete: ReferentialAction.Restrict);
        migrationBuilder.CreateIndex("IX_Commits_ServiceId_Sha", "Commits", ["ServiceId", "Sha"], unique: true);

        migrationBuilder.AddColumn<int>("CutOffCommits", "Deployments", nullable: false, defaultValue: 0);
        migrationBuilder.AlterColumn<int>("CutOffCommits", "Deployments", nullable: false, oldDefaultValue: 0);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("CutOffCommits", "Deployments");
        migrationBuilder.DropIndex("IX_Commits_ServiceId_Sha", "Commits");
        migrationBuilder.DropForeignKey("FK_Commits_Services_ServiceId", "Commits");
        migrationBuilder.DropColumn("ServiceId", "Commits");
        migrationBuilder.CreateIndex("IX_Commits_RepositoryId_Sha", "Commits", ["RepositoryId", "Sha"], unique: true);
    }
}
