using System.Globalization;
using Fulcrum.Core;
using Fulcrum.Core.Calendar;
using Fulcrum.Core.Leverage;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>A leader's stored calendar as the page and the API show it (not its content).</summary>
public sealed record CalendarSummary(
    string FileName, string? SubscriptionUrl, int Events, int Problems, DateTime ImportedAt, DateTime? FetchedAt, string? LastError,
    string Address, string TimeZone, string WorkStart, string WorkEnd, string WorkDays);

/// <summary>How to read the calendar: a field left null stays as it is.</summary>
/// <param name="WorkDays">Working days: a range or list, <c>mon-fri</c>, <c>sun-thu</c>, <c>mon,tue,thu</c>.</param>
public sealed record CalendarSettingsRequest(string? Address = null, string? TimeZone = null, string? WorkStart = null, string? WorkEnd = null, string? WorkDays = null);

public sealed record SubscribeRequest(string Url);

public sealed record TriageRequest(string Choice, string? Title = null);

/// <summary>The six-month question over the window: hours in meetings marked lead, follow, or not yet marked.</summary>
public sealed record TriageSplit(double Lead, double Follow, double Unmarked);

/// <summary>The audit with what it was made from: the calendar, what in it could not be read, and the triage marks.</summary>
public sealed record LeverageAudit(CalendarSummary Calendar, AuditResult Result, IReadOnlyList<string> Problems, IReadOnlyDictionary<string, string> Triage, TriageSplit Split);

/// <summary>
/// Each leader's calendar: upload, subscription, how to read it, and the audit. Every method takes
/// the signed-in person's id: a calendar is private to its owner (docs/leverage.md, "Privacy").
/// </summary>
public sealed class LeverageCalendars(FulcrumDbContext db, TimeProvider clock, IOptions<LeverageOptions> options, CalendarFetcher fetcher)
{
    public const string Lead = "lead";
    public const string Follow = "follow";

    private static readonly LocalTimePattern HourMinute = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>The person's calendar without its file (which can be megabytes), or null.</summary>
    public async Task<CalendarSummary?> FindAsync(int personId, CancellationToken cancellationToken = default)
    {
        var calendar = await db.LeverageCalendars.AsNoTracking().Where(c => c.PersonId == personId)
            .Select(c => new LeverageCalendar
            {
                PersonId = c.PersonId, FileName = c.FileName, SubscriptionUrl = c.SubscriptionUrl, Content = Array.Empty<byte>(),
                Events = c.Events, Problems = c.Problems, Address = c.Address, TimeZone = c.TimeZone, WorkStart = c.WorkStart,
                WorkEnd = c.WorkEnd, WorkDays = c.WorkDays, ImportedAt = c.ImportedAt, FetchedAt = c.FetchedAt, LastError = c.LastError,
            })
            .SingleOrDefaultAsync(cancellationToken);
        return calendar is null ? null : Summary(calendar, await EmailAsync(personId, cancellationToken));
    }

    /// <summary>Stores an uploaded file in place of any earlier one (a subscription ends); refused when it is not a calendar or is too large.</summary>
    public async Task<CalendarSummary> UploadAsync(int personId, string fileName, byte[] content, CancellationToken cancellationToken = default)
    {
        var document = Read(content, "file");
        return await StoreAsync(personId, TrimName(fileName), null, content, document, cancellationToken);
    }

    /// <summary>Subscribes to an ICS address: fetched now (a failure stores nothing) and again every refresh interval.</summary>
    public async Task<CalendarSummary> SubscribeAsync(int personId, string url, CancellationToken cancellationToken = default)
    {
        var address = CalendarFetcher.Address(url);
        var content = await fetcher.FetchAsync(address, cancellationToken);
        var document = Read(content, "url");
        var name = TrimName(Path.GetFileName(address.AbsolutePath) is { Length: > 0 } file ? file : address.Host);
        return await StoreAsync(personId, name, address.ToString(), content, document, cancellationToken, fetched: true);
    }

    public async Task<CalendarSummary> SettingsAsync(int personId, CalendarSettingsRequest request, CancellationToken cancellationToken = default)
    {
        var calendar = await LoadAsync(personId, cancellationToken);
        var fields = new Dictionary<string, string[]>();
        if (request.Address is { } address)
        {
            var trimmed = address.Trim();
            if (trimmed.Length == 0)
            {
                calendar.Address = null;
            }
            else if (trimmed.Length > 256 || !trimmed.Contains('@', StringComparison.Ordinal) || !TextRules.Fits(trimmed))
            {
                fields["address"] = ["Give the email address your calendar's invitations use, e.g. lea@example.com."];
            }
            else
            {
                calendar.Address = trimmed;
            }
        }
        if (request.TimeZone is { } zone)
        {
            if (CalendarTimeZones.FindByName(zone) is { } found && zone.Trim().Length <= 64)
            {
                calendar.TimeZone = found.Id;
            }
            else
            {
                fields["timeZone"] = [$"'{Shorten(zone)}' is not a time zone; use an IANA name such as Europe/Paris."];
            }
        }
        var start = request.WorkStart is null ? Parse(calendar.WorkStart) : ParseHours(request.WorkStart, "workStart", fields);
        var end = request.WorkEnd is null ? Parse(calendar.WorkEnd) : ParseHours(request.WorkEnd, "workEnd", fields);
        if (start is { } s && end is { } e && e <= s)
        {
            fields["workEnd"] = ["Working hours must end after they start."];
        }
        if (request.WorkDays is { } workDays)
        {
            if (WorkingDays.Parse(workDays, out var daysError) is { } days)
            {
                calendar.WorkDays = WorkingDays.Format(days);
            }
            else
            {
                fields["workDays"] = [daysError!];
            }
        }
        if (fields.Count > 0)
        {
            throw ProblemException.InvalidFields("The settings were not saved", fields);
        }
        calendar.WorkStart = HourMinute.Format(start!.Value);
        calendar.WorkEnd = HourMinute.Format(end!.Value);
        await db.SaveChangesAsync(cancellationToken);
        return Summary(calendar, await EmailAsync(personId, cancellationToken));
    }

    public async Task<bool> RemoveAsync(int personId, CancellationToken cancellationToken = default)
    {
        var removed = await db.LeverageCalendars.Where(c => c.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await db.LeverageTriage.Where(t => t.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        return removed > 0;
    }

    /// <summary>Marks a meeting lead or follow (the six-month question); an empty choice clears the mark.</summary>
    public async Task SetTriageAsync(int personId, string uid, TriageRequest request, CancellationToken cancellationToken = default)
    {
        var choice = request.Choice.Trim().ToLowerInvariant();
        if (choice is not (Lead or Follow or ""))
        {
            throw ProblemException.InvalidField("choice", "Choose lead, follow, or nothing to clear the mark.");
        }
        if (uid.Length is 0 or > LeverageTriage.MaxUidLength || !TextRules.Fits(uid))
        {
            throw ProblemException.InvalidField("uid", $"A meeting's UID is 1 to {LeverageTriage.MaxUidLength} characters.");
        }
        var existing = await db.LeverageTriage.SingleOrDefaultAsync(t => t.PersonId == personId && t.MeetingUid == uid, cancellationToken);
        if (choice.Length == 0)
        {
            if (existing is not null)
            {
                db.LeverageTriage.Remove(existing);
            }
        }
        else
        {
            var title = Clean(request.Title, LeverageTriage.MaxTitleLength, uid);
            if (existing is null)
            {
                db.LeverageTriage.Add(new LeverageTriage { PersonId = personId, MeetingUid = uid, Title = title, Choice = choice, UpdatedAt = clock.GetUtcNow().UtcDateTime });
            }
            else
            {
                existing.Choice = choice;
                existing.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The audit of the person's calendar over [from, to); null when they have no calendar.</summary>
    public async Task<LeverageAudit?> AuditAsync(int personId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        var calendar = await db.LeverageCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.PersonId == personId, cancellationToken);
        if (calendar is null)
        {
            return null;
        }
        var summary = Summary(calendar, await EmailAsync(personId, cancellationToken));
        var zone = CalendarTimeZones.FindByName(summary.TimeZone) ?? DateTimeZone.Utc;
        var document = CalendarDocument.Read(calendar.Content);
        var settings = new AuditSettings(summary.Address, zone, Parse(summary.WorkStart)!.Value, Parse(summary.WorkEnd)!.Value)
        {
            WorkingDays = WorkingDays.Parse(summary.WorkDays, out _) ?? WorkingDays.MondayToFriday,
            People = await PeopleAroundAsync(personId, cancellationToken),
        };
        var result = CalendarAudit.Run(document.Occurrences(from, to, zone), from, to, settings);
        var triage = await db.LeverageTriage.AsNoTracking().Where(t => t.PersonId == personId)
            .ToDictionaryAsync(t => t.MeetingUid, t => t.Choice, StringComparer.Ordinal, cancellationToken);
        var split = new TriageSplit(
            Math.Round(result.Meetings.Where(m => triage.GetValueOrDefault(m.Uid) == Lead).Sum(m => m.Hours), 2),
            Math.Round(result.Meetings.Where(m => triage.GetValueOrDefault(m.Uid) == Follow).Sum(m => m.Hours), 2),
            Math.Round(result.Meetings.Where(m => !triage.ContainsKey(m.Uid)).Sum(m => m.Hours), 2));
        return new LeverageAudit(summary, result, [.. document.Problems.Take(ProblemException.ListedLimit).Select(p => p.ToString())], triage, split);
    }

    /// <summary>
    /// The people the audit can name for a person: their direct reports (with a link to their growth
    /// plan, which a manager may read) and the other members of their team.
    /// </summary>
    public async Task<IReadOnlyList<AuditPerson>> PeopleAroundAsync(int personId, CancellationToken cancellationToken = default)
    {
        var teamId = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.TeamId).SingleAsync(cancellationToken);
        var people = await db.People.AsNoTracking()
            .Where(p => p.Id != personId && (p.ManagerId == personId || (teamId != null && p.TeamId == teamId)))
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.Email, p.ManagerId, p.TeamId })
            .ToListAsync(cancellationToken);
        return [.. people.Select(p => new AuditPerson(p.Name, p.Email, p.ManagerId == personId, teamId != null && p.TeamId == teamId,
            p.ManagerId == personId ? $"/careers/growth/{p.Id}" : null))];
    }

    /// <summary>The id of the person with this email (case-insensitive), or null.</summary>
    public async Task<int?> PersonIdAsync(string email, CancellationToken cancellationToken = default)
    {
        var normalised = email.Trim().ToLowerInvariant();
        return await db.People.AsNoTracking().Where(p => p.Email.ToLower() == normalised).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Fetches every subscription not fetched within the refresh interval; a failure keeps the last good file and records why.</summary>
    public async Task<int> RefreshDueAsync(CancellationToken cancellationToken = default)
    {
        var due = clock.GetUtcNow().UtcDateTime - options.Value.RefreshInterval;
        var calendars = await db.LeverageCalendars.Where(c => c.SubscriptionUrl != null && (c.FetchedAt == null || c.FetchedAt < due))
            .OrderBy(c => c.FetchedAt).Take(100).ToListAsync(cancellationToken);
        foreach (var calendar in calendars)
        {
            calendar.FetchedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                var content = await fetcher.FetchAsync(new Uri(calendar.SubscriptionUrl!), cancellationToken);
                var document = Read(content, "url");
                calendar.Content = content;
                calendar.Events = document.Events.Count;
                calendar.Problems = document.Problems.Count;
                calendar.ImportedAt = calendar.FetchedAt.Value;
                calendar.LastError = null;
            }
            catch (ProblemException e)
            {
                calendar.LastError = Shorten(e.Message, LeverageCalendar.MaxErrorLength);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        return calendars.Count;
    }

    private async Task<CalendarSummary> StoreAsync(int personId, string fileName, string? url, byte[] content, CalendarDocument document,
        CancellationToken cancellationToken, bool fetched = false)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var calendar = await db.LeverageCalendars.SingleOrDefaultAsync(c => c.PersonId == personId, cancellationToken);
        if (calendar is null)
        {
            calendar = new LeverageCalendar
            {
                PersonId = personId, FileName = fileName, Content = content, WorkStart = "09:00", WorkEnd = "17:00",
                TimeZone = GuessZone(document),
            };
            db.LeverageCalendars.Add(calendar);
        }
        calendar.FileName = fileName;
        calendar.SubscriptionUrl = url;
        calendar.Content = content;
        calendar.Events = document.Events.Count;
        calendar.Problems = document.Problems.Count;
        calendar.ImportedAt = now;
        calendar.FetchedAt = fetched ? now : null;
        calendar.LastError = null;
        await db.SaveChangesAsync(cancellationToken);
        return Summary(calendar, await EmailAsync(personId, cancellationToken));
    }

    /// <summary>Reads the file once to refuse what is not a calendar; problems in a calendar are kept and shown, not refused.</summary>
    private CalendarDocument Read(byte[] content, string field)
    {
        if (content.LongLength > options.Value.CalendarLimitBytes)
        {
            throw CalendarFetcher.TooLarge(options.Value);
        }
        var document = CalendarDocument.Read(content);
        if (document.Calendars.Count == 0)
        {
            throw ProblemException.Invalid("Not a calendar", document.Problems.Count > 0 ? document.Problems : [new ProblemEntry("The file has no BEGIN:VCALENDAR.")],
                $"The {field} is not an iCalendar (.ics) file: it has no BEGIN:VCALENDAR.");
        }
        return document;
    }

    /// <summary>Google writes the calendar's zone as X-WR-TIMEZONE; otherwise UTC until the leader says.</summary>
    private static string GuessZone(CalendarDocument document) =>
        document.Calendars.Select(c => c.Property("X-WR-TIMEZONE")?.Value).OfType<string>()
            .Select(CalendarTimeZones.FindByName).OfType<DateTimeZone>().FirstOrDefault()?.Id ?? DateTimeZone.Utc.Id;

    private async Task<LeverageCalendar> LoadAsync(int personId, CancellationToken cancellationToken) =>
        await db.LeverageCalendars.SingleOrDefaultAsync(c => c.PersonId == personId, cancellationToken)
            ?? throw ProblemException.NotFound("You have no calendar yet: upload one, or subscribe to its address.");

    private async Task<string> EmailAsync(int personId, CancellationToken cancellationToken) =>
        await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Email).SingleAsync(cancellationToken);

    private static CalendarSummary Summary(LeverageCalendar c, string email) =>
        new(c.FileName, c.SubscriptionUrl, c.Events, c.Problems, c.ImportedAt, c.FetchedAt, c.LastError, c.Address ?? email,
            c.TimeZone ?? DateTimeZone.Utc.Id, c.WorkStart, c.WorkEnd, c.WorkDays ?? WorkingDays.Format(WorkingDays.MondayToFriday));

    private static LocalTime? Parse(string text) => HourMinute.Parse(text) is { Success: true } parsed ? parsed.Value : null;

    private static LocalTime? ParseHours(string text, string field, Dictionary<string, string[]> fields)
    {
        if (Parse(text.Trim()) is { } time)
        {
            return time;
        }
        fields[field] = [$"'{Shorten(text)}' is not a time like 09:00."];
        return null;
    }

    private static string TrimName(string name) => Clean(name, LeverageCalendar.MaxFileNameLength, "calendar.ics");

    /// <summary>A name to store from what a client sent: control characters dropped, trimmed, <paramref name="fallback"/> when nothing is left, shortened to fit.</summary>
    private static string Clean(string? text, int length, string fallback)
    {
        var clean = new string((text ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return Shorten(clean.Length == 0 ? fallback : clean, length);
    }

    private static string Shorten(string text, int length = 60) =>
        text.Length <= length ? text : text[..(length - 1)] + "…";

    internal static string Format(LocalTime time) => HourMinute.Format(time);

    internal static string Hours(double hours) => hours.ToString("0.#", CultureInfo.InvariantCulture);
}
