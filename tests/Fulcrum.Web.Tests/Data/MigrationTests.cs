using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Web.Tests.Data;

public sealed class MigrationTests
{
    private const string FirstMigration = "20261121000001_Initial";

    private static FulcrumDbContext Open(DatabaseTarget target)
    {
        var options = new DbContextOptionsBuilder<FulcrumDbContext>();
        target.Configure(options);
        return new FulcrumDbContext(options.Options);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Upgrade_from_the_first_schema_version_keeps_the_data(DatabaseEngine engine)
    {
        var target = TestDatabases.New(engine);
        await using (var db = Open(target))
        {
            var status = await DatabaseSchema.MigrateAsync(db, NullLogger.Instance, FirstMigration);
            Assert.Equal(FirstMigration, status.Current);
            Assert.NotEmpty(status.Pending);

            // Data written by version 1, through SQL only version 1's tables know.
            var created = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""INSERT INTO "Teams" ("Name", "Description", "CreatedAt") VALUES ({"Payments"}, {"Money"}, {created})""");
            var teamId = await db.Teams.Select(t => t.Id).SingleAsync();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""INSERT INTO "People" ("Name", "Email", "TeamId", "Track", "Level", "CreatedAt") VALUES ({"Ada Lovelace"}, {"ada@example.com"}, {teamId}, {"ic"}, {5}, {created})""");
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""INSERT INTO "AspNetUsers" ("Id", "DisplayName", "CreatedAt", "Email", "NormalizedEmail", "UserName", "NormalizedUserName", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount") VALUES ({"u1"}, {"Ada"}, {created}, {"ada@example.com"}, {"ADA@EXAMPLE.COM"}, {"ada@example.com"}, {"ADA@EXAMPLE.COM"}, {true}, {false}, {false}, {true}, {0})""");
        }

        await using (var db = Open(target))
        {
            var status = await DatabaseSchema.MigrateAsync(db, NullLogger.Instance);
            Assert.Empty(status.Pending);
            Assert.Equal(db.Database.GetMigrations().Last(), status.Current);

            var person = await db.People.Include(p => p.Team).SingleAsync();
            Assert.Equal("Ada Lovelace", person.Name);
            Assert.Equal("Payments", person.Team!.Name);
            Assert.Equal(5, person.Level);
            Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), person.CreatedAt);
            Assert.Equal(DateTimeKind.Utc, person.CreatedAt.Kind);

            // The table the upgrade added works with the old rows.
            var token = await new ApiTokenService(db, TimeProvider.System).CreateAsync("u1", "after upgrade", 30);
            Assert.Equal("after upgrade", (await db.ApiTokens.SingleAsync()).Name);
            Assert.StartsWith("fulcrum_", token.Token);
        }
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_database_written_by_a_newer_version_is_refused_and_left_alone(DatabaseEngine engine)
    {
        var target = TestDatabases.New(engine);
        await using var db = Open(target);
        await DatabaseSchema.MigrateAsync(db, NullLogger.Instance);
        db.Teams.Add(new Team { Name = "Platform", CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('20991231000000_FromTheFuture', '99.0.0')""");

        var error = await Assert.ThrowsAsync<SchemaTooNewException>(() => DatabaseSchema.MigrateAsync(db, NullLogger.Instance));

        Assert.Contains("newer version of Fulcrum", error.Message);
        Assert.Contains("20991231000000_FromTheFuture", error.Message);
        Assert.Equal("Platform", await db.Teams.Select(t => t.Name).SingleAsync());
    }

    [Fact]
    public void The_migrations_the_cli_checks_for_without_EF_Core_are_the_ones_EF_Core_applies()
    {
        using var db = Open(TestDatabases.NewSqlite());
        Assert.Equal(db.Database.GetMigrations(), DatabaseSchema.KnownMigrations);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task The_cheap_check_says_current_only_for_a_database_with_exactly_this_builds_migrations(DatabaseEngine engine)
    {
        var target = TestDatabases.New(engine);
        await using var db = Open(target);
        Assert.False(await DatabaseSchema.IsCurrentAsync(target, NullLogger.Instance)); // empty
        await DatabaseSchema.MigrateAsync(db, NullLogger.Instance, DatabaseSchema.KnownMigrations[^2]);
        Assert.False(await DatabaseSchema.IsCurrentAsync(target, NullLogger.Instance)); // one behind
        await DatabaseSchema.MigrateAsync(db, NullLogger.Instance);
        Assert.True(await DatabaseSchema.IsCurrentAsync(target, NullLogger.Instance));
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('20991231000000_FromTheFuture', '99.0.0')""");
        Assert.False(await DatabaseSchema.IsCurrentAsync(target, NullLogger.Instance)); // newer: the full way refuses it
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Migrating_twice_changes_nothing(DatabaseEngine engine)
    {
        await using var db = Open(TestDatabases.New(engine));
        var first = await DatabaseSchema.MigrateAsync(db, NullLogger.Instance);
        var second = await DatabaseSchema.MigrateAsync(db, NullLogger.Instance);
        Assert.Equal(first.Applied, second.Applied);
    }
}
