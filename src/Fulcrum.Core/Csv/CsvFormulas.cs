namespace Fulcrum.Core.Csv;

/// <summary>
/// CSV injection (OWASP): a spreadsheet runs a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, a tab or a carriage return as a formula, so a name like <c>=HYPERLINK(…)</c> in an
/// export would act when the file is opened. Exports write such a cell with a single quote in
/// front, which spreadsheets show as text; imports take the quote off again, so an exported file
/// imports back unchanged.
/// </summary>
public static class CsvFormulas
{
    private const char Quote = '\'';

    private static bool StartsFormula(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The cell as an export writes it. A value that already starts with a quote gets one more,
    /// so that <see cref="Restore"/> can tell the two apart and every value comes back as it was.</summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && (StartsFormula(value[0]) || value[0] == Quote) ? Quote + value : value;

    /// <summary>The value of a cell <see cref="Neutralise"/> wrote; any other cell as it is.</summary>
    public static string Restore(string cell) =>
        cell.Length > 1 && cell[0] == Quote && (StartsFormula(cell[1]) || cell[1] == Quote) ? cell[1..] : cell;
}
