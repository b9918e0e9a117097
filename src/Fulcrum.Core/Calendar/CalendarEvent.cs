using NodaTime;

namespace Fulcrum.Core.Calendar;

public enum EventStatus
{
    None,
    Tentative,
    Confirmed,
    Cancelled,
}

/// <summary>
/// A VEVENT read into what the audit needs (RFC 5545 3.6.1), with the component it came from for
/// everything else (X- properties included). A value that cannot be read is a problem naming its
/// line; the event is kept when what is left still makes sense, and dropped (with a problem) when
/// it has no usable DTSTART.
/// </summary>
public sealed record CalendarEvent
{
    public required string Uid { get; init; }
    public required CalendarDateTime Start { get; init; }

    /// <summary>DTEND as written, when the event has one.</summary>
    public CalendarDateTime? End { get; init; }

    /// <summary>DURATION as written, when the event has one (and no DTEND).</summary>
    public CalendarDuration? Duration { get; init; }

    public string? Summary { get; init; }
    public string? Description { get; init; }
    public string? Location { get; init; }
    public EventStatus Status { get; init; }

    /// <summary>TRANSP:TRANSPARENT: shown but not busy time.</summary>
    public bool Transparent { get; init; }

    public CalendarAttendee? Organizer { get; init; }
    public IReadOnlyList<CalendarAttendee> Attendees { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<RecurrenceRule> Rules { get; init; } = [];
    public IReadOnlyList<CalendarPeriod> RecurrenceDates { get; init; } = [];
    public IReadOnlyList<CalendarDateTime> ExceptionDates { get; init; } = [];

    /// <summary>Set on an override of one instance of a series (or, with <see cref="ThisAndFuture"/>, of it and every later one).</summary>
    public CalendarDateTime? RecurrenceId { get; init; }
    public bool ThisAndFuture { get; init; }
    public int Sequence { get; init; }

    public required CalendarComponent Source { get; init; }

    public bool IsAllDay => Start.IsDate;
    public bool IsRecurring => Rules.Count > 0 || RecurrenceDates.Count > 0;

    /// <summary>Reads a VEVENT; null (with a problem) when it has no usable start.</summary>
    public static CalendarEvent? From(CalendarComponent component, ICollection<CalendarProblem> problems)
    {
        var startProperty = component.Property("DTSTART");
        if (startProperty is null)
        {
            problems.Add(new CalendarProblem(component.Line, "VEVENT has no DTSTART; it is skipped."));
            return null;
        }
        if (!ReadDateTime(startProperty, problems, out var start))
        {
            problems.Add(new CalendarProblem(component.Line, "VEVENT has no usable DTSTART; it is skipped."));
            return null;
        }
        var uid = component.Property("UID")?.Value.Trim();
        if (string.IsNullOrEmpty(uid))
        {
            // RFC 5545 requires a UID; files written by hand often lack one. The line keeps it unique in the file.
            uid = $"line-{component.Line}";
            problems.Add(new CalendarProblem(component.Line, $"VEVENT has no UID; it is called '{uid}'."));
        }

        CalendarDateTime? end = null;
        CalendarDuration? duration = null;
        if (component.Property("DTEND") is { } endProperty && ReadDateTime(endProperty, problems, out var endValue))
        {
            if (endValue.IsDate != start.IsDate)
            {
                problems.Add(new CalendarProblem(endProperty.Line, "DTEND must be a date when DTSTART is a date, and a date-time when it is a date-time; it is ignored."));
            }
            else if (endValue.Kind == start.Kind && endValue.TimeZoneId == start.TimeZoneId && endValue.Local < start.Local)
            {
                problems.Add(new CalendarProblem(endProperty.Line, $"DTEND {endValue} is before DTSTART {start}; the event is read as having no length."));
            }
            else
            {
                end = endValue;
            }
        }
        else if (component.Property("DURATION") is { } durationProperty)
        {
            if (CalendarDuration.TryParse(durationProperty.Value.Trim(), out var parsed, out var error))
            {
                if (parsed.Negative)
                {
                    problems.Add(new CalendarProblem(durationProperty.Line, $"DURATION {durationProperty.Value} is negative; the event is read as having no length."));
                }
                else
                {
                    duration = parsed;
                }
            }
            else
            {
                problems.Add(new CalendarProblem(durationProperty.Line, $"DURATION: {error}"));
            }
        }

        var rules = new List<RecurrenceRule>();
        foreach (var property in component.PropertiesNamed("RRULE"))
        {
            if (RecurrenceRule.Parse(property.Value.Trim(), out var error) is not { } rule)
            {
                problems.Add(new CalendarProblem(property.Line, $"RRULE: {error} The rule is ignored."));
                continue;
            }
            var check = rule.Check(start.Local);
            if (check.Count > 0)
            {
                foreach (var sentence in check)
                {
                    problems.Add(new CalendarProblem(property.Line, $"RRULE: {sentence}"));
                }
            }
            rules.Add(rule);
        }

        var recurrenceDates = new List<CalendarPeriod>();
        foreach (var property in component.PropertiesNamed("RDATE"))
        {
            ReadRecurrenceDates(property, problems, recurrenceDates);
        }
        var exceptionDates = new List<CalendarDateTime>();
        foreach (var property in component.PropertiesNamed("EXDATE"))
        {
            if (CalendarValues.TryParseDateTimeList(property.Value.Trim(), property.Parameter("VALUE"), property.Parameter("TZID"), out var dates, out var error))
            {
                exceptionDates.AddRange(dates);
            }
            else
            {
                problems.Add(new CalendarProblem(property.Line, $"EXDATE: {error}"));
            }
        }

        CalendarDateTime? recurrenceId = null;
        var thisAndFuture = false;
        if (component.Property("RECURRENCE-ID") is { } idProperty && ReadDateTime(idProperty, problems, out var id))
        {
            recurrenceId = id;
            thisAndFuture = string.Equals(idProperty.Parameter("RANGE"), "THISANDFUTURE", StringComparison.OrdinalIgnoreCase);
        }

        return new CalendarEvent
        {
            Uid = uid,
            Start = start,
            End = end,
            Duration = duration,
            Summary = Text(component, "SUMMARY"),
            Description = Text(component, "DESCRIPTION"),
            Location = Text(component, "LOCATION"),
            Status = (component.Property("STATUS")?.Value.Trim().ToUpperInvariant()) switch
            {
                "TENTATIVE" => EventStatus.Tentative,
                "CONFIRMED" => EventStatus.Confirmed,
                "CANCELLED" => EventStatus.Cancelled,
                _ => EventStatus.None,
            },
            Transparent = string.Equals(component.Property("TRANSP")?.Value.Trim(), "TRANSPARENT", StringComparison.OrdinalIgnoreCase),
            Organizer = component.Property("ORGANIZER") is { } organizer ? CalendarAttendee.From(organizer) : null,
            Attendees = [.. component.PropertiesNamed("ATTENDEE").Select(CalendarAttendee.From).OfType<CalendarAttendee>()],
            Categories = [.. component.PropertiesNamed("CATEGORIES").SelectMany(p => CalendarValues.SplitText(p.Value)).Where(c => c.Length > 0)],
            Rules = rules,
            RecurrenceDates = recurrenceDates,
            ExceptionDates = exceptionDates,
            RecurrenceId = recurrenceId,
            ThisAndFuture = thisAndFuture,
            Sequence = component.Property("SEQUENCE") is { } sequence && CalendarValues.TryParseInteger(sequence.Value.Trim(), out var number, out _) ? number : 0,
            Source = component,
        };
    }

    /// <summary>
    /// How long each occurrence lasts, as RFC 5545 3.8.5.3 says: a DTEND gives every instance the
    /// same exact length (for dates, the same number of days); a DURATION is added to each instance's
    /// start (days in local time); neither is one day for a date and no time for a date-time.
    /// </summary>
    internal CalendarDuration? NominalLength => Duration ?? (End is null ? (IsAllDay ? new CalendarDuration(false, 0, 1, 0, 0, 0) : new CalendarDuration(false, 0, 0, 0, 0, 0)) : null);

    private static string? Text(CalendarComponent component, string name) =>
        component.Property(name) is { } property && CalendarValues.TryParseText(property.Value, out var text) ? text : null;

    private static bool ReadDateTime(CalendarProperty property, ICollection<CalendarProblem> problems, out CalendarDateTime value)
    {
        if (CalendarValues.TryParseDateTime(property, out value, out var error))
        {
            return true;
        }
        problems.Add(new CalendarProblem(property.Line, $"{property.Name}: {error}"));
        return false;
    }

    private static void ReadRecurrenceDates(CalendarProperty property, ICollection<CalendarProblem> problems, List<CalendarPeriod> into)
    {
        var valueType = property.Parameter("VALUE");
        var tzid = property.Parameter("TZID");
        if (string.Equals(valueType, "PERIOD", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var part in property.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (CalendarValues.TryParsePeriod(part, tzid, out var period, out var error) && period is not null)
                {
                    into.Add(period);
                }
                else
                {
                    problems.Add(new CalendarProblem(property.Line, $"RDATE: {error}"));
                }
            }
            return;
        }
        if (CalendarValues.TryParseDateTimeList(property.Value.Trim(), valueType, tzid, out var dates, out var listError))
        {
            into.AddRange(dates.Select(date => new CalendarPeriod(date, null, null)));
        }
        else
        {
            problems.Add(new CalendarProblem(property.Line, $"RDATE: {listError}"));
        }
    }
}
