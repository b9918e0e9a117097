using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Core.Delivery;
using Fulcrum.Core.TeamDesign;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.TeamDesign;

public sealed record DecisionOptionRequest(string? Name, string? Description = null, IReadOnlyList<string>? Pros = null, IReadOnlyList<string>? Cons = null);

/// <param name="Team">The team it belongs to, by name or id; none: the whole organisation's.</param>
/// <param name="Reversibility"><c>one-way</c> or <c>two-way</c>.</param>
/// <param name="Metric">A delivery metric (<see cref="DecisionMetrics.Known"/>) or a metric series' name.</param>
/// <param name="Expected">How much it should move: -20%, +2.</param>
public sealed record DecisionRequest(
    string? Title, string? Context, string? Decision, string? Team = null, string? Status = null, DateOnly? DecidedOn = null,
    IReadOnlyList<DecisionOptionRequest>? Options = null, string? ChosenOption = null, string? Consequences = null,
    IReadOnlyList<string>? LedBy = null, IReadOnlyList<string>? FollowedBy = null, string? Reversibility = null,
    string? Metric = null, string? Expected = null, DateOnly? ReviewOn = null);

public sealed record ReviewRequest(string? Outcome);

public sealed record DecisionSummary(int Number, string Title, TeamRef? Team, string? Status, DateOnly? DecidedOn, string? Reversibility,
    string? Metric, string? Expected, DateOnly? ReviewOn, bool DueForReview, bool Reviewed);

public sealed record ReviewView(string Outcome, double? MetricBefore, double? MetricAfter, DateTime ReviewedAt, PersonRef? ReviewedBy);

public sealed record DecisionView(
    int Number, string Title, TeamRef? Team, string? Status, DateOnly? DecidedOn, string Context, IReadOnlyList<DecisionOption> Options,
    string? ChosenOption, string Decision, string? Consequences, IReadOnlyList<string> LedBy, IReadOnlyList<string> FollowedBy,
    string? Reversibility, string? Metric, string? Expected, DateOnly? ReviewOn, bool DueForReview, ReviewView? Review,
    PersonRef? Author, bool MayEdit, string FileName);

public sealed record DecisionImportReport(int Created, int Updated, IReadOnlyList<AdrProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Decision records (docs/team-design.md, "Decisions"): kept as the ADR fields, tied to a metric with
/// the move expected and a review date, and reviewed against the metric's figures before and after.
/// A decision that names a team is a team-level thing (ADR 0006): the team's scope reads it; one
/// without a team is everyone's. Its author and leaders change and review it.
/// </summary>
public sealed class Decisions(FulcrumDbContext db, DeliveryReport delivery, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<IReadOnlyList<DecisionSummary>> ListAsync(TeamScope scope, CancellationToken cancellationToken = default) =>
        SummariesAsync(scope, _ => true, cancellationToken);

    /// <summary>The decisions due for review that the viewer may review (their own, or any for leaders), newest first.</summary>
    public Task<IReadOnlyList<DecisionSummary>> DueForReviewByAsync(TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var today = Today();
        return SummariesAsync(scope, d => Due(d, today) && MayEdit(d, scope, mayManage), cancellationToken);
    }

    private async Task<IReadOnlyList<DecisionSummary>> SummariesAsync(TeamScope scope, Func<DecisionRecord, bool> keep, CancellationToken cancellationToken)
    {
        var teams = await TeamNamesAsync(cancellationToken);
        var today = Today();
        var rows = await db.Decisions.AsNoTracking().OrderByDescending(d => d.Number).ToListAsync(cancellationToken);
        return [.. rows.Where(d => (d.TeamId is not int t || scope.Includes(t)) && keep(d)).Select(d => new DecisionSummary(d.Number, d.Title,
            d.TeamId is int t ? new TeamRef(t, teams[t]) : null, d.Status, Day(d.DecidedOn), d.Reversibility, d.Metric, d.Expected,
            Day(d.ReviewOn), Due(d, today), d.ReviewedAt is not null))];
    }

    public async Task<DecisionView> GetAsync(int number, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default) =>
        await ViewAsync(await RequireVisibleAsync(number, scope, cancellationToken), scope, mayManage, cancellationToken);

    public async Task<DecisionView> AddAsync(DecisionRequest request, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var record = new DecisionRecord
        {
            Title = "", Context = "", Options = "[]", Decision = "", LedBy = "[]", FollowedBy = "[]", OtherFrontMatter = "[]",
            AuthorPersonId = scope.PersonId == 0 ? null : scope.PersonId, CreatedAt = Now(),
        };
        await ApplyAsync(record, request, scope, cancellationToken);
        record.Number = await NextNumberAsync(cancellationToken);
        record.UpdatedAt = Now();
        db.Decisions.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(record, scope, mayManage, cancellationToken);
    }

    public async Task<DecisionView> UpdateAsync(int number, DecisionRequest request, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var record = await RequireEditableAsync(number, scope, mayManage, cancellationToken);
        await ApplyAsync(record, request, scope, cancellationToken);
        record.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(record, scope, mayManage, cancellationToken);
    }

    public async Task RemoveAsync(int number, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var record = await RequireEditableAsync(number, scope, mayManage, cancellationToken);
        db.Decisions.Remove(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The decision's metric before and after it, as of today (null when it names no metric).</summary>
    public async Task<MetricComparison?> CompareAsync(int number, TeamScope scope, CancellationToken cancellationToken = default) =>
        await CompareAsync(await RequireVisibleAsync(number, scope, cancellationToken), cancellationToken);

    /// <summary>Records the outcome, with the metric's figures before and after as they are now, kept with it.</summary>
    public async Task<DecisionView> ReviewAsync(int number, ReviewRequest request, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var record = await RequireEditableAsync(number, scope, mayManage, cancellationToken);
        var outcome = (request.Outcome ?? "").Trim();
        if (outcome.Length == 0)
        {
            throw ProblemException.InvalidField("outcome", "Say what the decision led to: the outcome is what a review records.", "The review was not saved");
        }
        if (TextRules.Sentence("An outcome", outcome, new TextField(DecisionRecord.MaxTextLength, Multiline: true)) is { } problem)
        {
            throw ProblemException.InvalidField("outcome", problem, "The review was not saved");
        }
        var comparison = await CompareAsync(record, cancellationToken);
        record.Outcome = outcome;
        record.MetricBefore = comparison?.Before;
        record.MetricAfter = comparison?.After;
        record.ReviewedAt = Now();
        record.ReviewedByPersonId = scope.PersonId == 0 ? null : scope.PersonId;
        record.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(record, scope, mayManage, cancellationToken);
    }

    /// <summary>Every decision the scope may read, as Markdown ADR files (<see cref="AdrMarkdown"/>), by file name.</summary>
    public async Task<IReadOnlyList<(string FileName, string Text)>> ExportAsync(TeamScope scope, CancellationToken cancellationToken = default)
    {
        var teams = await TeamNamesAsync(cancellationToken);
        var rows = await db.Decisions.AsNoTracking().OrderBy(d => d.Number).ToListAsync(cancellationToken);
        return [.. rows.Where(d => d.TeamId is not int t || scope.Includes(t))
            .Select(d => (AdrMarkdown.FileName(d.Number, d.Title), AdrMarkdown.Write(Document(d, teams))))];
    }

    /// <summary>
    /// A folder's ADR files as decisions, all or nothing: a file whose number exists updates that
    /// decision (the folder in git is the record), others are added with the next numbers. Any problem
    /// in any file, or a team the importer cannot see, refuses the whole folder.
    /// </summary>
    public async Task<DecisionImportReport> ImportAsync(IReadOnlyList<(string File, DecisionDocument Document)> documents, TeamScope scope, bool mayManage,
        CancellationToken cancellationToken = default)
    {
        var problems = new List<AdrProblem>();
        var teams = await db.Teams.Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        var existing = await db.Decisions.ToDictionaryAsync(d => d.Number, cancellationToken);
        var numbers = new Dictionary<int, string>();
        var planned = new List<(string File, DecisionDocument Document, int? TeamId)>();
        foreach (var (file, document) in documents)
        {
            int? teamId = null;
            if (TeamOf(document) is { } teamName)
            {
                var team = teams.FirstOrDefault(t => string.Equals(t.Name, teamName, StringComparison.OrdinalIgnoreCase));
                if (team is null || !scope.Includes(team.Id))
                {
                    problems.Add(new AdrProblem(file, 0, "team", $"there is no team '{teamName}' for you"));
                }
                teamId = team?.Id;
            }
            if (document.Number is int n)
            {
                if (!numbers.TryAdd(n, file))
                {
                    problems.Add(new AdrProblem(file, 0, "file", $"decision {n} is also {numbers[n]}"));
                }
                else if (existing.TryGetValue(n, out var stored) && !MayEdit(stored, scope, mayManage))
                {
                    problems.Add(new AdrProblem(file, 0, "file", $"decision {n} exists and is not yours to change"));
                }
            }
            problems.AddRange(MetricProblems(document.Metric, document.Expected).Select(p => new AdrProblem(file, 0, p.Field, p.Message)));
            planned.Add((file, document, teamId));
        }
        if (problems.Count > 0 || planned.Count == 0)
        {
            return new DecisionImportReport(0, 0, problems.Count > 0 ? problems : [new AdrProblem("", 0, "file", "no decision records to import")]);
        }

        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        var next = Math.Max(existing.Keys.DefaultIfEmpty(0).Max(), numbers.Keys.DefaultIfEmpty(0).Max()) + 1;
        var (created, updated) = (0, 0);
        foreach (var (_, document, teamId) in planned)
        {
            if (document.Number is int n && existing.TryGetValue(n, out var record))
            {
                updated++;
            }
            else
            {
                record = db.Decisions.Add(new DecisionRecord
                {
                    Number = document.Number ?? next++, Title = "", Context = "", Options = "[]", Decision = "", LedBy = "[]", FollowedBy = "[]",
                    OtherFrontMatter = "[]", AuthorPersonId = scope.PersonId == 0 ? null : scope.PersonId, CreatedAt = Now(),
                }).Entity;
                created++;
            }
            Apply(record, document, teamId);
            if (document.Outcome is not null && record.ReviewedAt is null)
            {
                // A file that records an outcome was reviewed, though it does not say when: it is not due any more.
                record.ReviewedAt = Now();
            }
            record.UpdatedAt = Now();
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DecisionImportReport(created, updated, []);
    }

    // ------------------------------------------------------------------ the metric

    private async Task<MetricComparison?> CompareAsync(DecisionRecord record, CancellationToken cancellationToken)
    {
        if (record.Metric is not { } metric)
        {
            return null;
        }
        var decided = Day(record.DecidedOn) ?? DateOnly.FromDateTime(record.CreatedAt);
        var (from, pivot, to) = DecisionMetrics.Windows(decided, Day(record.ReviewOn), Today());
        var expected = Expectation.Parse(record.Expected);
        if (DecisionMetrics.DeliveryKey(metric) is { } key)
        {
            var teamName = record.TeamId is int t ? await db.Teams.Where(x => x.Id == t).Select(x => x.Name).SingleAsync(cancellationToken) : null;
            var scope = teamName is null ? await delivery.AllScopeAsync(cancellationToken) : await delivery.TeamScopeAsync(teamName, cancellationToken);
            // The bands do not enter the comparison; the latest published set is as good as any.
            var bands = DoraBands.Years.Max();
            var before = await delivery.ForScopeAsync(scope, Start(from), Start(pivot), bands, cancellationToken);
            var after = await delivery.ForScopeAsync(scope, Start(pivot), Start(to), bands, cancellationToken);
            var b = before.Metrics.Single(m => m.Metric == key);
            var a = after.Metrics.Single(m => m.Metric == key);
            return new MetricComparison(metric, b.Title, b.Unit, $"delivery of {scope.Label}", from, pivot, to,
                b.Value, b.SampleSize, a.Value, a.SampleSize, expected, DecisionMetrics.LowerIsBetter(key));
        }
        var series = await db.MetricSeries.AsNoTracking().SingleOrDefaultAsync(s => s.Name == metric, cancellationToken);
        if (series is null)
        {
            return new MetricComparison(metric, metric, "", "no series of that name yet", from, pivot, to, null, 0, null, 0, expected, false);
        }
        var points = await db.MetricPoints.AsNoTracking().Where(p => p.SeriesId == series.Id && p.On >= Start(from) && p.On < Start(to))
            .Select(p => new { p.On, p.Value }).ToListAsync(cancellationToken);
        var beforePoints = points.Where(p => p.On < Start(pivot)).Select(p => p.Value).ToList();
        var afterPoints = points.Where(p => p.On >= Start(pivot)).Select(p => p.Value).ToList();
        // A hand-entered series says nothing of which way is better; the expectation's sign does.
        return new MetricComparison(metric, series.Name, series.Unit ?? "", $"series {series.Name}, mean of its points", from, pivot, to,
            beforePoints.Count > 0 ? beforePoints.Average() : null, beforePoints.Count, afterPoints.Count > 0 ? afterPoints.Average() : null, afterPoints.Count,
            expected, expected is { Amount: < 0 });
    }

    // ------------------------------------------------------------------ checks and conversions

    private async Task ApplyAsync(DecisionRecord record, DecisionRequest request, TeamScope scope, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(string field, string subject, string? value, int max, bool required = false, bool multiline = false) =>
            TextRules.CheckField(errors, field, subject, value, new TextField(max, multiline), required);
        Check("title", "A title", request.Title, AdrLimits.Title, required: true);
        Check("context", "The context", request.Context, AdrLimits.Text, required: true, multiline: true);
        Check("decision", "The decision", request.Decision, AdrLimits.Text, required: true, multiline: true);
        Check("consequences", "The consequences", request.Consequences, AdrLimits.Text, multiline: true);
        Check("status", "A status", request.Status, AdrLimits.Status);
        Check("chosenOption", "The chosen option", request.ChosenOption, AdrLimits.OptionName);
        var options = request.Options ?? [];
        if (options.Count > AdrLimits.Options)
        {
            errors["options"] = [$"A decision has at most {AdrLimits.Options} options."];
        }
        for (var i = 0; i < options.Count && i < AdrLimits.Options; i++)
        {
            var option = options[i] ?? new DecisionOptionRequest(null);
            Check($"options[{i}].name", "An option's name", option.Name, AdrLimits.OptionName, required: true);
            Check($"options[{i}].description", "An option's description", option.Description, AdrLimits.Text, multiline: true);
            foreach (var (list, name) in new[] { (option.Pros, "pros"), (option.Cons, "cons") })
            {
                if (list is { Count: > 50 })
                {
                    errors[$"options[{i}].{name}"] = ["At most 50 a side."];
                }
                for (var j = 0; j < (list?.Count ?? 0) && j < 50; j++)
                {
                    Check($"options[{i}].{name}[{j}]", "An argument", list![j], AdrLimits.OptionName * 2, required: true);
                }
            }
        }
        foreach (var (list, field) in new[] { (request.LedBy, "ledBy"), (request.FollowedBy, "followedBy") })
        {
            if (list is { Count: > AdrLimits.Names })
            {
                errors[field] = [$"At most {AdrLimits.Names} names."];
            }
            for (var j = 0; j < (list?.Count ?? 0) && j < AdrLimits.Names; j++)
            {
                Check($"{field}[{j}]", "A name", list![j], AdrLimits.Name, required: true);
            }
        }
        DoorKind? door = null;
        if (!string.IsNullOrWhiteSpace(request.Reversibility))
        {
            if (DoorKinds.TryParse(request.Reversibility, out var kind))
            {
                door = kind;
            }
            else
            {
                errors["reversibility"] = [$"Give {DoorKinds.Accepted}."];
            }
        }
        foreach (var (field, message) in MetricProblems(request.Metric, request.Expected))
        {
            errors[field] = [message];
        }
        if (request.ReviewOn is DateOnly review && request.DecidedOn is DateOnly decided && review < decided)
        {
            errors["reviewOn"] = ["A review comes after the decision."];
        }
        int? teamId = null;
        if (!string.IsNullOrWhiteSpace(request.Team))
        {
            var name = request.Team.Trim();
            var team = int.TryParse(name, out var id)
                ? await db.Teams.Where(t => t.Id == id).Select(t => new { t.Id }).SingleOrDefaultAsync(cancellationToken)
                : await db.Teams.Where(t => t.Name.ToLower() == name.ToLower()).Select(t => new { t.Id }).SingleOrDefaultAsync(cancellationToken);
            if (team is null || !scope.Includes(team.Id))
            {
                errors["team"] = [$"There is no team '{(name.Length > 40 ? name[..40] + "…" : name)}' for you."];
            }
            teamId = team?.Id;
        }
        if (errors.Count > 0)
        {
            throw ProblemException.InvalidFields("The decision was not saved", errors);
        }
        var document = new DecisionDocument(record.Number, request.Title!.Trim(), Clean(request.Status), request.DecidedOn, request.Context!.Trim(),
            [.. options.Select(o => new DecisionOption(o.Name!.Trim(), Clean(o.Description), [.. (o.Pros ?? []).Select(p => p.Trim())], [.. (o.Cons ?? []).Select(c => c.Trim())]))],
            Clean(request.ChosenOption), request.Decision!.Trim(), Clean(request.Consequences),
            [.. (request.LedBy ?? []).Select(n => n.Trim())], [.. (request.FollowedBy ?? []).Select(n => n.Trim())], door,
            Clean(request.Metric), Clean(request.Expected), request.ReviewOn, record.Outcome, AdrLayout.Madr,
            JsonSerializer.Deserialize<List<KeyValuePair<string, string>>>(record.OtherFrontMatter, Json) ?? []);
        Apply(record, document, teamId);
    }

    private static IEnumerable<(string Field, string Message)> MetricProblems(string? metric, string? expected)
    {
        if (!string.IsNullOrWhiteSpace(expected) && string.IsNullOrWhiteSpace(metric))
        {
            yield return ("metric", "An expected move needs the metric it is a move of.");
        }
        if (!string.IsNullOrWhiteSpace(metric) && TextRules.Problem(metric.Trim(), new TextField(AdrLimits.Metric)) is { } problem)
        {
            yield return ("metric", $"The metric {problem}.");
        }
        if (!string.IsNullOrWhiteSpace(expected) && Expectation.Parse(expected) is null)
        {
            yield return ("expected", $"'{(expected.Length > 20 ? expected[..20] + "…" : expected)}' is not {Expectation.Expected}.");
        }
    }

    /// <summary>Sets every stored field from a document (the one conversion, used by the form, the API and the import).</summary>
    private static void Apply(DecisionRecord record, DecisionDocument d, int? teamId)
    {
        record.Title = d.Title;
        record.TeamId = teamId;
        record.Status = d.Status;
        record.DecidedOn = Start(d.Date);
        record.Context = d.Context;
        record.Options = JsonSerializer.Serialize(d.Options, Json);
        record.ChosenOption = d.ChosenOption;
        record.Decision = d.Decision;
        record.Consequences = d.Consequences;
        record.LedBy = JsonSerializer.Serialize(d.LedBy, Json);
        record.FollowedBy = JsonSerializer.Serialize(d.FollowedBy, Json);
        record.Reversibility = d.Reversibility is DoorKind door ? DoorKinds.Text(door) : null;
        record.Metric = d.Metric;
        record.Expected = d.Expected;
        record.ReviewOn = Start(d.ReviewOn);
        record.Outcome = d.Outcome ?? record.Outcome;
        record.OtherFrontMatter = JsonSerializer.Serialize(d.OtherFrontMatter.Where(p => !string.Equals(p.Key, "team", StringComparison.OrdinalIgnoreCase)).ToList(), Json);
    }

    /// <summary>The stored decision as a document to write, its team in the front matter.</summary>
    private static DecisionDocument Document(DecisionRecord d, IReadOnlyDictionary<int, string> teams)
    {
        var other = JsonSerializer.Deserialize<List<KeyValuePair<string, string>>>(d.OtherFrontMatter, Json) ?? [];
        if (d.TeamId is int t)
        {
            other.Insert(0, new("team", AdrMarkdown.Scalar(teams[t])));
        }
        return new DecisionDocument(d.Number, d.Title, d.Status, Day(d.DecidedOn), d.Context, Options(d), d.ChosenOption, d.Decision, d.Consequences,
            Names(d.LedBy), Names(d.FollowedBy), d.Reversibility is { } r && DoorKinds.TryParse(r, out var door) ? door : null,
            d.Metric, d.Expected, Day(d.ReviewOn), d.Outcome, AdrLayout.Madr, other);
    }

    private static string? TeamOf(DecisionDocument document) =>
        document.OtherFrontMatter.FirstOrDefault(p => string.Equals(p.Key, "team", StringComparison.OrdinalIgnoreCase)).Value is { } raw
            ? raw.Trim().Trim('"', '\'').Trim() is { Length: > 0 } name ? name : null
            : null;

    private async Task<DecisionView> ViewAsync(DecisionRecord d, TeamScope scope, bool mayManage, CancellationToken cancellationToken)
    {
        var teams = await TeamNamesAsync(cancellationToken);
        var peopleIds = new[] { d.AuthorPersonId, d.ReviewedByPersonId }.OfType<int>().ToList();
        var people = await db.People.Where(p => peopleIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        PersonRef? Person(int? id) => id is int i && people.TryGetValue(i, out var name) ? new PersonRef(i, name) : null;
        var review = d.ReviewedAt is DateTime at ? new ReviewView(d.Outcome ?? "", d.MetricBefore, d.MetricAfter, at, Person(d.ReviewedByPersonId)) : null;
        return new DecisionView(d.Number, d.Title, d.TeamId is int t ? new TeamRef(t, teams[t]) : null, d.Status, Day(d.DecidedOn), d.Context, Options(d),
            d.ChosenOption, d.Decision, d.Consequences, Names(d.LedBy), Names(d.FollowedBy), d.Reversibility, d.Metric, d.Expected, Day(d.ReviewOn),
            Due(d, Today()), review, Person(d.AuthorPersonId), MayEdit(d, scope, mayManage), AdrMarkdown.FileName(d.Number, d.Title));
    }

    private async Task<DecisionRecord> RequireVisibleAsync(int number, TeamScope scope, CancellationToken cancellationToken)
    {
        var record = await db.Decisions.SingleOrDefaultAsync(d => d.Number == number, cancellationToken);
        return record is not null && (record.TeamId is not int t || scope.Includes(t))
            ? record
            : throw ProblemException.NotFound($"There is no decision {number} for you.");
    }

    private async Task<DecisionRecord> RequireEditableAsync(int number, TeamScope scope, bool mayManage, CancellationToken cancellationToken)
    {
        var record = await RequireVisibleAsync(number, scope, cancellationToken);
        return MayEdit(record, scope, mayManage)
            ? record
            : throw ProblemException.Forbidden("Not your decision", "Its author and leaders change and review a decision.");
    }

    private static bool MayEdit(DecisionRecord d, TeamScope scope, bool mayManage) => mayManage || (d.AuthorPersonId is int a && a == scope.PersonId);

    private async Task<int> NextNumberAsync(CancellationToken cancellationToken) =>
        (await db.Decisions.Select(d => (int?)d.Number).MaxAsync(cancellationToken) ?? 0) + 1;

    private async Task<Dictionary<int, string>> TeamNamesAsync(CancellationToken cancellationToken) =>
        await db.Teams.ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);

    private static bool Due(DecisionRecord d, DateOnly today) => d.ReviewedAt is null && Day(d.ReviewOn) is DateOnly r && r <= today;

    private static IReadOnlyList<DecisionOption> Options(DecisionRecord d) =>
        JsonSerializer.Deserialize<List<DecisionOption>>(d.Options, Json) ?? [];

    private static IReadOnlyList<string> Names(string json) => JsonSerializer.Deserialize<List<string>>(json, Json) ?? [];

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static DateOnly? Day(DateTime? at) => at is DateTime d ? DateOnly.FromDateTime(d) : null;

    private static DateTime? Start(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private static DateTime Start(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private DateOnly Today() => DateOnly.FromDateTime(Now());

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
