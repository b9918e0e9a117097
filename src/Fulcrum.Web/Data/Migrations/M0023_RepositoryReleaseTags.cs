using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fulcrum.Web.Data.Migrations;

/// <summary>Schema version 23: a repository keeps the release-tag glob it was read with, for the scheduled re-reads (docs/delivery.md).</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration("20261205000023_RepositoryReleaseTags")]
public sealed class M0023_RepositoryReleaseTags : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "ReleaseTags", table: "Repositories", maxLength: 200, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "ReleaseTags", table: "Repositories");
}
