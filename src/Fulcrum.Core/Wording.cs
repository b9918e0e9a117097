using System.Globalization;

namespace Fulcrum.Core;

/// <summary>Small pieces of the sentences Fulcrum writes for people, kept in one place so every module words them alike.</summary>
public static class Wording
{
    /// <summary>"1 story", "3 stories": the count with the noun it counts (digits in the invariant culture).</summary>
    public static string Count(int count, string one, string? many = null) =>
        count == 1 ? $"1 {one}" : $"{count.ToString(CultureInfo.InvariantCulture)} {many ?? one + "s"}";

    /// <summary>"12.5%": a share between 0 and 1 as a percentage with at most one decimal.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>"3.5 h" below two days, "2.1 days" from there: a duration given in hours, as people read it.</summary>
    public static string Hours(double hours) => hours < 48
        ? hours.ToString("0.#", CultureInfo.InvariantCulture) + " h"
        : (hours / 24).ToString("0.#", CultureInfo.InvariantCulture) + " days";
}
