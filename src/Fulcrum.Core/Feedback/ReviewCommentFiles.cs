using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Csv;
using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Feedback;

/// <summary>
/// One review comment as imported: the id its code host gave it (unique per service, so importing
/// the same file again changes nothing), the pull request it was left on, when, and its text; and,
/// where the file says, when the pull request was opened (for the time to first review). Never who
/// wrote it: feedback is reported per team, not per reviewer (docs/feedback.md).
/// </summary>
public sealed record ReviewCommentRow(int Row, string Id, string PullRequest, DateTime CreatedAt, string Body, DateTime? PullRequestOpenedAt);

/// <summary>What a review-comment file held: its comments, its problems (any problem refuses the file
/// as a whole), how many comments had no text (an approval without words: nothing to classify), and
/// which fields were deliberately not read (who wrote each comment).</summary>
public sealed record ReviewCommentFile(IReadOnlyList<ReviewCommentRow> Rows, IReadOnlyList<CsvProblem> Problems, int WithoutText, IReadOnlyList<string> LeftOut)
{
    /// <summary>Which format the file was read as: <see cref="ReviewCommentFiles.GitHub"/> or <see cref="ReviewCommentFiles.Csv"/>.</summary>
    public string Format { get; init; } = ReviewCommentFiles.Csv;

    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Reads review comments from the two files docs/feedback.md describes:
/// <list type="bullet">
/// <item>GitHub's REST API answers, as <c>gh api --paginate</c> saves them: pull-request review comments
/// (<c>/pulls/comments</c>, <c>/pulls/{n}/comments</c>), reviews (<c>/pulls/{n}/reviews</c>) and the
/// conversation's comments (<c>/issues/{n}/comments</c>), one array or several back to back;</item>
/// <item>a CSV with <c>id,pull_request,created_at,body</c> and optionally <c>pull_request_opened_at</c>, from any other tool.</item>
/// </list>
/// Problems are named by record (JSON) or row (CSV) and field.
/// </summary>
public static class ReviewCommentFiles
{
    /// <summary>GitHub's own limit for a comment's text.</summary>
    public const int MaxBodyLength = 65_536;

    public const int MaxIdLength = 200;

    public static readonly IReadOnlyDictionary<string, TextField> Fields = new Dictionary<string, TextField>
    {
        ["id"] = new(MaxIdLength),
        ["pullrequest"] = new(MaxIdLength),
        ["createdat"] = new(64),
        ["pullrequestopenedat"] = new(64),
        ["body"] = new(MaxBodyLength, Multiline: true),
    };

    /// <summary>Who wrote or reviewed: columns a CSV may have, which are skipped and said to be skipped.</summary>
    private static readonly string[] People = ["reviewer", "author", "user", "login", "username", "name", "email"];

    public const string GitHub = "github", Csv = "csv";

    /// <summary>Reads <paramref name="text"/> as GitHub JSON when it starts with '[' or '{', as CSV otherwise.</summary>
    public static ReviewCommentFile Read(string text) =>
        text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n') is ['[' or '{', ..] ? ReadGitHubJson(text) : ReadCsv(new StringReader(text));

    public static ReviewCommentFile ReadCsv(TextReader reader)
    {
        var table = CsvTable.Read(reader, required: ["pull_request", "created_at", "body"], optional: ["id", "pull_request_opened_at"],
            ignore: column => People.Contains(CsvTable.CanonicalColumn(column)), fields: Fields, formulaEscapes: true);
        var problems = table.Problems.ToList();
        var rows = new List<ReviewCommentRow>();
        var withoutText = 0;
        foreach (var record in table.Records)
        {
            var before = problems.Count;
            var pullRequest = record.Required("pull_request", "a comment needs the pull request it was left on (its number or URL)", problems);
            var created = Instant(record, "created_at", required: true, problems);
            var opened = Instant(record, "pull_request_opened_at", required: false, problems);
            var body = record.Get("body")?.Trim() ?? "";
            if (problems.Count > before || record.Refused.Count > 0 || pullRequest is null || created is null)
            {
                continue;
            }
            if (body.Length == 0)
            {
                withoutText++;
                continue;
            }
            var key = PullRequestKey(pullRequest);
            var id = record.Get("id")?.Trim() is { Length: > 0 } given ? given : DerivedId(key, created.Value, body);
            rows.Add(new ReviewCommentRow(record.Row, id, key, created.Value, body, opened));
        }
        Duplicates(rows, problems, CsvUnit.Row);
        return new ReviewCommentFile(rows, [.. problems.OrderBy(p => p.Row)], withoutText, table.IgnoredColumns);
    }

    public static ReviewCommentFile ReadGitHubJson(string text)
    {
        var rows = new List<ReviewCommentRow>();
        var problems = new List<CsvProblem>();
        var withoutText = 0;
        var index = 0;
        // Said as left out only when a record had it: a file without authors has nothing left out.
        var sawUser = false;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                using var document = JsonDocument.ParseValue(ref reader);
                var items = document.RootElement.ValueKind switch
                {
                    JsonValueKind.Array => document.RootElement.EnumerateArray().ToList(),
                    JsonValueKind.Object => [document.RootElement],
                    _ => null,
                };
                if (items is null)
                {
                    problems.Add(new CsvProblem(index + 1, null, "expected GitHub's JSON: an array of review comments, reviews or issue comments") { Unit = CsvUnit.Record });
                    return new ReviewCommentFile([], problems, 0, []) { Format = GitHub };
                }
                foreach (var item in items)
                {
                    index++;
                    sawUser |= item.ValueKind == JsonValueKind.Object && item.TryGetProperty("user", out _);
                    if (FromGitHub(item, index, problems) is { } row)
                    {
                        if (row.Body.Length == 0)
                        {
                            withoutText++;
                        }
                        else
                        {
                            rows.Add(row);
                        }
                    }
                    if (problems.Count >= MaxProblems)
                    {
                        return new ReviewCommentFile([], problems, 0, sawUser ? ["user"] : []) { Format = GitHub };
                    }
                }
            }
        }
        catch (JsonException e)
        {
            problems.Add(new CsvProblem((int)(e.LineNumber ?? 0) + 1, null, $"not valid JSON: {e.Message.Split(" LineNumber")[0]}") { Unit = CsvUnit.Line });
            return new ReviewCommentFile([], problems, 0, []) { Format = GitHub };
        }
        if (index == 0)
        {
            problems.Add(new CsvProblem(1, null, "the file holds no review comments") { Unit = CsvUnit.Record });
        }
        Duplicates(rows, problems, CsvUnit.Record);
        return new ReviewCommentFile(rows, problems, withoutText, sawUser ? ["user"] : []) { Format = GitHub };
    }

    /// <summary>Enough to fix a file by; a file of junk would otherwise print a problem per record.</summary>
    public const int MaxProblems = 100;

    private static ReviewCommentRow? FromGitHub(JsonElement item, int index, List<CsvProblem> problems)
    {
        CsvProblem Problem(string? field, string message) => new(index, field, message) { Unit = CsvUnit.Record };
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add(Problem(null, "is not an object"));
            return null;
        }
        var before = problems.Count;
        // A review has submitted_at and state; a review comment or an issue comment has created_at.
        var isReview = item.TryGetProperty("submitted_at", out _) || item.TryGetProperty("state", out _);
        var kind = isReview ? "review" : item.TryGetProperty("issue_url", out _) ? "issue-comment" : "comment";
        var idText = item.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String ? id.ToString() : null;
        if (idText is null)
        {
            problems.Add(Problem("id", "a comment needs GitHub's id (a number)"));
        }
        var urlField = kind == "issue-comment" ? "issue_url" : "pull_request_url";
        var url = String(item, urlField, problems, Problem);
        var pullRequest = url is null ? null : PullRequestKey(url);
        if (url is not null && !int.TryParse(pullRequest, out _))
        {
            problems.Add(Problem(urlField, $"'{Shorten(url)}' does not end with a pull request's number"));
        }
        var createdField = isReview ? "submitted_at" : "created_at";
        var createdText = String(item, createdField, problems, Problem);
        DateTime created = default;
        if (createdText is not null && !(DeliveryFiles.TryParseInstant(createdText, out created) && DeliveryFiles.InRange(created)))
        {
            problems.Add(Problem(createdField, $"'{Shorten(createdText)}' is not a date and time (ISO 8601, {DeliveryFiles.RangeText})"));
        }
        string body = "";
        if (item.TryGetProperty("body", out var bodyElement) && bodyElement.ValueKind == JsonValueKind.String)
        {
            try
            {
                body = bodyElement.GetString()!.Trim();
            }
            catch (InvalidOperationException)
            {
                problems.Add(Problem("body", "holds half a character (an unpaired surrogate escape such as \\ud800); only whole characters are stored"));
            }
            if (TextRules.Problem(body, Fields["body"]) is { } bodyProblem)
            {
                problems.Add(Problem("body", bodyProblem));
            }
        }
        else if (bodyElement.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            problems.Add(Problem("body", "expected text"));
        }
        if (problems.Count > before || idText is null || pullRequest is null)
        {
            return null;
        }
        return new ReviewCommentRow(index, $"{kind}-{idText}", pullRequest, created, body, null);
    }

    private static string? String(JsonElement item, string field, List<CsvProblem> problems, Func<string?, string, CsvProblem> problem)
    {
        if (item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            if (text.Length > 2_000)
            {
                problems.Add(problem(field, "is longer than 2,000 characters"));
                return null;
            }
            return text;
        }
        problems.Add(problem(field, $"missing: GitHub's {field} is needed"));
        return null;
    }

    /// <summary>A pull request named by URL (…/pulls/42, …/pull/42, …/issues/42) is known by its number, as in the delivery imports.</summary>
    public static string PullRequestKey(string text)
    {
        var value = text.Trim().TrimEnd('/');
        var slash = value.LastIndexOf('/');
        var last = slash >= 0 ? value[(slash + 1)..] : value;
        return slash >= 0 && int.TryParse(last, out _) ? last : value.TrimStart('#');
    }

    private static void Duplicates(List<ReviewCommentRow> rows, List<CsvProblem> problems, CsvUnit unit)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!seen.TryAdd(row.Id, row.Row))
            {
                problems.Add(new CsvProblem(row.Row, "id", $"'{Shorten(row.Id)}' is already {(unit == CsvUnit.Row ? "row" : "record")} {seen[row.Id]}") { Unit = unit });
            }
        }
    }

    /// <summary>A file without ids still imports once: the same pull request, instant and text make the same id.</summary>
    private static string DerivedId(string pullRequest, DateTime created, string body)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{pullRequest}\n{created:O}\n{body}"));
        return "sha256-" + Convert.ToHexStringLower(hash)[..32];
    }

    private static DateTime? Instant(CsvRecord record, string column, bool required, List<CsvProblem> problems)
    {
        var text = record.Get(column)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required && !record.Refused.Contains(column))
            {
                problems.Add(new CsvProblem(record.Row, column, "a date and time is needed (ISO 8601, e.g. 2026-03-02T09:30:00Z)"));
            }
            return null;
        }
        if (DeliveryFiles.TryParseInstant(text, out var utc) && DeliveryFiles.InRange(utc))
        {
            return utc;
        }
        problems.Add(new CsvProblem(record.Row, column, $"'{Shorten(text)}' is not a date and time (ISO 8601, {DeliveryFiles.RangeText})"));
        return null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
