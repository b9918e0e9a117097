using System.Data.Common;
using System.Reflection;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Fulcrum.Web.Tests.Data;

/// <summary>
/// A migration that changes a column, drops one and adds a foreign key on tables holding rows: PostgreSQL
/// does it in place, SQLite by rebuilding the tables (ADR 0001). Both must end with the same rows, and the
/// same schema as tables created in their final shape, with the foreign keys enforced.
/// </summary>
public sealed class TableRebuildTests
{
    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Altering_and_dropping_columns_and_adding_a_foreign_key_keeps_the_rows_indexes_and_foreign_keys(DatabaseEngine engine)
    {
        var target = await LibrariesWithBooksAsync(engine);

        await using var db = Open(target);
        var status = await DatabaseSchema.MigrateAsync(db, NullLogger.Instance);

        Assert.Equal(ReshapeLibraries.Id, status.Current);
        Assert.Equal(
            [new LibraryRow(1, "Central", "Leeds", true), new LibraryRow(2, "Branch", "Unknown", true)],
            await LibrariesAsync(db));
        Assert.Equal(
            [new BookRow(1, 1, "Dune", 2, null), new BookRow(2, 1, "Dune Messiah", null, 1), new BookRow(3, 2, "Emma", null, null)],
            await BooksAsync(db));
        Assert.Equal(await FinalShapeAsync(engine), await SchemaDescription.DescribeAsync(target));
        Assert.Equal(["Branch", "Central"], await db.Database.SqlQueryRaw<string>("""SELECT "Name" AS "Value" FROM "LibraryNames" ORDER BY "Name" """).ToListAsync());

        // The new foreign key is enforced, and it and the one into the rebuilt table still act on delete.
        await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "Books" ("LibraryId", "Title", "LentToLibraryId") VALUES (1, 'Lost', 99)"""));
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "Libraries" WHERE "Name" = 'Branch'""");
        Assert.Equal(
            [new BookRow(1, 1, "Dune", null, null), new BookRow(2, 1, "Dune Messiah", null, 1)],
            await BooksAsync(db));

        // The deleted library's number is not handed out again.
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Libraries" ("Name") VALUES ('Annexe')""");
        Assert.Equal(4, (await LibrariesAsync(db)).Single(l => l.Name == "Annexe").Id);
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_migration_that_would_leave_a_row_pointing_at_nothing_changes_nothing(DatabaseEngine engine)
    {
        var target = await LibrariesWithBooksAsync(engine);
        await using var db = Open(target);
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Books" ("LibraryId", "Title", "LentToLibraryId") VALUES (1, 'Lost', 99)""");
        var before = await SchemaDescription.DescribeAsync(target);
        var books = await db.Database.SqlQueryRaw<string>("""SELECT "Title" AS "Value" FROM "Books" ORDER BY "Id" """).ToListAsync();

        // PostgreSQL refuses the foreign key; on SQLite the check that ends a rebuilding migration does.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DatabaseSchema.MigrateAsync(db, NullLogger.Instance));

        Assert.Contains("LentToLibraryId", error.Message);
        Assert.Equal(LibraryTables.Id, (await DatabaseSchema.GetStatusAsync(db)).Current);
        Assert.Equal(before, await SchemaDescription.DescribeAsync(target));
        Assert.Equal(books, await db.Database.SqlQueryRaw<string>("""SELECT "Title" AS "Value" FROM "Books" ORDER BY "Id" """).ToListAsync());
        // Enforcement, off while the migration ran on SQLite, is back on.
        await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "Books" ("LibraryId", "Title") VALUES (99, 'Nowhere')"""));
    }

    [Fact]
    public async Task EF_migrating_by_itself_refuses_a_rebuild_while_SQLite_enforces_foreign_keys()
    {
        // Dropping the old Libraries table with enforcement on would delete every book by cascade.
        var target = await LibrariesWithBooksAsync(DatabaseEngine.Sqlite);
        await using var db = Open(target);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.MigrateAsync());

        Assert.Contains("foreign-key enforcement off", error.Message);
        Assert.Equal(3, (await BooksAsync(db)).Count);
        Assert.Equal(LibraryTables.Id, (await DatabaseSchema.GetStatusAsync(db)).Current);
    }

    /// <summary>A database at <see cref="LibraryTables"/>: three libraries, the last deleted, and three books.</summary>
    private static async Task<DatabaseTarget> LibrariesWithBooksAsync(DatabaseEngine engine)
    {
        var target = TestDatabases.New(engine);
        await using var db = Open(target);
        await DatabaseSchema.MigrateAsync(db, NullLogger.Instance, LibraryTables.Id);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Libraries" ("Name", "City", "Motto") VALUES ('Central', 'Leeds', 'Read more'), ('Branch', NULL, NULL), ('Closed', 'York', NULL);
            DELETE FROM "Libraries" WHERE "Name" = 'Closed';
            INSERT INTO "Books" ("LibraryId", "Title", "LentToLibraryId") VALUES (1, 'Dune', 2);
            INSERT INTO "Books" ("LibraryId", "Title", "SequelOfId") VALUES (1, 'Dune Messiah', 1);
            INSERT INTO "Books" ("LibraryId", "Title") VALUES (2, 'Emma');
            """);
        return target;
    }

    /// <summary>The schema of a database whose tables were created in the shape the reshape leaves them in.
    /// The operations go through the context's own SQL generator and command executor, as a migration's do.</summary>
    private static async Task<List<string>> FinalShapeAsync(DatabaseEngine engine)
    {
        var target = TestDatabases.New(engine);
        await using (var db = SchemaDescription.Open(target))
        {
            await DatabaseSchema.MigrateAsync(db, NullLogger.Instance);
            var builder = new MigrationBuilder(db.Database.ProviderName);
            LibraryTables.CreateInFinalShape(builder);
            var commands = db.GetService<IMigrationsSqlGenerator>().Generate(builder.Operations);
            await db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>());
        }
        return await SchemaDescription.DescribeAsync(target);
    }

    private static Task<List<LibraryRow>> LibrariesAsync(FulcrumDbContext db) =>
        db.Database.SqlQueryRaw<LibraryRow>("""SELECT "Id", "Name", "City", "IsOpen" FROM "Libraries" ORDER BY "Id" """).ToListAsync();

    private static Task<List<BookRow>> BooksAsync(FulcrumDbContext db) =>
        db.Database.SqlQueryRaw<BookRow>("""SELECT "Id", "LibraryId", "Title", "LentToLibraryId", "SequelOfId" FROM "Books" ORDER BY "Id" """).ToListAsync();

    private static FulcrumDbContext Open(DatabaseTarget target)
    {
        var options = new DbContextOptionsBuilder<FulcrumDbContext>();
        target.Configure(options);
        options.ReplaceService<IMigrationsAssembly, AppAndTestMigrations>();
        return new FulcrumDbContext(options.Options);
    }

    public sealed record LibraryRow(long Id, string Name, string City, bool IsOpen);

    public sealed record BookRow(long Id, long LibraryId, string Title, long? LentToLibraryId, long? SequelOfId);
}

/// <summary>
/// The app's migrations followed by the test assembly's. EF looks for migrations only in the DbContext's
/// assembly, and a migration that exists to be tested must not ship to users; replacing this one service
/// lets tests run theirs through the real upgrade path — DatabaseSchema.MigrateAsync, EF's migrator with its
/// transactions and history, the context's SQL generator — instead of a copy of it.
/// </summary>
public sealed class AppAndTestMigrations : IMigrationsAssembly
{
    public IReadOnlyDictionary<string, TypeInfo> Migrations { get; } = new SortedDictionary<string, TypeInfo>(
        new[] { typeof(FulcrumDbContext).Assembly, typeof(AppAndTestMigrations).Assembly }
            .SelectMany(assembly => assembly.DefinedTypes)
            .Where(type => type.IsSubclassOf(typeof(Migration))
                && type.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(FulcrumDbContext))
            .ToDictionary(type => type.GetCustomAttribute<MigrationAttribute>()!.Id),
        StringComparer.Ordinal);

    public ModelSnapshot? ModelSnapshot => null;

    public Assembly Assembly => typeof(FulcrumDbContext).Assembly;

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => id == nameOrId || id.EndsWith("_" + nameOrId, StringComparison.Ordinal));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass)!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }
}

/// <summary>Test schema, before: libraries and their books, with the keys, indexes and view a rebuild must carry over.</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration(Id)]
public sealed class LibraryTables : Migration
{
    public const string Id = "29990101000001_LibraryTables";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Libraries",
            columns: table => new
            {
                Id = Key(table.Column<long>(nullable: false)),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                City = table.Column<string>(maxLength: 100, nullable: true),
                Motto = table.Column<string>(maxLength: 200, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Libraries", x => x.Id));
        migrationBuilder.CreateIndex("IX_Libraries_Name", "Libraries", "Name", unique: true);
        migrationBuilder.CreateIndex("IX_Libraries_Motto", "Libraries", "Motto");
        CreateBooks(migrationBuilder, lentToLibrary: false);
        CreateView(migrationBuilder);
    }

    /// <summary>What <see cref="ReshapeLibraries"/> should leave, written as if created that way.</summary>
    public static void CreateInFinalShape(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Libraries",
            columns: table => new
            {
                Id = Key(table.Column<long>(nullable: false)),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                City = table.Column<string>(maxLength: 200, nullable: false, defaultValue: "Unknown"),
                IsOpen = table.Column<bool>(nullable: false, defaultValue: true),
            },
            constraints: table => table.PrimaryKey("PK_Libraries", x => x.Id));
        migrationBuilder.CreateIndex("IX_Libraries_Name", "Libraries", "Name", unique: true);
        CreateBooks(migrationBuilder, lentToLibrary: true);
        CreateView(migrationBuilder);
    }

    private static void CreateBooks(MigrationBuilder migrationBuilder, bool lentToLibrary)
    {
        migrationBuilder.CreateTable(
            name: "Books",
            columns: table => new
            {
                Id = Key(table.Column<long>(nullable: false)),
                LibraryId = table.Column<long>(nullable: false),
                Title = table.Column<string>(maxLength: 200, nullable: false),
                LentToLibraryId = table.Column<long>(nullable: true),
                SequelOfId = table.Column<long>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Books", x => x.Id);
                table.ForeignKey("FK_Books_Libraries_LibraryId", x => x.LibraryId, "Libraries", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Books_Books_SequelOfId", x => x.SequelOfId, "Books", "Id", onDelete: ReferentialAction.Restrict);
                if (lentToLibrary)
                {
                    table.ForeignKey("FK_Books_Libraries_LentToLibraryId", x => x.LentToLibraryId, "Libraries", "Id", onDelete: ReferentialAction.SetNull);
                }
            });
        migrationBuilder.CreateIndex("IX_Books_LibraryId_Title", "Books", ["LibraryId", "Title"], unique: true);
        migrationBuilder.CreateIndex("IX_Books_LentToLibraryId", "Books", "LentToLibraryId");
        migrationBuilder.CreateIndex("IX_Books_SequelOfId", "Books", "SequelOfId");
    }

    // As the app's migrations number their keys (M0001's AutoIncrement, internal to the app).
    private static OperationBuilder<AddColumnOperation> Key(OperationBuilder<AddColumnOperation> column) =>
        column
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    private static void CreateView(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""CREATE VIEW "LibraryNames" AS SELECT "Id", "Name" FROM "Libraries";""");
}

/// <summary>Test migration: the changes SQLite cannot make in place, written as for any engine.</summary>
[DbContext(typeof(FulcrumDbContext))]
[Migration(Id)]
public sealed class ReshapeLibraries : Migration
{
    public const string Id = "29990101000002_ReshapeLibraries";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // Neither engine makes a column NOT NULL while it holds NULLs.
        migrationBuilder.Sql("""UPDATE "Libraries" SET "City" = 'Unknown' WHERE "City" IS NULL;""");
        migrationBuilder.AlterColumn<string>(
            "City", "Libraries", maxLength: 200, nullable: false, defaultValue: "Unknown", oldMaxLength: 100, oldNullable: true);
        migrationBuilder.AddColumn<bool>("IsOpen", "Libraries", nullable: false, defaultValue: true);
        migrationBuilder.DropColumn("Motto", "Libraries");
        migrationBuilder.AddForeignKey(
            "FK_Books_Libraries_LentToLibraryId", "Books", "LentToLibraryId", "Libraries", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
    }
}
