using System.Data.Common;
using System.Globalization;

namespace Fulcrum.Web.Data;

/// <summary>
/// Reads through ADO.NET on a connection of its own, on either engine, for the read paths a command
/// that starts cold must answer without EF Core: building EF Core's model of every table and compiling
/// each LINQ query costs a new process most of a second before the first row (the CLI's delivery
/// report, docs/benchmarks.md). Values go in and come out in the forms EF Core stores them in: instants
/// as UTC (text on SQLite, timestamptz on PostgreSQL), booleans, enums as integers. Parameters are
/// written <c>@p0</c>, <c>@p1</c>… in the order given. Everything else uses EF Core.
/// </summary>
public sealed class DirectQuery : IAsyncDisposable
{
    private readonly DbConnection connection;
    private readonly Func<DbTransaction?>? transaction;
    private readonly bool ownsConnection;

    private DirectQuery(DbConnection connection, bool isSqlite, Func<DbTransaction?>? transaction, bool ownsConnection)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.ownsConnection = ownsConnection;
        IsSqlite = isSqlite;
    }

    public bool IsSqlite { get; }

    /// <summary>The open connection, for the bulk reads that go below ADO.NET (<see cref="SqliteStatement"/>).</summary>
    public DbConnection Connection => connection;

    public static async Task<DirectQuery> OpenAsync(DatabaseTarget target, CancellationToken cancellationToken = default) =>
        new(await target.OpenConnectionAsync(cancellationToken), target.Engine == DatabaseEngine.Sqlite, transaction: null, ownsConnection: true);

    /// <summary>
    /// Queries on an open connection its owner closes, each command in the transaction
    /// <paramref name="transaction"/> gives at that moment (none when it gives null).
    /// </summary>
    public static DirectQuery On(DbConnection connection, bool isSqlite, Func<DbTransaction?> transaction) =>
        new(connection, isSqlite, transaction, ownsConnection: false);

    /// <summary>One row per result row, read by <paramref name="read"/>.</summary>
    public async Task<List<T>> ListAsync<T>(string sql, IReadOnlyList<object?> parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>The first column of the first row as a number (a count, a sum, a returned id).</summary>
    public async Task<long> ScalarAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a statement that returns no rows.</summary>
    public async Task ExecuteAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// <c>(@pN, @pN+1, …)</c> for an <c>IN</c> of <paramref name="values"/>, added to <paramref name="parameters"/>;
    /// <c>(NULL)</c>, which matches nothing, when there are none.
    /// </summary>
    public static string In<T>(List<object?> parameters, IEnumerable<T> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            names.Add($"@p{parameters.Count}");
            parameters.Add(value);
        }
        return names.Count == 0 ? "(NULL)" : $"({string.Join(", ", names)})";
    }

    /// <summary>An <c>IN</c> list of ids, written into the SQL: numbers cannot inject anything.</summary>
    public static string InIds(IEnumerable<int> ids)
    {
        var list = string.Join(", ", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        return list.Length == 0 ? "(NULL)" : $"({list})";
    }

    /// <summary>An instant column, marked UTC as <see cref="UtcDateTimeConverter"/> does.</summary>
    public static DateTime Instant(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime? NullableInstant(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Instant(reader, ordinal);

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private DbCommand Command(string sql, IReadOnlyList<object?> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction?.Invoke();
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = parameters[i] switch
            {
                null => DBNull.Value,
                // As EF Core stores them (UtcDateTimeConverter); SQLite's text form is EF Core's too.
                DateTime instant => instant.Kind == DateTimeKind.Utc ? instant : instant.ToUniversalTime(),
                var value => value,
            };
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public ValueTask DisposeAsync() => ownsConnection ? connection.DisposeAsync() : ValueTask.CompletedTask;
}
