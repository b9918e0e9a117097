using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Fulcrum.Web.Data;

/// <summary>
/// The tables of a SQLite database as EF migration operations, read from the database itself (hand-written
/// migrations have no model to read them from) and kept current as a migration's operations are applied,
/// so that a table rebuild can create the table in its new shape. See <see cref="SqliteTableRebuild"/>.
/// </summary>
internal sealed partial class SqliteDatabaseShape
{
    private readonly Dictionary<string, SqliteTableShape> tables;

    private SqliteDatabaseShape(Dictionary<string, SqliteTableShape> tables, IReadOnlyList<SqliteSchemaObject> viewsAndTriggers, bool foreignKeysEnforced)
    {
        this.tables = tables;
        ViewsAndTriggers = viewsAndTriggers;
        ForeignKeysEnforced = foreignKeysEnforced;
    }

    /// <summary>Views and triggers in the order they were created: a rebuild drops and re-creates them,
    /// since SQLite's rename checks every view and trigger while the old table is gone.</summary>
    public IReadOnlyList<SqliteSchemaObject> ViewsAndTriggers { get; }

    public bool ForeignKeysEnforced { get; }

    public bool HasTable(string name) => tables.ContainsKey(name);

    public SqliteTableShape Table(string name) =>
        tables.TryGetValue(name, out var table)
            ? table
            : throw new InvalidOperationException(
                $"The migration changes table '{name}', which is not in the database. The SQLite rebuild reads a table's " +
                "shape from the database it runs on, so it cannot rebuild a table created by raw SQL in the same migration.");

    /// <summary>Follows an operation SQLite does in place, so later rebuilds see its effect. A table this
    /// does not know (made by raw SQL) is left alone; rebuilding it would fail in <see cref="Table"/>.</summary>
    public void Apply(MigrationOperation operation)
    {
        switch (operation)
        {
            case CreateTableOperation create:
                tables[create.Name] = SqliteTableShape.From(create);
                break;
            case DropTableOperation drop:
                tables.Remove(drop.Name);
                break;
            case RenameTableOperation { NewName: { } newName } rename when newName != rename.Name && tables.Remove(rename.Name, out var renamed):
                renamed.Name = newName;
                tables[newName] = renamed;
                // SQLite rewrites the REFERENCES clauses of other tables, and so do we.
                foreach (var foreignKey in tables.Values.SelectMany(t => t.ForeignKeys).Where(f => f.PrincipalTable == rename.Name))
                {
                    foreignKey.PrincipalTable = newName;
                }
                break;
            case RenameColumnOperation rename when tables.TryGetValue(rename.Table, out var table):
                table.RenameColumn(rename.Name, rename.NewName);
                foreach (var foreignKey in tables.Values.SelectMany(t => t.ForeignKeys).Where(f => f.PrincipalTable == rename.Table))
                {
                    foreignKey.PrincipalColumns = foreignKey.PrincipalColumns?.Select(c => c == rename.Name ? rename.NewName : c).ToArray();
                }
                break;
            case DropIndexOperation drop:
                foreach (var indexed in tables.Values)
                {
                    indexed.Indexes.RemoveAll(i => i.Name == drop.Name);
                }
                break;
            case ITableMigrationOperation { Table: { } name } when tables.TryGetValue(name, out var changed):
                changed.Apply(operation);
                break;
        }
    }

    public static SqliteDatabaseShape Read(IRelationalConnection connection)
    {
        var opened = connection.Open();
        try
        {
            var database = new Reader(connection);
            var tables = new Dictionary<string, SqliteTableShape>(StringComparer.Ordinal);
            foreach (var row in database.Query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"))
            {
                var name = (string)row[0]!;
                tables[name] = ReadTable(database, name, (string)row[1]!);
            }
            var viewsAndTriggers = database
                .Query("SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY rowid")
                .Select(row => new SqliteSchemaObject((string)row[0]!, (string)row[1]!, (string)row[2]!))
                .ToList();
            var foreignKeysEnforced = Convert.ToInt64(database.Query("SELECT foreign_keys FROM pragma_foreign_keys").Single()[0]) == 1;
            return new SqliteDatabaseShape(tables, viewsAndTriggers, foreignKeysEnforced);
        }
        finally
        {
            if (opened)
            {
                connection.Close();
            }
        }
    }

    private static SqliteTableShape ReadTable(Reader database, string name, string sql)
    {
        var table = new SqliteTableShape { Name = name };
        var constraintNames = NamedConstraint().Matches(sql).ToList();
        string? ConstraintName(string kind, IEnumerable<string>? columns) => constraintNames
            .Where(m => Regex.Replace(m.Groups["kind"].Value, @"\s+", " ").Equals(kind, StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault(m => columns is null || m.Groups["columns"].Value.Split(',').Select(Unquote).SequenceEqual(columns))
            ?.Groups["name"].Value.Replace("\"\"", "\"");

        // What SQLite keeps only in the CREATE statement, and so a rebuild from the pragmas would lose.
        var words = SqliteWords(sql);
        table.Unsupported.AddRange(new[] { "CHECK", "COLLATE", "DEFERRABLE", "WITHOUT", "STRICT" }
            .Where(words.Contains).Select(word => $"a {word} clause"));

        var primaryKey = new SortedList<long, string>();
        foreach (var column in database.Query("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(@name) ORDER BY cid", name))
        {
            var columnName = (string)column[0]!;
            if (Convert.ToInt64(column[5]) != 0)
            {
                table.Unsupported.Add($"the generated or hidden column '{columnName}'");
                continue;
            }
            var type = (string)column[1]!;
            table.Columns.Add(new SqliteColumn(new AddColumnOperation
            {
                Name = columnName,
                Table = name,
                ClrType = ClrTypeOf(type),
                ColumnType = type,
                IsNullable = Convert.ToInt64(column[2]) == 0,
                DefaultValueSql = column[3] as string,
            }));
            if (Convert.ToInt64(column[4]) is > 0 and var position)
            {
                primaryKey.Add(position, columnName);
            }
        }
        if (primaryKey.Count > 0)
        {
            // An unnamed key (EF names all of its own) stays unnamed: EF writes CONSTRAINT only for a name.
            table.PrimaryKey = new AddPrimaryKeyOperation { Name = ConstraintName("PRIMARY KEY", null)!, Table = name, Columns = [.. primaryKey.Values] };
            if (primaryKey.Count == 1 && words.Contains("AUTOINCREMENT"))
            {
                table.Column(primaryKey.Values[0]).Definition.AddAnnotation(SqliteTableShape.Autoincrement, true);
            }
        }

        foreach (var foreignKey in database
                     // SQLite numbers foreign keys and indexes last-declared first; re-create them in declared order.
                     .Query("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(@name) ORDER BY id DESC, seq", name)
                     .GroupBy(row => Convert.ToInt64(row[0])))
        {
            var columns = foreignKey.Select(row => (string)row[2]!).ToArray();
            var principalColumns = foreignKey.Select(row => row[3] as string).ToArray();
            table.ForeignKeys.Add(new AddForeignKeyOperation
            {
                Name = ConstraintName("FOREIGN KEY", columns)!,
                Table = name,
                Columns = columns,
                PrincipalTable = (string)foreignKey.First()[1]!,
                // NULL means the principal's primary key, named nowhere.
                PrincipalColumns = principalColumns.Contains(null) ? null : principalColumns.OfType<string>().ToArray(),
                OnUpdate = ActionOf((string)foreignKey.First()[4]!),
                OnDelete = ActionOf((string)foreignKey.First()[5]!),
            });
        }

        foreach (var index in database.Query("SELECT name, \"unique\", origin, partial FROM pragma_index_list(@name) ORDER BY seq DESC", name))
        {
            var (indexName, unique, origin) = ((string)index[0]!, Convert.ToInt64(index[1]) == 1, (string)index[2]!);
            if (origin == "pk")
            {
                continue;
            }
            var keys = database.Query("SELECT name, \"desc\", coll FROM pragma_index_xinfo(@name) WHERE key = 1 ORDER BY seqno", indexName);
            if (Convert.ToInt64(index[3]) == 1 || keys.Any(k => k[0] is null) || keys.Any(k => !"BINARY".Equals(k[2] as string, StringComparison.OrdinalIgnoreCase)))
            {
                table.Unsupported.Add($"the partial, expression or collated index '{indexName}'");
                continue;
            }
            var columns = keys.Select(k => (string)k[0]!).ToArray();
            if (origin == "u")
            {
                table.UniqueConstraints.Add(new AddUniqueConstraintOperation { Name = ConstraintName("UNIQUE", columns)!, Table = name, Columns = columns });
                continue;
            }
            var descending = keys.Select(k => Convert.ToInt64(k[1]) == 1).ToArray();
            table.Indexes.Add(new CreateIndexOperation
            {
                Name = indexName,
                Table = name,
                Columns = columns,
                IsUnique = unique,
                IsDescending = descending.Any(d => d) ? descending : null,
            });
        }
        return table;
    }

    private static ReferentialAction ActionOf(string action) => action.ToUpperInvariant() switch
    {
        "CASCADE" => ReferentialAction.Cascade,
        "SET NULL" => ReferentialAction.SetNull,
        "SET DEFAULT" => ReferentialAction.SetDefault,
        "RESTRICT" => ReferentialAction.Restrict,
        _ => ReferentialAction.NoAction,
    };

    // SQLite's type affinity rules (https://www.sqlite.org/datatype3.html#determination_of_column_affinity).
    private static Type ClrTypeOf(string declaredType)
    {
        var type = declaredType.ToUpperInvariant();
        return type.Contains("INT") ? typeof(long)
            : type.Contains("CHAR") || type.Contains("CLOB") || type.Contains("TEXT") ? typeof(string)
            : type.Length == 0 || type.Contains("BLOB") ? typeof(byte[])
            : type.Contains("REAL") || type.Contains("FLOA") || type.Contains("DOUB") ? typeof(double)
            : typeof(decimal);
    }

    private static string Unquote(string identifier)
    {
        var trimmed = identifier.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1].Replace("\"\"", "\"") : trimmed;
    }

    /// <summary>The bare words of a statement, upper-cased: not those inside quotes, names or comments.</summary>
    private static HashSet<string> SqliteWords(string sql)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sql.Length;)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`')
            {
                // A string or a quoted name, to its closing quote; a doubled quote stands for itself.
                i++;
                while (i < sql.Length && (sql[i] != c || (i + 1 < sql.Length && sql[i + 1] == c)))
                {
                    i += sql[i] == c ? 2 : 1;
                }
                i++;
            }
            else if (c == '[')
            {
                i = sql.IndexOf(']', i) is var end and >= 0 ? end + 1 : sql.Length;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                i = sql.IndexOf('\n', i) is var end and >= 0 ? end : sql.Length;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : sql.Length;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                {
                    i++;
                }
                words.Add(sql[start..i].ToUpperInvariant());
            }
            else
            {
                i++;
            }
        }
        return words;
    }

    // EF Core names every key and foreign key it creates: CONSTRAINT "FK_…" FOREIGN KEY ("A", "B"). SQLite
    // keeps those names only in the CREATE statement, yet DropForeignKey needs them.
    [GeneratedRegex("""CONSTRAINT\s+"(?<name>(?:[^"]|"")+)"\s+(?<kind>PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY)\s*(?:\((?<columns>[^)]*)\))?""", RegexOptions.IgnoreCase)]
    private static partial Regex NamedConstraint();

    private sealed class Reader(IRelationalConnection connection)
    {
        public List<object?[]> Query(string sql, string? name = null)
        {
            using var command = connection.DbConnection.CreateCommand();
            command.Transaction = connection.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            if (name is not null)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@name";
                parameter.Value = name;
                command.Parameters.Add(parameter);
            }
            using var reader = command.ExecuteReader();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                rows.Add(row);
            }
            return rows;
        }
    }
}

/// <summary>A view or trigger, with the statement that created it.</summary>
internal sealed record SqliteSchemaObject(string Type, string Name, string Sql);

/// <summary>A column, and during a rebuild the column of the old table its values are copied from
/// (none for a column the rebuild adds, which gets its default).</summary>
internal sealed class SqliteColumn(AddColumnOperation definition)
{
    public AddColumnOperation Definition { get; set; } = definition;

    public string? CopiedFrom { get; set; }
}
