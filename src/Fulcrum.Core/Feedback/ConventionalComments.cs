using System.Text.RegularExpressions;

namespace Fulcrum.Core.Feedback;

/// <summary>The Conventional Comments labels Fulcrum counts (https://conventionalcomments.org), in the spec's order.</summary>
public enum CommentLabel
{
    Praise,
    Nitpick,
    Suggestion,
    Issue,
    Question,
    Thought,
    Chore,
}

/// <summary>Whether a review comment holds up the merge: said with a decoration, implied by its label or words, or not known.</summary>
public enum Blocking
{
    Unspecified,
    Blocking,
    NonBlocking,
}

/// <summary>
/// What a review comment is, as the classifier read it: its label and whether it blocks, whether the
/// author wrote the label (<see cref="Explicit"/>: read, not guessed), how sure the classifier is
/// (1 for an explicit label; lower for a guess) and the rule that decided, in words.
/// </summary>
public sealed record CommentClass(CommentLabel Label, Blocking Blocking, bool Explicit, double Confidence, string Reason)
{
    /// <summary>The wire and CSV name of a label: lower case, as the spec writes it.</summary>
    public static string NameOf(CommentLabel label) => label.ToString().ToLowerInvariant();

    public static string NameOf(Blocking blocking) => blocking switch
    {
        Blocking.Blocking => "blocking",
        Blocking.NonBlocking => "non-blocking",
        _ => "unspecified",
    };
}

/// <summary>
/// Classifies a code-review comment with a Conventional Comments label and its blocking decoration
/// (docs/feedback.md). A comment that starts with a label (<c>nitpick (non-blocking): …</c>,
/// <c>**issue (blocking):** …</c>, <c>nit: …</c>) is read as written. Any other comment is guessed
/// from its words by the documented rules below, first match wins, with a confidence for each rule
/// that says how often it was right on the labelled set of real review comments kept with the tests.
/// </summary>
public static partial class ConventionalComments
{
    /// <summary>The label and decorations at the start of a comment, after any Markdown emphasis, heading or quote marks.</summary>
    [GeneratedRegex(@"^[\s>#*_`~\[]*(?<label>praise|nitpick|nits?|suggestion|issue|question|thought|chore|todo|note|typo|polish|quibble|minor|optional)[*_`\]]*\s*(?:\((?<decorations>[^)\n]{0,80})\))?[*_`\]]*\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExplicitLabel();

    public static CommentClass Classify(string? body)
    {
        var text = (body ?? "").Trim();
        if (ExplicitLabel().Match(text) is { Success: true } match)
        {
            return Explicit(match.Groups["label"].Value.ToLowerInvariant(), match.Groups["decorations"].Value, text[match.Length..]);
        }
        return Guess(text);
    }

    private static CommentClass Explicit(string written, string decorations, string rest)
    {
        var (label, implied) = written switch
        {
            "praise" => (CommentLabel.Praise, Blocking.Unspecified),
            "nitpick" or "nit" or "nits" or "typo" or "polish" or "quibble" or "minor" => (CommentLabel.Nitpick, Blocking.NonBlocking),
            "suggestion" => (CommentLabel.Suggestion, Blocking.Unspecified),
            "optional" => (CommentLabel.Suggestion, Blocking.NonBlocking),
            "issue" => (CommentLabel.Issue, Blocking.Unspecified),
            "question" => (CommentLabel.Question, Blocking.Unspecified),
            "thought" or "note" => (CommentLabel.Thought, Blocking.NonBlocking),
            _ => (CommentLabel.Chore, Blocking.Unspecified), // chore, todo
        };
        var said = DecorationBlocking(decorations);
        var blocking = said != Blocking.Unspecified ? said : WordsBlocking(rest) is var words && words != Blocking.Unspecified ? words : implied;
        var reason = said != Blocking.Unspecified
            ? $"Written as \"{written} ({decorations.Trim()})\"."
            : $"Written as \"{written}:\".";
        return new CommentClass(label, blocking, Explicit: true, Confidence: 1.0, reason);
    }

    private static Blocking DecorationBlocking(string decorations)
    {
        foreach (var raw in decorations.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var decoration = raw.ToLowerInvariant().Replace(' ', '-');
            if (decoration is "non-blocking" or "nonblocking" or "not-blocking" or "if-minor" or "optional")
            {
                return Blocking.NonBlocking;
            }
            if (decoration is "blocking" or "blocker")
            {
                return Blocking.Blocking;
            }
        }
        return Blocking.Unspecified;
    }

    /// <summary>A rule for comments without a label: words to find, the label they point to, and how sure that is.</summary>
    private sealed record Rule(CommentLabel Label, double Confidence, string Because, Regex Pattern, Blocking Implied = Blocking.Unspecified);

    /// <summary>Matched in time linear in the comment's length (no backtracking), so no comment can stall an import.</summary>
    private static Regex Words(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    // First match wins, so the order matters: a defect outranks a question about it, and a request
    // phrased as a question ("could you rename…?") is a suggestion, not a question.
    private static readonly Rule[] Rules =
    [
        new(CommentLabel.Issue, 0.7, "it reports a defect",
            Words(@"\b(bug|broken|breaks|will break|would break|crash(es|ed)?|deadlock|race condition|memory leak|leaks?|security (hole|issue|problem)|vulnerab\w*|injection|incorrect(ly)?|wrong|doesn'?t work|does not work|won'?t work|will fail|fails|failing|regression|null (pointer|reference)|NRE|overflow|off[- ]by[- ]one|data loss|not thread[- ]safe)\b")),
        new(CommentLabel.Nitpick, 0.75, "it is about spelling, style or naming",
            Words(@"^\s*(nit\b|nits\b|minor\b|tiny\b|small thing)|\b(typo|spelling|misspel\w*|whitespace|trailing space|indentation|capitali[sz]\w*|punctuation|extra (blank )?line|newline at end|formatting|nitpick)\b"),
            Blocking.NonBlocking),
        new(CommentLabel.Chore, 0.65, "it asks for a routine task",
            Words(@"\b(changelog|change log|release notes?|rebase|squash|bump (the )?version|license header|copyright header|add (a |some )?tests?|missing tests?|update (the )?(docs|documentation|readme)|ci (is )?(red|failing)|run (the )?(linter|formatter|tests))\b")),
        new(CommentLabel.Suggestion, 0.7, "it proposes a change",
            Words(@"```suggestion|\b(consider(ing)?|how about|what about|i'?d (suggest|recommend|prefer)|i would (suggest|recommend|prefer)|suggest(ion)?|might be (better|cleaner|nicer|simpler)|would be (better|cleaner|nicer|simpler)|could (we|you) (just )?(use|make|move|rename|extract|add|remove|drop|change|split|replace)|can (we|you) (just )?(use|make|move|rename|extract|add|remove|drop|change|split|replace)|please (use|add|remove|rename|move|change|make|drop|replace|update)|instead of|rather than|prefer|let'?s (use|make|move|rename|not)|you (could|can|might) (also )?(use|just))\b")),
        new(CommentLabel.Question, 0.7, "it asks a question",
            Words(@"\?\s*(\(|$)|\?\s*\n|^\s*(why|what|how|is|are|does|do|did|can|could|should|would|will|was|were|where|when|which|who|any reason)\b[^.!]*\?")),
        new(CommentLabel.Praise, 0.75, "it praises",
            Words(@"\b(lgtm|looks good|look good|looks great|nice|great|awesome|excellent|love (this|it|that)|well done|good (catch|call|idea|job|work|find)|thanks?( you)?|thx|neat|clean(er)? (solution|approach)|beautiful|elegant|\+1|kudos|brilliant)\b|👍|🎉|❤️|💯|🚀")),
        new(CommentLabel.Thought, 0.55, "it muses about later",
            Words(@"\b(i wonder|wondering|just a thought|food for thought|fyi|for (the )?future|in the future|longer[- ]term|down the road|follow[- ]?up|not (for|in) this pr|separate pr|out of scope|at some point|thinking (about|out loud)|side note|tangent)\b"),
            Blocking.NonBlocking),
    ];

    private static CommentClass Guess(string text)
    {
        foreach (var rule in Rules)
        {
            if (rule.Pattern.IsMatch(text))
            {
                var words = WordsBlocking(text);
                return new CommentClass(rule.Label, words != Blocking.Unspecified ? words : rule.Implied, Explicit: false, rule.Confidence,
                    $"No label written; guessed {CommentClass.NameOf(rule.Label)} because {rule.Because}.");
            }
        }
        // Most unlabelled review comments that match none of the rules ask for a change in plain words.
        return new CommentClass(CommentLabel.Suggestion, WordsBlocking(text), Explicit: false, 0.35,
            "No label written and no rule matched; guessed suggestion, the most common kind of review comment.");
    }

    private static readonly Regex NonBlockingWords = Words(
        @"\b(non[- ]?blocking|not (a )?block(ing|er)|optional(ly)?|feel free to (ignore|disregard|skip)|up to you|your call|take it or leave it|no need to (change|address)|not (a )?must|(can|could) be (done|addressed) (later|in a follow[- ]?up)|doesn'?t (need|have) to block|nbd|not a big deal)\b");

    private static readonly Regex BlockingWords = Words(
        @"\b(blocking|blocker|must (be )?(fix|fixed|change|changed|address|addressed)|needs? to be (fixed|changed|addressed) before|before (we )?merg(e|ing)|can'?t (be )?merge|cannot (be )?merge|do not merge|don'?t merge|requesting changes)\b");

    private static Blocking WordsBlocking(string text) =>
        NonBlockingWords.IsMatch(text) ? Blocking.NonBlocking
        : BlockingWords.IsMatch(text) ? Blocking.Blocking
        : Blocking.Unspecified;
}
