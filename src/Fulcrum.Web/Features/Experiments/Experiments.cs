using Fulcrum.Core;
using Fulcrum.Core.Delivery;
using Fulcrum.Core.Experiments;
using Fulcrum.Core.TeamDesign;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.TeamDesign;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Experiments;

/// <param name="Team">The team running it, by name or id (required).</param>
/// <param name="Metric">A delivery metric (<see cref="DecisionMetrics.Known"/>) or a metric series' name.</param>
/// <param name="Expected">How much it should move: -20%, +2.</param>
/// <param name="StartsOn">The day the change starts (default: today).</param>
/// <param name="EndsOn">The experiment's last day, if it has one.</param>
public sealed record ExperimentRequest(
    string? Team, string? Title, string? Hypothesis, string? Change, string? Metric, string? Expected = null,
    DateOnly? StartsOn = null, DateOnly? EndsOn = null);

public sealed record ConcludeRequest(string? Conclusion);

public sealed record ConclusionView(string Text, double? Before, double? After, double? PValue, DateTime ConcludedAt, PersonRef? ConcludedBy);

/// <param name="Overdue">Open past its end day: waiting for its author or a leader to conclude it.</param>
public sealed record ExperimentView(
    int Id, string Title, TeamRef Team, string Hypothesis, string Change, string Metric, string? Expected, DateOnly StartsOn, DateOnly? EndsOn,
    string Status, bool Overdue, ConclusionView? Conclusion, PersonRef? Author, bool MayEdit)
{
    public bool Open => Status == Experiments.OpenStatus;
}

/// <summary>
/// Improvement experiments (docs/experiments.md): a team's hypothesis, the change, the metric it
/// should move, and the metric before and after the start with a noise test. Team-level (ADR 0006):
/// the team's scope reads them, anyone in it adds one, its author and leaders change and conclude it.
/// </summary>
public sealed class Experiments(FulcrumDbContext db, DeliveryReport delivery, TeamRoadmap roadmap, TimeProvider clock)
{
    public const string OpenStatus = "open";
    public const string ConcludedStatus = "concluded";

    /// <summary>The experiments the scope reads, open ones first (overdue, then by start, newest first), then concluded ones.</summary>
    public async Task<IReadOnlyList<ExperimentView>> ListAsync(TeamScope scope, bool mayManage, string? team = null, CancellationToken cancellationToken = default)
    {
        int? teamId = team is null ? null : (await TeamAsync(team, scope, cancellationToken)).Id;
        var rows = await db.Experiments.AsNoTracking().Where(e => teamId == null || e.TeamId == teamId).ToListAsync(cancellationToken);
        var today = Today();
        var visible = rows.Where(e => scope.Includes(e.TeamId))
            .OrderBy(e => e.Status == OpenStatus ? 0 : 1).ThenByDescending(e => Overdue(e, today)).ThenByDescending(e => e.StartsOn).ThenByDescending(e => e.Id).ToList();
        return await ViewsAsync(visible, scope, mayManage, cancellationToken);
    }

    /// <summary>Open experiments past their end day that the viewer may conclude (their own, or any for leaders).</summary>
    public async Task<IReadOnlyList<ExperimentView>> OverdueForAsync(TeamScope scope, bool mayManage, CancellationToken cancellationToken = default) =>
        [.. (await ListAsync(scope, mayManage, cancellationToken: cancellationToken)).Where(e => e.Overdue && e.MayEdit)];

    public async Task<ExperimentView> GetAsync(int id, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default) =>
        (await ViewsAsync([await RequireVisibleAsync(id, scope, cancellationToken)], scope, mayManage, cancellationToken))[0];

    public async Task<ExperimentView> AddAsync(ExperimentRequest request, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var experiment = new Experiment
        {
            Title = "", Hypothesis = "", Change = "", Metric = "", Status = OpenStatus,
            AuthorPersonId = scope.PersonId == 0 ? null : scope.PersonId, CreatedAt = Now(),
        };
        await ApplyAsync(experiment, request with { StartsOn = request.StartsOn ?? Today() }, scope, cancellationToken);
        experiment.UpdatedAt = Now();
        db.Experiments.Add(experiment);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(experiment.Id, scope, mayManage, cancellationToken);
    }

    public async Task<ExperimentView> UpdateAsync(int id, ExperimentRequest request, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var experiment = await RequireEditableAsync(id, scope, mayManage, cancellationToken);
        await ApplyAsync(experiment, request with { StartsOn = request.StartsOn ?? Day(experiment.StartsOn) }, scope, cancellationToken);
        experiment.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, scope, mayManage, cancellationToken);
    }

    /// <summary>Concludes it with a note; the figures and p-value as they are now are kept with the note.</summary>
    public async Task<ExperimentView> ConcludeAsync(int id, ConcludeRequest request, TeamScope scope, bool mayManage, CancellationToken cancellationToken = default)
    {
        var experiment = await RequireEditableAsync(id, scope, mayManage, cancellationToken);
        var text = (request.Conclusion ?? "").Trim();
        if (text.Length == 0)
        {
            throw ProblemException.InvalidField("conclusion", "Say what the experiment showed: the conclusion is what concluding records.", "The experiment was not concluded");
        }
        if (TextRules.Sentence("A conclusion", text, new TextField(Experiment.MaxTextLength, Multiline: true)) is { } problem)
        {
            throw ProblemException.InvalidField("conclusion", problem, "The experiment was not concluded");
        }
        var result = await ResultAsync(experiment, cancellationToken);
        experiment.Status = ConcludedStatus;
        experiment.Conclusion = text;
        experiment.ConcludedBefore = result.Comparison.Before;
        experiment.ConcludedAfter = result.Comparison.After;
        experiment.ConcludedPValue = result.Noise?.PValue;
        experiment.ConcludedAt = Now();
        experiment.ConcludedByPersonId = scope.PersonId == 0 ? null : scope.PersonId;
        experiment.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, scope, mayManage, cancellationToken);
    }

    /// <summary>The metric before and after the start, as of today, with the noise test.</summary>
    public async Task<ExperimentResult> ResultAsync(int id, TeamScope scope, CancellationToken cancellationToken = default) =>
        await ResultAsync(await RequireVisibleAsync(id, scope, cancellationToken), cancellationToken);

    // ------------------------------------------------------------------ the comparison

    private async Task<ExperimentResult> ResultAsync(Experiment e, CancellationToken cancellationToken)
    {
        var start = Day(e.StartsOn);
        var end = e.EndsOn is DateTime ends ? Day(ends) : (DateOnly?)null;
        var expected = Expectation.Parse(e.Expected);
        var team = await db.Teams.Where(t => t.Id == e.TeamId).Select(t => t.Name).SingleAsync(cancellationToken);
        if (DecisionMetrics.DeliveryKey(e.Metric) is { } key)
        {
            var (from, _, to) = ExperimentRules.Windows(start, end, Today(), weekly: true);
            var scope = await delivery.TeamScopeAsync(team, cancellationToken);
            // The bands do not enter the comparison; the latest published set is as good as any.
            var bands = DoraBands.Years.Max();
            var (before, described) = await DeliverySideAsync(scope, key, from, start, bands, cancellationToken);
            var (after, _) = await DeliverySideAsync(scope, key, start, to, bands, cancellationToken);
            // The metric's title and unit come from the engine, even when neither side has a block yet.
            var metric = described ?? (await delivery.ForScopeAsync(scope, Instant(start), Instant(start.AddDays(1)), bands, cancellationToken)).Metrics.Single(m => m.Metric == key);
            var source = $"{Lower(metric.Title)} of {Possessive(team)} services per week, {Wording.Count(before.Values.Count, "week")} before "
                + $"{start:d MMM yyyy} and {after.Values.Count} after{LeftOut(before, after, "week")}, permutation test";
            return ExperimentResult.Compare(e.Metric, metric.Title, metric.Unit, "week", source, before, after, expected, DecisionMetrics.LowerIsBetter(key));
        }
        var (dayFrom, _, dayTo) = ExperimentRules.Windows(start, end, Today(), weekly: false);
        var series = await db.MetricSeries.AsNoTracking().SingleOrDefaultAsync(s => s.Name == e.Metric, cancellationToken);
        var points = series is null ? [] : await db.MetricPoints.AsNoTracking()
            .Where(p => p.SeriesId == series.Id && p.On >= Instant(dayFrom) && p.On < Instant(dayTo)).OrderBy(p => p.On)
            .Select(p => new { p.On, p.Value }).ToListAsync(cancellationToken);
        ExperimentSide Side(DateOnly a, DateOnly b) => new(a, b, [.. points.Select(p => DateOnly.FromDateTime(p.On)).Zip(points, (day, p) => (day, p.Value))
            .Where(p => p.day >= a && p.day < b).Select(p => new ExperimentSample(p.day, p.day.AddDays(1), p.Value))]);
        var beforeDays = Side(dayFrom, start);
        var afterDays = Side(start, dayTo);
        var seriesSource = $"{e.Metric}, its daily points, {Wording.Count(beforeDays.Values.Count, "day")} before {start:d MMM yyyy} and {afterDays.Values.Count} after, permutation test";
        // A hand-entered series says nothing of which way is better; the expectation's sign does.
        return ExperimentResult.Compare(e.Metric, e.Metric, series?.Unit ?? "", "day", seriesSource, beforeDays, afterDays, expected, expected is { Amount: < 0 });
    }

    /// <summary>
    /// The metric per 7-day block, each through the delivery report exactly as the Delivery page computes
    /// it, with the events behind it. A week without a deployment deployed zero times a day; any other
    /// metric without a figure that week (no change shipped, no failure to recover from) is left out.
    /// </summary>
    /// <returns>The side, and the metric over its whole window (null when the window is empty).</returns>
    private async Task<(ExperimentSide Side, MetricValue? Whole)> DeliverySideAsync(DeliveryScope scope, string key, DateOnly from, DateOnly to, int bands, CancellationToken cancellationToken)
    {
        var samples = new List<ExperimentSample>();
        foreach (var (blockFrom, blockTo) in ExperimentRules.Blocks(from, to))
        {
            var report = await delivery.ForScopeAsync(scope, Instant(blockFrom), Instant(blockTo), bands, cancellationToken);
            var value = report.Metrics.Single(m => m.Metric == key).Value
                ?? (key == DeliveryMetrics.DeploymentFrequency && scope.ServiceIds.Count > 0 ? 0 : null);
            var changes = report.Metrics.Single(m => m.Metric == DeliveryMetrics.ChangeLeadTime).SampleSize;
            samples.Add(new ExperimentSample(blockFrom, blockTo, value, new DeliveryEvents(report.Coverage.Deployments, changes, report.Coverage.Incidents)));
        }
        var whole = from < to ? (await delivery.ForScopeAsync(scope, Instant(from), Instant(to), bands, cancellationToken)).Metrics.Single(m => m.Metric == key) : null;
        return (new ExperimentSide(from, to, samples, whole?.Value), whole);
    }

    private static string LeftOut(ExperimentSide before, ExperimentSide after, string unit) =>
        before.LeftOut + after.LeftOut == 0 ? "" : $" ({Wording.Count(before.LeftOut + after.LeftOut, unit)} with no figure left out)";

    private static string Lower(string title) => title.Length > 1 && char.IsUpper(title[0]) && !char.IsUpper(title[1]) ? char.ToLowerInvariant(title[0]) + title[1..] : title;

    private static string Possessive(string name) => name.EndsWith('s') ? name + "'" : name + "'s";

    // ------------------------------------------------------------------ checks and conversions

    private async Task ApplyAsync(Experiment experiment, ExperimentRequest request, TeamScope scope, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(string field, string subject, string? value, int max, bool required, bool multiline = false) =>
            TextRules.CheckField(errors, field, subject, value, new TextField(max, multiline), required);
        Check("title", "A title", request.Title, Experiment.MaxTitleLength, required: true);
        Check("hypothesis", "The hypothesis", request.Hypothesis, Experiment.MaxTextLength, required: true, multiline: true);
        Check("change", "The change", request.Change, Experiment.MaxTextLength, required: true, multiline: true);
        Check("metric", "The metric", request.Metric, Experiment.MaxMetricLength, required: true);
        Check("expected", "The expected move", request.Expected, Experiment.MaxExpectedLength, required: false);
        if (!errors.ContainsKey("expected") && !string.IsNullOrWhiteSpace(request.Expected) && Expectation.Parse(request.Expected) is null)
        {
            errors["expected"] = [$"'{Shorten(request.Expected.Trim(), 20)}' is not {Expectation.Expected}."];
        }
        if (request.EndsOn is DateOnly endsOn && request.StartsOn is DateOnly startsOn && endsOn < startsOn)
        {
            errors["endsOn"] = ["An experiment ends on or after the day it starts."];
        }
        int? teamId = null;
        if (string.IsNullOrWhiteSpace(request.Team))
        {
            errors["team"] = ["A team is required: an experiment is a team's."];
        }
        else
        {
            try
            {
                teamId = (await TeamAsync(request.Team, scope, cancellationToken)).Id;
            }
            catch (ProblemException e) when (e.Kind == ProblemKind.NotFound)
            {
                errors["team"] = [e.Message];
            }
        }
        if (errors.Count > 0)
        {
            throw ProblemException.InvalidFields("The experiment was not saved", errors);
        }
        var metric = request.Metric!.Trim();
        if (DecisionMetrics.DeliveryKey(metric) is null && !await db.MetricSeries.AnyAsync(s => s.Name == metric, cancellationToken))
        {
            var series = await db.MetricSeries.OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(cancellationToken);
            var message = $"'{Shorten(metric, 40)}' is neither a delivery metric nor a metric series. Known: "
                + string.Join(", ", [.. DecisionMetrics.DeliveryMetricNames, .. series]) + ".";
            throw new ProblemException(ProblemKind.Invalid, "The experiment was not saved", message,
                [new ProblemEntry($"metric: {message}")], new Dictionary<string, string[]> { ["metric"] = [message] });
        }
        experiment.TeamId = teamId!.Value;
        experiment.Title = request.Title!.Trim();
        experiment.Hypothesis = request.Hypothesis!.Trim();
        experiment.Change = request.Change!.Trim();
        experiment.Metric = metric;
        experiment.Expected = string.IsNullOrWhiteSpace(request.Expected) ? null : request.Expected.Trim();
        experiment.StartsOn = Instant(request.StartsOn!.Value);
        experiment.EndsOn = request.EndsOn is DateOnly end ? Instant(end) : null;
    }

    /// <summary>The team by name or id as the roadmap finds it, when the scope includes it; text no database can look up is no team either.</summary>
    private async Task<TeamRef> TeamAsync(string team, TeamScope scope, CancellationToken cancellationToken) =>
        TextRules.Fits(team.Trim(), new TextField(200))
            ? await roadmap.TeamAsync(team.Trim(), scope, cancellationToken)
            : throw ProblemException.NotFound($"There is no team '{Shorten(team.Trim(), 40)}' for you.");

    private async Task<IReadOnlyList<ExperimentView>> ViewsAsync(IReadOnlyList<Experiment> rows, TeamScope scope, bool mayManage, CancellationToken cancellationToken)
    {
        var teamIds = rows.Select(e => e.TeamId).Distinct().ToList();
        var teams = await db.Teams.Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var peopleIds = rows.SelectMany(e => new[] { e.AuthorPersonId, e.ConcludedByPersonId }).OfType<int>().Distinct().ToList();
        var people = await db.People.Where(p => peopleIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        PersonRef? Person(int? id) => id is int i && people.TryGetValue(i, out var name) ? new PersonRef(i, name) : null;
        var today = Today();
        return [.. rows.Select(e => new ExperimentView(e.Id, e.Title, new TeamRef(e.TeamId, teams[e.TeamId]), e.Hypothesis, e.Change, e.Metric, e.Expected,
            Day(e.StartsOn), e.EndsOn is DateTime end ? Day(end) : null, e.Status, Overdue(e, today),
            e.ConcludedAt is DateTime at ? new ConclusionView(e.Conclusion ?? "", e.ConcludedBefore, e.ConcludedAfter, e.ConcludedPValue, at, Person(e.ConcludedByPersonId)) : null,
            Person(e.AuthorPersonId), MayEdit(e, scope, mayManage)))];
    }

    private async Task<Experiment> RequireVisibleAsync(int id, TeamScope scope, CancellationToken cancellationToken)
    {
        var experiment = await db.Experiments.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        return experiment is not null && scope.Includes(experiment.TeamId)
            ? experiment
            : throw ProblemException.NotFound($"There is no experiment {id} for you.");
    }

    private async Task<Experiment> RequireEditableAsync(int id, TeamScope scope, bool mayManage, CancellationToken cancellationToken)
    {
        var experiment = await RequireVisibleAsync(id, scope, cancellationToken);
        return MayEdit(experiment, scope, mayManage)
            ? experiment
            : throw ProblemException.Forbidden("Not your experiment", "Its author and leaders change and conclude an experiment.");
    }

    private static bool MayEdit(Experiment e, TeamScope scope, bool mayManage) => mayManage || (e.AuthorPersonId is int a && a == scope.PersonId);

    private static bool Overdue(Experiment e, DateOnly today) => e.Status == OpenStatus && e.EndsOn is DateTime end && Day(end) < today;

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private static DateOnly Day(DateTime at) => DateOnly.FromDateTime(at);

    private static DateTime Instant(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private DateOnly Today() => DateOnly.FromDateTime(Now());

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
