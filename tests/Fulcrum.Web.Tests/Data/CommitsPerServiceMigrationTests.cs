using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Web.Tests.Data;

/// <summary>
/// Commits used to be keyed by repository, so a service whose repository was cloned again at a new
/// path held every commit twice. The upgrade keys them by service and keeps one row per commit,
/// with its lead time, on both engines.
/// </summary>
public sealed class CommitsPerServiceMigrationTests
{
    private const string BeforeCommitsPerService = "20261122000011_Assessments";

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Upgrading_merges_commits_read_twice_through_two_clones_and_keeps_their_lead_times(DatabaseEngine engine)
    {
        var target = TestDatabases.New(engine);
        var at = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var shared = new string('a', 40);
        var onlyInClone = new string('b', 40);
        var otherService = new string('c', 40);
        await using (var db = SchemaDescription.Open(target))
        {
            await DatabaseSchema.MigrateAsync(db, NullLogger.Instance, BeforeCommitsPerService);
            // As the old version wrote it: payments read from /old and again from /clone; billing has the same sha of its own.
            await db.Database.ExecuteSqlInterpolatedAsync($"""INSERT INTO "Services" ("Name", "CreatedAt") VALUES ({"payments"}, {at}), ({"billing"}, {at})""");
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "Repositories" ("ServiceId", "Path", "Tips", "CommitCount") VALUES
                  (1, {"/old"}, {shared}, 1), (1, {"/clone"}, {onlyInClone}, 2), (2, {"/billing"}, {otherService}, 1)
                """);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "Commits" ("RepositoryId", "Sha", "Parents", "CommittedAt") VALUES
                  (2, {shared}, {""}, {at}), (2, {onlyInClone}, {shared}, {at.AddHours(1)}), (1, {shared}, {""}, {at}), (3, {shared}, {""}, {at})
                """);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "Deployments" ("ExternalId", "ServiceId", "Environment", "Sha", "FinishedAt", "Succeeded", "Source", "IsRollback", "ReceivedAt")
                VALUES ({"d1"}, 1, {"production"}, {onlyInClone}, {at.AddHours(3)}, {true}, {"import"}, {false}, {at})
                """);
            // The old attribution read repositories in id order, so the shared commit's lead time hangs on
            // the copy from /old (commit 3), the one the upgrade drops.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "ShippedChanges" ("CommitId", "ServiceId", "DeploymentId", "ShippedAt", "LeadTimeHours") VALUES
                  (3, 1, 1, {at.AddHours(3)}, {3.0}), (2, 1, 1, {at.AddHours(3)}, {2.0})
                """);
        }

        await using (var db = SchemaDescription.Open(target))
        {
            await DatabaseSchema.MigrateAsync(db, NullLogger.Instance);

            var commits = await db.Commits.OrderBy(c => c.Id).Select(c => new { c.Sha, c.RepositoryId }).ToListAsync();
            Assert.Equal([(shared, 2), (onlyInClone, 2), (shared, 3)], commits.Select(c => (c.Sha, c.RepositoryId)));
            var shipped = await (from change in db.ShippedChanges
                                 join commit in db.Commits on change.CommitId equals commit.Id
                                 orderby change.LeadTimeHours
                                 select new { commit.Sha, change.LeadTimeHours }).ToListAsync();
            Assert.Equal([(onlyInClone, 2.0), (shared, 3.0)], shipped.Select(s => (s.Sha, s.LeadTimeHours)));
            var counts = await db.Repositories.OrderBy(r => r.Id).Select(r => r.CommitCount).ToListAsync();
            Assert.Equal([0, 2, 1], counts);
        }
    }
}
