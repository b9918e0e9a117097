using System.Globalization;

namespace Fulcrum.Core;

/// <summary>Small pieces of the sentences Fulcrum writes for people, kept in one place so every module words them alike.</summary>
public static class Wording
{
    /// <summary>"1 story", "3 stories": the count with the noun it counts (digits in the invariant culture).</summary>
    public static string Count(int count, string one, string? many = null) =>
        count == 1 ? $"1 {one}" : $"{count.ToString(CultureInfo.InvariantCulture)} {many ?? one + "s"}";

    /// <summary>
    /// A window of whole days as people read it, the end excluded: [6 Nov, 5 Dec) is "6 Nov–4 Dec";
    /// a window within one day is that day.
    /// </summary>
    public static string Days(DateTime since, DateTime until)
    {
        var last = until.AddDays(-1).Date < since.Date ? since.Date : until.AddDays(-1).Date;
        return last == since.Date
            ? since.ToString("d MMM", CultureInfo.InvariantCulture)
            : $"{since.ToString("d MMM", CultureInfo.InvariantCulture)}–{last.ToString("d MMM", CultureInfo.InvariantCulture)}";
    }
}
