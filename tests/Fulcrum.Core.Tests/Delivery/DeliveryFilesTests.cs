using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Delivery;

public sealed class DeliveryFilesTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void Deployments_read_from_csv_in_the_documented_format()
    {
        var result = DeliveryFiles.ReadDeployments(new StringReader(
            "id,service,environment,sha,started_at,finished_at,result\n" +
            $"d1,payments,Production,{Sha.ToUpperInvariant()},2026-03-01T10:00:00Z,2026-03-01T11:05:00+01:00,success\n" +
            "d2,payments,staging,,,2026-03-01 12:00:00,failure\n"));

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        var first = result.Rows[0];
        Assert.Equal(("d1", "payments", "production", Sha, true), (first.Id, first.Service, first.Environment, first.Sha, first.Succeeded));
        Assert.Equal(new DateTime(2026, 3, 1, 10, 5, 0, DateTimeKind.Utc), first.FinishedAt);
        Assert.Null(result.Rows[1].Sha);
        Assert.Equal(new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc), result.Rows[1].FinishedAt);
        Assert.False(result.Rows[1].Succeeded);
    }

    [Fact]
    public void Bad_deployment_records_are_each_named_with_row_and_field()
    {
        var result = DeliveryFiles.ReadDeployments(new StringReader(
            "id,service,environment,sha,started_at,finished_at,result\n" +
            "d1,payments,production,abc123,2026-03-01T10:00:00Z,2026-03-01T10:05:00Z,success\n" +
            "d2,payments,production,,2026-03-01T10:00:00Z,yesterday,success\n" +
            "d3,payments,production,,2026-03-01T10:00:00Z,2026-03-01T09:00:00Z,ok\n" +
            "d3,payments,production,,,2026-03-02T10:00:00Z,success\n"));

        Assert.Equal(
        [
            "row 2, column 'sha': 'abc123' is not a full commit sha (40 hexadecimal characters)",
            "row 3, column 'finished_at': 'yesterday' is not an ISO 8601 time like 2026-03-01T14:30:00Z",
            "row 4, column 'result': 'ok' is not a result; use success or failure",
            "row 4, column 'finished_at': the deployment finishes before it starts",
            "row 5, column 'id': deployment 'd3' of payments already appears in record 4",
        ], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Incidents_read_from_json_with_the_same_field_names()
    {
        var result = DeliveryFiles.ReadIncidents(new StringReader($$"""
            [
              {"id": "INC-1", "service": "payments", "started_at": "2026-03-01T11:00:00Z", "resolved_at": "2026-03-01T12:30:00Z",
               "severity": "SEV2", "title": "Checkout errors", "deployment_id": "d1", "caused_by_sha": null},
              {"id": "INC-2", "service": "payments", "started_at": "2026-03-02T11:00:00Z", "resolved_at": "", "caused_by_sha": "{{Sha}}"}
            ]
            """), json: true);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(("INC-1", "d1", "Checkout errors"), (result.Rows[0].Id, result.Rows[0].DeploymentId, result.Rows[0].Title));
        Assert.Null(result.Rows[1].ResolvedAt);
        Assert.Equal(Sha, result.Rows[1].CausedBySha);
    }

    [Fact]
    public void An_incident_resolving_before_it_starts_and_json_problems_are_named()
    {
        var backwards = DeliveryFiles.ReadIncidents(new StringReader(
            "id,service,started_at,resolved_at\nINC-1,payments,2026-03-01T12:00:00Z,2026-03-01T11:00:00Z\n"));
        var unknownField = DeliveryFiles.ReadIncidents(new StringReader("""[{"id":"1","service":"x","started_at":"2026-03-01","owner":"bob"}]"""), json: true);
        var notJson = DeliveryFiles.ReadIncidents(new StringReader("[{\"id\": "), json: true);
        var notArray = DeliveryFiles.ReadIncidents(new StringReader("{}"), json: true);

        Assert.Equal("row 2, column 'resolved_at': the incident resolves before it starts", Assert.Single(backwards.Problems).ToString());
        Assert.StartsWith("row 1, column 'owner': unknown field", Assert.Single(unknownField.Problems).ToString());
        Assert.Contains("not valid JSON", Assert.Single(notJson.Problems).ToString());
        Assert.Equal("row 1: expected a JSON array of objects", Assert.Single(notArray.Problems).ToString());
    }

    private const string PullRequestHeader = "id,service,opened_at,first_review_at,merged_at,merge_sha,first_commit_at\n";

    [Fact]
    public void Pull_requests_read_from_csv_open_ones_without_a_merge()
    {
        var result = DeliveryFiles.ReadPullRequests(new StringReader(PullRequestHeader +
            $"101,payments,2026-03-02T10:00:00Z,2026-03-02T13:00:00+01:00,2026-03-02T15:00:00Z,{Sha.ToUpperInvariant()},2026-03-01T16:00:00Z\n" +
            "102,payments,2026-03-03T10:00:00Z,,,,\n"));

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Empty(result.IgnoredFields);
        var merged = result.Rows[0];
        Assert.Equal(("101", "payments", Sha), (merged.Id, merged.Service, merged.MergeSha));
        Assert.Equal(new DateTime(2026, 3, 1, 16, 0, 0, DateTimeKind.Utc), merged.FirstCommitAt);
        Assert.Equal(new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc), merged.FirstReviewAt);
        Assert.Equal(new DateTime(2026, 3, 2, 15, 0, 0, DateTimeKind.Utc), merged.MergedAt);
        var open = result.Rows[1];
        Assert.Equal((new DateTime(2026, 3, 3, 10, 0, 0, DateTimeKind.Utc), null, null, null), (open.OpenedAt, open.FirstReviewAt, open.MergedAt, open.MergeSha));
    }

    [Fact]
    public void Bad_pull_request_records_are_each_named_with_row_and_field()
    {
        var result = DeliveryFiles.ReadPullRequests(new StringReader(PullRequestHeader +
            "1,payments,,,,,\n" +                                                                        // no opened_at
            "2,payments,last week,,,,\n" +                                                               // not a time
            "3,payments,2026-03-02T10:00:00Z,,2026-03-02T12:00:00Z,abc123,\n" +                          // short sha
            "4,payments,2026-03-02T10:00:00Z,,,,2026-03-02T11:00:00Z\n" +                                // first commit after opening
            "5,payments,2026-03-02T10:00:00Z,2026-03-02T09:00:00Z,,,\n" +                                // review before opening
            "6,payments,2026-03-02T10:00:00Z,2026-03-02T12:00:00Z,2026-03-02T11:00:00Z,,\n" +            // merged before review
            "7,payments,2026-03-02T10:00:00Z,,2026-03-02T09:00:00Z,,\n" +                                // merged before opening
            $"8,payments,2026-03-02T10:00:00Z,,,{Sha},\n" +                                              // a merge sha but no merge
            "8,payments,2026-03-02T10:00:00Z,,,,\n" +                                                    // twice
            ",,2026-03-02T10:00:00Z,,,,\n"));

        Assert.Empty(result.Rows);
        Assert.Equal(
        [
            "row 2, column 'opened_at': is required",
            "row 3, column 'opened_at': 'last week' is not an ISO 8601 time like 2026-03-01T14:30:00Z",
            "row 4, column 'merge_sha': 'abc123' is not a full commit sha (40 hexadecimal characters)",
            "row 5, column 'first_commit_at': the first commit comes after the pull request was opened",
            "row 6, column 'first_review_at': the first review comes before the pull request was opened",
            "row 7, column 'merged_at': the pull request is merged before its first review",
            "row 8, column 'merged_at': the pull request is merged before it was opened",
            "row 9, column 'merge_sha': a merge commit needs merged_at: an open pull request has neither",
            "row 10, column 'id': pull request '8' of payments already appears in record 9",
            "row 11, column 'id': is required",
            "row 11, column 'service': is required",
        ], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Columns_naming_people_are_ignored_and_listed_and_other_unknown_ones_refused()
    {
        var csv = DeliveryFiles.ReadPullRequests(new StringReader(
            "id,service,Author,opened_at,merged_at,Requested reviewers,merged_by,author_email\n" +
            "9,payments,ada,2026-03-02T10:00:00Z,2026-03-02T12:00:00Z,bob;eve,eve,ada@example.com\n"));
        var json = DeliveryFiles.ReadPullRequests(new StringReader("""
            [{"id":"9","service":"payments","opened_at":"2026-03-02T10:00:00Z","user":{"login":"ada"},"reviewers":["bob"]},
             {"id":"10","service":"payments","opened_at":"2026-03-02T10:00:00Z","user":{"login":"bob"}}]
            """), json: true);
        var unknown = DeliveryFiles.ReadPullRequests(new StringReader("id,service,opened_at,title\n9,payments,2026-03-02T10:00:00Z,Faster checkout\n"));

        Assert.True(csv.Succeeded, string.Join("; ", csv.Problems));
        Assert.Equal(["Author", "Requested reviewers", "merged_by", "author_email"], csv.IgnoredFields);
        Assert.Equal(new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc), Assert.Single(csv.Rows).MergedAt);
        Assert.True(json.Succeeded, string.Join("; ", json.Problems));
        Assert.Equal(["user", "reviewers"], json.IgnoredFields);
        Assert.Equal(2, json.Rows.Count);
        Assert.StartsWith("row 1, column 'title': unknown column", Assert.Single(unknown.Problems).ToString());
    }

    [Theory]
    [InlineData("2026-03-01T10:00:00Z", "2026-03-01T10:00:00")]
    [InlineData("2026-03-01T10:00:00.250+02:00", "2026-03-01T08:00:00.25")]
    [InlineData("2026-03-01 10:00", "2026-03-01T10:00:00")]
    [InlineData("2026-03-01", "2026-03-01T00:00:00")]
    public void Instants_are_read_as_iso_8601_and_kept_in_utc(string text, string expectedUtc)
    {
        Assert.True(DeliveryFiles.TryParseInstant(text, out var utc));
        Assert.Equal(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData("03/01/2026")]
    [InlineData("1 March 2026")]
    [InlineData("2026-13-01T00:00:00Z")]
    public void Other_date_spellings_are_refused(string text)
    {
        Assert.False(DeliveryFiles.TryParseInstant(text, out _));
    }
}
