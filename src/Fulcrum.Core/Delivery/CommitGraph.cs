using System.Buffers.Binary;

namespace Fulcrum.Core.Delivery;

/// <summary>
/// A repository's history as compact arrays, so a million commits take tens of megabytes: shas as
/// 20 raw bytes, parents as indexes (commit i's parents are <c>parents[parentStart[i]..parentStart[i+1]]</c>),
/// and a lookup keyed by the sha's first 8 bytes. Each commit carries a caller's tag (its database id).
/// Parents outside the graph (a partial history) are dropped.
/// </summary>
public sealed class CommitGraph
{
    private readonly byte[] shas;
    private readonly DateTime[] committedAt;
    private readonly long[] tags;
    private readonly int[] parentStart;
    private readonly int[] parents;
    private readonly Dictionary<ulong, int> indexOf;

    private CommitGraph(byte[] shas, DateTime[] committedAt, long[] tags, int[] parentStart, int[] parents, Dictionary<ulong, int> indexOf)
    {
        this.shas = shas;
        this.committedAt = committedAt;
        this.tags = tags;
        this.parentStart = parentStart;
        this.parents = parents;
        this.indexOf = indexOf;
    }

    public int Count => committedAt.Length;

    public static CommitGraph Build(IEnumerable<GitCommit> commits)
    {
        var builder = new Builder();
        foreach (var commit in commits)
        {
            builder.Add(commit.Sha, string.Join(' ', commit.Parents), commit.CommittedAt);
        }
        return builder.Build();
    }

    public int IndexOf(string sha)
    {
        if (sha.Length != 40 || !Builder.TryKey(sha, out var key) || !indexOf.TryGetValue(key, out var index))
        {
            return -1;
        }
        return Sha(index).Equals(sha, StringComparison.OrdinalIgnoreCase) ? index : -1;
    }

    public string Sha(int commit) => Convert.ToHexStringLower(shas, commit * 20, 20);

    public DateTime CommittedAt(int commit) => committedAt[commit];

    public long Tag(int commit) => tags[commit];

    public ReadOnlySpan<int> Parents(int commit) => parents.AsSpan(parentStart[commit], parentStart[commit + 1] - parentStart[commit]);

    /// <summary>Collects commits one at a time (e.g. straight from a database reader).</summary>
    public sealed class Builder
    {
        private readonly List<byte> shaBytes = [];
        private readonly List<DateTime> times = [];
        private readonly List<long> tagList = [];
        private readonly List<int> parentCounts = [];
        private readonly List<ulong> parentKeys = [];
        private readonly Dictionary<ulong, int> indexOf = [];

        public int Count => times.Count;

        /// <summary>Adds a commit; <paramref name="parents"/> are shas separated by spaces. A repeated sha is ignored.</summary>
        public void Add(ReadOnlySpan<char> sha, ReadOnlySpan<char> parents, DateTime committedAt, long tag = 0)
        {
            if (sha.Length != 40 || !TryKey(sha, out var key))
            {
                throw new ArgumentException($"'{sha}' is not a 40-character sha.", nameof(sha));
            }
            if (!indexOf.TryAdd(key, times.Count))
            {
                return;
            }
            Span<byte> raw = stackalloc byte[20];
            Convert.FromHexString(sha, raw, out _, out _);
            foreach (var b in raw)
            {
                shaBytes.Add(b);
            }
            times.Add(committedAt);
            tagList.Add(tag);
            var count = 0;
            foreach (var range in parents.Split(' '))
            {
                var parent = parents[range];
                if (parent.Length == 40 && TryKey(parent, out var parentKey))
                {
                    parentKeys.Add(parentKey);
                    count++;
                }
            }
            parentCounts.Add(count);
        }

        public CommitGraph Build()
        {
            var n = times.Count;
            var parentStart = new int[n + 1];
            var resolved = new List<int>(parentKeys.Count);
            var cursor = 0;
            for (var i = 0; i < n; i++)
            {
                parentStart[i] = resolved.Count;
                for (var p = 0; p < parentCounts[i]; p++)
                {
                    if (indexOf.TryGetValue(parentKeys[cursor + p], out var parent))
                    {
                        resolved.Add(parent);
                    }
                }
                cursor += parentCounts[i];
            }
            parentStart[n] = resolved.Count;
            return new CommitGraph([.. shaBytes], [.. times], [.. tagList], parentStart, [.. resolved], indexOf);
        }

        internal static bool TryKey(ReadOnlySpan<char> sha, out ulong key)
        {
            Span<byte> head = stackalloc byte[8];
            var ok = Convert.FromHexString(sha[..16], head, out _, out var written) == System.Buffers.OperationStatus.Done && written == 8;
            key = ok ? BinaryPrimitives.ReadUInt64BigEndian(head) : 0;
            return ok;
        }
    }
}
