using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Fulcrum.Web.Data;

/// <summary>
/// Rewrites a migration's operations for SQLite, whose ALTER TABLE cannot change a column or add or drop a
/// key or foreign key (nor drop a column that is indexed or keyed; every dropped column is rebuilt, alike):
/// each run of such operations on one table becomes a rebuild, following https://www.sqlite.org/lang_altertable.html#otheralter — create the table
/// in its new shape under another name, copy the rows, drop the old table, rename the new one, restore the
/// indexes, views and triggers. Everything else SQLite does in place, in the migration's order.
/// Foreign-key enforcement must be off while it runs (see <see cref="DatabaseSchema"/>); ADR 0001 has the rest.
/// </summary>
internal sealed class SqliteTableRebuild(SqliteDatabaseShape database, ISqlGenerationHelper sql)
{
    private readonly List<MigrationOperation> rewritten = [];
    private readonly HashSet<string> createdInThisMigration = new(StringComparer.Ordinal);
    private SqliteTableShape? rebuilding;

    public List<string> RebuiltTables { get; } = [];

    /// <summary>Whether SQLite needs a rebuild (or, for a foreign key on a new table, EF's CREATE TABLE)
    /// for any of these operations; <see cref="DatabaseSchema"/> runs such migrations with enforcement off.</summary>
    public static bool IsNeededFor(IEnumerable<MigrationOperation> operations) => operations.Any(NeedsRebuild);

    private static bool NeedsRebuild(MigrationOperation operation) =>
        operation is AlterColumnOperation or DropColumnOperation
            or AddForeignKeyOperation or DropForeignKeyOperation
            or AddPrimaryKeyOperation or DropPrimaryKeyOperation
            or AddUniqueConstraintOperation or DropUniqueConstraintOperation;

    public IReadOnlyList<MigrationOperation> Rewrite(IEnumerable<MigrationOperation> operations)
    {
        foreach (var operation in operations)
        {
            var table = (operation as ITableMigrationOperation)?.Table;
            if (operation is AddForeignKeyOperation && createdInThisMigration.Contains(table!) && rebuilding?.Name != table)
            {
                // EF's SQLite generator writes it into the CREATE TABLE earlier in this migration.
                PassThrough(operation);
            }
            else if (NeedsRebuild(operation) || (operation is AddColumnOperation && rebuilding?.Name == table))
            {
                // A column added amid a rebuild is made by it, so the copied rows get the column's default.
                var shape = rebuilding is not null && rebuilding.Name == table ? rebuilding : StartRebuild(table!);
                shape.Apply(operation);
            }
            else
            {
                PassThrough(operation);
            }
        }
        FinishRebuild();
        return rewritten;
    }

    private SqliteTableShape StartRebuild(string table)
    {
        FinishRebuild();
        rebuilding = database.Table(table);
        foreach (var column in rebuilding.Columns)
        {
            column.CopiedFrom = column.Definition.Name;
        }
        return rebuilding;
    }

    private void PassThrough(MigrationOperation operation)
    {
        FinishRebuild();
        rewritten.Add(operation);
        database.Apply(operation);
        switch (operation)
        {
            case CreateTableOperation create:
                createdInThisMigration.Add(create.Name);
                break;
            case RenameTableOperation rename:
                // EF looks for the CREATE TABLE by the new name and would not find it.
                createdInThisMigration.Remove(rename.Name);
                break;
        }
    }

    private void FinishRebuild()
    {
        if (rebuilding is not { } table)
        {
            return;
        }
        rebuilding = null;
        if (table.Unsupported.Count > 0)
        {
            throw new NotSupportedException(
                $"Table '{table.Name}' cannot be rebuilt on SQLite: it has {string.Join(", ", table.Unsupported)}, " +
                "which the rebuild cannot read back from the database. Change the table with raw SQL in this migration instead.");
        }
        var temporary = table.Name + "_rebuild";
        if (database.HasTable(temporary))
        {
            throw new InvalidOperationException($"Table '{table.Name}' cannot be rebuilt: a table '{temporary}' is in the way.");
        }

        rewritten.Add(table.ToCreateTable(temporary));
        if (table.HasAutoincrement)
        {
            // A key the database numbers itself is never reused, even after the last rows were deleted:
            // the new table carries on from the old one's counter.
            rewritten.Add(Sql(
                $"INSERT INTO sqlite_sequence (name, seq) SELECT {Literal(temporary)}, seq FROM sqlite_sequence WHERE name = {Literal(table.Name)};"));
        }
        var copied = table.Columns.Where(c => c.CopiedFrom is not null).ToList();
        rewritten.Add(Sql(
            $"INSERT INTO {Name(temporary)} ({string.Join(", ", copied.Select(c => Name(c.Definition.Name)))})\n" +
            $"SELECT {string.Join(", ", copied.Select(c => Name(c.CopiedFrom!)))} FROM {Name(table.Name)};"));
        foreach (var dependent in database.ViewsAndTriggers.Reverse())
        {
            rewritten.Add(Sql($"DROP {dependent.Type.ToUpperInvariant()} {Name(dependent.Name)};"));
        }
        rewritten.Add(new DropTableOperation { Name = table.Name });
        rewritten.Add(new RenameTableOperation { Name = temporary, NewName = table.Name });
        rewritten.AddRange(table.CreateIndexes());
        rewritten.AddRange(database.ViewsAndTriggers.Select(dependent => Sql(dependent.Sql + ";")));
        createdInThisMigration.Remove(table.Name);
        RebuiltTables.Add(table.Name);
    }

    private string Name(string identifier) => sql.DelimitIdentifier(identifier);

    private static string Literal(string text) => $"'{text.Replace("'", "''")}'";

    private static SqlOperation Sql(string statement) => new() { Sql = statement };
}
