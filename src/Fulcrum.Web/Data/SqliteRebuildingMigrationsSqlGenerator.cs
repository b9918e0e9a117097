using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Fulcrum.Web.Data;

/// <summary>
/// EF Core's SQLite migrations SQL generator, able to rebuild a table (ADR 0001). EF rebuilds a table only
/// from a migration's target model, which hand-written migrations do not have, and otherwise throws
/// NotSupportedException; this one reads the tables from the database the migration is about to change,
/// so <c>AlterColumn</c>, <c>DropColumn</c>, <c>AddForeignKey</c> and the like work on both engines.
/// </summary>
public sealed class SqliteRebuildingMigrationsSqlGenerator(
    MigrationsSqlGeneratorDependencies dependencies,
    IRelationalAnnotationProvider migrationsAnnotations,
    IRelationalConnection connection)
    : SqliteMigrationsSqlGenerator(dependencies, migrationsAnnotations)
{
    public override IReadOnlyList<MigrationCommand> Generate(
        IReadOnlyList<MigrationOperation> operations,
        IModel? model = null,
        MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
    {
        if (!SqliteTableRebuild.IsNeededFor(operations))
        {
            return base.Generate(operations, model, options);
        }
        if (options.HasFlag(MigrationsSqlGenerationOptions.Script))
        {
            throw new NotSupportedException(
                "This migration rebuilds a SQLite table, which reads the table from the database it runs on: it cannot be scripted.");
        }

        // EF's migrator asks for a migration's commands just before it runs them, after the migrations
        // before it have been applied, so this is the table as the migration will find it.
        var database = SqliteDatabaseShape.Read(connection);
        var rebuild = new SqliteTableRebuild(database, Dependencies.SqlGenerationHelper);
        var rewritten = rebuild.Rewrite(operations);
        if (rebuild.RebuiltTables.Count > 0 && database.ForeignKeysEnforced)
        {
            // Dropping the old table would delete its rows first, and with them, through ON DELETE CASCADE
            // and SET NULL, the rows and references of every table that points at it.
            throw new InvalidOperationException(
                $"Rebuilding {string.Join(", ", rebuild.RebuiltTables)} needs SQLite's foreign-key enforcement off, and SQLite cannot " +
                "turn it off inside the migration's transaction. Migrate with DatabaseSchema.MigrateAsync, which turns it off first.");
        }
        return [.. base.Generate(rewritten, model, options), ForeignKeyCheck()];
    }

    private ForeignKeyCheckCommand ForeignKeyCheck() => new(
        Dependencies.CommandBuilderFactory.Create().Append(ForeignKeyCheckCommand.Sql).Build(),
        Dependencies.CurrentContext.Context,
        Dependencies.Logger);

    /// <summary>
    /// Ends a rebuilding migration, inside its transaction: if any row in the database points at nothing,
    /// it throws, and the migration is rolled back. <c>PRAGMA foreign_key_check</c> lists such rows but does
    /// not fail by itself, and enforcement was off while the migration ran.
    /// </summary>
    private sealed class ForeignKeyCheckCommand : MigrationCommand
    {
        private readonly IRelationalCommand command;
        private readonly DbContext context;

        public ForeignKeyCheckCommand(IRelationalCommand command, DbContext context, IRelationalCommandDiagnosticsLogger logger)
            : base(command, context, logger)
        {
            this.command = command;
            this.context = context;
        }

        public const string Sql = """
            SELECT c."table" || ' row ' || c.rowid || ' (' || group_concat(f."from", ', ') || ') points at no row of ' || c.parent
              FROM pragma_foreign_key_check c JOIN pragma_foreign_key_list(c."table") f ON f.id = c.fkid
             GROUP BY c."table", c.rowid, c.fkid
             LIMIT 10;
            """;

        public override int ExecuteNonQuery(IRelationalConnection connection, IReadOnlyDictionary<string, object?>? parameterValues = null)
        {
            using var reader = command.ExecuteReader(Parameters(connection, parameterValues));
            var broken = new List<string>();
            while (reader.Read())
            {
                broken.Add(reader.DbDataReader.GetString(0));
            }
            return Verdict(broken);
        }

        public override async Task<int> ExecuteNonQueryAsync(
            IRelationalConnection connection, IReadOnlyDictionary<string, object?>? parameterValues = null, CancellationToken cancellationToken = default)
        {
            await using var reader = await command.ExecuteReaderAsync(Parameters(connection, parameterValues), cancellationToken);
            var broken = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                broken.Add(reader.DbDataReader.GetString(0));
            }
            return Verdict(broken);
        }

        private RelationalCommandParameterObject Parameters(IRelationalConnection connection, IReadOnlyDictionary<string, object?>? parameterValues) =>
            new(connection, parameterValues, null, context, CommandLogger, CommandSource.Migrations);

        private static int Verdict(List<string> broken) => broken.Count == 0
            ? 0
            : throw new InvalidOperationException(
                $"The migration would leave rows pointing at nothing, so none of it was applied:\n  {string.Join("\n  ", broken)}");
    }
}
