using System.Globalization;
using System.Text;
using NodaTime;

namespace Fulcrum.Core.Calendar;

/// <summary>
/// An RFC 5545 DURATION (3.3.6) as written: weeks and days are nominal (a day is a calendar day,
/// 23 or 25 hours across a DST change), hours, minutes and seconds are exact. The parts are kept
/// apart because they add differently; all parts are non-negative and <see cref="Negative"/> signs
/// the whole.
/// </summary>
public readonly record struct CalendarDuration(bool Negative, int Weeks, int Days, int Hours, int Minutes, int Seconds)
{
    // Eight digits per part: ample for any calendar (P99999999D is 270,000 years) and small enough
    // that no sum of parts overflows, whatever a file says (invalid_duration.ics asks for 10^18 weeks).
    private const int MaxPartDigits = 8;

    public static CalendarDuration Zero => default;

    /// <summary>Weeks and days as a signed count of calendar days.</summary>
    public int NominalDays => Sign * (Weeks * 7 + Days);

    /// <summary>Hours, minutes and seconds as a signed elapsed time.</summary>
    public Duration ExactTime => Duration.FromSeconds(Sign * ((long)Hours * 3600 + (long)Minutes * 60 + Seconds));

    public bool IsZero => Weeks == 0 && Days == 0 && Hours == 0 && Minutes == 0 && Seconds == 0;

    private int Sign => Negative ? -1 : 1;

    /// <summary>
    /// Adds the nominal days on the calendar, then the exact time on the clock, as RFC 5545 3.3.6 says.
    /// This is wall-clock arithmetic: when the result falls in a DST gap or overlap of a zone, resolving
    /// it is the caller's concern (the caller knows the zone; a duration does not). Throws
    /// <see cref="OverflowException"/> or <see cref="ArgumentOutOfRangeException"/> only past year 9999.
    /// </summary>
    public LocalDateTime AddTo(LocalDateTime start) =>
        start.PlusDays(NominalDays).PlusSeconds(Sign * ((long)Hours * 3600 + (long)Minutes * 60 + Seconds));

    /// <summary>
    /// Reads <c>[+|-]P…</c>: <c>P1W</c>, <c>-PT15M</c>, <c>P1DT2H</c>, <c>PT0S</c>. Strict to RFC 5545 3.3.6
    /// with three tolerances that cannot be misread: weeks combined with days (<c>P1W2D</c>, as ISO 8601
    /// and several writers have it), a skipped time part (<c>PT1H5S</c>, which RFC 5545 would spell
    /// PT1H0M5S) and lower-case letters (<c>pt15m</c>). Refused: an empty <c>P</c> or <c>PT</c>, months,
    /// parts out of order or repeated, fractions, and any part over eight digits.
    /// </summary>
    public static bool TryParse(string? raw, out CalendarDuration duration, out string? error)
    {
        duration = default;
        var text = (raw ?? "").AsSpan().Trim();
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }
        if (i >= text.Length || char.ToUpperInvariant(text[i]) != 'P')
        {
            error = $"'{raw}' is not a duration: it must start with P (or +P, -P), as in PT15M or P1D.";
            return false;
        }
        i++;

        // Designators in the only order allowed; 'T' switches from date parts to time parts.
        const string order = "WDTHMS";
        var lastDesignator = -1;
        var inTime = false;
        var parts = new int[6];
        var anyPart = false;
        var anyTimePart = false;
        while (i < text.Length)
        {
            if (char.ToUpperInvariant(text[i]) == 'T')
            {
                if (inTime)
                {
                    error = $"'{raw}' is not a duration: T appears twice.";
                    return false;
                }
                inTime = true;
                lastDesignator = 2;
                i++;
                continue;
            }
            var digitsStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == digitsStart)
            {
                error = $"'{raw}' is not a duration: expected a number at '{text[i..]}'.";
                return false;
            }
            if (i - digitsStart > MaxPartDigits)
            {
                error = $"'{raw}' is not a usable duration: {text[digitsStart..i]} is too large (at most {MaxPartDigits} digits per part).";
                return false;
            }
            if (i >= text.Length)
            {
                error = $"'{raw}' is not a duration: the number {text[digitsStart..i]} has no unit (W, D, H, M or S) after it.";
                return false;
            }
            var designator = char.ToUpperInvariant(text[i]);
            var index = designator switch
            {
                'W' => 0,
                'D' => 1,
                'H' => 3,
                'M' => inTime ? 4 : -2,
                'S' => 5,
                _ => -1,
            };
            if (index == -2)
            {
                error = $"'{raw}' is not a duration: minutes need a T before them (PT15M); RFC 5545 durations have no months.";
                return false;
            }
            if (index < 0)
            {
                error = $"'{raw}' is not a duration: '{text[i]}' is not a unit (W, D, H, M or S).";
                return false;
            }
            if ((index >= 3) != inTime)
            {
                error = inTime
                    ? $"'{raw}' is not a duration: {order[index]} cannot come after T."
                    : $"'{raw}' is not a duration: {order[index]} needs a T before it (as in PT1H).";
                return false;
            }
            if (index <= lastDesignator)
            {
                error = $"'{raw}' is not a duration: {order[index]} is out of order or repeated (the order is W, D, then T with H, M, S).";
                return false;
            }
            lastDesignator = index;
            parts[index] = int.Parse(text[digitsStart..i], NumberStyles.None, CultureInfo.InvariantCulture);
            anyPart = true;
            anyTimePart |= inTime;
            i++;
        }
        if (inTime && !anyTimePart)
        {
            error = $"'{raw}' is not a duration: T must be followed by hours, minutes or seconds.";
            return false;
        }
        if (!anyPart)
        {
            error = $"'{raw}' is not a duration: it has no parts (PT0S is the empty duration).";
            return false;
        }
        duration = new CalendarDuration(negative, parts[0], parts[1], parts[3], parts[4], parts[5]);
        error = null;
        return true;
    }

    /// <summary>
    /// The RFC 5545 form. Weeks alone stay weeks (<c>P2W</c>); weeks with any other part are written
    /// as days, since RFC 5545 does not allow both (<c>P1W2D</c> becomes <c>P9D</c>).
    /// </summary>
    public override string ToString()
    {
        if (IsZero)
        {
            return "PT0S";
        }
        var builder = new StringBuilder(16);
        if (Negative)
        {
            builder.Append('-');
        }
        builder.Append('P');
        var onlyWeeks = Weeks > 0 && Days == 0 && Hours == 0 && Minutes == 0 && Seconds == 0;
        if (onlyWeeks)
        {
            return builder.Append(CultureInfo.InvariantCulture, $"{Weeks}W").ToString();
        }
        var days = Weeks * 7 + Days;
        if (days > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{days}D");
        }
        if (Hours > 0 || Minutes > 0 || Seconds > 0)
        {
            builder.Append('T');
            if (Hours > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"{Hours}H");
            }
            if (Minutes > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"{Minutes}M");
            }
            if (Seconds > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"{Seconds}S");
            }
        }
        return builder.ToString();
    }
}
