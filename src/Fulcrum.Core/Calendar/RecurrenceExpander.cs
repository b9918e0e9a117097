using NodaTime;
using static Fulcrum.Core.Calendar.RecurrenceCalendar;

namespace Fulcrum.Core.Calendar;

/// <summary>
/// One expansion of a rule from one start. It walks the FREQ periods (every INTERVAL-th year, month,
/// week, day, hour, minute or second counted from the start's period), lists the days of each period
/// that pass the day-level parts as day numbers, pairs them with the period's times of day, applies
/// BYSETPOS to that sorted set by index arithmetic, and yields what is at or after the start.
/// Whether a BYxxx part expands or limits (RFC 5545 page 44) falls out of this: a part finer than FREQ
/// supplies values, a part at FREQ or coarser filters the period's candidates.
/// Buffers are allocated once per expansion and reused for every period.
/// </summary>
internal sealed class RecurrenceExpander
{
    private const long SecondsPerDay = 86400;

    private readonly RecurrenceFrequency _frequency;
    private readonly int _interval;
    private readonly int? _count;
    private readonly Func<LocalDateTime, bool>? _isPastUntil;
    private readonly long _untilKey = long.MaxValue;
    private readonly long _startKey;
    private readonly int _startYear;
    private readonly bool _byWeekYear;
    private readonly bool _byMonthGiven;
    private readonly long _startMonthIndex;
    private readonly int _startDay;
    private readonly int _weekStart;
    private readonly long _startWeekDay;
    private readonly long _startUnit;
    private readonly int _unitSeconds;
    private readonly bool _nothing;

    private readonly bool _hasMonth, _hasWeekNo, _hasYearDay, _hasMonthDay, _hasDay, _hasHour, _hasMinute, _hasSecond;
    private readonly bool[] _monthMask = new bool[13];
    // Allocated only for the parts the rule has: a thousand series expanded together should not pay for masks they never read.
    private readonly bool[] _weekNoPositive = [], _weekNoNegative = [];
    private readonly bool[] _yearDayPositive = [], _yearDayNegative = [];
    private readonly bool[] _monthDayPositive = new bool[32], _monthDayNegative = new bool[32];
    private readonly bool[] _weekdays = new bool[7];
    private readonly bool[] _hourMask = new bool[24], _minuteMask = new bool[60], _secondMask = new bool[60];

    // Numbered weekdays (1MO, -1FR) when they count within a month or year; otherwise they act as plain weekdays.
    private readonly (int Weekday, int Ordinal)[] _ordinals;
    private readonly bool _ordinalsActive;
    private readonly bool[] _ordinalDays = [];
    private readonly int[] _markedDays;
    private int _markedCount;

    // Seconds of the day for DAILY and coarser; offsets within the hour or minute for HOURLY and MINUTELY.
    private readonly int[] _times;
    private readonly int[] _setPositions;
    private readonly long[] _selected;

    // The days of one period: up to 371 for a week-numbering year (YEARLY with BYWEEKNO).
    private readonly int[] _days;
    private int _dayCount;
    private readonly int[] _subDailyTimes;
    private int[] _periodTimes;

    private long _period;
    private readonly long _phaseDivisor;
    private readonly bool[]? _deadPhases;
    private long _livePhasesLeft;
    private bool _lastDayHadPeriod;
    private long _lastDay = -1;
    private bool _lastDayMatches;
    private YearInfo _recentYear = new(), _olderYear = new();

    public RecurrenceExpander(RecurrenceRule rule, LocalDateTime start, Func<LocalDateTime, bool>? isPastUntil, LocalDateTime? notBefore)
    {
        _frequency = rule.Frequency;
        _interval = Math.Max(1, rule.Interval);
        _count = rule.Count;
        _isPastUntil = isPastUntil;
        _startMonthIndex = start.Year * 12L + start.Month - 1;
        _startDay = DayNumber(start.Year, start.Month, start.Day);
        var startSecond = start.Hour * 3600 + start.Minute * 60 + start.Second;
        _startKey = _startDay * SecondsPerDay + startSecond;
        _weekStart = (int)rule.WeekStart - 1;
        _startWeekDay = _startDay - (Weekday(_startDay) - _weekStart + 7) % 7;
        _unitSeconds = _frequency switch
        {
            RecurrenceFrequency.Hourly => 3600,
            RecurrenceFrequency.Minutely => 60,
            _ => 1,
        };
        _startUnit = _startKey / _unitSeconds;
        // Instances fall on whole seconds; with a fraction of a second in DTSTART, its own second is already before it.
        _startKey += start.NanosecondOfSecond > 0 ? 1 : 0;
        if (isPastUntil is null && rule.Until is { } until)
        {
            var untilDay = DayNumber(until.Local.Year, until.Local.Month, until.Local.Day);
            _untilKey = until.IsDate
                ? (untilDay + 1) * SecondsPerDay - 1
                : untilDay * SecondsPerDay + until.Local.Hour * 3600 + until.Local.Minute * 60 + until.Local.Second;
        }

        _hasMonth = _byMonthGiven = FillPositive(rule.ByMonth, _monthMask, 1, 12);
        if (rule.ByWeekNo.Count > 0)
        {
            (_weekNoPositive, _weekNoNegative) = (new bool[54], new bool[54]);
        }
        _hasWeekNo = FillSigned(rule.ByWeekNo, _weekNoPositive, _weekNoNegative, 53);
        // With BYWEEKNO a YEARLY rule's periods are week-numbering years, as libical counts them: weeks
        // belong to one year each, and INTERVAL counts from the week-year DTSTART's week is in.
        _byWeekYear = _frequency == RecurrenceFrequency.Yearly && _hasWeekNo;
        _startYear = _byWeekYear ? WeekYearOf(_startDay) : start.Year;
        if (rule.ByYearDay.Count > 0)
        {
            (_yearDayPositive, _yearDayNegative) = (new bool[367], new bool[367]);
        }
        _hasYearDay = FillSigned(rule.ByYearDay, _yearDayPositive, _yearDayNegative, 366);
        _hasMonthDay = FillSigned(rule.ByMonthDay, _monthDayPositive, _monthDayNegative, 31);
        _hasHour = FillPositive(rule.ByHour, _hourMask, 0, 23);
        _hasMinute = FillPositive(rule.ByMinute, _minuteMask, 0, 59);
        // A leap second (60) cannot be a LocalDateTime, so it names no instant here.
        _hasSecond = FillPositive(rule.BySecond, _secondMask, 0, 59);

        _ordinalsActive = _frequency == RecurrenceFrequency.Monthly || (_frequency == RecurrenceFrequency.Yearly && !_hasWeekNo);
        var ordinals = new List<(int, int)>();
        foreach (var day in rule.ByDay)
        {
            var weekday = (int)day.Day - 1;
            if (weekday is < 0 or > 6)
            {
                continue;
            }
            if (day.Ordinal == 0 || !_ordinalsActive)
            {
                _weekdays[weekday] = true;
            }
            else if (Math.Abs(day.Ordinal) <= 53)
            {
                ordinals.Add((weekday, day.Ordinal));
            }
        }
        _hasDay = rule.ByDay.Count > 0;
        _ordinals = [.. ordinals];
        _markedDays = new int[_ordinals.Length * 12];
        if (_ordinals.Length > 0)
        {
            _ordinalDays = new bool[366];
        }
        _days = new int[_frequency switch
        {
            RecurrenceFrequency.Yearly => 371,
            RecurrenceFrequency.Monthly => 31,
            RecurrenceFrequency.Weekly => 7,
            _ => 1,
        }];

        // What the rule leaves out comes from DTSTART (RFC 5545 3.3.10). A YEARLY rule with only BYWEEKNO
        // takes DTSTART's weekday within those weeks, as libical does (python-dateutil takes every day).
        var hasDayParts = _hasWeekNo || _hasYearDay || _hasMonthDay || _hasDay;
        var startWeekday = Weekday(_startDay);
        if (_frequency == RecurrenceFrequency.Yearly)
        {
            if (_hasWeekNo && !_hasYearDay && !_hasMonthDay && !_hasDay)
            {
                _weekdays[startWeekday] = _hasDay = true;
            }
            else if (!hasDayParts)
            {
                if (!_hasMonth)
                {
                    _monthMask[start.Month] = _hasMonth = true;
                }
                _monthDayPositive[start.Day] = _hasMonthDay = true;
            }
            else if (_hasMonthDay && !_hasMonth && !_hasWeekNo && !_hasYearDay)
            {
                // A day of the month but no month: the month is DTSTART's, as libical reads RFC 5545's
                // "derived from DTSTART" (python-dateutil takes every month instead).
                _monthMask[start.Month] = _hasMonth = true;
            }
        }
        else if (_frequency == RecurrenceFrequency.Monthly && !hasDayParts)
        {
            _monthDayPositive[start.Day] = _hasMonthDay = true;
        }
        else if (_frequency == RecurrenceFrequency.Weekly && !hasDayParts)
        {
            _weekdays[startWeekday] = _hasDay = true;
        }

        var hours = _hasHour ? Indexes(_hourMask) : [start.Hour];
        var minutes = _hasMinute ? Indexes(_minuteMask) : [start.Minute];
        var seconds = _hasSecond ? Indexes(_secondMask) : [start.Second];
        _times = _frequency switch
        {
            RecurrenceFrequency.Secondly => [0],
            RecurrenceFrequency.Minutely => seconds,
            RecurrenceFrequency.Hourly => Product(minutes, 60, seconds),
            _ => Product(Product(hours, 60, minutes), 60, seconds),
        };
        _subDailyTimes = new int[_times.Length];
        _periodTimes = _times;
        _nothing = _times.Length == 0 || hours.Length == 0 || minutes.Length == 0 || seconds.Length == 0;

        var positions = new List<int>();
        foreach (var position in rule.BySetPos)
        {
            if (position != 0)
            {
                positions.Add(position);
            }
        }
        _setPositions = [.. positions];
        _selected = new long[_setPositions.Length];
        // Day numbers count from 0001-01-01; a start before that is no calendar anyone keeps.
        _nothing |= start.Year < 1;
        // A rule built in code may say COUNT=0 (the parser refuses it): that is no instances, not endless ones.
        _nothing |= _count <= 0;
        if (_setPositions.Length > 0 && !_nothing)
        {
            // BYSETPOS positions beyond the largest set a period can hold pick nothing, ever; saying so
            // here stops the expansion scanning to year 9999 for instances that cannot come.
            var largestSet = (long)_times.Length * _frequency switch
            {
                RecurrenceFrequency.Yearly => 371,
                RecurrenceFrequency.Monthly => 31,
                RecurrenceFrequency.Weekly => 7,
                _ => 1,
            };
            _nothing = !positions.Exists(p => Math.Abs((long)p) <= largestSet);
        }

        if (_frequency < RecurrenceFrequency.Daily)
        {
            // Which units of a day the INTERVAL lands on repeats every INTERVAL / gcd(INTERVAL, units a day)
            // days. Once days in every phase of that cycle passed the day-level parts yet no unit passed
            // BYHOUR/BYMINUTE/BYSECOND, none ever will (e.g. SECONDLY;INTERVAL=60;BYSECOND=5 from :00).
            // Past 100,000 phases the interval is so long that stepping period by period is cheap anyway.
            var unitsPerDay = SecondsPerDay / _unitSeconds;
            var divisor = Gcd(_interval, unitsPerDay);
            var phases = _interval / divisor;
            if (phases <= 100_000)
            {
                _phaseDivisor = divisor;
                _deadPhases = new bool[phases];
                _livePhasesLeft = phases;
            }
        }

        if (notBefore is { } wanted && _count is null && wanted > start)
        {
            _period = FirstPeriodFor(wanted);
        }
    }

    public IEnumerable<LocalDateTime> Run()
    {
        if (_nothing)
        {
            yield break;
        }
        long produced = 0;
        while (NextPeriod())
        {
            var dayCount = _dayCount;
            var timeCount = _periodTimes.Length;
            if (dayCount == 0)
            {
                continue;
            }
            var total = (long)dayCount * timeCount;
            var chosen = _setPositions.Length == 0 ? total : SelectPositions(total);
            for (long k = 0; k < chosen; k++)
            {
                var index = _setPositions.Length == 0 ? k : _selected[k];
                var day = _days[index / timeCount];
                var time = _periodTimes[index % timeCount];
                var key = day * SecondsPerDay + time;
                if (key < _startKey)
                {
                    continue;
                }
                if (key > _untilKey)
                {
                    yield break;
                }
                var (year, month, dayOfMonth) = Civil(day);
                var instance = new LocalDateTime(year, month, dayOfMonth, time / 3600, time / 60 % 60, time % 60);
                if (_isPastUntil is not null && _isPastUntil(instance))
                {
                    yield break;
                }
                yield return instance;
                if (++produced == _count)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>Fills the days and times of the next period; false once past year 9999 or past UNTIL.</summary>
    private bool NextPeriod()
    {
        _dayCount = 0;
        switch (_frequency)
        {
            case RecurrenceFrequency.Yearly:
                {
                    var year = _startYear + _period++ * _interval;
                    if (year > 9999 || PeriodIsPastUntil(DayNumber((int)year, 1, 1) + (_byWeekYear ? FirstWeekStart((int)year) : 0)))
                    {
                        return false;
                    }
                    if (_byWeekYear)
                    {
                        var last = Math.Min(DayNumber((int)year + 1, 1, 1) + FirstWeekStart((int)year + 1), MaxDay + 1);
                        for (var day = DayNumber((int)year, 1, 1) + FirstWeekStart((int)year); day < last; day++)
                        {
                            var dayYear = YearOfDay(day);
                            if (DayMatches(dayYear, day - dayYear.Jan1))
                            {
                                _days[_dayCount++] = day;
                            }
                        }
                        return true;
                    }
                    var info = Year((int)year);
                    // Numbered weekdays count within the month only when the rule itself names BYMONTH
                    // (RFC 5545); a month taken from DTSTART still leaves them counting through the year.
                    var yearWide = _ordinals.Length > 0 && !_byMonthGiven;
                    if (yearWide)
                    {
                        MarkOrdinals(info, 0, info.Length);
                    }
                    if (_hasMonth)
                    {
                        for (var month = 1; month <= 12; month++)
                        {
                            if (_monthMask[month])
                            {
                                CollectDays(info, MonthStart[info.Leap][month - 1], MonthStart[info.Leap][month], yearWide);
                            }
                        }
                    }
                    else
                    {
                        CollectDays(info, 0, info.Length, yearWide);
                    }
                    if (yearWide)
                    {
                        ClearOrdinals();
                    }
                    return true;
                }
            case RecurrenceFrequency.Monthly:
                {
                    var monthIndex = _startMonthIndex + _period++ * _interval;
                    var year = monthIndex / 12;
                    var month = (int)(monthIndex % 12) + 1;
                    if (year > 9999 || PeriodIsPastUntil(DayNumber((int)year, month, 1)))
                    {
                        return false;
                    }
                    if (!_hasMonth || _monthMask[month])
                    {
                        var info = Year((int)year);
                        CollectDays(info, MonthStart[info.Leap][month - 1], MonthStart[info.Leap][month]);
                    }
                    return true;
                }
            case RecurrenceFrequency.Weekly:
                {
                    var weekStart = _startWeekDay + _period++ * 7L * _interval;
                    if (weekStart > MaxDay || PeriodIsPastUntil(weekStart))
                    {
                        return false;
                    }
                    for (var day = (int)weekStart; day < weekStart + 7 && day <= MaxDay; day++)
                    {
                        var info = YearOfDay(day);
                        if (DayMatches(info, day - info.Jan1))
                        {
                            _days[_dayCount++] = day;
                        }
                    }
                    return true;
                }
            case RecurrenceFrequency.Daily:
                {
                    var day = _startDay + _period++ * _interval;
                    if (day > MaxDay || PeriodIsPastUntil(day))
                    {
                        return false;
                    }
                    var info = YearOfDay((int)day);
                    if (DayMatches(info, (int)day - info.Jan1))
                    {
                        _days[_dayCount++] = (int)day;
                    }
                    return true;
                }
            default:
                return NextSubDailyPeriod();
        }
    }

    /// <summary>
    /// HOURLY, MINUTELY and SECONDLY: one period per unit, but a day that fails the day-level parts, an
    /// hour outside BYHOUR or a minute outside BYMINUTE is jumped over whole, so nothing steps second by
    /// second through days that cannot match.
    /// </summary>
    private bool NextSubDailyPeriod()
    {
        var unitsPerDay = SecondsPerDay / _unitSeconds;
        while (true)
        {
            var unit = _startUnit + _period * _interval;
            var day = unit / unitsPerDay;
            if (day > MaxDay)
            {
                return false;
            }
            if (day != _lastDay)
            {
                if (_lastDayMatches && !_lastDayHadPeriod && _deadPhases is not null && MarkPhaseDead(_lastDay, unitsPerDay))
                {
                    return false;
                }
                if (PeriodIsPastUntil(day))
                {
                    return false;
                }
                // The first day is entered part-way through, so it says nothing about its phase.
                _lastDayHadPeriod = _lastDay < 0;
                _lastDay = day;
                var info = YearOfDay((int)day);
                _lastDayMatches = DayMatches(info, (int)day - info.Jan1);
            }
            if (!_lastDayMatches)
            {
                _period = FirstPeriodAtOrAfter((day + 1) * unitsPerDay);
                continue;
            }
            var second = (int)(unit - day * unitsPerDay) * _unitSeconds;
            var hour = second / 3600;
            var minute = second / 60 % 60;
            if (_hasHour && !_hourMask[hour])
            {
                _period = FirstPeriodAtOrAfter(day * unitsPerDay + (hour + 1) * 3600 / _unitSeconds);
                continue;
            }
            if (_frequency != RecurrenceFrequency.Hourly && _hasMinute && !_minuteMask[minute])
            {
                _period = FirstPeriodAtOrAfter(day * unitsPerDay + (hour * 3600 + (minute + 1) * 60) / _unitSeconds);
                continue;
            }
            if (_frequency == RecurrenceFrequency.Secondly && _hasSecond && !_secondMask[second % 60])
            {
                _period++;
                continue;
            }
            _period++;
            _lastDayHadPeriod = true;
            var periodStart = _frequency switch
            {
                RecurrenceFrequency.Hourly => hour * 3600,
                RecurrenceFrequency.Minutely => hour * 3600 + minute * 60,
                _ => second,
            };
            for (var i = 0; i < _times.Length; i++)
            {
                _subDailyTimes[i] = periodStart + _times[i];
            }
            _periodTimes = _subDailyTimes;
            _days[0] = (int)day;
            _dayCount = 1;
            return true;
        }
    }

    /// <summary>Records that days in this day's phase yield nothing; true once every phase is dead.</summary>
    private bool MarkPhaseDead(long day, long unitsPerDay)
    {
        var offset = ((_startUnit - day * unitsPerDay) % _interval + _interval) % _interval;
        var phase = (int)(offset / _phaseDivisor);
        if (!_deadPhases![phase])
        {
            _deadPhases[phase] = true;
            _livePhasesLeft--;
        }
        return _livePhasesLeft == 0;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return a;
    }

    private long FirstPeriodAtOrAfter(long unit) =>
        unit <= _startUnit ? 0 : (unit - _startUnit + _interval - 1) / _interval;

    private long FirstPeriodFor(LocalDateTime wanted)
    {
        var day = DayNumber(wanted.Year, wanted.Month, wanted.Day);
        return _frequency switch
        {
            RecurrenceFrequency.Yearly => ((_byWeekYear ? WeekYearOf(day) : wanted.Year) - _startYear) / _interval,
            RecurrenceFrequency.Monthly => (wanted.Year * 12L + wanted.Month - 1 - _startMonthIndex) / _interval,
            RecurrenceFrequency.Weekly => (day - (Weekday(day) - _weekStart + 7) % 7 - _startWeekDay) / (7L * _interval),
            RecurrenceFrequency.Daily => (day - _startDay) / _interval,
            _ => ((day * SecondsPerDay + wanted.Hour * 3600 + wanted.Minute * 60 + wanted.Second) / _unitSeconds - _startUnit) / _interval,
        };
    }

    /// <summary>True when a period starting on this day can hold nothing at or before UNTIL.</summary>
    private bool PeriodIsPastUntil(long day)
    {
        if (day * SecondsPerDay > _untilKey)
        {
            return true;
        }
        if (_isPastUntil is null || day > MaxDay)
        {
            return false;
        }
        var (year, month, dayOfMonth) = Civil((int)day);
        return _isPastUntil(new LocalDateTime(year, month, dayOfMonth, 0, 0));
    }

    /// <summary>
    /// Adds the matching days of [from, to) to the period. Numbered weekdays count within that range,
    /// unless <paramref name="ordinalsMarked"/> says the caller marked them over the whole year.
    /// </summary>
    private void CollectDays(YearInfo info, int from, int to, bool ordinalsMarked = false)
    {
        if (_ordinals.Length > 0 && !ordinalsMarked)
        {
            MarkOrdinals(info, from, to);
        }
        for (var doy = from; doy < to; doy++)
        {
            if (DayMatches(info, doy))
            {
                _days[_dayCount++] = info.Jan1 + doy;
            }
        }
        if (!ordinalsMarked)
        {
            ClearOrdinals();
        }
    }

    private void ClearOrdinals()
    {
        for (var i = 0; i < _markedCount; i++)
        {
            _ordinalDays[_markedDays[i]] = false;
        }
        _markedCount = 0;
    }

    /// <summary>Marks the nth weekdays of the range: a month (MONTHLY, or YEARLY with BYMONTH) or the year.</summary>
    private void MarkOrdinals(YearInfo info, int from, int to)
    {
        foreach (var (weekday, ordinal) in _ordinals)
        {
            int doy;
            if (ordinal > 0)
            {
                doy = from + (weekday - Weekday(info.Jan1 + from) + 7) % 7 + (ordinal - 1) * 7;
                if (doy >= to)
                {
                    continue;
                }
            }
            else
            {
                doy = to - 1 - (Weekday(info.Jan1 + to - 1) - weekday + 7) % 7 + (ordinal + 1) * 7;
                if (doy < from)
                {
                    continue;
                }
            }
            if (!_ordinalDays[doy])
            {
                _ordinalDays[doy] = true;
                _markedDays[_markedCount++] = doy;
            }
        }
    }

    private bool DayMatches(YearInfo info, int doy)
    {
        var leap = info.Leap;
        if (_hasMonth && !_monthMask[MonthOfYearDay[leap][doy]])
        {
            return false;
        }
        if (_hasWeekNo && !info.WeekNumbers![doy])
        {
            return false;
        }
        if (_hasYearDay && !_yearDayPositive[doy + 1] && !_yearDayNegative[info.Length - doy])
        {
            return false;
        }
        if (_hasMonthDay)
        {
            var dayOfMonth = DayOfYearDay[leap][doy];
            var month = MonthOfYearDay[leap][doy];
            var monthLength = MonthStart[leap][month] - MonthStart[leap][month - 1];
            if (!_monthDayPositive[dayOfMonth] && !_monthDayNegative[monthLength - dayOfMonth + 1])
            {
                return false;
            }
        }
        return !_hasDay || _weekdays[Weekday(info.Jan1 + doy)] || (_ordinalDays.Length > 0 && _ordinalDays[doy]);
    }

    private long SelectPositions(long total)
    {
        var count = 0;
        foreach (var position in _setPositions)
        {
            var index = position > 0 ? position - 1L : total + position;
            if (index >= 0 && index < total)
            {
                _selected[count++] = index;
            }
        }
        Array.Sort(_selected, 0, count);
        var unique = 0;
        for (var i = 0; i < count; i++)
        {
            if (unique == 0 || _selected[unique - 1] != _selected[i])
            {
                _selected[unique++] = _selected[i];
            }
        }
        return unique;
    }

    private YearInfo YearOfDay(int day)
    {
        if (day >= _recentYear.Jan1 && day < _recentYear.Jan1 + _recentYear.Length)
        {
            return _recentYear;
        }
        if (day >= _olderYear.Jan1 && day < _olderYear.Jan1 + _olderYear.Length)
        {
            return _olderYear;
        }
        return Year(Civil(day).Year);
    }

    private YearInfo Year(int year)
    {
        if (_recentYear.Year == year)
        {
            return _recentYear;
        }
        if (_olderYear.Year == year)
        {
            return _olderYear;
        }
        var info = _olderYear;
        _olderYear = _recentYear;
        _recentYear = info;
        info.Year = year;
        info.Jan1 = DayNumber(year, 1, 1);
        info.Leap = IsLeap(year) ? 1 : 0;
        info.Length = 365 + info.Leap;
        if (_hasWeekNo)
        {
            FillWeekNumbers(info);
        }
        return info;
    }

    /// <summary>
    /// Which days of the year fall in a BYWEEKNO week. Weeks start on WKST and week 1 is the first with at
    /// least four days in the year (ISO 8601), so the first days of January may belong to the previous
    /// year's last week and the last days of December to the next year's week 1; each day is judged by
    /// the week it is in, and negative numbers count back from that week-year's last week.
    /// </summary>
    private void FillWeekNumbers(YearInfo info)
    {
        info.WeekNumbers ??= new bool[366];
        var year = info.Year;
        var firstWeek = FirstWeekStart(year);
        var previousFirstWeek = FirstWeekStart(year - 1);
        var previousLength = IsLeap(year - 1) ? 366 : 365;
        var weeks = (info.Length - firstWeek + FirstWeekStart(year + 1)) / 7;
        var previousWeeks = (previousLength - previousFirstWeek + firstWeek) / 7;
        var nextWeeks = ((IsLeap(year + 1) ? 366 : 365) - FirstWeekStart(year + 1) + FirstWeekStart(year + 2)) / 7;
        for (var doy = 0; doy < info.Length; doy++)
        {
            int week, weeksInYear;
            if (doy < firstWeek)
            {
                week = (doy + previousLength - previousFirstWeek) / 7 + 1;
                weeksInYear = previousWeeks;
            }
            else
            {
                week = (doy - firstWeek) / 7 + 1;
                weeksInYear = weeks;
                if (week > weeks)
                {
                    week = 1;
                    weeksInYear = nextWeeks;
                }
            }
            info.WeekNumbers[doy] = _weekNoPositive[week] || _weekNoNegative[weeksInYear + 1 - week];
        }
    }

    private int WeekYearOf(int day)
    {
        var year = Civil(day).Year;
        var doy = day - DayNumber(year, 1, 1);
        if (doy < FirstWeekStart(year))
        {
            return year - 1;
        }
        return doy >= (IsLeap(year) ? 366 : 365) + FirstWeekStart(year + 1) ? year + 1 : year;
    }

    /// <summary>The day of the year (from 0; negative when in December before) that week 1 starts on.</summary>
    private int FirstWeekStart(int year)
    {
        var january1 = DayNumber(year, 1, 1);
        var offset = ((Weekday(january1) - _weekStart) % 7 + 7) % 7;
        return offset <= 3 ? -offset : 7 - offset;
    }

    private static bool FillPositive(IReadOnlyList<int> values, bool[] mask, int min, int max)
    {
        foreach (var value in values)
        {
            if (value >= min && value <= max)
            {
                mask[value] = true;
            }
        }
        return values.Count > 0;
    }

    private static bool FillSigned(IReadOnlyList<int> values, bool[] positive, bool[] negative, int max)
    {
        foreach (var value in values)
        {
            if (value >= 1 && value <= max)
            {
                positive[value] = true;
            }
            else if (value <= -1 && value >= -max)
            {
                negative[-value] = true;
            }
        }
        return values.Count > 0;
    }

    private static int[] Indexes(bool[] mask)
    {
        var values = new List<int>();
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                values.Add(i);
            }
        }
        return [.. values];
    }

    private static int[] Product(int[] outer, int scale, int[] inner)
    {
        var product = new int[outer.Length * inner.Length];
        var k = 0;
        foreach (var o in outer)
        {
            foreach (var i in inner)
            {
                product[k++] = o * scale + i;
            }
        }
        return product;
    }

    private sealed class YearInfo
    {
        public int Year = int.MinValue;
        public int Jan1 = int.MinValue;
        public int Length;
        public int Leap;
        public bool[]? WeekNumbers;
    }
}
