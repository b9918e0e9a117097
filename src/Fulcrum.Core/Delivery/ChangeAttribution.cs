namespace Fulcrum.Core.Delivery;

/// <summary>A successful production deployment of one service, as attribution needs it.</summary>
public sealed record DeployedSha(long DeploymentId, string Sha, DateTime FinishedAt);

/// <summary>Which deployment first shipped each commit of a <see cref="CommitGraph"/>, by commit index.</summary>
public sealed class AttributionResult(
    CommitGraph graph, long[] containedBy, bool[] cutOff, IReadOnlyList<DeployedSha> unknownShas,
    IReadOnlySet<long> rollbacks, IReadOnlySet<long> redeploys, IReadOnlyDictionary<long, int> cutOffByDeployment)
{
    /// <summary>The deployment id whose lead time commit <paramref name="commit"/> counts in, or 0
    /// (never shipped, or cut off as older than the service's first production deployment).</summary>
    public long DeploymentOf(int commit) => cutOff[commit] ? 0 : containedBy[commit];

    /// <summary>The first deployment that contained commit <paramref name="commit"/>, cut off or not, or 0:
    /// the deployment that put it into production, which is what a causing commit points at.</summary>
    public long FirstContainedBy(int commit) => containedBy[commit];

    public bool IsCutOff(int commit) => cutOff[commit];

    /// <summary>Deployments whose sha is not in the history read so far.</summary>
    public IReadOnlyList<DeployedSha> UnknownShas { get; } = unknownShas;

    /// <summary>Deployments that went back to older code already shipped (a different sha).</summary>
    public IReadOnlySet<long> Rollbacks { get; } = rollbacks;

    /// <summary>Deployments of the sha that was already running: re-runs that change nothing.</summary>
    public IReadOnlySet<long> Redeploys { get; } = redeploys;

    /// <summary>How many commits each deployment brought into production that were cut off (no lead time), by deployment id.</summary>
    public IReadOnlyDictionary<long, int> CutOffByDeployment { get; } = cutOffByDeployment;

    /// <summary>By sha, for reading results in tests and small reports.</summary>
    public IReadOnlyDictionary<string, long> FirstDeploymentOf =>
        Enumerable.Range(0, graph.Count).Where(i => DeploymentOf(i) != 0).ToDictionary(graph.Sha, DeploymentOf);

    public IReadOnlySet<string> CutOff => Enumerable.Range(0, graph.Count).Where(i => cutOff[i]).Select(graph.Sha).ToHashSet();

    /// <summary>Lead time of a commit: committed → finish of the first deployment containing it.</summary>
    public static TimeSpan LeadTime(DateTime committedAt, DateTime deployedAt) =>
        deployedAt > committedAt ? deployedAt - committedAt : TimeSpan.Zero;
}

/// <summary>
/// Lead time by commit ancestry. A commit belongs to the first successful production deployment
/// (by finish time) whose sha contains it: the commits reachable from the deployed sha that no
/// earlier deployment of the service already contained. So merges bring in both sides, a rollback
/// to an older sha ships nothing new, and a sha deployed twice counts once.
/// History before the service's first deployment is cut off: that deployment shipped it, but when
/// it was written says nothing about how fast this team delivers, and lumping years of commits into
/// one deployment is the error other tools make. The same holds for old history that arrives later
/// (unrelated histories merged in, a long-lived branch): a commit older than the service's first
/// production deployment never counts, whichever deployment brings it in.
/// </summary>
public static class ChangeAttribution
{
    public static AttributionResult Attribute(CommitGraph graph, IEnumerable<DeployedSha> deployments)
    {
        var ordered = deployments.OrderBy(d => d.FinishedAt).ThenBy(d => d.DeploymentId).ToList();
        var shipped = new bool[graph.Count];
        var containedBy = new long[graph.Count];
        var cutOff = new bool[graph.Count];
        var unknown = new List<DeployedSha>();
        var rollbacks = new HashSet<long>();
        var redeploys = new HashSet<long>();
        var cutOffBy = new Dictionary<long, int>();
        // Deployments in the order they shipped, so "older code" can be told from "newer code".
        var orderOf = new Dictionary<long, int>();
        var stack = new Stack<int>();
        var first = true;
        var running = -1;
        // The service's first production deployment, whether or not its sha has been read.
        var firstFinished = ordered.Count == 0 ? DateTime.MinValue : ordered[0].FinishedAt;

        foreach (var deployment in ordered)
        {
            var tip = graph.IndexOf(deployment.Sha);
            if (tip < 0)
            {
                unknown.Add(deployment);
                continue;
            }
            orderOf[deployment.DeploymentId] = orderOf.Count;
            if (!shipped[tip])
            {
                stack.Push(tip);
                shipped[tip] = true;
            }
            else if (tip == running)
            {
                redeploys.Add(deployment.DeploymentId);
            }
            else if (running >= 0 && IsOlder(graph, tip, running, containedBy, orderOf))
            {
                rollbacks.Add(deployment.DeploymentId);
            }
            // Otherwise it goes forward to code shipped before (back to the release a rollback undid):
            // it ships nothing new, and it is not a rollback.
            running = tip;
            var cut = 0;
            while (stack.TryPop(out var commit))
            {
                containedBy[commit] = deployment.DeploymentId;
                if (first || graph.CommittedAt(commit) < firstFinished)
                {
                    cutOff[commit] = true;
                    cut++;
                }
                foreach (var parent in graph.Parents(commit))
                {
                    if (!shipped[parent])
                    {
                        shipped[parent] = true;
                        stack.Push(parent);
                    }
                }
            }
            if (cut > 0)
            {
                cutOffBy[deployment.DeploymentId] = cut;
            }
            first = false;
        }
        return new AttributionResult(graph, containedBy, cutOff, unknown, rollbacks, redeploys, cutOffBy);
    }

    /// <summary>
    /// Whether shipped commit <paramref name="target"/> is older code than shipped commit <paramref name="running"/>:
    /// first put into production by an earlier deployment, or by the same one and an ancestor of it.
    /// The ancestry walk stays inside that one deployment's commits: every ancestor outside it shipped earlier.
    /// </summary>
    private static bool IsOlder(CommitGraph graph, int target, int running, long[] containedBy, Dictionary<long, int> orderOf)
    {
        var targetOrder = orderOf[containedBy[target]];
        var runningOrder = orderOf[containedBy[running]];
        if (targetOrder != runningOrder)
        {
            return targetOrder < runningOrder;
        }
        var batch = containedBy[running];
        var seen = new HashSet<int> { running };
        var walk = new Stack<int>([running]);
        while (walk.TryPop(out var commit))
        {
            foreach (var parent in graph.Parents(commit))
            {
                if (parent == target)
                {
                    return true;
                }
                if (containedBy[parent] == batch && seen.Add(parent))
                {
                    walk.Push(parent);
                }
            }
        }
        return false;
    }
}
