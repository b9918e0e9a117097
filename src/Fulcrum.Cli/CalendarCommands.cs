using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Core.Calendar;
using NodaTime;
using NodaTime.Text;

namespace Fulcrum.Cli;

/// <summary>`fulcrum calendar`: read iCalendar files (RFC 5545) with Fulcrum's own engine; no database needed.</summary>
public static class CalendarCommands
{
    public static Command Build() => new("calendar", "Read iCalendar (.ics) files: every occurrence of their events in a window, and what in them could not be read.")
    {
        Occurrences(), Check(),
    };

    private static Command Occurrences()
    {
        var file = new Argument<FileInfo>("file") { Description = "An iCalendar file (.ics), as Google, Outlook or Apple export it." };
        var from = new Option<string?>("--from") { Description = "Start of the window: a date (2026-03-01, midnight in --time-zone) or a date-time with Z or an offset (default: today)." };
        var to = new Option<string?>("--to") { Description = "End of the window, excluded (default: 30 days after --from)." };
        var zone = TimeZoneOption();
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("occurrences", "Every occurrence of the file's events that overlaps the window, recurring series expanded, ordered by start.")
        {
            file, from, to, zone, format,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var timeZone = ReadZone(parseResult.GetValue(zone));
            var (start, end) = Window(parseResult.GetValue(from), parseResult.GetValue(to), timeZone);
            var document = await ReadAsync(parseResult.GetValue(file)!, cancellationToken);
            var occurrences = document.Occurrences(start, end, timeZone);
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(Json(occurrences, document, timeZone));
            }
            else
            {
                Console.Write(Table(occurrences, timeZone, start, end));
            }
            WriteProblems(document);
            return 0;
        });
        return command;
    }

    private static Command Check()
    {
        var file = new Argument<FileInfo>("file") { Description = "An iCalendar file (.ics)." };
        var command = new Command("check", "Read the file and list what could not be read, with line numbers; exit 1 when anything could not.") { file };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var document = await ReadAsync(parseResult.GetValue(file)!, cancellationToken);
            var recurring = document.Events.Count(e => e.IsRecurring);
            var overrides = document.Events.Count(e => e.RecurrenceId is not null);
            Console.WriteLine($"{Wording.Count(document.Events.Count, "event")} ({recurring} recurring, {Wording.Count(overrides, "changed instance")}), "
                + $"{Wording.Count(document.Calendars.Sum(c => c.ComponentsNamed("VTIMEZONE").Count()), "time zone")} defined.");
            WriteProblems(document);
            return document.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
        });
        return command;
    }

    public static Option<string?> TimeZoneOption() =>
        new("--time-zone") { Description = "IANA zone (Europe/Paris) for dates, floating times and the table (default: this machine's zone)." };

    public static DateTimeZone ReadZone(string? name)
    {
        if (name is null)
        {
            return DateTimeZoneProviders.Tzdb.GetSystemDefault();
        }
        return CalendarTimeZones.FindByName(name)
            ?? throw ProblemException.Invalid($"--time-zone: '{name}' is not a time zone; use an IANA name such as Europe/Paris or America/New_York.");
    }

    /// <summary>The window asked for: dates are midnight in <paramref name="zone"/>; the end is excluded.</summary>
    public static (Instant From, Instant To) Window(string? fromText, string? toText, DateTimeZone zone, int defaultDays = 30)
    {
        var from = fromText is null
            ? SystemClock.Instance.GetCurrentInstant().InZone(zone).Date.AtStartOfDayInZone(zone).ToInstant()
            : ParseInstant(fromText, "--from", zone);
        var to = toText is null ? from + NodaTime.Duration.FromDays(defaultDays) : ParseInstant(toText, "--to", zone);
        if (to <= from)
        {
            throw ProblemException.Invalid($"--to ({toText}) must be after --from ({fromText ?? "today"}).");
        }
        return (from, to);
    }

    private static Instant ParseInstant(string text, string option, DateTimeZone zone)
    {
        var trimmed = text.Trim();
        if (LocalDatePattern.Iso.Parse(trimmed) is { Success: true } date)
        {
            return date.Value.AtStartOfDayInZone(zone).ToInstant();
        }
        if (OffsetDateTimePattern.ExtendedIso.Parse(trimmed.Replace('z', 'Z').Replace('t', 'T')) is { Success: true } instant)
        {
            return instant.Value.ToInstant();
        }
        if (LocalDateTimePattern.ExtendedIso.Parse(trimmed.Replace('t', 'T')) is { Success: true } local)
        {
            return local.Value.InZone(zone, CalendarTimeZones.Rfc5545).ToInstant();
        }
        throw ProblemException.Invalid($"{option}: '{text}' is not a date like 2026-03-01 or a date-time like 2026-03-01T09:00:00Z.");
    }

    public static async Task<CalendarDocument> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw ProblemException.NotFound($"No such file: {file.FullName}");
        }
        var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        var document = CalendarDocument.Read(bytes);
        if (document.Calendars.Count == 0)
        {
            foreach (var problem in document.Problems.Take(ProblemException.ListedLimit))
            {
                Console.Error.WriteLine($"{file.Name}:{problem}");
            }
            throw ProblemException.Unreadable("Not a calendar", $"{file.Name} has no BEGIN:VCALENDAR; it is not an iCalendar file.");
        }
        return document;
    }

    private static void WriteProblems(CalendarDocument document)
    {
        foreach (var problem in document.Problems.Take(ProblemException.ListedLimit))
        {
            Console.Error.WriteLine($"warning: {problem}");
        }
        if (document.Problems.Count > ProblemException.ListedLimit)
        {
            Console.Error.WriteLine($"warning: … and {document.Problems.Count - ProblemException.ListedLimit} more problems.");
        }
    }

    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>
    /// JSON as documented: <c>uid</c>, <c>recurrenceId</c> (null for a one-off event), <c>start</c> and
    /// <c>end</c> in UTC (<c>2026-03-01T09:00:00Z</c>), all-day events as dates with the end excluded (as DTEND is).
    /// </summary>
    private static string Json(IReadOnlyList<CalendarOccurrence> occurrences, CalendarDocument document, DateTimeZone zone)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Indented))
        {
            writer.WriteStartArray();
            foreach (var occurrence in occurrences)
            {
                writer.WriteStartObject();
                writer.WriteString("uid", occurrence.Uid);
                if (occurrence.RecurrenceId is { } id)
                {
                    writer.WriteString("recurrenceId", id.IsDate ? Date(id.Date) : Utc(document.TimeZones.ToInstant(id, zone)));
                }
                else
                {
                    writer.WriteNull("recurrenceId");
                }
                if (occurrence.Dates is { } dates)
                {
                    writer.WriteString("start", Date(dates.Start));
                    writer.WriteString("end", Date(occurrence.End.InZone(zone).Date));
                }
                else
                {
                    writer.WriteString("start", Utc(occurrence.Start));
                    writer.WriteString("end", Utc(occurrence.End));
                }
                writer.WriteString("summary", occurrence.Event.Summary);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Utc(Instant instant) => InstantPattern.General.Format(instant);

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Table(IReadOnlyList<CalendarOccurrence> occurrences, DateTimeZone zone, Instant from, Instant to)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Wording.Count(occurrences.Count, "occurrence")} from {from.InZone(zone):yyyy-MM-dd HH:mm} to {to.InZone(zone):yyyy-MM-dd HH:mm} ({zone.Id})");
        foreach (var occurrence in occurrences)
        {
            var start = occurrence.Start.InZone(zone);
            var when = occurrence.Dates is { } dates
                ? (dates.Length == 1 ? $"{dates.Start:yyyy-MM-dd ddd}  all day    " : $"{dates.Start:yyyy-MM-dd ddd}  to {dates.End:MM-dd}   ")
                : $"{start:yyyy-MM-dd ddd}  {start:HH:mm}–{occurrence.End.InZone(zone):HH:mm}";
            text.AppendLine(CultureInfo.InvariantCulture, $"{when}  {occurrence.Event.Summary ?? "(no title)"}");
        }
        return text.ToString();
    }
}
