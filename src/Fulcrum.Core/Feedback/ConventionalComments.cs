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

    /// <summary>
    /// A rule for comments without a label: words to find, the label they point to, and how sure that
    /// is. A guessed label implies no blocking (a guess on a guess): only the comment's words say.
    /// </summary>
    private sealed record Rule(CommentLabel Label, double Confidence, string Because, Regex Pattern);

    /// <summary>Matched in time linear in the comment's length (no backtracking), so no comment can stall an import.</summary>
    private static Regex Words(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    // First match wins, so the order matters: a point of style outranks the words around it ("a
    // missing space" is a nitpick, not a defect), a defect outranks a question about it, and a
    // request phrased as a question ("could you rename…?", "why not…?") is a suggestion.
    private static readonly Rule[] Rules =
    [
        new(CommentLabel.Nitpick, 0.75, "it is about spelling, style or layout",
            Words(@"^\s*(minor\b|tiny\b|small thing)|\b(nits?|nitpick|typo|spelling|misspel\w*|whitespace|trailing space|indentation|capitali[sz]\w*|punctuation|blank line|empty line|extra (space|period|comma|line)|missing (a )?(space|period|comma)|double ""?\w+""?|line too long|newline at end|formatting|pep ?8|keep (this|these|it|them) sorted)\b")),
        new(CommentLabel.Issue, 0.7, "it reports a defect",
            Words(@"\b(bug|broken|breaks|will break|would break|crash(es|ed)?|deadlock|race condition|memory leak|leaks?|security (hole|issue|problem)|vulnerab\w*|injection|incorrect(ly)?|not \w+ correctly|wrong|doesn'?t work|does not work|won'?t work|will fail|fails|failing|regression|null (pointer|reference)|NRE|overflow|off[- ]by[- ]one|data loss|not thread[- ]safe|(backward|backwards) compat\w*|should not|shouldn'?t|is missing|are missing|needs to (deal|handle)|i don'?t think (this|that|we|it)|error)\b")),
        new(CommentLabel.Chore, 0.65, "it asks for a routine task",
            Words(@"\b(changelog|change log|release notes?|whatsnew|news entry|rebase|squash|bump (the )?version|license header|copyright header|add (a |some )?tests?|missing tests?|update (the )?(docs|documentation|readme)|ci (is )?(red|failing)|run (the )?(linter|formatter|tests)|(remove|delete) (this|that|the) (line|file|comment|import)|can be removed|explanatory comment|add (a )?(comment|docstring|1-liner|one-liner)|patch by|move this file)\b")),
        new(CommentLabel.Suggestion, 0.7, "it proposes a change",
            Words(@"```suggestion|\b(consider(ing)?|how about|what about|why not|maybe|perhaps|i'?d (suggest|recommend|prefer)|i would (suggest|recommend|prefer)|suggest(ion)?|might be (better|cleaner|nicer|simpler)|would be (better|cleaner|nicer|simpler)|(could|can|should) we|could you|can you|please (use|add|remove|rename|move|change|make|drop|replace|update)|instead of|rather than|prefer|let'?s (use|make|move|rename|not)|you (could|can|might) (also )?(use|just)|not a fan)\b")),
        new(CommentLabel.Question, 0.7, "it asks a question",
            Words(@"\?\s*(\(|$)|\?\s*\n|^\s*(why|what|how|is|are|does|do|did|can|could|should|would|will|was|were|where|when|which|who|any reason)\b[^.!]*\?")),
        new(CommentLabel.Praise, 0.75, "it praises or approves",
            Words(@"\b(lgtm|/lgtm|looks (good|great|fine)|look good|nice|great|awesome|excellent|love (this|it|that|the)|well done|good (catch|call|idea|job|work|find)|glad|thanks?( you)?|thx|neat|cool|impressive|clean(er)? (solution|approach)|beautiful|elegant|kudos|brilliant|makes sense|sounds (good|fine)|ready to merge|ok for me|(ut|concept |tested )?ack|r\+)(\W|$)|\+1\b|:\+1:|👍|🎉|❤️|💯|🚀|😂")),
        new(CommentLabel.Thought, 0.55, "it muses, or remarks without asking for anything",
            Words(@"\b(i wonder|wondering|just a thought|food for thought|fyi|for (the )?future|in the future|longer[- ]term|down the road|follow[- ]?up|not (for|in) this pr|separate pr|out of scope|at some point|thinking (about|out loud)|side note|tangent|unrelated|as discussed|til|lol|weird|not sure|imho|i thought|once #\d+)\b")),
    ];

    private static CommentClass Guess(string text)
    {
        var words = WordsBlocking(text);
        foreach (var rule in Rules)
        {
            if (rule.Pattern.IsMatch(text))
            {
                return new CommentClass(rule.Label, words, Explicit: false, rule.Confidence,
                    $"No label written; guessed {CommentClass.NameOf(rule.Label)} because {rule.Because}.");
            }
        }
        // Most unlabelled review comments that match none of the rules ask for a change in plain words.
        return new CommentClass(CommentLabel.Suggestion, words, Explicit: false, 0.35,
            "No label written and no rule matched; guessed suggestion: most review comments that match no rule ask for a change in plain words.");
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
