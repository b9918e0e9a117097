using System.Globalization;

namespace Fulcrum.Core;

/// <summary>Small pieces of the sentences Fulcrum writes for people, kept in one place so every module words them alike.</summary>
public static class Wording
{
    /// <summary>"1 story", "3 stories": the count with the noun it counts (digits in the invariant culture).</summary>
    public static string Count(int count, string one, string? many = null) =>
        count == 1 ? $"1 {one}" : $"{count.ToString(CultureInfo.InvariantCulture)} {many ?? one + "s"}";
}
