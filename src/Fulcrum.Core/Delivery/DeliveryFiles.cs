using System.Globalization;
using System.Text.Json;
using Fulcrum.Core.Csv;

namespace Fulcrum.Core.Delivery;

public sealed record DeploymentRow(
    int Row, string Id, string Service, string Environment, string? Sha, DateTime? StartedAt, DateTime FinishedAt, bool Succeeded);

public sealed record IncidentRow(
    int Row, string Id, string Service, DateTime StartedAt, DateTime? ResolvedAt, string? Severity, string? Title,
    string? DeploymentId, string? CausedBySha);

public sealed record WorkItemRow(
    int Row, string Id, string Title, string? Team, string Kind, double? Estimate, string? EstimateUnit,
    DateTime? CommittedDate, DateTime? StartedAt, DateTime? DoneAt);

/// <summary>A pull request's timeline. No author, reviewer or any other person: stage times are
/// measured per service and team, never per person.</summary>
public sealed record PullRequestRow(
    int Row, string Id, string Service, DateTime OpenedAt, DateTime? FirstReviewAt, DateTime? MergedAt, string? MergeSha,
    DateTime? FirstCommitAt);

/// <summary>
/// The delivery import formats of PRODUCT.md, as CSV with a header row or as a JSON array of
/// objects with the same field names. Times are ISO 8601; one without an offset is read as UTC.
/// Every problem is reported with its record (row, or array index + 1 for JSON) and field.
/// </summary>
public static class DeliveryFiles
{
    public static readonly string[] DeploymentFields = ["id", "service", "environment", "sha", "started_at", "finished_at", "result"];
    public static readonly string[] IncidentFields = ["id", "service", "started_at", "resolved_at", "severity", "title", "deployment_id", "caused_by_sha"];

    public static CsvReadResult<DeploymentRow> ReadDeployments(TextReader reader, bool json = false, IReadOnlyDictionary<string, TextField>? fields = null)
    {
        var (records, problems, _, unreadable) = Records(reader, json, ["id", "service", "environment", "finished_at", "result"], ["sha", "started_at"], fields);
        var rows = new List<DeploymentRow>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var record in records)
        {
            var before = problems.Count;
            var id = Required(record, "id", problems);
            var service = Required(record, "service", problems);
            var environment = Required(record, "environment", problems)?.ToLowerInvariant();
            var sha = Sha(record, "sha", problems);
            var started = Time(record, "started_at", problems, required: false);
            var finished = Time(record, "finished_at", problems, required: true);
            var result = Required(record, "result", problems)?.ToLowerInvariant();
            if (result is not null && result is not ("success" or "failure"))
            {
                problems.Add(new CsvProblem(record.Row, "result", $"'{record.Get("result")}' is not a result; use success or failure"));
            }
            if (started is not null && finished is not null && finished < started)
            {
                problems.Add(new CsvProblem(record.Row, "finished_at", "the deployment finishes before it starts"));
            }
            if (id is not null && service is not null && !seen.TryAdd((service.ToLowerInvariant(), id), record.Row))
            {
                problems.Add(new CsvProblem(record.Row, "id", $"deployment '{id}' of {service} already appears in record {seen[(service.ToLowerInvariant(), id)]}"));
            }
            if (problems.Count == before && record.Refused.Count == 0)
            {
                rows.Add(new DeploymentRow(record.Row, id!, service!, environment!, sha, started, finished!.Value, result == "success"));
            }
        }
        return new CsvReadResult<DeploymentRow>(rows, problems) { Unreadable = unreadable };
    }

    public static CsvReadResult<IncidentRow> ReadIncidents(TextReader reader, bool json = false, IReadOnlyDictionary<string, TextField>? fields = null)
    {
        var (records, problems, _, unreadable) = Records(reader, json, ["id", "service", "started_at"],
            ["resolved_at", "severity", "title", "deployment_id", "caused_by_sha"], fields);
        var rows = new List<IncidentRow>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var record in records)
        {
            var before = problems.Count;
            var id = Required(record, "id", problems);
            var service = Required(record, "service", problems);
            var started = Time(record, "started_at", problems, required: true);
            var resolved = Time(record, "resolved_at", problems, required: false);
            var sha = Sha(record, "caused_by_sha", problems);
            if (started is not null && resolved is not null && resolved < started)
            {
                problems.Add(new CsvProblem(record.Row, "resolved_at", "the incident resolves before it starts"));
            }
            if (id is not null && service is not null && !seen.TryAdd((service.ToLowerInvariant(), id), record.Row))
            {
                problems.Add(new CsvProblem(record.Row, "id", $"incident '{id}' of {service} already appears in record {seen[(service.ToLowerInvariant(), id)]}"));
            }
            if (problems.Count == before && record.Refused.Count == 0)
            {
                rows.Add(new IncidentRow(record.Row, id!, service!, started!.Value, resolved, record.Get("severity"), record.Get("title"),
                    record.Get("deployment_id"), sha));
            }
        }
        return new CsvReadResult<IncidentRow>(rows, problems) { Unreadable = unreadable };
    }

    public static readonly string[] PullRequestFields = ["id", "service", "opened_at", "first_review_at", "merged_at", "merge_sha", "first_commit_at"];

    /// <summary>
    /// Pull requests: <c>opened_at</c> is required; an open one has no <c>merged_at</c> or
    /// <c>merge_sha</c>. The times must run in order (first commit, opened, first review, merged).
    /// Columns naming people (author, reviewers, …) are not read: <see cref="CsvReadResult{T}.IgnoredFields"/> lists them.
    /// </summary>
    public static CsvReadResult<PullRequestRow> ReadPullRequests(TextReader reader, bool json = false, IReadOnlyDictionary<string, TextField>? fields = null)
    {
        var (records, problems, ignored, unreadable) = Records(reader, json, ["id", "service", "opened_at"],
            ["first_review_at", "merged_at", "merge_sha", "first_commit_at"], fields, IsPersonField);
        var rows = new List<PullRequestRow>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var record in records)
        {
            var before = problems.Count;
            var id = Required(record, "id", problems);
            var service = Required(record, "service", problems);
            var firstCommit = Time(record, "first_commit_at", problems, required: false);
            var opened = Time(record, "opened_at", problems, required: true);
            var firstReview = Time(record, "first_review_at", problems, required: false);
            var merged = Time(record, "merged_at", problems, required: false);
            var sha = Sha(record, "merge_sha", problems);
            if (firstCommit is not null && opened is not null && opened < firstCommit)
            {
                problems.Add(new CsvProblem(record.Row, "first_commit_at", "the first commit comes after the pull request was opened"));
            }
            if (opened is not null && firstReview is not null && firstReview < opened)
            {
                problems.Add(new CsvProblem(record.Row, "first_review_at", "the first review comes before the pull request was opened"));
            }
            if (merged is not null && firstReview is not null && merged < firstReview)
            {
                problems.Add(new CsvProblem(record.Row, "merged_at", "the pull request is merged before its first review"));
            }
            else if (merged is not null && opened is not null && merged < opened)
            {
                problems.Add(new CsvProblem(record.Row, "merged_at", "the pull request is merged before it was opened"));
            }
            if (sha is not null && merged is null && record.Get("merged_at") is null)
            {
                problems.Add(new CsvProblem(record.Row, "merge_sha", "a merge commit needs merged_at: an open pull request has neither"));
            }
            if (id is not null && service is not null && !seen.TryAdd((service.ToLowerInvariant(), id), record.Row))
            {
                problems.Add(new CsvProblem(record.Row, "id", $"pull request '{id}' of {service} already appears in record {seen[(service.ToLowerInvariant(), id)]}"));
            }
            if (problems.Count == before && record.Refused.Count == 0)
            {
                rows.Add(new PullRequestRow(record.Row, id!, service!, opened!.Value, firstReview, merged, sha, firstCommit));
            }
        }
        return new CsvReadResult<PullRequestRow>(rows, problems) { IgnoredFields = ignored, Unreadable = unreadable };
    }

    /// <summary>
    /// Whether a column names a person (author, reviewers, assignee, merged_by, an email…). Exports
    /// from code hosts carry such columns; Fulcrum keeps no per-person activity, so they are skipped.
    /// </summary>
    public static bool IsPersonField(string name)
    {
        var canonical = CsvTable.CanonicalColumn(name);
        return PersonWords.Any(canonical.Contains) || canonical.EndsWith("by", StringComparison.Ordinal);
    }

    private static readonly string[] PersonWords =
        ["author", "committer", "creator", "user", "login", "reviewer", "assignee", "approver", "requester", "email", "person", "people", "owner"];

    public static readonly string[] EstimateUnits = ["points", "hours", "days", "weeks"];

    public static CsvReadResult<WorkItemRow> ReadWorkItems(TextReader reader, bool json = false, IReadOnlyDictionary<string, TextField>? fields = null)
    {
        var (records, problems, _, unreadable) = Records(reader, json, ["id", "title"],
            ["team", "kind", "estimate", "estimate_unit", "committed_date", "started_at", "done_at"], fields);
        var rows = new List<WorkItemRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var before = problems.Count;
            var id = Required(record, "id", problems);
            var title = Required(record, "title", problems);
            double? estimate = null;
            if (record.Get("estimate") is { } estimateText)
            {
                if (double.TryParse(estimateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
                {
                    estimate = value;
                }
                else
                {
                    problems.Add(new CsvProblem(record.Row, "estimate", $"'{estimateText}' is not a number of zero or more"));
                }
            }
            var unit = record.Get("estimate_unit")?.ToLowerInvariant();
            if (unit is not null && !EstimateUnits.Contains(unit))
            {
                problems.Add(new CsvProblem(record.Row, "estimate_unit", $"'{unit}' is not a unit; use {string.Join(", ", EstimateUnits)}"));
            }
            else if (estimate is not null && unit is null)
            {
                problems.Add(new CsvProblem(record.Row, "estimate_unit", "an estimate needs its unit"));
            }
            var committed = Time(record, "committed_date", problems, required: false);
            var started = Time(record, "started_at", problems, required: false);
            var done = Time(record, "done_at", problems, required: false);
            if (started is not null && done is not null && done < started)
            {
                problems.Add(new CsvProblem(record.Row, "done_at", "the work is done before it starts"));
            }
            if (id is not null && !seen.TryAdd(id, record.Row))
            {
                problems.Add(new CsvProblem(record.Row, "id", $"work item '{id}' already appears in record {seen[id]}"));
            }
            if (problems.Count == before && record.Refused.Count == 0)
            {
                rows.Add(new WorkItemRow(record.Row, id!, title!, record.Get("team"), record.Get("kind")?.ToLowerInvariant() ?? "story",
                    estimate, unit, committed?.Date, started, done));
            }
        }
        return new CsvReadResult<WorkItemRow>(rows, problems) { Unreadable = unreadable };
    }

    /// <summary>
    /// Reads an ISO 8601 (RFC 3339) instant; without an offset it is taken as UTC. The letters may be
    /// lower case and the fraction up to nine digits long, as Go and others write it
    /// (<c>2026-03-01t09:00:00.123456789z</c>); digits past the seventh (100 ns) are dropped.
    /// </summary>
    public static bool TryParseInstant(string text, out DateTime utc)
    {
        var ok = DateTimeOffset.TryParseExact(Normalised(text.Trim()), InstantFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var value);
        utc = ok ? value.UtcDateTime : default;
        return ok;
    }

    /// <summary>The first and the last instant an import or a report window may name: a delivery before
    /// Unix time is a typing error, and the far end leaves room for the windows computed around an instant.</summary>
    public static readonly DateTime EarliestInstant = DateTime.UnixEpoch;
    public static readonly DateTime LatestInstant = new(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static bool InRange(DateTime utc) => utc >= EarliestInstant && utc <= LatestInstant;

    public static string RangeText => $"{EarliestInstant:yyyy-MM-dd} to {LatestInstant:yyyy-MM-dd}";

    /// <summary>Upper-case T and Z, and at most seven fraction digits, which is what .NET's formats read.</summary>
    private static string Normalised(string text)
    {
        var upper = text.ToUpperInvariant();
        var dot = upper.IndexOf('.');
        if (dot < 0)
        {
            return upper;
        }
        var end = dot + 1;
        while (end < upper.Length && char.IsAsciiDigit(upper[end]))
        {
            end++;
        }
        return end - dot - 1 > 7 ? upper[..(dot + 8)] + upper[end..] : upper;
    }

    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    private static (List<CsvRecord> Records, List<CsvProblem> Problems, List<string> Ignored, bool Unreadable) Records(
        TextReader reader, bool json, IReadOnlyList<string> required, IReadOnlyList<string> optional,
        IReadOnlyDictionary<string, TextField>? fields, Func<string, bool>? ignore = null)
    {
        if (!json)
        {
            var table = CsvTable.Read(reader, required, optional, ignore, fields);
            return (table.Records.ToList(), table.Problems.ToList(), table.IgnoredColumns.ToList(), false);
        }
        var records = new List<CsvRecord>();
        var problems = new List<CsvProblem>();
        var ignored = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(reader.ReadToEnd());
        }
        catch (JsonException e)
        {
            // Where JSON stops parsing is a line (and a byte in it), not a record.
            problems.Add(new CsvProblem((int)(e.LineNumber ?? 0) + 1, null, $"not valid JSON: {e.Message.Split(" LineNumber")[0]}") { Unit = CsvUnit.Line });
            return (records, problems, ignored, true);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new CsvProblem(1, null, "expected a JSON array of objects"));
                return (records, problems, ignored, true);
            }
            var known = required.Concat(optional).ToHashSet();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                index++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new CsvProblem(index, null, "is not an object"));
                    continue;
                }
                var values = new Dictionary<string, string>();
                HashSet<string>? broken = null;
                foreach (var property in element.EnumerateObject())
                {
                    if (!known.Contains(property.Name))
                    {
                        if (ignore?.Invoke(property.Name) == true)
                        {
                            if (!ignored.Contains(property.Name))
                            {
                                ignored.Add(property.Name);
                            }
                            continue;
                        }
                        problems.Add(new CsvProblem(index, property.Name, $"unknown field; expected: {string.Join(", ", known)}"));
                        continue;
                    }
                    if (property.Value.ValueKind == JsonValueKind.String && !TryGetString(property.Value, out _))
                    {
                        problems.Add(new CsvProblem(index, property.Name, HalfCharacter));
                        (broken ??= []).Add(property.Name);
                        continue;
                    }
                    values[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString()!.Trim(),
                        JsonValueKind.Null => "",
                        _ => property.Value.GetRawText(),
                    };
                }
                var record = CsvRecord.Checked(index, values, fields, problems);
                records.Add(broken is null ? record : record with { Refused = new HashSet<string>(record.Refused.Concat(broken)) });
            }
        }
        return (records, problems, ignored, false);
    }

    private const string HalfCharacter = "holds half a character (an unpaired surrogate escape such as \\ud800); only whole characters are stored";

    /// <summary>JSON may escape half a character ("\ud800"), which is no string .NET can read.</summary>
    private static bool TryGetString(JsonElement element, out string? value)
    {
        try
        {
            value = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }

    private static string? Required(CsvRecord record, string field, List<CsvProblem> problems)
    {
        var value = record.Get(field);
        if (value is null && !record.Refused.Contains(field))
        {
            problems.Add(new CsvProblem(record.Row, field, "is required"));
        }
        return value;
    }

    private static DateTime? Time(CsvRecord record, string field, List<CsvProblem> problems, bool required)
    {
        var text = record.Get(field);
        if (text is null)
        {
            if (required && !record.Refused.Contains(field))
            {
                problems.Add(new CsvProblem(record.Row, field, "is required"));
            }
            return null;
        }
        if (!TryParseInstant(text, out var utc))
        {
            problems.Add(new CsvProblem(record.Row, field, $"'{text}' is not an ISO 8601 time like 2026-03-01T14:30:00Z"));
            return null;
        }
        if (!InRange(utc))
        {
            problems.Add(new CsvProblem(record.Row, field, $"'{text}' is out of range: times run from {RangeText}"));
            return null;
        }
        return utc;
    }

    private static string? Sha(CsvRecord record, string field, List<CsvProblem> problems)
    {
        var text = record.Get(field);
        if (text is null)
        {
            return null;
        }
        var sha = text.ToLowerInvariant();
        if (sha.Length is not (40 or 64) || !sha.All(Uri.IsHexDigit))
        {
            problems.Add(new CsvProblem(record.Row, field, $"'{text}' is not a full commit sha (40 hexadecimal characters)"));
            return null;
        }
        return sha;
    }
}
