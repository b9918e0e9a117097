namespace Fulcrum.Core.Csv;

/// <summary>One thing wrong with an input file, located as a person would find it in a spreadsheet:
/// the row number (the header is row 1) and the column name.</summary>
public sealed record CsvProblem(int Row, string? Column, string Message)
{
    public override string ToString() =>
        Column is null ? $"row {Row}: {Message}" : $"row {Row}, column '{Column}': {Message}";
}

public sealed record CsvReadResult<T>(IReadOnlyList<T> Rows, IReadOnlyList<CsvProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    /// <summary>Columns or fields the file had that were deliberately not read.</summary>
    public IReadOnlyList<string> IgnoredFields { get; init; } = [];
}
