using Fulcrum.Core.Feedback;

namespace Fulcrum.Core.Tests.Feedback;

public sealed class ReviewCommentFilesTests
{
    // The fields GitHub's REST API returns for a pull-request review comment, a review and an issue
    // comment (abridged to what matters; the real answers carry many more, which are ignored).
    private const string GitHubPage1 = """
        [
          {
            "url": "https://api.github.com/repos/acme/shop/pulls/comments/1001",
            "pull_request_review_id": 77,
            "id": 1001,
            "diff_hunk": "@@ -1,3 +1,4 @@",
            "path": "src/cart.py",
            "user": { "login": "octocat", "id": 1 },
            "body": "nitpick (non-blocking): trailing space",
            "created_at": "2026-03-02T10:00:00Z",
            "updated_at": "2026-03-02T10:00:00Z",
            "html_url": "https://github.com/acme/shop/pull/42#discussion_r1001",
            "pull_request_url": "https://api.github.com/repos/acme/shop/pulls/42",
            "author_association": "MEMBER"
          },
          {
            "id": 77,
            "user": { "login": "octocat" },
            "body": "",
            "state": "APPROVED",
            "html_url": "https://github.com/acme/shop/pull/42#pullrequestreview-77",
            "pull_request_url": "https://api.github.com/repos/acme/shop/pulls/42",
            "submitted_at": "2026-03-02T10:05:00Z"
          }
        ]
        """;

    private const string GitHubPage2 = """
        [
          {
            "id": 5001,
            "issue_url": "https://api.github.com/repos/acme/shop/issues/43",
            "html_url": "https://github.com/acme/shop/pull/43#issuecomment-5001",
            "user": { "login": "hubot" },
            "body": "Why is the limit 100?",
            "created_at": "2026-03-03T08:00:00Z"
          }
        ]
        """;

    [Fact]
    public void GitHub_pages_saved_back_to_back_are_read_and_who_wrote_them_is_not()
    {
        var file = ReviewCommentFiles.Read(GitHubPage1 + "\n" + GitHubPage2);

        Assert.True(file.Succeeded, string.Join("; ", file.Problems));
        Assert.Equal(
            [("comment-1001", "42", new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc), "nitpick (non-blocking): trailing space"),
             ("issue-comment-5001", "43", new DateTime(2026, 3, 3, 8, 0, 0, DateTimeKind.Utc), "Why is the limit 100?")],
            file.Rows.Select(r => (r.Id, r.PullRequest, r.CreatedAt, r.Body)));
        Assert.Equal(1, file.WithoutText);
        Assert.Equal(["user"], file.LeftOut);
    }

    [Fact]
    public void A_GitHub_file_without_authors_says_nothing_was_left_out()
    {
        var file = ReviewCommentFiles.Read("""
            [{ "id": 7, "body": "praise: clear names", "created_at": "2026-03-02T10:00:00Z",
               "pull_request_url": "https://api.github.com/repos/acme/shop/pulls/42" }]
            """);

        Assert.True(file.Succeeded, string.Join("; ", file.Problems));
        Assert.Single(file.Rows);
        Assert.Empty(file.LeftOut);
    }

    [Fact]
    public void A_GitHub_record_with_problems_is_named_by_record_and_field_and_the_file_is_refused()
    {
        var file = ReviewCommentFiles.Read("""
            [
              { "id": 1, "body": "ok", "created_at": "2026-03-02T10:00:00Z", "pull_request_url": "https://api.github.com/repos/a/b/pulls/1" },
              { "id": 2, "body": "ok", "created_at": "yesterday", "pull_request_url": "https://api.github.com/repos/a/b/pulls/1" },
              { "body": "ok", "created_at": "2026-03-02T10:00:00Z" },
              { "id": 1, "body": "again", "created_at": "2026-03-02T11:00:00Z", "pull_request_url": "https://api.github.com/repos/a/b/pulls/2" }
            ]
            """);

        Assert.False(file.Succeeded);
        Assert.Equal(
            [
                "record 2, column 'created_at': 'yesterday' is not a date and time (ISO 8601, 1970-01-01 to 9999-01-01)",
                "record 3, column 'id': a comment needs GitHub's id (a number)",
                "record 3, column 'pull_request_url': missing: GitHub's pull_request_url is needed",
                "record 4, column 'id': 'comment-1' is already record 1",
            ],
            file.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("[1, 2", "line 1: not valid JSON")]
    [InlineData("[\"text\"]", "record 1: is not an object")]
    [InlineData("[1][2]", "record 1: is not an object")]
    [InlineData("[]", "record 1: the file holds no review comments")]
    public void JSON_that_is_not_GitHub_review_comments_is_refused_with_where(string text, string start)
    {
        var file = ReviewCommentFiles.Read(text);

        Assert.False(file.Succeeded);
        Assert.StartsWith(start, file.Problems[0].ToString());
    }

    [Fact]
    public void A_CSV_from_another_tool_is_read_its_reviewer_column_left_out_and_a_missing_id_derived()
    {
        var file = ReviewCommentFiles.Read("""
            pull_request,reviewer,created_at,body,pull_request_opened_at
            https://gitlab.example.com/acme/shop/-/merge_requests/7,ana,2026-03-02T10:00:00Z,"suggestion: split this, please",2026-03-01T10:00:00Z
            7,bo,2026-03-02T11:00:00Z,,
            #8,bo,2026-03-02T12:00:00Z,LGTM,
            """);

        Assert.True(file.Succeeded, string.Join("; ", file.Problems));
        Assert.Equal([("7", "suggestion: split this, please"), ("8", "LGTM")], file.Rows.Select(r => (r.PullRequest, r.Body)));
        Assert.Equal(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), file.Rows[0].PullRequestOpenedAt);
        Assert.StartsWith("sha256-", file.Rows[0].Id);
        Assert.Equal(file.Rows[0].Id, ReviewCommentFiles.Read("pull_request,created_at,body\n7,2026-03-02T10:00:00Z,\"suggestion: split this, please\"\n").Rows[0].Id);
        Assert.Equal(1, file.WithoutText);
        Assert.Equal(["reviewer"], file.LeftOut);
    }

    [Fact]
    public void A_CSV_with_problems_names_each_row_and_column()
    {
        var file = ReviewCommentFiles.Read($"""
            id,pull_request,created_at,body
            a,,2026-03-02T10:00:00Z,text
            b,7,2026-13-02,text
            c,7,2026-03-02T10:00:00Z,{new string('x', ReviewCommentFiles.MaxBodyLength + 1)}
            """);

        Assert.Equal(
            ["row 2, column 'pull_request'", "row 3, column 'created_at'", "row 4, column 'body'"],
            file.Problems.Select(p => p.ToString()[..p.ToString().IndexOf("':", StringComparison.Ordinal)] + "'"));
    }
}
