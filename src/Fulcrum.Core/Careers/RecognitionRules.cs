namespace Fulcrum.Core.Careers;

/// <summary>A kudos as the rules accept it: texts trimmed, competencies as ids of the ladder.</summary>
public sealed record CheckedKudos(string Message, string? Link, string? WorkItem, IReadOnlyList<string> Competencies);

/// <summary>An achievement as the rules accept it.</summary>
public sealed record CheckedAchievement(string Title, string? Detail, string? Link, IReadOnlyList<string> Competencies);

/// <summary>
/// What kudos and achievements need (docs/careers.md, "Recognition"). Refusals are
/// <see cref="ProblemException"/>s with every problem named, in the words the pages and the API show.
/// </summary>
public static class RecognitionRules
{
    public const int MaxMessageLength = 2000;
    public const int MaxTitleLength = 300;
    public const int MaxLinkLength = 500;
    public const int MaxWorkItemLength = 200;

    /// <summary>What a work item's id named by a kudos may be: checked before it is looked up, as PostgreSQL
    /// refuses a NUL even in a query.</summary>
    public static TextField WorkItemField { get; } = new(MaxWorkItemLength);

    private static readonly TextField MessageField = new(MaxMessageLength, Multiline: true);
    private static readonly TextField TitleField = new(MaxTitleLength);
    private static readonly TextField LinkField = new(MaxLinkLength);

    private const string NotGiven = "The kudos was not given";

    /// <summary>The receiver's email, trimmed; a kudos without one is refused before anything else.</summary>
    public static string Receiver(string? to)
    {
        var email = to?.Trim() ?? "";
        if (email.Length == 0)
        {
            throw ProblemException.Invalid(NotGiven, ["to: say who the kudos is for (their email)."]);
        }
        // Checked before the email is looked up: PostgreSQL refuses a NUL even in a query.
        var problems = new List<string>();
        if (!TextRules.Check(email, "to", new TextField(), problems))
        {
            throw ProblemException.Invalid(NotGiven, problems);
        }
        return email;
    }

    /// <summary>A kudos for an email that names nobody.</summary>
    public static ProblemException NoSuchReceiver(string email)
    {
        var unknown = $"There is no person with the email '{email}'.";
        return new ProblemException(ProblemKind.NotFound, NotGiven, unknown, [new(unknown)]);
    }

    /// <summary>
    /// A kudos from one person to another: for someone else, with a message, and optionally an http(s)
    /// link, a work item that exists and up to <see cref="RecordCompetencies.Max"/> competencies of the ladder.
    /// </summary>
    /// <param name="workItem">The work item's id as given (trimmed; null for none).</param>
    /// <param name="workItemExists">Whether <paramref name="workItem"/> names a stored work item (look it up only
    /// when it fits <see cref="WorkItemField"/>).</param>
    public static CheckedKudos Kudos(
        int giverId, int receiverId, string? message, string? link, string? workItem, bool workItemExists,
        IReadOnlyList<string>? competencies, Ladder ladder)
    {
        var problems = new List<string>();
        if (receiverId == giverId)
        {
            problems.Add("to: kudos are for someone else; record your own work as an achievement.");
        }
        var text = message?.Trim() ?? "";
        if (text.Length is 0 or > MaxMessageLength)
        {
            problems.Add($"message: say what they did, in 1 to {MaxMessageLength} characters.");
        }
        else
        {
            TextRules.Check(text, "message", MessageField, problems);
        }
        var checkedLink = CheckLink(link, problems);
        if (workItem is not null && TextRules.Check(workItem, "workItem", WorkItemField, problems) && !workItemExists)
        {
            problems.Add($"workItem: there is no work item '{workItem}'.");
        }
        var named = RecordCompetencies.Check(ladder, competencies, problems);
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid(NotGiven, problems);
        }
        return new(text, checkedLink, workItem, named);
    }

    /// <summary>An achievement a person records for themselves: a title, the day it happened (not in the future), optional detail, link and competencies.</summary>
    /// <param name="today">Today in UTC; the next day is accepted too, for people ahead of UTC.</param>
    public static CheckedAchievement Achievement(
        string? title, DateOnly date, string? detail, string? link, IReadOnlyList<string>? competencies, Ladder ladder, DateOnly today)
    {
        var problems = new List<string>();
        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxTitleLength)
        {
            problems.Add($"title: 1 to {MaxTitleLength} characters.");
        }
        else
        {
            TextRules.Check(trimmed, "title", TitleField, problems);
        }
        var text = string.IsNullOrWhiteSpace(detail) ? null : detail.Trim();
        if (text?.Length > MaxMessageLength)
        {
            problems.Add($"detail: at most {MaxMessageLength} characters.");
        }
        else
        {
            TextRules.Check(text, "detail", MessageField, problems);
        }
        if (date == default || date > today.AddDays(1))
        {
            problems.Add("date: the day it happened, not in the future.");
        }
        var checkedLink = CheckLink(link, problems);
        var named = RecordCompetencies.Check(ladder, competencies, problems);
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid("The achievement was not recorded", problems);
        }
        return new(trimmed, text, checkedLink, named);
    }

    /// <summary>A link is an absolute http(s) address, so a brag document never carries a script or a file path.</summary>
    private static string? CheckLink(string? link, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }
        link = link.Trim();
        if (link.Length > MaxLinkLength || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            problems.Add($"link: an http(s) address of at most {MaxLinkLength} characters; got '{(link.Length > 80 ? link[..80] + "…" : link)}'.");
            return null;
        }
        return TextRules.Check(link, "link", LinkField, problems) ? link : null;
    }
}
