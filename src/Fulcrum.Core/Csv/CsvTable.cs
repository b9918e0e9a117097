using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Fulcrum.Core.Csv;

/// <summary>
/// Reads a CSV file with a header row into records keyed by canonical column names, collecting
/// every problem (malformed quoting, unknown or missing columns, ragged rows) instead of stopping
/// at the first, so an import can report them all and then refuse as a whole.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(IReadOnlyList<CsvRecord> records, IReadOnlyList<CsvProblem> problems, IReadOnlyList<string> ignored)
    {
        Records = records;
        Problems = problems;
        IgnoredColumns = ignored;
    }

    public IReadOnlyList<CsvRecord> Records { get; }
    public IReadOnlyList<CsvProblem> Problems { get; }
    /// <summary>Header names that <c>ignore</c> accepted: skipped without reading, as the file has them.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    /// <summary>Column names compare without case, spaces, hyphens or underscores: "Manager email",
    /// "manager_email" and "managerEmail" are one column.</summary>
    public static string CanonicalColumn(string name) =>
        new string(name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    /// <param name="ignore">Columns to skip rather than refuse as unknown (an import that must not
    /// keep some data, such as who wrote a pull request, says what it left out instead).</param>
    /// <param name="fields">What each column may hold (<see cref="TextRules"/>); a column not named here may be
    /// of any length and hold line breaks, but no other control characters. A value that breaks its rule is a
    /// problem and is left out of the record.</param>
    /// <param name="formulaEscapes">The file may be one Fulcrum exported: a value it neutralised as a
    /// spreadsheet formula (<see cref="CsvFormulas"/>) is read back as the original text.</param>
    public static CsvTable Read(TextReader reader, IReadOnlyList<string> required, IReadOnlyList<string> optional, Func<string, bool>? ignore = null,
        IReadOnlyDictionary<string, TextField>? fields = null, bool formulaEscapes = false)
    {
        var problems = new List<CsvProblem>();
        var ignored = new List<string>();
        var records = new List<CsvRecord>();
        var badDataRows = new HashSet<int>();
        var configuration = Configuration();
        CsvParser? parserRef = null;
        configuration.BadDataFound = args =>
        {
            var row = parserRef?.Row ?? 0;
            if (badDataRows.Add(row))
            {
                problems.Add(new CsvProblem(row, null, "malformed quoting (a field with a stray or unclosed '\"')"));
            }
        };

        // A byte-order mark reaches us when the reader did not detect the encoding (a StringReader,
        // or a UTF-8 file read twice over). Skip it here: left in, it makes a quoted first header
        // look like a stray quote, and a file holding only the mark look like a header row.
        if (reader.Peek() == '\uFEFF')
        {
            reader.Read();
        }

        using var parser = new CsvParser(reader, configuration);
        parserRef = parser;
        if (!parser.Read())
        {
            problems.Add(new CsvProblem(1, null, "the file is empty; expected a header row with: " + string.Join(", ", required)));
            return new CsvTable(records, problems, ignored);
        }

        var header = parser.Record ?? [];
        var known = required.Concat(optional).ToDictionary(CanonicalColumn, c => c);
        var columnAt = new string?[header.Length];
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim();
            if (name.Length == 0)
            {
                continue;
            }
            if (!known.TryGetValue(CanonicalColumn(name), out var canonical))
            {
                if (ignore?.Invoke(name) == true)
                {
                    ignored.Add(name);
                    continue;
                }
                problems.Add(new CsvProblem(1, name, $"unknown column; expected columns: {string.Join(", ", known.Values)}"));
                continue;
            }
            if (columnAt.Contains(canonical))
            {
                problems.Add(new CsvProblem(1, name, "the column appears twice"));
                continue;
            }
            columnAt[i] = canonical;
        }
        var missingColumns = required.Where(r => !columnAt.Contains(r)).ToList();
        foreach (var missing in missingColumns)
        {
            problems.Add(new CsvProblem(1, missing, "required column is missing from the header"));
        }
        // Without a required column every row would lack the same values: the header problem says
        // it once, and rows are still read for problems of their own (quoting, field counts).
        var rowsUsable = missingColumns.Count == 0;

        while (parser.Read())
        {
            var cells = parser.Record ?? [];
            var row = parser.Row;
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (cells.Length != header.Length)
            {
                problems.Add(new CsvProblem(row, null, $"has {cells.Length} fields but the header has {header.Length}"));
                continue;
            }
            var values = new Dictionary<string, string>();
            for (var i = 0; i < cells.Length; i++)
            {
                if (columnAt[i] is { } column)
                {
                    var value = cells[i].Trim();
                    values[column] = formulaEscapes ? CsvFormulas.Restore(value) : value;
                }
            }
            if (rowsUsable)
            {
                records.Add(CsvRecord.Checked(row, values, fields, problems));
            }
        }
        return new CsvTable(records, problems, ignored);
    }

    /// <summary>
    /// The row a problem at the end of <paramref name="textBefore"/> is in, numbered as <see cref="Read"/>
    /// numbers rows: for a file that stops being readable there (a byte that is not UTF-8).
    /// </summary>
    public static int RowAt(string textBefore)
    {
        // A character put where the text stops lands in the row being read there, or starts the next.
        using var parser = new CsvParser(new StringReader(textBefore.TrimStart('\uFEFF') + "x"), Configuration());
        var row = 1;
        while (parser.Read())
        {
            row = parser.Row;
        }
        return row;
    }

    private static CsvConfiguration Configuration() => new(CultureInfo.InvariantCulture)
    {
        Mode = CsvMode.RFC4180,
        DetectDelimiter = false,
        IgnoreBlankLines = true,
    };
}

public sealed record CsvRecord(int Row, IReadOnlyDictionary<string, string> Values)
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    /// <summary>The rule for a column no rule names: quoted CSV fields may hold line breaks, so such a value may too.</summary>
    private static readonly TextField AnyText = new(Multiline: true);

    /// <summary>Columns whose value broke its <see cref="TextField"/> rule: already a problem, and left out,
    /// so a check of the record does not report them again as missing.</summary>
    public IReadOnlySet<string> Refused { get; init; } = None;

    public string? Get(string column) =>
        Values.TryGetValue(column, out var value) && value.Length > 0 ? value : null;

    /// <summary>The column's value, trimmed; when it is empty, <paramref name="message"/> is added to
    /// <paramref name="problems"/> (unless the value was refused already) and the result is null.</summary>
    public string? Required(string column, string message, List<CsvProblem> problems)
    {
        var value = Get(column)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (!Refused.Contains(column))
            {
                problems.Add(new CsvProblem(Row, column, message));
            }
            return null;
        }
        return value;
    }

    /// <summary>
    /// The record of <paramref name="values"/>, each checked against its field's rule (<see cref="TextRules"/>;
    /// a field not in <paramref name="fields"/> may be of any length and hold tabs and line breaks). A value that breaks it is added
    /// to <paramref name="problems"/> and left out of the record (see <see cref="Refused"/>).
    /// </summary>
    public static CsvRecord Checked(int row, Dictionary<string, string> values, IReadOnlyDictionary<string, TextField>? fields, List<CsvProblem> problems)
    {
        HashSet<string>? refused = null;
        foreach (var (column, value) in values)
        {
            var field = fields is not null && fields.TryGetValue(column, out var rule) ? rule : AnyText;
            if (TextRules.Problem(value, field) is { } problem)
            {
                problems.Add(new CsvProblem(row, column, problem));
                (refused ??= []).Add(column);
            }
        }
        if (refused is null)
        {
            return new CsvRecord(row, values);
        }
        foreach (var column in refused)
        {
            values.Remove(column);
        }
        return new CsvRecord(row, values) { Refused = refused };
    }
}
