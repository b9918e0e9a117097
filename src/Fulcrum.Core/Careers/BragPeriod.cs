using System.Globalization;

namespace Fulcrum.Core.Careers;

/// <summary>The days a brag document covers, both included.</summary>
public sealed record BragPeriod(DateOnly From, DateOnly Until)
{
    /// <summary>The six months up to <paramref name="today"/>: what a review usually looks back on.</summary>
    public static BragPeriod LastSixMonths(DateOnly today) => new(today.AddMonths(-6), today);

    /// <summary>
    /// A period from two optional days (yyyy-MM-dd): <paramref name="until"/> defaults to today and
    /// <paramref name="from"/> to six months before it. Refused (unreadable) when either is not a day
    /// or they are the wrong way round.
    /// </summary>
    public static BragPeriod Parse(string? from, string? until, DateOnly today)
    {
        var end = today;
        if (!string.IsNullOrWhiteSpace(until) && !DateOnly.TryParseExact(until.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out end))
        {
            throw Bad($"until: '{until}' is not a date like 2026-12-31.");
        }
        var start = end.AddMonths(-6);
        if (!string.IsNullOrWhiteSpace(from) && !DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            throw Bad($"from: '{from}' is not a date like 2026-07-01.");
        }
        if (start > end)
        {
            throw Bad($"from ({start:yyyy-MM-dd}) is after until ({end:yyyy-MM-dd}).");
        }
        return new(start, end);
    }

    private static ProblemException Bad(string problem) => ProblemException.Unreadable("Bad period", problem);
}
