using Fulcrum.Core;
using Fulcrum.Core.Calendar;
using Fulcrum.Core.Leverage;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>
/// The calendar audit over HTTP (docs/leverage.md): your calendar (upload, subscription, settings),
/// the audit of a window, and the six-month triage. Everything here is the signed-in person's own:
/// no one else's calendar can be named, so none can be read.
/// </summary>
public static class LeverageEndpoints
{
    public static IEndpointRouteBuilder MapLeverageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/leverage").WithTags("Leverage");
        api.MapGet("calendar", CalendarAsync);
        api.MapPut("calendar", UploadAsync)
            .Accepts<byte[]>("text/calendar", "multipart/form-data", "application/octet-stream", "text/plain")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPut("calendar/subscription", SubscribeAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPatch("calendar/settings", SettingsAsync).ProducesValidationProblem();
        api.MapDelete("calendar", RemoveAsync);
        api.MapGet("audit", AuditAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("triage/{uid}", TriageAsync).ProducesValidationProblem();
        return app;
    }

    private static async Task<Ok<CalendarSummary>> CalendarAsync(Me me, LeverageCalendars calendars, CancellationToken ct) =>
        TypedResults.Ok(await calendars.FindAsync(me.PersonId, ct) ?? throw NoCalendar());

    /// <summary>Stores an .ics file (the body, or the first file of a form) as your calendar, replacing any earlier one.</summary>
    private static async Task<Ok<CalendarSummary>> UploadAsync(
        HttpRequest request, string? name, Me me, LeverageCalendars calendars, IOptions<LeverageOptions> options, CancellationToken ct)
    {
        var limit = options.Value.CalendarLimitBytes;
        if (request.ContentLength > limit)
        {
            throw ProblemException.TooLarge("The calendar is too large", $"A calendar may be up to {options.Value.CalendarLimitMegabytes} MB.");
        }
        byte[] content;
        var fileName = name ?? "calendar.ics";
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.FirstOrDefault(f => f.Length > 0)
                ?? throw ProblemException.InvalidField("file", "Send the .ics file as a form file, or as the request body.", "No file");
            fileName = name ?? file.FileName;
            content = await ReadAsync(file.OpenReadStream(), limit, options.Value, ct);
        }
        else
        {
            content = await ReadAsync(request.Body, limit, options.Value, ct);
        }
        return TypedResults.Ok(await calendars.UploadAsync(me.PersonId, fileName, content, ct));
    }

    private static async Task<Ok<CalendarSummary>> SubscribeAsync(SubscribeRequest request, Me me, LeverageCalendars calendars, CancellationToken ct) =>
        TypedResults.Ok(await calendars.SubscribeAsync(me.PersonId, request.Url ?? "", ct));

    private static async Task<Ok<CalendarSummary>> SettingsAsync(CalendarSettingsRequest request, Me me, LeverageCalendars calendars, CancellationToken ct) =>
        TypedResults.Ok(await calendars.SettingsAsync(me.PersonId, request, ct));

    private static async Task<NoContent> RemoveAsync(Me me, LeverageCalendars calendars, CancellationToken ct) =>
        await calendars.RemoveAsync(me.PersonId, ct) ? TypedResults.NoContent() : throw NoCalendar();

    /// <summary>
    /// The audit of your calendar from <c>from</c> to <c>to</c> (dates, in your calendar's zone; the end
    /// excluded; default the last four weeks and this one), as JSON or, with <c>format=markdown</c>, Markdown.
    /// </summary>
    private static async Task<IResult> AuditAsync(
        string? from, string? to, string? format, Me me, LeverageCalendars calendars, TimeProvider clock, CancellationToken ct)
    {
        var calendar = await calendars.FindAsync(me.PersonId, ct) ?? throw NoCalendar();
        var zone = CalendarTimeZones.FindByName(calendar.TimeZone) ?? DateTimeZone.Utc;
        var (start, end) = LeverageWindow.Of(from, to, zone, clock);
        var audit = await calendars.AuditAsync(me.PersonId, start, end, ct) ?? throw NoCalendar();
        return format?.ToLowerInvariant() switch
        {
            null or "" or "json" => TypedResults.Ok(audit),
            "markdown" => TypedResults.Text(AuditMarkdown.Write(audit.Result), "text/markdown; charset=utf-8"),
            _ => throw ProblemException.InvalidField("format", "Ask for json or markdown."),
        };
    }

    private static async Task<NoContent> TriageAsync(string uid, TriageRequest request, Me me, LeverageCalendars calendars, CancellationToken ct)
    {
        await calendars.SetTriageAsync(me.PersonId, uid, request, ct);
        return TypedResults.NoContent();
    }

    private static async Task<byte[]> ReadAsync(Stream body, long limit, LeverageOptions options, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > limit)
            {
                throw ProblemException.TooLarge("The calendar is too large", $"A calendar may be up to {options.CalendarLimitMegabytes} MB.");
            }
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    private static ProblemException NoCalendar() =>
        ProblemException.NotFound("You have no calendar yet: upload one (PUT /api/v1/leverage/calendar), or subscribe to its address.");
}

/// <summary>The window an audit covers: dates in the leader's zone, the end excluded.</summary>
public static class LeverageWindow
{
    /// <summary>The longest window audited at once: a year and a bit.</summary>
    public const int MostDays = 400;

    /// <summary>By default the four weeks before this one and this one, Monday to Monday.</summary>
    public static (Instant From, Instant To) Of(string? from, string? to, DateTimeZone zone, TimeProvider clock)
    {
        var today = Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(zone).Date;
        var monday = today.PlusDays(-((int)today.DayOfWeek - 1));
        var start = from is null ? monday.PlusWeeks(-4) : ParseDate(from, "from");
        var end = to is null ? (from is null ? monday.PlusWeeks(1) : start.PlusWeeks(5)) : ParseDate(to, "to");
        if (end <= start)
        {
            throw ProblemException.InvalidField("to", "The window must end after it starts.");
        }
        if (Period.Between(start, end, PeriodUnits.Days).Days > MostDays)
        {
            throw ProblemException.InvalidField("to", $"A window is at most {MostDays} days.");
        }
        return (start.AtStartOfDayInZone(zone).ToInstant(), end.AtStartOfDayInZone(zone).ToInstant());
    }

    private static LocalDate ParseDate(string text, string field) =>
        LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } date
            ? date.Value
            : throw ProblemException.InvalidField(field, $"'{(text.Length > 40 ? text[..40] : text)}' is not a date like 2026-03-02.");
}
