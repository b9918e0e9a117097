using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Web.Tests.Data;

/// <summary>
/// Migrations are written by hand (ADR 0001), so nothing else checks that they build the schema the
/// model expects. These tests build one database with the migrations and one straight from the model
/// (EnsureCreated) and compare every table, column (with its default), index and foreign key.
/// </summary>
public sealed class SchemaMatchesModelTests
{
    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Migrated_schema_equals_the_schema_of_the_model(DatabaseEngine engine)
    {
        var migrated = TestDatabases.New(engine);
        var fromModel = TestDatabases.New(engine);
        await using (var db = Open(migrated))
        {
            await DatabaseSchema.MigrateAsync(db, NullLogger.Instance);
        }
        await using (var db = Open(fromModel))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await SchemaDescription.DescribeAsync(fromModel);
        var actual = await SchemaDescription.DescribeAsync(migrated);

        Assert.NotEmpty(expected);
        var onlyInModel = expected.Except(actual).ToList();
        var onlyInMigrations = actual.Except(expected).ToList();
        Assert.True(onlyInModel.Count == 0 && onlyInMigrations.Count == 0,
            $"Only in the model:\n  {string.Join("\n  ", onlyInModel)}\nOnly in the migrations:\n  {string.Join("\n  ", onlyInMigrations)}");
        Assert.Equal(expected, actual);
    }

    private static FulcrumDbContext Open(DatabaseTarget target) => SchemaDescription.Open(target);
}
