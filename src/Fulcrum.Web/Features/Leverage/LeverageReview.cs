using System.Globalization;
using Fulcrum.Core.Calendar;
using Fulcrum.Core.Leverage;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Review;
using NodaTime;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>
/// The audit of the reader's own calendar over whole days [since, until) as the Leverage page makes it
/// from the same from/to in its address (the calendar's zone decides where a day starts), with that
/// address. A calendar is its owner's alone (ADR 0011): only ever the reader's.
/// </summary>
internal static class ReviewAudit
{
    public const string NoCalendar = "You have no calendar in Fulcrum: upload your .ics on the Leverage page to see";

    /// <summary>Four weeks: long enough for the audit to see a 1:1 gap (it flags one over 14 days) and a usual week to compare with.</summary>
    public const int FourWeeks = 28;

    public static async Task<(LeverageAudit Audit, string Href, string Days)> RunAsync(
        LeverageCalendars calendars, CalendarSummary calendar, int personId, DateTime since, DateTime until, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (from, to) = (since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var zone = CalendarTimeZones.FindByName(calendar.TimeZone) ?? DateTimeZone.Utc;
        var (start, end) = LeverageWindow.Of(from, to, zone, clock);
        var audit = await calendars.AuditAsync(personId, start, end, cancellationToken)
            ?? throw new InvalidOperationException("The calendar was removed while the review was made.");
        return (audit, $"/leverage?from={from}&to={to}", ReviewText.Days(since, until));
    }

    public static string Of(CalendarSummary calendar) => $"your calendar {calendar.FileName} (zone {calendar.TimeZone})";
}

/// <summary>
/// Leverage's 1:1 part of the weekly review: the cadence of the reader's 1:1s with each direct report
/// over the four weeks ending the review day (a week is too short to see a gap: the audit flags one
/// over 14 days), read from the reader's own calendar. Null for someone with no direct reports.
/// </summary>
public sealed class OneOnOnesReview(LeverageCalendars calendars, TimeProvider clock) : IReviewSource
{
    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        if (!(await calendars.PeopleAroundAsync(reader.PersonId, cancellationToken)).Any(p => p.DirectReport))
        {
            return null;
        }
        var calendar = await calendars.FindAsync(reader.PersonId, cancellationToken);
        if (calendar is null)
        {
            return new ReviewSection("Leverage", "1:1s", "/leverage", [], $"{ReviewAudit.NoCalendar} your 1:1 cadence with your direct reports.");
        }
        var (audit, href, days) = await ReviewAudit.RunAsync(calendars, calendar, reader.PersonId, reader.Until.AddDays(-ReviewAudit.FourWeeks), reader.Until, clock, cancellationToken);
        var items = audit.Result.OneOnOnes.Select(c => new ReviewItem(
                $"{c.Report.Name}: " + (c.Dates.Count == 0 ? $"no 1:1 in the four weeks {days}."
                    : c.MedianGapDays is double usual ? string.Create(CultureInfo.InvariantCulture, $"{Count(c.Dates.Count, "1:1")}, every {usual:0.#} days on median")
                        + (c.Flagged ? $", but a gap of {Count(c.LongestGapDays, "day")}." : ".")
                    : $"one 1:1, on {c.Dates[0].ToString("d MMM", CultureInfo.InvariantCulture)}{(c.Flagged ? $", {Count(c.LongestGapDays, "day")} ago" : "")}."),
                $"1:1 cadence from {ReviewAudit.Of(calendar)} in Leverage, {days}: {Count(c.Dates.Count, "1:1")} with {c.Report.Name}"
                    + (c.MedianGapDays is double median ? string.Create(CultureInfo.InvariantCulture, $", median gap {median:0.#} days") : "")
                    + $", longest gap {Count(c.LongestGapDays, "day")} (to the end of the window).",
                href, Attention: c.Flagged))
            .ToList();
        return new ReviewSection("Leverage", "1:1s", "/leverage", items, $"Your calendar has no 1:1 with a direct report in {days}.");
    }
}

/// <summary>
/// Leverage's meeting part of the weekly review: the reader's own hours in meetings, focus time and
/// share of high-leverage meeting time over the week reviewed, against the four weeks ending with it.
/// </summary>
public sealed class MeetingLoadReview(LeverageCalendars calendars, TimeProvider clock) : IReviewSource
{
    public async Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken)
    {
        var calendar = await calendars.FindAsync(reader.PersonId, cancellationToken);
        if (calendar is null)
        {
            // A calendar audit is a leader's instrument: a member with no reports and no calendar is not nudged.
            var manages = (await calendars.PeopleAroundAsync(reader.PersonId, cancellationToken)).Any(p => p.DirectReport);
            return reader.Leads || manages
                ? new ReviewSection("Leverage", "Meeting load and leverage share", "/leverage", [], $"{ReviewAudit.NoCalendar} where your time goes.")
                : null;
        }
        var week = await ReviewAudit.RunAsync(calendars, calendar, reader.PersonId, reader.Since, reader.Until, clock, cancellationToken);
        var month = await ReviewAudit.RunAsync(calendars, calendar, reader.PersonId, reader.Until.AddDays(-ReviewAudit.FourWeeks), reader.Until, clock, cancellationToken);
        var perWeek = 7.0 / ReviewAudit.FourWeeks;
        double High(LeverageAudit audit) => audit.Result.Leverage.SingleOrDefault(l => l.Level == LeverageLevel.High)?.Share ?? 0;
        var (w, m) = (week.Audit.Result.Totals, month.Audit.Result.Totals);
        var source = $"Audit of {ReviewAudit.Of(calendar)} in Leverage, {week.Days} against {month.Days} (four weeks, per week): "
            + $"{Count(w.Meetings, "meeting")} and {Count(m.Meetings, "meeting")}";
        var items = new List<ReviewItem>
        {
            new($"Meetings: {DeliveryFormat.Duration(w.MeetingHours)} in {Count(w.Meetings, "meeting")} this week, {DeliveryFormat.Percent(High(week.Audit))} of it high-leverage; "
                    + $"over the four weeks, {DeliveryFormat.Duration(m.MeetingHours * perWeek)} a week, {DeliveryFormat.Percent(High(month.Audit))} high-leverage.",
                $"{source}; overlapping meetings count once, leverage by the meeting's kind (docs/leverage.md).", week.Href),
            new($"Focus time: {DeliveryFormat.Duration(w.Focus)} in blocks of 2 h or more this week, against {DeliveryFormat.Duration(m.Focus * perWeek)} a week over the four weeks; "
                    + $"{DeliveryFormat.Duration(w.AfterHours)} of meetings after hours.",
                $"{source}; focus is free working time in blocks of 2 h or more.", week.Href),
        };
        return new ReviewSection("Leverage", "Meeting load and leverage share", "/leverage", items, "No meetings in your calendar this week.");
    }
}
