using Fulcrum.Core.Feedback;

namespace Fulcrum.Core.Tests.Feedback;

public sealed class FeedbackReportTests
{
    private static readonly DateTime Since = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Until = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    private static ClassifiedComment Comment(string pullRequest, int day, CommentLabel label, Blocking blocking = Blocking.Unspecified, bool written = false) =>
        new(pullRequest, Since.AddDays(day - 1).AddHours(12), label, blocking, written);

    [Fact]
    public void Shares_count_the_period_s_comments_and_blocking_is_a_share_of_those_that_say()
    {
        var comments = new[]
        {
            Comment("1", 1, CommentLabel.Praise, Blocking.NonBlocking, written: true),
            Comment("1", 2, CommentLabel.Issue, Blocking.Blocking, written: true),
            Comment("2", 3, CommentLabel.Nitpick, Blocking.NonBlocking),
            Comment("2", 3, CommentLabel.Nitpick, Blocking.NonBlocking),
            Comment("3", 4, CommentLabel.Question),
            Comment("3", 40, CommentLabel.Issue, Blocking.Blocking), // after the period
        };

        var figures = FeedbackReport.Compute(comments, Since, Until);

        Assert.Null(figures.Hidden);
        Assert.Equal((5, 3), (figures.Comments, figures.PullRequests));
        Assert.Equal((1, 3, 1), (figures.BlockingComments, figures.NonBlockingComments, figures.UnspecifiedComments));
        Assert.Equal(0.25, figures.BlockingShare);
        Assert.Equal(0.2, figures.PraiseShare);
        Assert.Equal(0.4, figures.ExplicitShare);
        Assert.Equal([("praise", 1), ("nitpick", 2), ("suggestion", 0), ("issue", 1), ("question", 1), ("thought", 0), ("chore", 0)],
            figures.Labels.Select(l => (l.Name, l.Count)));
    }

    [Fact]
    public void Comments_on_fewer_than_three_pull_requests_show_counts_but_no_shares()
    {
        var figures = FeedbackReport.Compute([Comment("1", 1, CommentLabel.Issue, Blocking.Blocking), Comment("2", 2, CommentLabel.Praise)], Since, Until);

        Assert.Equal((2, 2, 1), (figures.Comments, figures.PullRequests, figures.BlockingComments));
        Assert.Null(figures.BlockingShare);
        Assert.Null(figures.PraiseShare);
        Assert.Empty(figures.Labels);
        Assert.Equal("Comments on 2 pull requests only: shares are shown from 3 pull requests, so that they describe the team, not one person.", figures.Hidden);
    }

    [Fact]
    public void The_wait_for_a_first_review_counts_pull_requests_whose_first_comment_is_in_the_period()
    {
        var comments = new[]
        {
            Comment("1", 2, CommentLabel.Question),   // opened day 1 at noon: 24 h
            Comment("1", 3, CommentLabel.Praise),
            Comment("2", 3, CommentLabel.Question),   // opened day 3 at 6:00: 6 h
            Comment("3", 6, CommentLabel.Question),   // opened day 2 at noon: 96 h
            Comment("4", 5, CommentLabel.Issue),      // opening unknown
            new ClassifiedComment("5", Since.AddDays(-2), CommentLabel.Issue, Blocking.Unspecified, false), // first review before the period
            Comment("5", 2, CommentLabel.Praise),
        };
        var opened = new Dictionary<string, DateTime>
        {
            ["1"] = Since.AddHours(12), ["2"] = Since.AddDays(2).AddHours(6), ["3"] = Since.AddDays(1).AddHours(12), ["5"] = Since.AddDays(-3),
        };

        var figures = FeedbackReport.Compute(comments, Since, Until, opened);

        var wait = Assert.IsType<FirstReviewWait>(figures.FirstReview);
        Assert.Equal((24, 81.6, 3), (wait.MedianHours, Math.Round(wait.P90Hours, 1), wait.Samples));
        Assert.Null(figures.FirstReviewHidden);
    }

    [Fact]
    public void An_empty_period_says_what_to_do()
    {
        var figures = FeedbackReport.Compute([], Since, Until);

        Assert.Equal("No review comments in this period: import some (docs/feedback.md).", figures.Hidden);
        Assert.Null(figures.FirstReview);
    }
}
