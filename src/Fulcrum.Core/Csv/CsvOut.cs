using System.Globalization;
using CsvHelper;

namespace Fulcrum.Core.Csv;

/// <summary>Writing a file the imports read back: a header, then one record per row, every cell's formula neutralised (<see cref="CsvFormulas"/>).</summary>
public static class CsvOut
{
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<string?[]> records)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in header)
        {
            csv.WriteField(column);
        }
        csv.NextRecord();
        foreach (var record in records)
        {
            foreach (var field in record)
            {
                csv.WriteField(CsvFormulas.Neutralise(field ?? ""));
            }
            csv.NextRecord();
        }
    }
}
