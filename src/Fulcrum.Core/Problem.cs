namespace Fulcrum.Core;

/// <summary>
/// What kind of refusal a <see cref="ProblemException"/> is. Each host turns it into its own answer
/// in one place: an HTTP status (ProblemDetails), an exit code (the CLI), an error page (the web app).
/// </summary>
public enum ProblemKind
{
    /// <summary>Read, but it breaks a rule: the fields (<see cref="ProblemException.Fields"/>) or records
    /// (<see cref="ProblemException.Entries"/>) at fault are named.</summary>
    Invalid,

    /// <summary>It could not be read at all: not JSON, not a date, a format that does not exist.</summary>
    Unreadable,

    /// <summary>There is no such thing, or none the one asking may see (the two are worded alike on purpose).</summary>
    NotFound,

    /// <summary>The one asking is known but may not do this.</summary>
    Forbidden,

    /// <summary>It cannot be done in the state things are in: already there, still in use, closed.</summary>
    Conflict,

    /// <summary>More than Fulcrum takes in one go.</summary>
    TooLarge,

    /// <summary>Something Fulcrum needs cannot be used: the database is unreachable, or is not a Fulcrum database.</summary>
    Unavailable,
}

/// <summary>
/// One thing wrong with what was asked, as a sentence ("ratings[2].evidence: say what you have seen").
/// Problems located in a file are the derived records <see cref="Csv.CsvProblem"/> (row and column)
/// and <see cref="Careers.LadderProblem"/> (file, line and field).
/// </summary>
public record ProblemEntry(string Message)
{
    public override string ToString() => Message;
}

/// <summary>
/// The one way a rule in Fulcrum says no. Engines and services throw it; the API answers it as
/// ProblemDetails, the CLI as a message and an exit code, the pages as their error page. Nothing
/// else carries a status code or an exit code.
/// </summary>
public sealed class ProblemException : Exception
{
    private static readonly IReadOnlyDictionary<string, string[]> NoFields = new Dictionary<string, string[]>();

    public ProblemException(ProblemKind kind, string title, string message,
        IReadOnlyList<ProblemEntry>? entries = null, IReadOnlyDictionary<string, string[]>? fields = null)
        : base(message)
    {
        Kind = kind;
        Title = title;
        Entries = entries ?? [];
        Fields = fields ?? NoFields;
    }

    /// <summary>
    /// How many problems a refusal lists (the API's <c>problems</c>, the CLI, the Import page); the rest
    /// are counted. A megabyte of junk has thousands, and the first hundred say what is wrong.
    /// </summary>
    public const int ListedLimit = 100;

    public ProblemKind Kind { get; }

    /// <summary>A short heading: "The team was not saved", "Not found".</summary>
    public string Title { get; }

    /// <summary>Every problem found, in the order found (not only the first).</summary>
    public IReadOnlyList<ProblemEntry> Entries { get; }

    /// <summary>Problems per field of a request, keyed by the field's name as the API and the forms show it ("email").</summary>
    public IReadOnlyDictionary<string, string[]> Fields { get; }

    /// <summary>Every problem as a sentence: the entries, else the fields' messages, else the message.</summary>
    public IReadOnlyList<string> Sentences =>
        Entries.Count > 0 ? [.. Entries.Select(e => e.ToString())]
        : Fields.Count > 0 ? [.. Fields.SelectMany(f => f.Value)]
        : [Message];

    /// <summary>The problems to show: the first <see cref="ListedLimit"/> of <paramref name="problems"/>.</summary>
    public static IEnumerable<T> Listed<T>(IReadOnlyCollection<T> problems) => problems.Take(ListedLimit);

    /// <summary>"… and 5,020 more problems (the first 100 are listed)" when <paramref name="count"/> problems are
    /// more than are listed; null when all are.</summary>
    public static string? Unlisted(int count) =>
        count > ListedLimit
            ? $"… and {Wording.Count(count - ListedLimit, "more problem")} (the first {ListedLimit} are listed)"
            : null;

    /// <summary>The problems as one message: the listed ones joined, and how many more there are.</summary>
    public static string Joined(IReadOnlyCollection<ProblemEntry> problems) =>
        string.Join("; ", Listed(problems)) + (Unlisted(problems.Count) is { } more ? " " + more : "");

    public static ProblemException NotFound(string message, string title = "Not found") =>
        new(ProblemKind.NotFound, title, message);

    public static ProblemException Forbidden(string title, string message) =>
        new(ProblemKind.Forbidden, title, message);

    public static ProblemException Conflict(string title, string message) =>
        new(ProblemKind.Conflict, title, message);

    public static ProblemException TooLarge(string title, string message) =>
        new(ProblemKind.TooLarge, title, message);

    public static ProblemException Unavailable(string title, string message) =>
        new(ProblemKind.Unavailable, title, message);

    /// <summary>Input that could not be read; <paramref name="entries"/> say where, when known.</summary>
    public static ProblemException Unreadable(string title, string message, IReadOnlyList<ProblemEntry>? entries = null) =>
        new(ProblemKind.Unreadable, title, message, entries);

    /// <summary>A request that broke one rule, said in one sentence where no heading is needed (the CLI shows only the sentence).</summary>
    public static ProblemException Invalid(string message) =>
        new(ProblemKind.Invalid, "Refused", message);

    /// <summary>A request that broke one rule, said in one sentence.</summary>
    public static ProblemException Invalid(string title, string message) =>
        new(ProblemKind.Invalid, title, message);

    /// <summary>A request or file that broke rules, every problem listed; the message joins them unless given.</summary>
    public static ProblemException Invalid(string title, IEnumerable<ProblemEntry> entries, string? message = null)
    {
        var list = entries.ToList();
        return new(ProblemKind.Invalid, title, message ?? Joined(list), list);
    }

    /// <summary>As <see cref="Invalid(string, IEnumerable{ProblemEntry}, string?)"/> for problems written as sentences.</summary>
    public static ProblemException Invalid(string title, IEnumerable<string> problems, string? message = null) =>
        Invalid(title, problems.Select(p => new ProblemEntry(p)), message);

    /// <summary>Fields of a request that broke rules, each with its problems.</summary>
    public static ProblemException InvalidFields(string title, IReadOnlyDictionary<string, string[]> fields, string? message = null) =>
        new(ProblemKind.Invalid, title, message ?? string.Join(" ", fields.SelectMany(f => f.Value)), fields: fields);

    /// <summary>One field of a request that broke a rule.</summary>
    public static ProblemException InvalidField(string field, string message, string title = "One or more validation errors occurred.") =>
        InvalidFields(title, new Dictionary<string, string[]> { [field] = [message] }, message);
}
