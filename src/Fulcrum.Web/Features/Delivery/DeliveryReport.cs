using Fulcrum.Core;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Delivery;

/// <param name="CommitsCutOff">Commits the window's deployments brought into production that are older
/// than their service's first production deployment: cut off, so they have no lead time.</param>
public sealed record Coverage(
    int Deployments, int DeploymentsWithKnownSha, int Incidents, int IncidentsLinked, int IncidentsConfirmed,
    int CommitsInWindow = 0, int CommitsShipped = 0, int CommitsCutOff = 0)
{
    /// <summary>Of the commits made in the window, the share shipped by a deployment that finished in the window.</summary>
    public double? ShippedShare => CommitsInWindow == 0 ? null : (double)CommitsShipped / CommitsInWindow;
    public double? KnownShaShare => Deployments == 0 ? null : (double)DeploymentsWithKnownSha / Deployments;
    public double? LinkedShare => Incidents == 0 ? null : (double)IncidentsLinked / Incidents;
}

/// <summary>What a report covers: a label for people and the services it adds up.</summary>
/// <param name="TeamIds">Whose work items count: the team and its sub-teams; null means every team;
/// empty (a service) means none, since work items belong to teams.</param>
public sealed record DeliveryScope(string Label, IReadOnlyList<int> ServiceIds, IReadOnlyList<int>? TeamIds = null);

/// <summary>One week of the trend. <see cref="LeadTimeHours"/> is the median, null when the week shipped no commit Fulcrum has read.</summary>
public sealed record WeeklyDelivery(DateTime Since, DateTime Until, int Deployments, double? LeadTimeHours, int Changes);

/// <param name="LeadTimeBreakdown">Where change lead time goes, from the pull requests merged in the
/// window (a sibling of the metrics, so their shape is unchanged).</param>
public sealed record DeliveryReportResult(
    string Scope, IReadOnlyList<string> Services, DateTime Since, DateTime Until, int BandYear,
    IReadOnlyList<MetricValue> Metrics, Coverage Coverage, LeadTimeBreakdownResult LeadTimeBreakdown);

/// <summary>Loads the facts for a service or a team (with its sub-teams) and computes the metrics.</summary>
public sealed class DeliveryReport(FulcrumDbContext db)
{
    public async Task<DeliveryReportResult> ForServiceAsync(string name, DateTime since, DateTime until, int bandYear, CancellationToken cancellationToken = default) =>
        await ForScopeAsync(await ServiceScopeAsync(name, cancellationToken), since, until, bandYear, cancellationToken);

    public async Task<DeliveryReportResult> ForTeamAsync(string name, DateTime since, DateTime until, int bandYear, CancellationToken cancellationToken = default) =>
        await ForScopeAsync(await TeamScopeAsync(name, cancellationToken), since, until, bandYear, cancellationToken);

    public async Task<DeliveryReportResult> AllAsync(DateTime since, DateTime until, int bandYear, CancellationToken cancellationToken = default) =>
        await ForScopeAsync(await AllScopeAsync(cancellationToken), since, until, bandYear, cancellationToken);

    public async Task<DeliveryReportResult> ForScopeAsync(DeliveryScope scope, DateTime since, DateTime until, int bandYear, CancellationToken cancellationToken = default) =>
        (await ComputeAsync(scope, since, until, bandYear, cancellationToken)).Report;

    /// <summary>
    /// The report and, from the same facts, deployment frequency and change lead time week by week
    /// (Monday-based, partial weeks at the edges kept): each week goes through the same engine as the
    /// report, so a week's figure means exactly what the card above it means, and nothing is read twice.
    /// </summary>
    public async Task<(DeliveryReportResult Report, IReadOnlyList<WeeklyDelivery> Weeks)> ForScopeWithWeeksAsync(
        DeliveryScope scope, DateTime since, DateTime until, int bandYear, CancellationToken cancellationToken = default)
    {
        var (report, deployments, changes) = await ComputeAsync(scope, since, until, bandYear, cancellationToken);
        return (report, Weekly(new MetricsWindow(since, until), deployments, changes));
    }

    public async Task<DeliveryScope> ServiceScopeAsync(string name, CancellationToken cancellationToken = default)
    {
        var service = await db.Services.SingleOrDefaultAsync(s => s.Name == name, cancellationToken)
            ?? throw ProblemException.NotFound($"There is no service named '{name}'.");
        return new DeliveryScope($"service {service.Name}", [service.Id], []);
    }

    /// <summary>A team's services and those of all its sub-teams, however deep.</summary>
    public async Task<DeliveryScope> TeamScopeAsync(string name, CancellationToken cancellationToken = default)
    {
        var teams = await db.Teams.Select(t => new { t.Id, t.Name, t.ParentTeamId }).ToListAsync(cancellationToken);
        var team = teams.SingleOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw ProblemException.NotFound($"There is no team named '{name}'.");
        var included = new HashSet<int> { team.Id };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var child in teams.Where(t => t.ParentTeamId is int parent && included.Contains(parent)))
            {
                grew |= included.Add(child.Id);
            }
        }
        var services = await db.Services.Where(s => s.TeamId != null && included.Contains(s.TeamId.Value)).Select(s => s.Id).ToListAsync(cancellationToken);
        return new DeliveryScope($"team {team.Name}", services, included.ToList());
    }

    public async Task<DeliveryScope> AllScopeAsync(CancellationToken cancellationToken = default) =>
        new("all services", await db.Services.Select(s => s.Id).ToListAsync(cancellationToken));

    private static IReadOnlyList<WeeklyDelivery> Weekly(MetricsWindow window, List<DeploymentFact> all, List<ChangeFact> changes)
    {
        var deployments = all.Where(d => d.IsProduction && d.Succeeded && window.Contains(d.FinishedAt)).ToList();
        var weekList = DeliveryMetrics.Weeks(window).ToList();
        // Bucket once: five years of weeks times half a million changes is too many comparisons.
        var firstMonday = window.Since.Date.AddDays(-(((int)window.Since.DayOfWeek + 6) % 7));
        int WeekOf(DateTime instant) => (int)((instant - firstMonday).TotalDays / 7);
        var changesByWeek = changes.ToLookup(c => WeekOf(c.DeployedAt));
        var deploymentsByWeek = deployments.ToLookup(d => WeekOf(d.FinishedAt));
        var weeks = new List<WeeklyDelivery>();
        for (var index = 0; index < weekList.Count; index++)
        {
            var week = weekList[index];
            var shipped = deploymentsByWeek[index].ToList();
            var shippedChanges = changesByWeek[index].ToList();
            var metrics = DeliveryMetrics.Compute(week, shipped, [], shippedChanges);
            var lead = metrics.Single(m => m.Metric == DeliveryMetrics.ChangeLeadTime);
            weeks.Add(new WeeklyDelivery(week.Since, week.Until, shipped.Count, lead.Value, lead.SampleSize));
        }
        return weeks;
    }

    private async Task<(DeliveryReportResult Report, List<DeploymentFact> Deployments, List<ChangeFact> Changes)> ComputeAsync(
        DeliveryScope deliveryScope, DateTime since, DateTime until, int bandYear, CancellationToken cancellationToken)
    {
        var scope = deliveryScope.Label;
        var serviceIds = deliveryScope.ServiceIds.ToList();
        if (until <= since)
        {
            throw ProblemException.InvalidField("until", $"The window is empty: --until ({until:yyyy-MM-dd}) must be after --since ({since:yyyy-MM-dd}).", "Bad window");
        }
        var names = await db.Services.Where(s => serviceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var (deployments, incidents) = await LoadFactsAsync(serviceIds, since, until, cancellationToken);
        var changes = await LoadChangesAsync(serviceIds, since, until, deployments.ToDictionary(d => d.Id, d => d.FinishedAt), cancellationToken);

        var deploymentFacts = deployments.Select(d => new DeploymentFact(d.Id, names[d.ServiceId], d.Environment, d.Sha, d.StartedAt, d.FinishedAt, d.Succeeded, d.IsRollback)).ToList();
        var incidentFacts = incidents.Select(i => new IncidentFact(i.Id, names[i.ServiceId], i.StartedAt, i.ResolvedAt, i.DeploymentId, i.Link)).ToList();
        var window = new MetricsWindow(since, until);
        var metrics = DeliveryMetrics.Compute(window, deploymentFacts, incidentFacts, changes, bandYear)
            .Append(await OnTimeAsync(deliveryScope, window, cancellationToken)).ToList();

        var windowDeployments = deployments.Where(d => d.Environment == DeploymentFact.Production && d.Succeeded && window.Contains(d.FinishedAt)).ToList();
        var knownSha = windowDeployments.Count(d => d.Sha is not null) == 0 ? 0 : await KnownShaCountAsync(windowDeployments.Where(d => d.Sha is not null).Select(d => (d.ServiceId, d.Sha!)).ToList(), cancellationToken);
        var windowIncidents = incidents.Where(i => window.Contains(i.StartedAt)).ToList();
        var repositoryIds = await db.Repositories.Where(r => serviceIds.Contains(r.ServiceId)).Select(r => r.Id).ToListAsync(cancellationToken);
        var commitsInWindow = await db.Commits.CountAsync(c => repositoryIds.Contains(c.RepositoryId) && c.CommittedAt >= since && c.CommittedAt < until, cancellationToken);
        // A shipped change's commit time is its ship time less its lead time: no second pass over commits.
        var shippedInWindow = changes.Count(c => window.Contains(c.DeployedAt.AddHours(-c.LeadTimeHours)));
        var coverage = new Coverage(
            windowDeployments.Count, knownSha,
            windowIncidents.Count, windowIncidents.Count(i => i.Link != IncidentLink.None), windowIncidents.Count(i => i.Link == IncidentLink.Confirmed),
            commitsInWindow, shippedInWindow, windowDeployments.Sum(d => d.CutOffCommits));
        var breakdown = await BreakdownAsync(serviceIds, window, cancellationToken);
        return (new DeliveryReportResult(scope, names.Values.Order().ToList(), since, until, bandYear, metrics, coverage, breakdown), deploymentFacts, changes);
    }

    /// <summary>A deployment as the report reads it.</summary>
    private sealed record DeploymentRow(
        long Id, int ServiceId, string Environment, string? Sha, DateTime? StartedAt, DateTime FinishedAt, bool Succeeded, bool IsRollback, int CutOffCommits);

    private sealed record IncidentRow(long Id, int ServiceId, DateTime StartedAt, DateTime? ResolvedAt, long? DeploymentId, IncidentLink Link);

    /// <summary>
    /// The facts the definitions need to judge the deployments that finished in the window, wherever
    /// those facts lie, so a deployment gets the same verdicts in every window that contains it
    /// (docs/delivery.md): the deployments of the window and of the quiet period after it (a rollback
    /// within the quiet period makes a launch not boring), the earlier deployments those rollbacks went
    /// back to (which deployments a rollback undid starts from there); the incidents open at any time
    /// in the window (rework: a deployment while an incident was open, however long before it began),
    /// and every incident linked to a deployment of the window, however late it began (failure rate).
    /// </summary>
    private async Task<(List<DeploymentRow> Deployments, List<IncidentRow> Incidents)> LoadFactsAsync(
        List<int> serviceIds, DateTime since, DateTime until, CancellationToken cancellationToken)
    {
        var quietUntil = until.AddDays(DeliveryMetrics.DefaultBoringDays);
        var rows = db.Deployments.AsNoTracking().Where(d => serviceIds.Contains(d.ServiceId));
        var deployments = await Project(rows.Where(d => d.FinishedAt >= since && d.FinishedAt <= quietUntil)).ToListAsync(cancellationToken);
        var rollbacks = deployments.Where(d => d.IsRollback && d.Sha is not null).ToList();
        if (rollbacks.Count > 0)
        {
            var shas = rollbacks.Select(d => d.Sha!).Distinct().ToList();
            var anchors = await Project(rows.Where(d => d.FinishedAt < since && d.Succeeded && d.Environment == DeploymentFact.Production
                && d.Sha != null && shas.Contains(d.Sha))).ToListAsync(cancellationToken);
            // Only the last one before the window per service and sha is an anchor; the rest change nothing.
            deployments.AddRange(anchors.GroupBy(d => (d.ServiceId, d.Sha)).Select(g => g.MaxBy(d => d.FinishedAt)!));
        }
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => serviceIds.Contains(i.ServiceId)
                && ((i.StartedAt < until && (i.ResolvedAt == null || i.ResolvedAt >= since))
                    || (i.DeploymentId != null && i.Deployment!.FinishedAt >= since && i.Deployment.FinishedAt < until)))
            .Select(i => new IncidentRow(i.Id, i.ServiceId, i.StartedAt, i.ResolvedAt, i.DeploymentId, i.Link))
            .ToListAsync(cancellationToken);
        return (deployments, incidents);
    }

    private static IQueryable<DeploymentRow> Project(IQueryable<Deployment> deployments) =>
        deployments.Select(d => new DeploymentRow(d.Id, d.ServiceId, d.Environment, d.Sha, d.StartedAt, d.FinishedAt, d.Succeeded, d.IsRollback, d.CutOffCommits));

    /// <summary>
    /// The pull requests merged in the window, each with its merge commit's ship time: the merge sha
    /// is looked up among the commits of the service's repositories, and its shipped change (if a
    /// production deployment has contained it) gives the finish of the first such deployment.
    /// </summary>
    private async Task<LeadTimeBreakdownResult> BreakdownAsync(List<int> serviceIds, MetricsWindow window, CancellationToken cancellationToken)
    {
        var stored = await db.PullRequests.CountAsync(p => serviceIds.Contains(p.ServiceId), cancellationToken);
        if (stored == 0)
        {
            return LeadTimeBreakdown.Compute(window, [], 0);
        }
        var merged = await db.PullRequests.AsNoTracking()
            .Where(p => serviceIds.Contains(p.ServiceId) && p.MergedAt >= window.Since && p.MergedAt < window.Until)
            .Select(p => new { p.ServiceId, p.ExternalId, p.FirstCommitAt, p.OpenedAt, p.FirstReviewAt, p.MergedAt, p.MergeSha })
            .ToListAsync(cancellationToken);
        var shipped = new Dictionary<(int Service, string Sha), DateTime?>();
        foreach (var group in merged.Where(p => p.MergeSha is not null).GroupBy(p => p.ServiceId))
        {
            var serviceId = group.Key;
            foreach (var chunk in group.Select(p => p.MergeSha!).Distinct().Chunk(500))
            {
                var commits = await (
                    from commit in db.Commits
                    where commit.ServiceId == serviceId && chunk.Contains(commit.Sha)
                    join change in db.ShippedChanges on commit.Id equals change.CommitId into changes
                    from change in changes.DefaultIfEmpty()
                    select new { commit.Sha, ShippedAt = change == null ? (DateTime?)null : change.ShippedAt })
                    .ToListAsync(cancellationToken);
                // A commit is one row per service, whichever of its repositories (a fork, a mirror) held it.
                foreach (var commit in commits)
                {
                    shipped[(serviceId, commit.Sha)] = commit.ShippedAt;
                }
            }
        }
        var facts = merged.Select(p =>
        {
            var known = p.MergeSha is not null && shipped.ContainsKey((p.ServiceId, p.MergeSha));
            return new PullRequestFact(p.ExternalId, p.FirstCommitAt, p.OpenedAt, p.FirstReviewAt, p.MergedAt, p.MergeSha, known,
                known ? shipped[(p.ServiceId, p.MergeSha!)] : null);
        }).ToList();
        return LeadTimeBreakdown.Compute(window, facts, stored);
    }

    private async Task<MetricValue> OnTimeAsync(DeliveryScope scope, MetricsWindow window, CancellationToken cancellationToken)
    {
        if (scope.TeamIds is { Count: 0 })
        {
            return OnTimeDelivery.Compute(window, [], "Work items belong to teams: choose a team to see on-time delivery.");
        }
        var query = db.WorkItems.AsNoTracking().Where(i => i.DoneAt >= window.Since && i.DoneAt < window.Until);
        if (scope.TeamIds is { } teamIds)
        {
            query = query.Where(i => i.TeamId != null && teamIds.Contains(i.TeamId.Value));
        }
        var items = await query
            .Select(i => new { i.ExternalId, i.Kind, i.CommittedDate, i.StartedAt, i.DoneAt, i.Estimate, i.EstimateUnit, Commitments = i.Commitments.Count })
            .ToListAsync(cancellationToken);
        return OnTimeDelivery.Compute(window, items.Select(i => new WorkItemFact(
            i.ExternalId, i.Kind, i.CommittedDate, i.StartedAt, i.DoneAt, i.Commitments, OnTimeDelivery.EstimateDays(i.Estimate, i.EstimateUnit))).ToList());
    }

    /// <summary>Lead times of the changes shipped in the window, read below EF: five years of a large
    /// service are half a million rows, and materialising entities for them costs seconds.</summary>
    /// <remarks>A change's ship time is its deployment's finish, taken from <paramref name="finishedAt"/>
    /// rather than parsed again for every row.</remarks>
    private async Task<List<ChangeFact>> LoadChangesAsync(
        IReadOnlyCollection<int> serviceIds, DateTime since, DateTime until, Dictionary<long, DateTime> finishedAt, CancellationToken cancellationToken)
    {
        var changes = new List<ChangeFact>();
        if (serviceIds.Count == 0)
        {
            return changes;
        }
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT "DeploymentId", "LeadTimeHours" FROM "ShippedChanges"
            WHERE "ServiceId" IN ({string.Join(',', serviceIds)}) AND "ShippedAt" >= @since AND "ShippedAt" < @until
            """;
        var sqlite = db.Database.IsSqlite();
        foreach (var (name, value) in new[] { ("@since", since), ("@until", until) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            // SQLite compares EF's text form of the instant; PostgreSQL a timestamptz.
            parameter.Value = sqlite ? value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture) : value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var deploymentId = reader.GetInt64(0);
            changes.Add(new ChangeFact(deploymentId, finishedAt[deploymentId], reader.GetDouble(1)));
        }
        return changes;
    }

    private async Task<int> KnownShaCountAsync(List<(int ServiceId, string Sha)> deployed, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var group in deployed.GroupBy(d => d.ServiceId))
        {
            var known = await CommitStore.KnownShasAsync(db, group.Key, group.Select(g => g.Sha), cancellationToken);
            count += known is null ? 0 : group.Count(g => known.Contains(g.Sha));
        }
        return count;
    }
}
