namespace Fulcrum.Core.TeamDesign;

/// <summary>
/// Whether a decision can be undone cheaply (a two-way door: try it, walk back if wrong) or not (a
/// one-way door: deserves more care and more people). Written in files as <c>one-way</c> / <c>two-way</c>.
/// </summary>
public enum DoorKind
{
    OneWay,
    TwoWay,
}

/// <summary>The layout a decision record file was written in. Fulcrum reads both and writes MADR.</summary>
public enum AdrLayout
{
    /// <summary>Markdown Architectural Decision Records (2.x to 4.x): front matter or bullet metadata, options with pros and cons.</summary>
    Madr,

    /// <summary>Michael Nygard's layout, as adr-tools writes it: <c># 1. Title</c>, <c>Date:</c>, Status / Context / Decision / Consequences.</summary>
    Nygard,
}

/// <summary>One option that was considered, with the arguments for and against it.</summary>
/// <param name="Description">The option's text other than its Good/Bad bullets (Neutral bullets stay here, as written).</param>
/// <param name="Pros">Each "Good, because …" without the "Good, because", one line each.</param>
/// <param name="Cons">Each "Bad, because …" without the "Bad, because", one line each.</param>
public sealed record DecisionOption(string Name, string? Description, IReadOnlyList<string> Pros, IReadOnlyList<string> Cons)
{
    // Compared by content, not by list reference, so that a document read back from its own file is equal to it.
    public bool Equals(DecisionOption? other) =>
        other is not null && Name == other.Name && Description == other.Description
        && Pros.SequenceEqual(other.Pros) && Cons.SequenceEqual(other.Cons);

    public override int GetHashCode() => HashCode.Combine(Name, Description, Pros.Count, Cons.Count);
}

/// <summary>
/// A decision record as Fulcrum holds it, read from or written to a Markdown file (docs/team-design.md, "Sync with a docs/adr folder").
/// Texts are Markdown as written, without leading or trailing blank lines; a section the file does not
/// have is empty (Context, Decision) or null (Consequences).
/// </summary>
/// <param name="Number">From the file name ("0007-…") or, failing that, the title ("7. …"); null if neither has one.</param>
/// <param name="Title">Without the number prefix.</param>
/// <param name="Status">As written: proposed, accepted, superseded by …, or free text.</param>
/// <param name="ChosenOption">From MADR's <c>Chosen option: "X", because …</c>: X.</param>
/// <param name="LedBy">Front matter <c>decision-makers</c> (MADR 4) or <c>deciders</c> (MADR 2/3): names or emails as written.</param>
/// <param name="FollowedBy">Front matter <c>consulted</c>.</param>
/// <param name="Metric">The delivery measure the decision should move: lead-time, deployment-frequency, change-failure-rate, time-to-restore, or a custom series name.</param>
/// <param name="Expected">How much the metric should move, as written ("-20%", "+2").</param>
/// <param name="ReviewOn">When to look back at whether the decision did what was expected.</param>
/// <param name="Outcome">What the review found.</param>
/// <param name="OtherFrontMatter">Every other front-matter entry: its key and its YAML value text exactly as written after the colon
/// (a block value starts with a line break), in file order, written back unchanged.</param>
public sealed record DecisionDocument(
    int? Number,
    string Title,
    string? Status,
    DateOnly? Date,
    string Context,
    IReadOnlyList<DecisionOption> Options,
    string? ChosenOption,
    string Decision,
    string? Consequences,
    IReadOnlyList<string> LedBy,
    IReadOnlyList<string> FollowedBy,
    DoorKind? Reversibility,
    string? Metric,
    string? Expected,
    DateOnly? ReviewOn,
    string? Outcome,
    AdrLayout Layout,
    IReadOnlyList<KeyValuePair<string, string>> OtherFrontMatter)
{
    // Compared by content, not by list reference: a round trip through a file gives back an equal document.
    public bool Equals(DecisionDocument? other) =>
        other is not null && Number == other.Number && Title == other.Title && Status == other.Status && Date == other.Date
        && Context == other.Context && Options.SequenceEqual(other.Options) && ChosenOption == other.ChosenOption
        && Decision == other.Decision && Consequences == other.Consequences
        && LedBy.SequenceEqual(other.LedBy) && FollowedBy.SequenceEqual(other.FollowedBy)
        && Reversibility == other.Reversibility && Metric == other.Metric && Expected == other.Expected
        && ReviewOn == other.ReviewOn && Outcome == other.Outcome && Layout == other.Layout
        && OtherFrontMatter.SequenceEqual(other.OtherFrontMatter);

    public override int GetHashCode() => HashCode.Combine(Number, Title, Status, Date, Decision);
}

/// <summary>
/// One thing wrong with a decision record file, located as a person would find it in an editor.
/// </summary>
/// <param name="Line">1-based; 0 when the problem is with the whole file.</param>
/// <param name="Field">The front-matter key or section at fault (<c>title</c>, <c>date</c>, <c>review-date</c>, <c>context</c>, <c>options</c>…), or <c>file</c>.</param>
public sealed record AdrProblem(string File, int Line, string Field, string Message)
{
    public override string ToString() => Line == 0 ? $"{File}, {Field}: {Message}" : $"{File} line {Line}, {Field}: {Message}";
}

/// <summary>A file read: the document when the file has no problem, otherwise null and every problem found.</summary>
public sealed record AdrReadResult(DecisionDocument? Document, IReadOnlyList<AdrProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// How much a decision record may hold. The database columns are sized from these, so a file that
/// reads without problems always fits.
/// </summary>
public static class AdrLimits
{
    public const int FileBytes = 512 * 1024;
    public const int Title = 300;
    public const int Status = 100;
    public const int Metric = 100;
    public const int Expected = 50;
    public const int Name = 256;
    public const int Names = 50;
    public const int Text = 20_000;
    public const int Options = 30;
    public const int OptionName = 300;
}

/// <summary>How reversibility is written in files, and what is accepted on reading.</summary>
public static class DoorKinds
{
    public const string Accepted = "one-way or two-way (\"one-way door\", \"two way\" and any case are accepted too)";

    public static string Text(DoorKind kind) => kind == DoorKind.OneWay ? "one-way" : "two-way";

    /// <summary>"one-way", "One way door", "two_way", "TWO-WAY DOOR" …</summary>
    public static bool TryParse(string text, out DoorKind kind)
    {
        var words = text.Trim().ToLowerInvariant().Replace('-', ' ').Replace('_', ' ')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var joined = string.Join(' ', words.Length > 0 && words[^1] == "door" ? words[..^1] : words);
        (var known, kind) = joined switch
        {
            "one way" => (true, DoorKind.OneWay),
            "two way" => (true, DoorKind.TwoWay),
            _ => (false, default),
        };
        return known;
    }
}
