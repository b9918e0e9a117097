using Fulcrum.Core.Calendar;
using NodaTime;

namespace Fulcrum.Core.Tests.Calendar;

public class CalendarValuesDurationTests
{
    [Theory]
    [InlineData("P1W", false, 1, 0, 0, 0, 0)]
    [InlineData("-PT15M", true, 0, 0, 0, 15, 0)]
    [InlineData("+PT15M", false, 0, 0, 0, 15, 0)]
    [InlineData("P1DT2H", false, 0, 1, 2, 0, 0)]
    [InlineData("PT0S", false, 0, 0, 0, 0, 0)]
    [InlineData("P15DT5H0M20S", false, 0, 15, 5, 0, 20)]
    [InlineData("PT1H5S", false, 0, 0, 1, 0, 5)]
    [InlineData("P1W2D", false, 1, 2, 0, 0, 0)]
    [InlineData("pt1h30m", false, 0, 0, 1, 30, 0)]
    [InlineData(" P7D ", false, 0, 7, 0, 0, 0)]
    public void Durations_are_read_into_their_parts(string raw, bool negative, int weeks, int days, int hours, int minutes, int seconds)
    {
        Assert.True(CalendarDuration.TryParse(raw, out var duration, out var error), error);
        Assert.Equal(new CalendarDuration(negative, weeks, days, hours, minutes, seconds), duration);
    }

    [Theory]
    [InlineData("P", "'P' is not a duration: it has no parts (PT0S is the empty duration).")]
    [InlineData("PT", "'PT' is not a duration: T must be followed by hours, minutes or seconds.")]
    [InlineData("P1DT", "'P1DT' is not a duration: T must be followed by hours, minutes or seconds.")]
    [InlineData("", "'' is not a duration: it must start with P (or +P, -P), as in PT15M or P1D.")]
    [InlineData("15M", "'15M' is not a duration: it must start with P (or +P, -P), as in PT15M or P1D.")]
    [InlineData("P1M", "'P1M' is not a duration: minutes need a T before them (PT15M); RFC 5545 durations have no months.")]
    [InlineData("P1H", "'P1H' is not a duration: H needs a T before it (as in PT1H).")]
    [InlineData("PT1D", "'PT1D' is not a duration: D cannot come after T.")]
    [InlineData("PT1M1H", "'PT1M1H' is not a duration: H is out of order or repeated (the order is W, D, then T with H, M, S).")]
    [InlineData("P1D1D", "'P1D1D' is not a duration: D is out of order or repeated (the order is W, D, then T with H, M, S).")]
    [InlineData("PT1.5H", "'PT1.5H' is not a duration: '.' is not a unit (W, D, H, M or S).")]
    [InlineData("PT15", "'PT15' is not a duration: the number 15 has no unit (W, D, H, M or S) after it.")]
    [InlineData("PTH", "'PTH' is not a duration: expected a number at 'H'.")]
    [InlineData("P999999999999999999W", "'P999999999999999999W' is not a usable duration: 999999999999999999 is too large (at most 8 digits per part).")]
    public void Bad_durations_are_errors_that_say_why(string raw, string expected)
    {
        Assert.False(CalendarDuration.TryParse(raw, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Nominal_days_and_exact_time_are_signed()
    {
        CalendarDuration.TryParse("-P1W2DT1H30M", out var duration, out _);

        Assert.Equal(-9, duration.NominalDays);
        Assert.Equal(Duration.FromMinutes(-90), duration.ExactTime);
    }

    [Fact]
    public void Adding_puts_the_days_on_the_calendar_then_the_time_on_the_clock()
    {
        CalendarDuration.TryParse("P1DT2H", out var duration, out _);

        // Across the end of March the day stays a calendar day: 31 March 23:00 + 1 day 2 hours.
        Assert.Equal(new LocalDateTime(2026, 4, 2, 1, 0), duration.AddTo(new LocalDateTime(2026, 3, 31, 23, 0)));
    }

    [Fact]
    public void A_negative_duration_moves_back_for_an_alarm_before_the_start()
    {
        CalendarDuration.TryParse("-PT15M", out var trigger, out _);

        Assert.Equal(new LocalDateTime(2026, 3, 1, 8, 45), trigger.AddTo(new LocalDateTime(2026, 3, 1, 9, 0)));
    }

    [Theory]
    [InlineData("P1W", "P1W")]
    [InlineData("-PT15M", "-PT15M")]
    [InlineData("P1DT2H", "P1DT2H")]
    [InlineData("PT0S", "PT0S")]
    [InlineData("P1W2D", "P9D")]
    [InlineData("P15DT5H0M20S", "P15DT5H20S")]
    [InlineData("pt1h30m", "PT1H30M")]
    public void Durations_are_written_in_rfc_form(string raw, string expected)
    {
        CalendarDuration.TryParse(raw, out var duration, out _);

        Assert.Equal(expected, duration.ToString());
    }
}
