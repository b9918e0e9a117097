using Fulcrum.Core;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;

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
public sealed record DeliveryScope(string Label, IReadOnlyList<int> ServiceIds, IReadOnlyList<int>? TeamIds = null)
{
    /// <summary>The team a team's scope was asked for (its sub-teams are in <see cref="TeamIds"/>); null for a service or everything.</summary>
    public int? TeamId { get; init; }
}

/// <summary>One week of the trend. <see cref="LeadTimeHours"/> is the median, null when the week shipped no commit Fulcrum has read.</summary>
public sealed record WeeklyDelivery(DateTime Since, DateTime Until, int Deployments, double? LeadTimeHours, int Changes);

/// <param name="LeadTimeBreakdown">Where change lead time goes, from the pull requests merged in the
/// window (a sibling of the metrics, so their shape is unchanged).</param>
public sealed record DeliveryReportResult(
    string Scope, IReadOnlyList<string> Services, DateTime Since, DateTime Until, int BandYear,
    IReadOnlyList<MetricValue> Metrics, Coverage Coverage, LeadTimeBreakdownResult LeadTimeBreakdown);

/// <summary>
/// Loads the facts for a service or a team (with its sub-teams) and computes the metrics. Its reads go
/// through <see cref="DirectQuery"/>, not EF Core: `fulcrum delivery report` starts cold every time, and
/// EF Core's model and query compilation took most of its time (docs/benchmarks.md).
/// </summary>
public sealed class DeliveryReport(DatabaseTarget database)
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
        await using var query = await DirectQuery.OpenAsync(database, cancellationToken);
        var services = await query.ListAsync("""SELECT "Id", "Name" FROM "Services" WHERE "Name" = @p0""", [name],
            r => (Id: r.GetInt32(0), Name: r.GetString(1)), cancellationToken);
        var service = services.Count == 1 ? services[0] : throw ProblemException.NotFound($"There is no service named '{name}'.");
        return new DeliveryScope($"service {service.Name}", [service.Id], []);
    }

    /// <summary>A team's services and those of all its sub-teams, however deep.</summary>
    public async Task<DeliveryScope> TeamScopeAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var query = await DirectQuery.OpenAsync(database, cancellationToken);
        var teams = await query.ListAsync("""SELECT "Id", "Name", "ParentTeamId" FROM "Teams" """, [],
            r => (Id: r.GetInt32(0), Name: r.GetString(1), ParentTeamId: r.IsDBNull(2) ? (int?)null : r.GetInt32(2)), cancellationToken);
        var team = teams.SingleOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            is { Name: not null } found ? found : throw ProblemException.NotFound($"There is no team named '{name}'.");
        var included = new HashSet<int> { team.Id };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var child in teams.Where(t => t.ParentTeamId is int parent && included.Contains(parent)))
            {
                grew |= included.Add(child.Id);
            }
        }
        var services = await query.ListAsync($"""SELECT "Id" FROM "Services" WHERE "TeamId" IN {DirectQuery.InIds(included)}""", [],
            r => r.GetInt32(0), cancellationToken);
        return new DeliveryScope($"team {team.Name}", services, included.ToList()) { TeamId = team.Id };
    }

    public async Task<DeliveryScope> AllScopeAsync(CancellationToken cancellationToken = default)
    {
        await using var query = await DirectQuery.OpenAsync(database, cancellationToken);
        return new("all services", await query.ListAsync("""SELECT "Id" FROM "Services" """, [], r => r.GetInt32(0), cancellationToken));
    }

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
        await using var query = await DirectQuery.OpenAsync(database, cancellationToken);
        var names = (await query.ListAsync($"""SELECT "Id", "Name" FROM "Services" WHERE "Id" IN {DirectQuery.InIds(serviceIds)}""", [],
            r => (Id: r.GetInt32(0), Name: r.GetString(1)), cancellationToken)).ToDictionary(s => s.Id, s => s.Name);
        var (deployments, incidents) = await LoadFactsAsync(query, serviceIds, since, until, cancellationToken);
        var changes = await LoadChangesAsync(query, serviceIds, since, until, deployments.ToDictionary(d => d.Id, d => d.FinishedAt), cancellationToken);

        var deploymentFacts = deployments.Select(d => new DeploymentFact(d.Id, names[d.ServiceId], d.Environment, d.Sha, d.StartedAt, d.FinishedAt, d.Succeeded, d.IsRollback)).ToList();
        var incidentFacts = incidents.Select(i => new IncidentFact(i.Id, names[i.ServiceId], i.StartedAt, i.ResolvedAt, i.DeploymentId, i.Link)).ToList();
        var window = new MetricsWindow(since, until);
        var metrics = DeliveryMetrics.Compute(window, deploymentFacts, incidentFacts, changes, bandYear)
            .Append(await OnTimeAsync(query, deliveryScope, window, cancellationToken)).ToList();

        var windowDeployments = deployments.Where(d => d.Environment == DeploymentFact.Production && d.Succeeded && window.Contains(d.FinishedAt)).ToList();
        var knownSha = windowDeployments.Count(d => d.Sha is not null) == 0 ? 0 : await KnownShaCountAsync(query, windowDeployments.Where(d => d.Sha is not null).Select(d => (d.ServiceId, d.Sha!)).ToList(), cancellationToken);
        var windowIncidents = incidents.Where(i => window.Contains(i.StartedAt)).ToList();
        // Through the (repository, commit time) index, as the commits of the scope's repositories.
        var commitsInWindow = (int)await query.ScalarAsync($"""
            SELECT count(*) FROM "Commits" WHERE "RepositoryId" IN (SELECT "Id" FROM "Repositories" WHERE "ServiceId" IN {DirectQuery.InIds(serviceIds)})
            AND "CommittedAt" >= @p0 AND "CommittedAt" < @p1
            """, [since, until], cancellationToken);
        // A shipped change's commit time is its ship time less its lead time: no second pass over commits.
        var shippedInWindow = changes.Count(c => window.Contains(c.DeployedAt.AddHours(-c.LeadTimeHours)));
        var coverage = new Coverage(
            windowDeployments.Count, knownSha,
            windowIncidents.Count, windowIncidents.Count(i => i.Link != IncidentLink.None), windowIncidents.Count(i => i.Link == IncidentLink.Confirmed),
            commitsInWindow, shippedInWindow, windowDeployments.Sum(d => d.CutOffCommits));
        var breakdown = await BreakdownAsync(query, serviceIds, window, cancellationToken);
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
    private static async Task<(List<DeploymentRow> Deployments, List<IncidentRow> Incidents)> LoadFactsAsync(
        DirectQuery query, List<int> serviceIds, DateTime since, DateTime until, CancellationToken cancellationToken)
    {
        var quietUntil = until.AddDays(DeliveryMetrics.DefaultBoringDays);
        const string columns = """ "Id", "ServiceId", "Environment", "Sha", "StartedAt", "FinishedAt", "Succeeded", "IsRollback", "CutOffCommits" """;
        var services = DirectQuery.InIds(serviceIds);
        var deployments = await query.ListAsync($"""
            SELECT {columns} FROM "Deployments" WHERE "ServiceId" IN {services} AND "FinishedAt" >= @p0 AND "FinishedAt" <= @p1
            """, [since, quietUntil], ReadDeployment, cancellationToken);
        var rollbacks = deployments.Where(d => d.IsRollback && d.Sha is not null).ToList();
        if (rollbacks.Count > 0)
        {
            var anchors = new List<DeploymentRow>();
            // In slices, as every lookup by a list of keys: a window of an imported history may hold many rollbacks.
            foreach (var chunk in rollbacks.Select(d => d.Sha!).Distinct().Chunk(500))
            {
                var parameters = new List<object?> { since, DeploymentFact.Production };
                var shas = DirectQuery.In(parameters, chunk);
                anchors.AddRange(await query.ListAsync($"""
                    SELECT {columns} FROM "Deployments" WHERE "ServiceId" IN {services} AND "FinishedAt" < @p0 AND "Succeeded"
                    AND "Environment" = @p1 AND "Sha" IS NOT NULL AND "Sha" IN {shas}
                    """, parameters, ReadDeployment, cancellationToken));
            }
            // Only the last one before the window per service and sha is an anchor; the rest change nothing.
            deployments.AddRange(anchors.GroupBy(d => (d.ServiceId, d.Sha)).Select(g => g.MaxBy(d => d.FinishedAt)!));
        }
        var incidents = await query.ListAsync($"""
            SELECT i."Id", i."ServiceId", i."StartedAt", i."ResolvedAt", i."DeploymentId", i."Link"
            FROM "Incidents" AS i LEFT JOIN "Deployments" AS d ON i."DeploymentId" = d."Id"
            WHERE i."ServiceId" IN {services}
            AND ((i."StartedAt" < @p1 AND (i."ResolvedAt" IS NULL OR i."ResolvedAt" >= @p0))
                OR (i."DeploymentId" IS NOT NULL AND d."FinishedAt" >= @p0 AND d."FinishedAt" < @p1))
            """, [since, until],
            r => new IncidentRow(r.GetInt64(0), r.GetInt32(1), DirectQuery.Instant(r, 2), DirectQuery.NullableInstant(r, 3),
                r.IsDBNull(4) ? null : r.GetInt64(4), (IncidentLink)r.GetInt32(5)),
            cancellationToken);
        return (deployments, incidents);
    }

    private static DeploymentRow ReadDeployment(System.Data.Common.DbDataReader r) => new(
        r.GetInt64(0), r.GetInt32(1), r.GetString(2), DirectQuery.NullableString(r, 3), DirectQuery.NullableInstant(r, 4), DirectQuery.Instant(r, 5),
        r.GetBoolean(6), r.GetBoolean(7), r.GetInt32(8));

    /// <summary>
    /// The pull requests merged in the window, each with its merge commit's ship time: the merge sha
    /// is looked up among the commits of the service's repositories, and its shipped change (if a
    /// production deployment has contained it) gives the finish of the first such deployment.
    /// </summary>
    private static async Task<LeadTimeBreakdownResult> BreakdownAsync(DirectQuery query, List<int> serviceIds, MetricsWindow window, CancellationToken cancellationToken)
    {
        var services = DirectQuery.InIds(serviceIds);
        var stored = (int)await query.ScalarAsync($"""SELECT count(*) FROM "PullRequests" WHERE "ServiceId" IN {services}""", [], cancellationToken);
        if (stored == 0)
        {
            return LeadTimeBreakdown.Compute(window, [], 0);
        }
        var merged = await query.ListAsync($"""
            SELECT "ServiceId", "ExternalId", "FirstCommitAt", "OpenedAt", "FirstReviewAt", "MergedAt", "MergeSha" FROM "PullRequests"
            WHERE "ServiceId" IN {services} AND "MergedAt" >= @p0 AND "MergedAt" < @p1
            """, [window.Since, window.Until],
            r => (ServiceId: r.GetInt32(0), ExternalId: r.GetString(1), FirstCommitAt: DirectQuery.NullableInstant(r, 2), OpenedAt: DirectQuery.Instant(r, 3),
                FirstReviewAt: DirectQuery.NullableInstant(r, 4), MergedAt: DirectQuery.NullableInstant(r, 5), MergeSha: DirectQuery.NullableString(r, 6)),
            cancellationToken);
        var shipped = new Dictionary<(int Service, string Sha), DateTime?>();
        foreach (var group in merged.Where(p => p.MergeSha is not null).GroupBy(p => p.ServiceId))
        {
            var serviceId = group.Key;
            foreach (var chunk in group.Select(p => p.MergeSha!).Distinct().Chunk(500))
            {
                var parameters = new List<object?> { serviceId };
                var shas = DirectQuery.In(parameters, chunk);
                var commits = await query.ListAsync($"""
                    SELECT c."Sha", s."ShippedAt" FROM "Commits" AS c LEFT JOIN "ShippedChanges" AS s ON c."Id" = s."CommitId"
                    WHERE c."ServiceId" = @p0 AND c."Sha" IN {shas}
                    """, parameters, r => (Sha: r.GetString(0), ShippedAt: DirectQuery.NullableInstant(r, 1)), cancellationToken);
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

    private static async Task<MetricValue> OnTimeAsync(DirectQuery query, DeliveryScope scope, MetricsWindow window, CancellationToken cancellationToken)
    {
        if (scope.TeamIds is { Count: 0 })
        {
            return OnTimeDelivery.Compute(window, [], "Work items belong to teams: choose a team to see on-time delivery.");
        }
        var teams = scope.TeamIds is { } teamIds ? $"""AND i."TeamId" IN {DirectQuery.InIds(teamIds)}""" : "";
        var items = await query.ListAsync($"""
            SELECT i."ExternalId", i."Kind", i."CommittedDate", i."StartedAt", i."DoneAt", i."Estimate", i."EstimateUnit",
                (SELECT count(*) FROM "WorkItemCommitments" AS c WHERE i."Id" = c."WorkItemId")
            FROM "WorkItems" AS i WHERE i."DoneAt" >= @p0 AND i."DoneAt" < @p1 {teams}
            """, [window.Since, window.Until],
            r => new WorkItemFact(r.GetString(0), r.GetString(1), DirectQuery.NullableInstant(r, 2), DirectQuery.NullableInstant(r, 3),
                DirectQuery.NullableInstant(r, 4), (int)r.GetInt64(7),
                OnTimeDelivery.EstimateDays(r.IsDBNull(5) ? null : r.GetDouble(5), DirectQuery.NullableString(r, 6))),
            cancellationToken);
        return OnTimeDelivery.Compute(window, items);
    }

    /// <summary>Lead times of the changes shipped in the window, read below ADO.NET on SQLite: five years
    /// of a large service are half a million rows.</summary>
    /// <remarks>A change's ship time is its deployment's finish, taken from <paramref name="finishedAt"/>
    /// rather than parsed again for every row.</remarks>
    private static async Task<List<ChangeFact>> LoadChangesAsync(
        DirectQuery query, IReadOnlyCollection<int> serviceIds, DateTime since, DateTime until, Dictionary<long, DateTime> finishedAt, CancellationToken cancellationToken)
    {
        var changes = new List<ChangeFact>();
        if (serviceIds.Count == 0)
        {
            return changes;
        }
        var sql = $"""
            SELECT "DeploymentId", "LeadTimeHours" FROM "ShippedChanges"
            WHERE "ServiceId" IN {DirectQuery.InIds(serviceIds)} AND "ShippedAt" >= @p0 AND "ShippedAt" < @p1
            """;
        if (query.IsSqlite)
        {
            var bounds = new byte[64];
            using var select = SqliteStatement.Prepare(query.Connection, sql.Replace("@p0", "?1").Replace("@p1", "?2"));
            var sinceLength = SqliteTime.Write(since, bounds);
            select.Bind(1, bounds.AsSpan(0, sinceLength));
            select.Bind(2, bounds.AsSpan(32, SqliteTime.Write(until, bounds.AsSpan(32))));
            // The previous row's deployment, for the next: the rows of one deployment come together.
            long lastId = 0;
            var lastFinished = default(DateTime);
            while (select.Read())
            {
                var deploymentId = select.Int64(0);
                if (deploymentId != lastId)
                {
                    (lastId, lastFinished) = (deploymentId, finishedAt[deploymentId]);
                }
                changes.Add(new ChangeFact(deploymentId, lastFinished, select.Double(1)));
            }
            return changes;
        }
        var rows = await query.ListAsync(sql, [since, until], r => (DeploymentId: r.GetInt64(0), LeadTimeHours: r.GetDouble(1)), cancellationToken);
        changes.Capacity = rows.Count;
        foreach (var (deploymentId, leadTimeHours) in rows)
        {
            changes.Add(new ChangeFact(deploymentId, finishedAt[deploymentId], leadTimeHours));
        }
        return changes;
    }

    /// <summary>How many of the deployed shas are in their service's ingested history (none for a service no repository has been read for).</summary>
    private static async Task<int> KnownShaCountAsync(DirectQuery query, List<(int ServiceId, string Sha)> deployed, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var group in deployed.GroupBy(d => d.ServiceId))
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in group.Select(g => g.Sha).Distinct().Chunk(500))
            {
                // By service and sha: the unique index answers it.
                var parameters = new List<object?> { group.Key };
                var shas = DirectQuery.In(parameters, chunk);
                known.UnionWith(await query.ListAsync($"""SELECT "Sha" FROM "Commits" WHERE "ServiceId" = @p0 AND "Sha" IN {shas}""",
                    parameters, r => r.GetString(0), cancellationToken));
            }
            count += group.Count(g => known.Contains(g.Sha));
        }
        return count;
    }
}
