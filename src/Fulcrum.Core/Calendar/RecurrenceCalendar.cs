namespace Fulcrum.Core.Calendar;

/// <summary>
/// Proleptic Gregorian arithmetic on day numbers (0 = 0001-01-01, a Monday), so the expansion can
/// step and compare days as plain integers instead of building dates it may throw away.
/// </summary>
internal static class RecurrenceCalendar
{
    // Days from 0001-01-01 to 1970-01-01: the civil-from-days formulas below count from 1970.
    private const int UnixEpochDay = 719162;

    public const int MaxDay = 3652058; // 9999-12-31

    /// <summary>Month (1..12) of each zero-based day of the year, for common [0] and leap [1] years.</summary>
    public static readonly byte[][] MonthOfYearDay = [BuildMonths(false), BuildMonths(true)];

    /// <summary>Day of the month (1..31) of each zero-based day of the year.</summary>
    public static readonly byte[][] DayOfYearDay = [BuildDays(false), BuildDays(true)];

    /// <summary>Zero-based day of the year each month starts on; index 12 is the year's length.</summary>
    public static readonly short[][] MonthStart = [BuildStarts(false), BuildStarts(true)];

    public static bool IsLeap(int year) => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    /// <summary>0 = Monday … 6 = Sunday, the ISO order (also for the days before 0001-01-01 that week numbering peeks at).</summary>
    public static int Weekday(int day) => (day % 7 + 7) % 7;

    // Howard Hinnant's days_from_civil, shifted to count from 0001-01-01.
    public static int DayNumber(int year, int month, int day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - era * 400;
        var dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468 + UnixEpochDay;
    }

    public static (int Year, int Month, int Day) Civil(int dayNumber)
    {
        var z = dayNumber - UnixEpochDay + 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var dayOfEra = z - era * 146097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        var day = dayOfYear - (153 * mp + 2) / 5 + 1;
        var month = mp < 10 ? mp + 3 : mp - 9;
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day);
    }

    public static int YearOf(int dayNumber) => Civil(dayNumber).Year;

    // A switch, not a table: the tables above are built from this during static initialisation.
    private static int MonthLength(int month, bool leap) => month switch
    {
        2 => leap ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static short[] BuildStarts(bool leap)
    {
        var starts = new short[13];
        for (var m = 1; m <= 12; m++)
        {
            starts[m] = (short)(starts[m - 1] + MonthLength(m, leap));
        }
        return starts;
    }

    private static byte[] BuildMonths(bool leap)
    {
        var months = new byte[366];
        var doy = 0;
        for (var m = 1; m <= 12; m++)
        {
            for (var d = 1; d <= MonthLength(m, leap); d++)
            {
                months[doy++] = (byte)m;
            }
        }
        return months;
    }

    private static byte[] BuildDays(bool leap)
    {
        var days = new byte[366];
        var doy = 0;
        for (var m = 1; m <= 12; m++)
        {
            for (var d = 1; d <= MonthLength(m, leap); d++)
            {
                days[doy++] = (byte)d;
            }
        }
        return days;
    }
}
