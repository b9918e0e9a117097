namespace Fulcrum.Core.Delivery;

/// <summary>
/// A repository's history as compact arrays (commit i's parents are
/// <c>parents[parentStart[i]..parentStart[i+1]]</c>), so a million commits fit in tens of megabytes
/// and ancestry walks touch plain ints. Parents outside the graph (a partial history) are dropped.
/// </summary>
public sealed class CommitGraph
{
    private readonly string[] shas;
    private readonly DateTime[] committedAt;
    private readonly int[] parentStart;
    private readonly int[] parents;
    private readonly Dictionary<string, int> indexOf;

    private CommitGraph(string[] shas, DateTime[] committedAt, int[] parentStart, int[] parents, Dictionary<string, int> indexOf)
    {
        this.shas = shas;
        this.committedAt = committedAt;
        this.parentStart = parentStart;
        this.parents = parents;
        this.indexOf = indexOf;
    }

    public int Count => shas.Length;

    public static CommitGraph Build(IReadOnlyCollection<GitCommit> commits)
    {
        var shas = new string[commits.Count];
        var times = new DateTime[commits.Count];
        var indexOf = new Dictionary<string, int>(commits.Count, StringComparer.Ordinal);
        var i = 0;
        foreach (var commit in commits)
        {
            if (indexOf.TryAdd(commit.Sha, i))
            {
                shas[i] = commit.Sha;
                times[i] = commit.CommittedAt;
                i++;
            }
        }
        Array.Resize(ref shas, i);
        Array.Resize(ref times, i);

        var parentStart = new int[i + 1];
        var parentList = new List<int>(i + i / 8);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var commit in commits)
        {
            if (!seen.Add(commit.Sha))
            {
                continue;
            }
            parentStart[n] = parentList.Count;
            foreach (var parent in commit.Parents)
            {
                if (indexOf.TryGetValue(parent, out var p))
                {
                    parentList.Add(p);
                }
            }
            n++;
        }
        parentStart[n] = parentList.Count;
        return new CommitGraph(shas, times, parentStart, [.. parentList], indexOf);
    }

    public int IndexOf(string sha) => indexOf.TryGetValue(sha, out var index) ? index : -1;

    public string Sha(int commit) => shas[commit];

    public DateTime CommittedAt(int commit) => committedAt[commit];

    public ReadOnlySpan<int> Parents(int commit) => parents.AsSpan(parentStart[commit], parentStart[commit + 1] - parentStart[commit]);
}
