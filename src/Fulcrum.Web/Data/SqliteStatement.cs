using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Fulcrum.Web.Data;

/// <summary>
/// A prepared statement on SQLite's C API, for the few bulk paths where ADO.NET's per-row cost
/// dominates (a million commits, a million shipped changes): values are bound from spans and
/// numbers, rows are read as spans, nothing is allocated per row. It runs on the connection EF
/// Core opened, so it takes part in the current transaction. Everything else uses EF Core.
/// </summary>
public sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 handle;
    private readonly sqlite3_stmt statement;

    private SqliteStatement(sqlite3 handle, sqlite3_stmt statement)
    {
        this.handle = handle;
        this.statement = statement;
    }

    public static SqliteStatement Prepare(DbConnection connection, string sql)
    {
        var handle = ((SqliteConnection)connection).Handle
            ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        return new SqliteStatement(handle, statement);
    }

    public void Bind(int index, long value) => Check(handle, raw.sqlite3_bind_int64(statement, index, value));

    public void Bind(int index, double value) => Check(handle, raw.sqlite3_bind_double(statement, index, value));

    /// <summary>Binds UTF-8 text.</summary>
    public void Bind(int index, ReadOnlySpan<byte> utf8) => Check(handle, raw.sqlite3_bind_text(statement, index, utf8));

    /// <summary>Runs a statement that returns no rows and readies it for the next; returns the rows changed.</summary>
    public int Execute()
    {
        var result = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        Check(handle, result);
        return raw.sqlite3_changes(handle);
    }

    /// <summary>Steps to the next row; false when there are no more.</summary>
    public bool Read()
    {
        var result = raw.sqlite3_step(statement);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }
        Check(handle, result);
        return false;
    }

    public long Int64(int column) => raw.sqlite3_column_int64(statement, column);

    public double Double(int column) => raw.sqlite3_column_double(statement, column);

    /// <summary>A text column as UTF-8, valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> Text(int column) => raw.sqlite3_column_blob(statement, column);

    public void Dispose() => statement.Dispose();

    private static void Check(sqlite3 handle, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(handle).utf8_to_string()}'.", result);
        }
    }
}

/// <summary>
/// The text form in which EF Core's SQLite provider stores a <see cref="DateTime"/>
/// (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>), for the bulk paths that bypass it.
/// </summary>
public static class SqliteTime
{
    public const string Format = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    /// <summary>Writes <paramref name="value"/> as UTF-8 into <paramref name="destination"/> (28 bytes suffice).</summary>
    public static int Write(DateTime value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, Format, System.Globalization.CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>Reads a stored time as UTC, without the culture-aware parser.</summary>
    public static DateTime Parse(ReadOnlySpan<byte> text)
    {
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':')
        {
            throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(text)}' is not a stored SQLite time.");
        }
        var ticks = 0L;
        if (text.Length > 20 && text[19] == '.')
        {
            var fraction = text[20..];
            for (var i = 0; i < 7; i++)
            {
                ticks = ticks * 10 + (i < fraction.Length ? Digit(fraction[i]) : 0);
            }
        }
        return new DateTime(
            Number(text[..4]), Number(text[5..7]), Number(text[8..10]), Number(text[11..13]), Number(text[14..16]), Number(text[17..19]),
            DateTimeKind.Utc).AddTicks(ticks);
    }

    private static int Number(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = value * 10 + Digit(digit);
        }
        return value;
    }

    private static int Digit(byte digit) =>
        digit is >= (byte)'0' and <= (byte)'9' ? digit - '0' : throw new FormatException("A stored SQLite time has a non-digit.");
}
