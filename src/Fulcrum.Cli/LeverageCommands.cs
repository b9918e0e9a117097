using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fulcrum.Core;
using Fulcrum.Core.Leverage;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Leverage;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace Fulcrum.Cli;

/// <summary>`fulcrum leverage`: the calendar audit of docs/leverage.md, on a file, with no server.</summary>
public static class LeverageCommands
{
    public static Command Build() => new("leverage", "Where a leader's time goes: the calendar audit (docs/leverage.md).")
    {
        Audit(),
    };

    private static Command Audit()
    {
        var file = new Argument<FileInfo>("file") { Description = "Your calendar as an iCalendar file (.ics)." };
        var me = new Option<string>("--me") { Description = "Your address as the calendar's invitations write it.", Required = true };
        var from = new Option<string?>("--from") { Description = "First day (default: the Monday four weeks ago)." };
        var to = new Option<string?>("--to") { Description = "Day after the last (default: next Monday, or five weeks after --from)." };
        var hours = new Option<string>("--working-hours") { Description = "Working hours, HH:mm-HH:mm.", DefaultValueFactory = _ => "09:00-17:00" };
        var days = new Option<string>("--working-days") { Description = "Working days: a range or list, e.g. mon-fri, sun-thu, mon,tue,thu.", DefaultValueFactory = _ => "mon-fri" };
        var zone = CalendarCommands.TimeZoneOption();
        var format = new Option<string>("--format") { Description = "table, json or markdown.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "markdown");
        var command = new Command("audit",
            "Meeting load, focus and fragmented time, after hours, attendee-hours, leverage, and for each meeting whether your presence is essential and what to do. " +
            "Your direct reports and team (for 1:1 cadence and delegation) come from the database when it knows your address.")
        {
            file, me, from, to, hours, days, zone, format,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var timeZone = CalendarCommands.ReadZone(parseResult.GetValue(zone));
            var (workStart, workEnd) = WorkingHours(parseResult.GetValue(hours)!);
            var (start, end) = LeverageWindow.Of(parseResult.GetValue(from), parseResult.GetValue(to), timeZone, TimeProvider.System);
            var document = await CalendarCommands.ReadAsync(parseResult.GetValue(file)!, cancellationToken);
            var address = parseResult.GetValue(me)!.Trim();
            var people = await PeopleAsync(parseResult, address, cancellationToken);
            var workingDays = WorkingDays.Parse(parseResult.GetValue(days)!, out var daysError)
                ?? throw ProblemException.Invalid($"--working-days: {daysError}");
            var settings = new AuditSettings(address, timeZone, workStart, workEnd) { WorkingDays = workingDays, People = people };
            var result = CalendarAudit.Run(document.Occurrences(start, end, timeZone), start, end, settings);
            if (result.Totals.Meetings == 0 && document.Events.Count > 0)
            {
                Console.Error.WriteLine($"note: none of the {document.Events.Count} events is a meeting of {address} in this window; check --me and the window.");
            }
            Console.Write(parseResult.GetValue(format) switch
            {
                "json" => JsonSerializer.Serialize(result, Json) + "\n",
                "markdown" => AuditMarkdown.Write(result),
                _ => Table(result),
            });
            foreach (var problem in document.Problems.Take(ProblemException.ListedLimit))
            {
                Console.Error.WriteLine($"warning: {problem}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (LocalTime, LocalTime) WorkingHours(string text)
    {
        var pattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
        if (text.Split('-', StringSplitOptions.TrimEntries) is [var a, var b]
            && pattern.Parse(a) is { Success: true } start && pattern.Parse(b) is { Success: true } end && end.Value > start.Value)
        {
            return (start.Value, end.Value);
        }
        throw ProblemException.Invalid($"--working-hours: '{text}' is not a range like 09:00-17:00 (the end after the start).");
    }

    /// <summary>
    /// Direct reports and teammates from the organisation model, when a database is named (--database,
    /// --demo, $FULCRUM_DATABASE) or ./fulcrum.db exists and knows the address; otherwise none, said on stderr.
    /// </summary>
    private static async Task<IReadOnlyList<AuditPerson>> PeopleAsync(ParseResult parseResult, string address, CancellationToken cancellationToken)
    {
        var named = parseResult.GetValue(CliDatabase.Option) is not null || parseResult.GetValue(CliDatabase.Demo)
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(DatabaseTarget.EnvironmentVariable));
        if (!named && !File.Exists(DatabaseTarget.DefaultSqlitePath))
        {
            Console.Error.WriteLine("note: no database, so no direct reports: 1:1 cadence and delegation need --database or --demo.");
            return [];
        }
        await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
        var calendars = cli.Get<LeverageCalendars>();
        if (await calendars.PersonIdAsync(address, cancellationToken) is not int personId)
        {
            Console.Error.WriteLine($"note: {address} is not a person in {CliDatabase.Resolve(parseResult).Description}; no direct reports are known.");
            return [];
        }
        return await calendars.PeopleAroundAsync(personId, cancellationToken);
    }

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    private static string Table(AuditResult result)
    {
        var text = new StringBuilder();
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(result.Zone) ?? DateTimeZone.Utc;
        void Line(string line = "") => text.Append(line).Append('\n');
        Line($"Calendar audit of {result.Me}, {result.From.InZone(zone).Date:yyyy-MM-dd} to {result.To.InZone(zone).Date.PlusDays(-1):yyyy-MM-dd} ({result.Zone})");
        Line(AuditMarkdown.Summary(result));
        Line();
        Line($"{"Week of",-11} {"Mtgs",5} {"Hours",6} {"Load",5} {"Focus",6} {"Frag",5} {"After",6} {"Att-h",7}");
        foreach (var w in result.Weeks)
        {
            Line($"{w.Week:yyyy-MM-dd}  {w.Meetings,5} {H(w.MeetingHours),6} {AuditMarkdown.Percent(w.Load),5} {H(w.Focus),6} {H(w.Fragmented),5} {H(w.AfterHours),6} {H(w.AttendeeHours),7}");
        }
        Line();
        Line("Leverage: " + string.Join(", ", result.Leverage.Select(l => $"{l.Level.ToString().ToLowerInvariant()} {H(l.Hours)} h ({AuditMarkdown.Percent(l.Share)})")));
        Line();
        Line($"{"Presence",8}  {"Hours",6}  {"Suggestion",-10}  Meeting");
        foreach (var m in result.Meetings)
        {
            Line($"{m.Score,8}  {H(m.Hours),6}  {AuditMarkdown.Action(m.Action),-10}  {m.Title} ({m.Class.Kind}, {m.Occurrences}×)");
            Line($"{"",28}{m.Advice}");
            if (m.SunsetRule is { } rule)
            {
                Line($"{"",28}{rule}");
            }
        }
        if (result.OneOnOnes.Count > 0)
        {
            Line();
            Line("1:1s with direct reports:");
            foreach (var c in result.OneOnOnes)
            {
                Line($"  {(c.Flagged ? "!" : " ")} {c.Report.Name}: {c.Note}");
            }
        }
        return text.ToString();
    }

    private static string H(double hours) => hours.ToString("0.#", CultureInfo.InvariantCulture);
}
