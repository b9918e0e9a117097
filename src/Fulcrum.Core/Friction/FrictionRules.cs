using System.Globalization;

namespace Fulcrum.Core.Friction;

/// <summary>Where a friction item stands: waiting for triage, or what a leader decided (docs/friction.md).</summary>
public enum FrictionStatus
{
    /// <summary>Added, not triaged yet.</summary>
    Open,

    /// <summary>A leader agrees it is worth removing; someone will work on it.</summary>
    Accepted,

    /// <summary>A leader decided not to act on it, and says why in the note.</summary>
    Declined,

    /// <summary>The friction is gone.</summary>
    Removed,
}

/// <summary>A friction item's text as it was asked to be stored (the API's, the form's, the CLI's).</summary>
public sealed record FrictionText(string? Title, string? Detail, string? Where, double? HoursPerWeek);

/// <summary>
/// The friction log's rules, the same for the page, the API and the CLI: what an item may hold,
/// how its status is spelt, who may change it, who may say "me too", and when it waits too long.
/// </summary>
public static class FrictionRules
{
    public const int TitleLength = 200;
    public const int DetailLength = 4_000;
    public const int WhereLength = 200;
    public const int NoteLength = 2_000;

    /// <summary>A week's hours: nobody loses more than that to one thing.</summary>
    public const double MostHoursPerWeek = 168;

    /// <summary>An untriaged item older than this many days asks a leader to act (the weekly review marks it).</summary>
    public const int TriageDueDays = 14;

    public const string Statuses = "open, accepted, declined or removed";

    public static string Text(FrictionStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out FrictionStatus status)
    {
        status = default;
        var trimmed = text?.Trim();
        // Enum.TryParse accepts numbers too ("7"); only the four words are statuses.
        return trimmed is { Length: > 0 } && trimmed.All(char.IsAsciiLetter) && Enum.TryParse(trimmed, ignoreCase: true, out status);
    }

    /// <summary>Every problem with an item's text, by request field (title, detail, where, hoursPerWeek); empty when it can be stored.</summary>
    public static Dictionary<string, string[]> Problems(FrictionText text)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(text.Title))
        {
            problems["title"] = ["Say what gets in the way, in a short title."];
        }
        Check(problems, "title", "A title", text.Title, new TextField(TitleLength));
        if (string.IsNullOrWhiteSpace(text.Detail))
        {
            problems["detail"] = ["Say what happens and what it costs: that is what a leader triages."];
        }
        Check(problems, "detail", "What happens", text.Detail, new TextField(DetailLength, Multiline: true));
        Check(problems, "where", "Where it happens", text.Where, new TextField(WhereLength));
        if (text.HoursPerWeek is double hours && (double.IsNaN(hours) || hours < 0 || hours > MostHoursPerWeek))
        {
            problems["hoursPerWeek"] = [$"Hours lost a week are between 0 and {MostHoursPerWeek.ToString(CultureInfo.InvariantCulture)}."];
        }
        return problems;
    }

    /// <summary>Hours lost a week as a form or the command line gives them ("2", "0.5"); null when none are given.</summary>
    public static double? ParseHours(string? text, string title) =>
        string.IsNullOrWhiteSpace(text) ? null
        : double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) ? hours
        : throw ProblemException.InvalidField("hoursPerWeek", "Give the hours lost a week as a number (2, 0.5).", title);

    /// <summary>The problem with a triage note, or null when it can be stored (a note is optional).</summary>
    public static string? NoteProblem(string? note) =>
        string.IsNullOrWhiteSpace(note) ? null : TextRules.Sentence("A triage note", note.Trim(), new TextField(NoteLength, Multiline: true));

    /// <summary>Why the person may not change an item's text, or null when they may: its author, while it is open.</summary>
    public static string? EditRefusal(FrictionStatus status, int? authorPersonId, int personId) =>
        authorPersonId is not int author || author != personId ? "Only the person who added a friction item changes its text; leaders triage it."
        : status != FrictionStatus.Open ? $"The item is {Text(status)}: its text stays as it was triaged."
        : null;

    /// <summary>
    /// Why the person may not say "me too", or null when they may. The author is counted already;
    /// each person says it once; a removed friction hits nobody any more.
    /// </summary>
    public static string? MeTooRefusal(FrictionStatus status, bool isAuthor, bool alreadySaid) =>
        isAuthor ? "You added this item: it counts you already."
        : alreadySaid ? "You have said it hits you too already."
        : status == FrictionStatus.Removed ? "This friction is removed: it should hit nobody now. Add a new item if it is back."
        : null;

    /// <summary>Whole days an item has waited since it was added.</summary>
    public static int DaysWaiting(DateTime createdAt, DateTime now) => Math.Max(0, (int)(now - createdAt).TotalDays);

    /// <summary>An open item that has waited longer than <see cref="TriageDueDays"/> days.</summary>
    public static bool TriageOverdue(FrictionStatus status, DateTime createdAt, DateTime now) =>
        status == FrictionStatus.Open && DaysWaiting(createdAt, now) > TriageDueDays;

    private static void Check(Dictionary<string, string[]> problems, string field, string subject, string? value, TextField rule)
    {
        if (!problems.ContainsKey(field) && !string.IsNullOrWhiteSpace(value) && TextRules.Sentence(subject, value.Trim(), rule) is { } problem)
        {
            problems[field] = [problem];
        }
    }
}
