namespace Fulcrum.Core.Delivery;

public sealed record MetricsWindow(DateTime Since, DateTime Until)
{
    public bool Contains(DateTime instant) => instant >= Since && instant < Until;

    public double Days => (Until - Since).TotalDays;
}

/// <summary>
/// The five DORA metrics over a window, from plain facts (docs/delivery.md defines each exactly).
/// Every figure carries its sample size and, when it cannot be computed, a plain reason instead
/// of a zero that would read as a result.
/// </summary>
public static class DeliveryMetrics
{
    public const string DeploymentFrequency = "deployment_frequency";
    public const string ChangeLeadTime = "change_lead_time";
    public const string ChangeFailureRate = "change_failure_rate";
    public const string RecoveryTime = "failed_deployment_recovery_time";
    public const string ReworkRate = "deployment_rework_rate";
    public const string BoringLaunchRate = "boring_launch_rate";

    /// <summary>How long a launch must stay quiet to count as boring.</summary>
    public const int DefaultBoringDays = 7;

    public static IReadOnlyList<MetricValue> Compute(
        MetricsWindow window,
        IReadOnlyCollection<DeploymentFact> deployments,
        IReadOnlyCollection<IncidentFact> incidents,
        IReadOnlyCollection<ChangeFact> changes,
        int bandYear = DoraBands.DefaultYear)
    {
        var shipped = deployments.Where(d => d.IsProduction && d.Succeeded && window.Contains(d.FinishedAt)).ToList();
        return
        [
            Frequency(window, shipped, bandYear),
            LeadTime(window, changes, shipped.Count, bandYear),
            FailureRate(shipped, incidents, bandYear),
            Recovery(window, incidents, bandYear),
            Rework(shipped, incidents),
            Boring(window, shipped, deployments, incidents, DefaultBoringDays),
        ];
    }

    /// <summary>
    /// "Did it launch without much fanfare?" A successful production deployment is boring when, for
    /// <paramref name="days"/> days after it finished, no incident linked to it began and its service
    /// was not rolled back. Deployments less than that before the window's end are not judged yet.
    /// </summary>
    private static MetricValue Boring(
        MetricsWindow window, List<DeploymentFact> shipped, IReadOnlyCollection<DeploymentFact> all, IReadOnlyCollection<IncidentFact> incidents, int days)
    {
        const string title = "Boring-launch rate";
        var quietFor = TimeSpan.FromDays(days);
        var judged = shipped.Where(d => d.FinishedAt + quietFor <= window.Until).ToList();
        if (judged.Count == 0)
        {
            return new(BoringLaunchRate, title, null, "ratio", 0, null, shipped.Count == 0
                ? "No successful production deployments finished in this window."
                : $"Every deployment in this window finished less than {days} days before its end: too recent to judge.");
        }
        var withIncident = judged.Where(d => incidents.Any(i => i.Link != IncidentLink.None && i.DeploymentId == d.Id
            && i.StartedAt <= d.FinishedAt + quietFor)).Select(d => d.Id).ToHashSet();
        var undone = RolledBack(all);
        var rolledBack = judged.Where(d => undone.TryGetValue(d.Id, out var at) && at <= d.FinishedAt + quietFor).Select(d => d.Id).ToHashSet();
        var boring = judged.Count(d => !withIncident.Contains(d.Id) && !rolledBack.Contains(d.Id));
        return new(BoringLaunchRate, title, (double)boring / judged.Count, "ratio", judged.Count, null, null,
            new Dictionary<string, double>
            {
                ["boring"] = boring,
                ["with_incident"] = withIncident.Count,
                ["rolled_back"] = rolledBack.Count,
                ["too_recent"] = shipped.Count - judged.Count,
                ["quiet_days"] = days,
            });
    }

    private static MetricValue Frequency(MetricsWindow window, List<DeploymentFact> shipped, int year)
    {
        const string title = "Deployment frequency";
        if (shipped.Count == 0)
        {
            return new(DeploymentFrequency, title, null, "deployments/day", 0, null, "No successful production deployments finished in this window.");
        }
        var perDay = shipped.Count / Math.Max(window.Days, 1);
        var daysPerWeek = Weeks(window)
            .Select(week => shipped.Where(d => d.FinishedAt >= week.Since && d.FinishedAt < week.Until).Select(d => d.FinishedAt.Date).Distinct().Count())
            .Select(days => (double)days)
            .ToList();
        return new(DeploymentFrequency, title, perDay, "deployments/day", shipped.Count,
            DoraBands.Classify(year, DoraMetric.DeploymentFrequency, perDay), null,
            new Dictionary<string, double>
            {
                ["deployments"] = shipped.Count,
                ["per_week"] = shipped.Count / Math.Max(window.Days, 1) * 7,
                ["median_deployment_days_per_week"] = Percentile(daysPerWeek, 0.5),
            });
    }

    private static MetricValue LeadTime(MetricsWindow window, IReadOnlyCollection<ChangeFact> changes, int deploymentCount, int year)
    {
        const string title = "Change lead time";
        // Sorted once: three percentiles of half a million lead times should not mean three sorts.
        var inWindow = changes.Where(c => window.Contains(c.DeployedAt)).Select(c => c.LeadTimeHours).Order().ToArray();
        if (inWindow.Length == 0)
        {
            var reason = deploymentCount == 0
                ? "No successful production deployments finished in this window."
                : "The deployments in this window shipped no commits Fulcrum has read: ingest the service's repository, or these deployments only re-deployed code shipped before.";
            return new(ChangeLeadTime, title, null, "hours", 0, null, reason);
        }
        var median = PercentileOfSorted(inWindow, 0.5);
        return new(ChangeLeadTime, title, median, "hours", inWindow.Length,
            DoraBands.Classify(year, DoraMetric.ChangeLeadTime, median), null,
            new Dictionary<string, double>
            {
                ["median"] = median,
                ["p75"] = PercentileOfSorted(inWindow, 0.75),
                ["p90"] = PercentileOfSorted(inWindow, 0.90),
            });
    }

    private static MetricValue FailureRate(List<DeploymentFact> shipped, IReadOnlyCollection<IncidentFact> incidents, int year)
    {
        const string title = "Change failure rate";
        if (shipped.Count == 0)
        {
            return new(ChangeFailureRate, title, null, "ratio", 0, null, "No successful production deployments finished in this window.");
        }
        var ids = shipped.Select(d => d.Id).ToHashSet();
        var links = incidents.Where(i => i.Link != IncidentLink.None && i.DeploymentId is long id && ids.Contains(id)).ToList();
        var failed = links.Select(i => i.DeploymentId!.Value).Distinct().Count();
        var confirmedFailed = links.Where(i => i.Link == IncidentLink.Confirmed).Select(i => i.DeploymentId!.Value).Distinct().Count();
        var rate = (double)failed / shipped.Count;
        return new(ChangeFailureRate, title, rate, "ratio", shipped.Count,
            DoraBands.Classify(year, DoraMetric.ChangeFailureRate, rate), null,
            new Dictionary<string, double>
            {
                ["failed_deployments"] = failed,
                ["confirmed_links"] = links.Count(i => i.Link == IncidentLink.Confirmed),
                ["suspected_links"] = links.Count(i => i.Link == IncidentLink.Suspected),
                ["rate_confirmed_only"] = (double)confirmedFailed / shipped.Count,
            });
    }

    private static MetricValue Recovery(MetricsWindow window, IReadOnlyCollection<IncidentFact> incidents, int year)
    {
        const string title = "Failed deployment recovery time";
        var failures = incidents.Where(i => i.Link != IncidentLink.None && window.Contains(i.StartedAt)).ToList();
        var resolved = failures.Where(i => i.ResolvedAt is not null).Select(i => (i.ResolvedAt!.Value - i.StartedAt).TotalHours).ToList();
        if (resolved.Count == 0)
        {
            var reason = failures.Count > 0
                ? $"{failures.Count} incident(s) caused by deployments started in this window and none is resolved yet."
                : incidents.Any(i => window.Contains(i.StartedAt))
                    ? "Incidents started in this window, but none is linked to a deployment: confirm the suspected links or import deployment_id."
                    : "No incidents caused by a deployment started in this window.";
            return new(RecoveryTime, title, null, "hours", 0, null, reason);
        }
        var median = Percentile(resolved, 0.5);
        return new(RecoveryTime, title, median, "hours", resolved.Count,
            DoraBands.Classify(year, DoraMetric.FailedDeploymentRecoveryTime, median), null,
            new Dictionary<string, double> { ["median"] = median, ["p90"] = Percentile(resolved, 0.9), ["open"] = failures.Count - resolved.Count });
    }

    private static MetricValue Rework(List<DeploymentFact> shipped, IReadOnlyCollection<IncidentFact> incidents)
    {
        const string title = "Deployment rework rate";
        if (shipped.Count == 0)
        {
            return new(ReworkRate, title, null, "ratio", 0, null, "No successful production deployments finished in this window.");
        }
        // Unplanned: the deployment finished while an incident on the same service was open.
        var rework = shipped.Count(d => incidents.Any(i =>
            string.Equals(i.Service, d.Service, StringComparison.OrdinalIgnoreCase)
            && i.StartedAt <= d.FinishedAt && (i.ResolvedAt is null || d.FinishedAt <= i.ResolvedAt)));
        return new(ReworkRate, title, (double)rework / shipped.Count, "ratio", shipped.Count, null, null,
            new Dictionary<string, double> { ["rework_deployments"] = rework });
    }

    /// <summary>
    /// Which deployments a rollback undid, and when: those of its service after the last earlier
    /// deployment of the sha it went back to (or, when that sha was never deployed on its own, the
    /// one deployment just before it).
    /// </summary>
    private static Dictionary<long, DateTime> RolledBack(IReadOnlyCollection<DeploymentFact> all)
    {
        var undone = new Dictionary<long, DateTime>();
        var shipped = all.Where(d => d.IsProduction && d.Succeeded).OrderBy(d => d.FinishedAt).ToList();
        foreach (var rollback in shipped.Where(d => d.IsRollback))
        {
            var before = shipped.Where(d => d.FinishedAt < rollback.FinishedAt
                && string.Equals(d.Service, rollback.Service, StringComparison.OrdinalIgnoreCase)).ToList();
            var anchor = rollback.Sha is null ? null : before.LastOrDefault(d => d.Sha == rollback.Sha);
            var victims = anchor is null ? before.TakeLast(1) : before.Where(d => d.FinishedAt > anchor.FinishedAt);
            foreach (var victim in victims)
            {
                undone.TryAdd(victim.Id, rollback.FinishedAt);
            }
        }
        return undone;
    }

    /// <summary>Linear-interpolated percentile (the method spreadsheets call PERCENTILE.INC).</summary>
    public static double Percentile(IReadOnlyList<double> values, double p) =>
        PercentileOfSorted(values.Order().ToArray(), p);

    private static double PercentileOfSorted(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /// <summary>Monday-based weeks covering the window; partial weeks at the edges are kept.</summary>
    public static IEnumerable<MetricsWindow> Weeks(MetricsWindow window)
    {
        var start = window.Since.Date.AddDays(-(((int)window.Since.DayOfWeek + 6) % 7));
        for (var week = start; week < window.Until; week = week.AddDays(7))
        {
            yield return new MetricsWindow(week < window.Since ? window.Since : week, week.AddDays(7) > window.Until ? window.Until : week.AddDays(7));
        }
    }
}
