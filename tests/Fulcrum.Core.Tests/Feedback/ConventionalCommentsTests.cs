using Fulcrum.Core.Feedback;

namespace Fulcrum.Core.Tests.Feedback;

public sealed class ConventionalCommentsTests
{
    [Theory]
    [InlineData("nitpick (non-blocking): a trailing space here", CommentLabel.Nitpick, Blocking.NonBlocking)]
    [InlineData("**issue (blocking):** this drops the last row when the page is full", CommentLabel.Issue, Blocking.Blocking)]
    [InlineData("suggestion: extract this into a helper", CommentLabel.Suggestion, Blocking.Unspecified)]
    [InlineData("suggestion (non-blocking, security): escape the name too", CommentLabel.Suggestion, Blocking.NonBlocking)]
    [InlineData("Question (blocking): is this called from two threads?", CommentLabel.Question, Blocking.Blocking)]
    [InlineData("praise: lovely test names", CommentLabel.Praise, Blocking.Unspecified)]
    [InlineData("thought: we could cache this later", CommentLabel.Thought, Blocking.NonBlocking)]
    [InlineData("chore: add the change to the changelog", CommentLabel.Chore, Blocking.Unspecified)]
    [InlineData("todo: remove the debug print", CommentLabel.Chore, Blocking.Unspecified)]
    [InlineData("nit: `foo_bar` would read better", CommentLabel.Nitpick, Blocking.NonBlocking)]
    [InlineData("Nit:double space", CommentLabel.Nitpick, Blocking.NonBlocking)]
    [InlineData("typo: recieve", CommentLabel.Nitpick, Blocking.NonBlocking)]
    [InlineData("> issue (if-minor): the loop can stop at n/2", CommentLabel.Issue, Blocking.NonBlocking)]
    public void A_written_label_is_read_as_written_with_its_decorations(string body, CommentLabel label, Blocking blocking)
    {
        var result = ConventionalComments.Classify(body);

        Assert.Equal((label, blocking, true, 1.0), (result.Label, result.Blocking, result.Explicit, result.Confidence));
    }

    [Fact]
    public void A_written_label_without_a_decoration_takes_the_blocking_its_words_say()
    {
        var result = ConventionalComments.Classify("issue: this must be fixed before we merge, the index is off by one");

        Assert.Equal((CommentLabel.Issue, Blocking.Blocking), (result.Label, result.Blocking));
        Assert.Equal("Written as \"issue:\".", result.Reason);
    }

    [Theory]
    [InlineData("This will break when the list is empty.", CommentLabel.Issue)]
    [InlineData("Typo in the method name.", CommentLabel.Nitpick)]
    [InlineData("Please add a test for the empty case.", CommentLabel.Chore)]
    [InlineData("Consider using a `HashSet` here.", CommentLabel.Suggestion)]
    [InlineData("Could you rename this to `TotalCount`?", CommentLabel.Suggestion)]
    [InlineData("Why is the timeout 30 seconds?", CommentLabel.Question)]
    [InlineData("LGTM, thanks!", CommentLabel.Praise)]
    [InlineData("I wonder if we should move this to its own service at some point.", CommentLabel.Thought)]
    [InlineData("```suggestion\nreturn items.Count;\n```", CommentLabel.Suggestion)]
    public void An_unlabelled_comment_is_guessed_from_its_words_with_less_than_full_confidence(string body, CommentLabel label)
    {
        var result = ConventionalComments.Classify(body);

        Assert.Equal(label, result.Label);
        Assert.False(result.Explicit);
        Assert.InRange(result.Confidence, 0.3, 0.9);
        Assert.StartsWith("No label written; guessed " + CommentClass.NameOf(label), result.Reason);
    }

    [Theory]
    [InlineData("Optional: an early return would flatten this.", Blocking.NonBlocking)]
    [InlineData("Not a blocker, but the name is long.", Blocking.NonBlocking)]
    [InlineData("This leaks the connection; please fix before merging.", Blocking.Blocking)]
    [InlineData("Why not a struct?", Blocking.Unspecified)]
    public void Blocking_is_read_from_plain_words_when_no_decoration_says(string body, Blocking blocking)
    {
        Assert.Equal(blocking, ConventionalComments.Classify(body).Blocking);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("Done.")]
    public void A_comment_no_rule_matches_is_a_low_confidence_suggestion(string? body)
    {
        var result = ConventionalComments.Classify(body);

        Assert.Equal((CommentLabel.Suggestion, false, 0.35), (result.Label, result.Explicit, result.Confidence));
    }

    [Fact]
    public void A_label_word_inside_a_sentence_is_not_a_written_label()
    {
        var result = ConventionalComments.Classify("This issue: the cache is never cleared.");

        Assert.False(result.Explicit);
    }

    [Fact]
    public void A_very_long_comment_is_classified_without_running_away()
    {
        var body = "why " + string.Concat(Enumerable.Repeat("a very long sentence without end ", 20_000)) + "?";

        var result = ConventionalComments.Classify(body);

        Assert.Equal(CommentLabel.Question, result.Label);
    }
}
