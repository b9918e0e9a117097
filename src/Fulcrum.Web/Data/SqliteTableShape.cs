using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Fulcrum.Web.Data;

/// <summary>One table of a <see cref="SqliteDatabaseShape"/>: its columns, keys, foreign keys and indexes
/// as the migration operations that would create it.</summary>
internal sealed class SqliteTableShape
{
    /// <summary>The annotation EF Core's SQLite provider reads to write AUTOINCREMENT.</summary>
    public const string Autoincrement = "Sqlite:Autoincrement";

    public required string Name { get; set; }

    public List<SqliteColumn> Columns { get; } = [];

    public AddPrimaryKeyOperation? PrimaryKey { get; set; }

    public List<AddForeignKeyOperation> ForeignKeys { get; } = [];

    public List<AddUniqueConstraintOperation> UniqueConstraints { get; } = [];

    public List<CreateIndexOperation> Indexes { get; } = [];

    /// <summary>What the table has that a rebuild could not carry over; a rebuild refuses such a table.</summary>
    public List<string> Unsupported { get; } = [];

    public bool HasAutoincrement => Columns.Any(c => c.Definition[Autoincrement] is true);

    public SqliteColumn Column(string name) =>
        Columns.SingleOrDefault(c => c.Definition.Name == name)
        ?? throw new InvalidOperationException($"Table '{Name}' has no column '{name}'.");

    public static SqliteTableShape From(CreateTableOperation create)
    {
        var table = new SqliteTableShape { Name = create.Name };
        table.Columns.AddRange(create.Columns.Select(c => new SqliteColumn(Copy(c, create.Name))));
        table.PrimaryKey = create.PrimaryKey is { } key ? Copy(key, create.Name) : null;
        table.ForeignKeys.AddRange(create.ForeignKeys.Select(f => Copy(f, create.Name)));
        table.UniqueConstraints.AddRange(create.UniqueConstraints.Select(u => Copy(u, create.Name)));
        table.Unsupported.AddRange(create.CheckConstraints.Select(c => $"the check constraint '{c.Name}'"));
        return table;
    }

    /// <summary>The operation that creates this table, under another name, from fresh copies: EF's
    /// generator changes the operations it is given.</summary>
    public CreateTableOperation ToCreateTable(string name)
    {
        var create = new CreateTableOperation
        {
            Name = name,
            PrimaryKey = PrimaryKey is { } key ? Copy(key, name) : null,
        };
        create.Columns.AddRange(Columns.Select(c => Copy(c.Definition, name)));
        create.ForeignKeys.AddRange(ForeignKeys.Select(f => Copy(f, name)));
        create.UniqueConstraints.AddRange(UniqueConstraints.Select(u => Copy(u, name)));
        return create;
    }

    public IEnumerable<CreateIndexOperation> CreateIndexes() => Indexes.Select(i => Copy(i, Name));

    /// <summary>Applies an operation on this table, whether SQLite does it in place or by a rebuild.</summary>
    public void Apply(MigrationOperation operation)
    {
        switch (operation)
        {
            case AddColumnOperation add:
                Columns.Add(new SqliteColumn(Copy(add, Name)));
                break;
            case AlterColumnOperation alter:
                AlterColumn(alter);
                break;
            case DropColumnOperation drop:
                DropColumn(drop.Name);
                break;
            case AddForeignKeyOperation add:
                foreach (var column in add.Columns)
                {
                    Column(column);
                }
                ForeignKeys.Add(Copy(add, Name));
                break;
            case DropForeignKeyOperation drop:
                ForeignKeys.Remove(Named(ForeignKeys, drop.Name, "foreign key"));
                break;
            case AddPrimaryKeyOperation add:
                PrimaryKey = PrimaryKey is null
                    ? Copy(add, Name)
                    : throw new InvalidOperationException($"Table '{Name}' already has a primary key; drop it first.");
                break;
            case DropPrimaryKeyOperation drop:
                Named<AddPrimaryKeyOperation>(PrimaryKey is null ? [] : [PrimaryKey], drop.Name, "primary key");
                PrimaryKey = null;
                foreach (var column in Columns)
                {
                    column.Definition.RemoveAnnotation(Autoincrement);
                }
                break;
            case AddUniqueConstraintOperation add:
                UniqueConstraints.Add(Copy(add, Name));
                break;
            case DropUniqueConstraintOperation drop:
                UniqueConstraints.Remove(Named(UniqueConstraints, drop.Name, "unique constraint"));
                break;
            case CreateIndexOperation create:
                Indexes.Add(Copy(create, Name));
                break;
        }
    }

    public void RenameColumn(string name, string newName)
    {
        Column(name).Definition.Name = newName;
        string[] Renamed(string[] columns) => columns.Select(c => c == name ? newName : c).ToArray();
        if (PrimaryKey is not null)
        {
            PrimaryKey.Columns = Renamed(PrimaryKey.Columns);
        }
        foreach (var foreignKey in ForeignKeys)
        {
            foreignKey.Columns = Renamed(foreignKey.Columns);
        }
        foreach (var unique in UniqueConstraints)
        {
            unique.Columns = Renamed(unique.Columns);
        }
        foreach (var index in Indexes)
        {
            index.Columns = Renamed(index.Columns);
        }
    }

    private void AlterColumn(AlterColumnOperation alter)
    {
        if (alter.ComputedColumnSql is not null || alter.Collation is not null)
        {
            throw new NotSupportedException(
                $"Column '{Name}.{alter.Name}': the SQLite rebuild does not make computed or collated columns.");
        }
        var column = Column(alter.Name);
        var altered = new AddColumnOperation
        {
            Name = alter.Name,
            Table = Name,
            ClrType = alter.ClrType,
            ColumnType = alter.ColumnType,
            IsUnicode = alter.IsUnicode,
            IsFixedLength = alter.IsFixedLength,
            MaxLength = alter.MaxLength,
            Precision = alter.Precision,
            Scale = alter.Scale,
            IsRowVersion = alter.IsRowVersion,
            IsNullable = alter.IsNullable,
            DefaultValue = alter.DefaultValue,
            DefaultValueSql = alter.DefaultValueSql,
            Comment = alter.Comment,
        };
        altered.AddAnnotations(alter.GetAnnotations());
        // A key the database numbers itself stays so unless the alteration says otherwise.
        if (column.Definition[Autoincrement] is true && altered.FindAnnotation(Autoincrement) is null)
        {
            altered.AddAnnotation(Autoincrement, true);
        }
        column.Definition = altered;
    }

    // As PostgreSQL does, dropping a column drops the indexes and constraints of this table that use it.
    private void DropColumn(string name)
    {
        Columns.Remove(Column(name));
        Indexes.RemoveAll(i => i.Columns.Contains(name));
        ForeignKeys.RemoveAll(f => f.Columns.Contains(name));
        UniqueConstraints.RemoveAll(u => u.Columns.Contains(name));
        if (PrimaryKey?.Columns.Contains(name) == true)
        {
            PrimaryKey = null;
        }
    }

    private T Named<T>(IEnumerable<T> candidates, string name, string kind) where T : MigrationOperation =>
        candidates.FirstOrDefault(c => NameOf(c) == name)
        ?? throw new InvalidOperationException(
            $"Table '{Name}' has no {kind} named '{name}' (SQLite keeps these names only in the CREATE TABLE statement).");

    private static string? NameOf(MigrationOperation operation) => operation switch
    {
        AddForeignKeyOperation f => f.Name,
        AddPrimaryKeyOperation p => p.Name,
        AddUniqueConstraintOperation u => u.Name,
        _ => null,
    };

    private static AddColumnOperation Copy(AddColumnOperation column, string table)
    {
        var copy = new AddColumnOperation
        {
            Name = column.Name,
            Table = table,
            ClrType = column.ClrType,
            ColumnType = column.ColumnType,
            IsUnicode = column.IsUnicode,
            IsFixedLength = column.IsFixedLength,
            MaxLength = column.MaxLength,
            Precision = column.Precision,
            Scale = column.Scale,
            IsRowVersion = column.IsRowVersion,
            IsNullable = column.IsNullable,
            DefaultValue = column.DefaultValue,
            DefaultValueSql = column.DefaultValueSql,
            ComputedColumnSql = column.ComputedColumnSql,
            IsStored = column.IsStored,
            Comment = column.Comment,
            Collation = column.Collation,
        };
        copy.AddAnnotations(column.GetAnnotations());
        return copy;
    }

    private static AddPrimaryKeyOperation Copy(AddPrimaryKeyOperation key, string table) =>
        new() { Name = key.Name, Table = table, Columns = [.. key.Columns] };

    private static AddForeignKeyOperation Copy(AddForeignKeyOperation foreignKey, string table) => new()
    {
        Name = foreignKey.Name,
        Table = table,
        Columns = [.. foreignKey.Columns],
        PrincipalTable = foreignKey.PrincipalTable,
        PrincipalColumns = foreignKey.PrincipalColumns is { } columns ? [.. columns] : null,
        OnUpdate = foreignKey.OnUpdate,
        OnDelete = foreignKey.OnDelete,
    };

    private static AddUniqueConstraintOperation Copy(AddUniqueConstraintOperation unique, string table) =>
        new() { Name = unique.Name, Table = table, Columns = [.. unique.Columns] };

    private static CreateIndexOperation Copy(CreateIndexOperation index, string table) => new()
    {
        Name = index.Name,
        Table = table,
        Columns = [.. index.Columns],
        IsUnique = index.IsUnique,
        IsDescending = index.IsDescending is { } descending ? [.. descending] : null,
        Filter = index.Filter,
    };
}
