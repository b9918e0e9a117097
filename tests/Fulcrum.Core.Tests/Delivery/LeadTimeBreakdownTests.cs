using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Delivery;

public sealed class LeadTimeBreakdownTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly MetricsWindow Window = new(Day(2, 0), Day(16, 0));

    private static DateTime Day(int day, double hour = 12) => new DateTime(2026, 3, day, 0, 0, 0, DateTimeKind.Utc).AddHours(hour);

    /// <summary>Opened on day <paramref name="day"/> at 10:00, with each stage's hours after the one before.</summary>
    private static PullRequestFact Pr(string id, int day, double? coding, double? pickup, double? review, double? deploy, bool known = true)
    {
        var opened = Day(day, 10);
        var firstReview = pickup is double p ? opened.AddHours(p) : (DateTime?)null;
        var merged = (firstReview ?? opened).AddHours(review ?? 1);
        return new(id, coding is double c ? opened.AddHours(-c) : null, opened, firstReview, merged, Sha, known,
            deploy is double d ? merged.AddHours(d) : null);
    }

    private static StageTime Stage(LeadTimeBreakdownResult result, string stage) => result.Stages.Single(s => s.Stage == stage);

    [Fact]
    public void Each_stage_is_the_median_and_p75_over_the_pull_requests_merged_in_the_window_that_have_it()
    {
        PullRequestFact[] prs =
        [
            Pr("1", 3, coding: 10, pickup: 1, review: 2, deploy: 4),
            Pr("2", 4, coding: 20, pickup: 3, review: 4, deploy: 6),
            Pr("3", 5, coding: 30, pickup: 5, review: 6, deploy: null),  // merged, not deployed yet
            Pr("4", 6, coding: null, pickup: 7, review: 8, deploy: 8),   // no first commit time
            Pr("5", 20, coding: 1000, pickup: 1000, review: 1000, deploy: 1000), // merged after the window
            Pr("6", 7, coding: 5, pickup: null, review: null, deploy: 2) with { MergedAt = null, ShippedAt = null }, // still open
        ];

        var result = LeadTimeBreakdown.Compute(Window, prs, prs.Length);

        Assert.Null(result.Reason);
        Assert.Equal(4, result.PullRequestsMerged);
        Assert.Equal(["coding", "pickup", "review", "deploy"], result.Stages.Select(s => s.Stage));
        Assert.Equal((20.0, 25.0, 3), (Stage(result, "coding").MedianHours, Stage(result, "coding").P75Hours, Stage(result, "coding").SampleSize));
        Assert.Equal((4.0, 5.5, 4), (Stage(result, "pickup").MedianHours, Stage(result, "pickup").P75Hours, Stage(result, "pickup").SampleSize));
        Assert.Equal((5.0, 6.5, 4), (Stage(result, "review").MedianHours, Stage(result, "review").P75Hours, Stage(result, "review").SampleSize));
        Assert.Equal((6.0, 7.0, 3), (Stage(result, "deploy").MedianHours, Stage(result, "deploy").P75Hours, Stage(result, "deploy").SampleSize));
        Assert.All(result.Stages, s => Assert.Null(s.Reason));
    }

    [Fact]
    public void Without_any_pull_request_data_the_breakdown_says_how_to_get_it()
    {
        var result = LeadTimeBreakdown.Compute(Window, [], pullRequestsStored: 0);

        Assert.Equal("No pull-request data: import pull requests (docs/delivery.md) to see where lead time goes.", result.Reason);
        Assert.False(result.HasFigures);
        Assert.Equal(4, result.Stages.Count);
        Assert.All(result.Stages, s => Assert.Equal((null, 0), (s.MedianHours, s.SampleSize)));
    }

    [Fact]
    public void With_data_but_no_merge_in_the_window_the_reason_says_so()
    {
        var result = LeadTimeBreakdown.Compute(Window, [], pullRequestsStored: 12);

        Assert.Equal("No pull requests were merged in this window.", result.Reason);
    }

    [Fact]
    public void A_stage_without_samples_gets_a_plain_reason_naming_what_is_missing()
    {
        PullRequestFact[] prs =
        [
            Pr("1", 3, coding: null, pickup: null, review: 1, deploy: null) with { MergeSha = null },
            Pr("2", 4, coding: null, pickup: null, review: 1, deploy: null, known: false),
            Pr("3", 5, coding: null, pickup: null, review: 1, deploy: null, known: false),
            Pr("4", 6, coding: null, pickup: null, review: 1, deploy: null),
        ];

        var result = LeadTimeBreakdown.Compute(Window, prs, prs.Length);

        Assert.Null(result.Reason);
        Assert.Equal("None of the 4 pull requests merged in this window has a first_commit_at.", Stage(result, "coding").Reason);
        Assert.Equal("None of the 4 pull requests merged in this window records a first review (first_review_at).", Stage(result, "pickup").Reason);
        Assert.Equal("None of the 4 pull requests merged in this window records a first review (first_review_at).", Stage(result, "review").Reason);
        Assert.Equal("No merge commit of these 4 pull requests has been deployed: 1 pull request names no merge_sha; "
            + "2 merge commits are not in the history Fulcrum has read (run `fulcrum delivery ingest`); "
            + "1 merge commit is not yet in a successful production deployment.", Stage(result, "deploy").Reason);
    }

    [Fact]
    public void A_stage_from_fewer_than_three_pull_requests_is_not_shown()
    {
        PullRequestFact[] prs =
        [
            Pr("1", 3, coding: 1, pickup: 1, review: 1, deploy: 1),
            Pr("2", 4, coding: 2, pickup: 2, review: 2, deploy: null),
            Pr("3", 5, coding: 3, pickup: 3, review: 3, deploy: null),
        ];

        var result = LeadTimeBreakdown.Compute(Window, prs, prs.Length);

        Assert.Equal(2.0, Stage(result, "coding").MedianHours);
        var deploy = Stage(result, "deploy");
        Assert.Equal((null, 1), (deploy.MedianHours, deploy.SampleSize));
        Assert.Equal("Only 1 pull request merged in this window has this stage: fewer than 3 would describe individual people's work, not the team's.", deploy.Reason);
    }

    [Fact]
    public void A_merge_dated_after_the_deployment_that_shipped_it_counts_as_zero()
    {
        PullRequestFact[] prs = [.. Enumerable.Range(1, 3).Select(i => Pr($"{i}", 3 + i, 1, 1, 1, deploy: -2))];

        var result = LeadTimeBreakdown.Compute(Window, prs, prs.Length);

        Assert.Equal(0.0, Stage(result, "deploy").MedianHours);
    }
}
