using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 6: commits indexed by time within a repository, so "how many commits
/// were made in this window" is a range scan, not a pass over a million rows.</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261122000006_CommitTimeIndex")]
public sealed class M0006_CommitTimeIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_Commits_RepositoryId_CommittedAt", "Commits", ["RepositoryId", "CommittedAt"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_Commits_RepositoryId_CommittedAt", "Commits");
}
