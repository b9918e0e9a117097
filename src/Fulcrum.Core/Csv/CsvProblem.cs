namespace Fulcrum.Core.Csv;

/// <summary>What a problem's number counts: a row of a spreadsheet, a record of a JSON array, or a
/// line of a file that could not be read as records at all (JSON that does not parse).</summary>
public enum CsvUnit
{
    Row,
    Record,
    Line,
}

/// <summary>One thing wrong with an input file, located as a person would find it in a spreadsheet:
/// the row number (the header is row 1) and the column name. In a JSON array the number is the
/// record's (the first is 1) and the column the field's name.</summary>
public sealed record CsvProblem(int Row, string? Column, string Message) : ProblemEntry(Message)
{
    public CsvUnit Unit { get; init; } = CsvUnit.Row;

    public override string ToString()
    {
        var unit = Unit switch { CsvUnit.Record => "record", CsvUnit.Line => "line", _ => "row" };
        return Column is null ? $"{unit} {Row}: {Message}" : $"{unit} {Row}, column '{Column}': {Message}";
    }
}

public sealed record CsvReadResult<T>(IReadOnlyList<T> Rows, IReadOnlyList<CsvProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    /// <summary>Columns or fields the file had that were deliberately not read.</summary>
    public IReadOnlyList<string> IgnoredFields { get; init; } = [];

    /// <summary>
    /// The input could not be read as records at all (not JSON, or not an array of them): the one
    /// problem says why, and nothing in it was checked. A refusal of it is <see cref="ProblemKind.Unreadable"/>,
    /// not a list of records at fault.
    /// </summary>
    public bool Unreadable { get; init; }
}
