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
    /// <param name="capacity">The number of commits expected, if known: a million-commit history then
    /// takes its final size at once instead of growing (and briefly doubling) as it is read.</param>
    public sealed class Builder(int capacity = 1024)
    {
        private byte[] shaBytes = new byte[20 * Math.Max(capacity, 1)];
        private readonly List<DateTime> times = new(capacity);
        private readonly List<long> tagList = new(capacity);
        private readonly List<int> parentCounts = new(capacity);
        private readonly List<ulong> parentKeys = new(capacity + capacity / 8);
        private readonly Dictionary<ulong, int> indexOf = new(capacity);

        public int Count => times.Count;

        /// <summary>Adds a commit; <paramref name="parents"/> are shas separated by spaces. A repeated sha is ignored.</summary>
        public void Add(ReadOnlySpan<char> sha, ReadOnlySpan<char> parents, DateTime committedAt, long tag = 0)
        {
            Span<byte> utf8Sha = stackalloc byte[sha.Length == 40 ? 40 : 0];
            if (sha.Length != 40 || System.Text.Encoding.ASCII.GetBytes(sha, utf8Sha) != 40)
            {
                throw new ArgumentException($"'{sha}' is not a 40-character sha.", nameof(sha));
            }
            Span<byte> utf8Parents = parents.Length <= 1024 ? stackalloc byte[parents.Length] : new byte[parents.Length];
            System.Text.Encoding.ASCII.GetBytes(parents, utf8Parents);
            Add(utf8Sha, utf8Parents, committedAt, tag);
        }

        /// <summary>Adds a commit from its UTF-8 text, as git prints it and the database stores it.</summary>
        public void Add(ReadOnlySpan<byte> sha, ReadOnlySpan<byte> parents, DateTime committedAt, long tag = 0)
        {
            Span<byte> raw = stackalloc byte[20];
            if (sha.Length != 40 || !TryParseHex(sha, raw))
            {
                throw new ArgumentException($"'{System.Text.Encoding.UTF8.GetString(sha)}' is not a 40-character sha.", nameof(sha));
            }
            if (!indexOf.TryAdd(BinaryPrimitives.ReadUInt64BigEndian(raw), times.Count))
            {
                return;
            }
            var offset = times.Count * 20;
            if (offset + 20 > shaBytes.Length)
            {
                Array.Resize(ref shaBytes, shaBytes.Length * 2);
            }
            raw.CopyTo(shaBytes.AsSpan(offset));
            times.Add(committedAt);
            tagList.Add(tag);
            var count = 0;
            foreach (var range in parents.Split((byte)' '))
            {
                var parent = parents[range];
                if (parent.Length == 40 && TryParseHex(parent[..16], raw[..8]))
                {
                    parentKeys.Add(BinaryPrimitives.ReadUInt64BigEndian(raw));
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
            var exact = shaBytes.Length == n * 20 ? shaBytes : shaBytes[..(n * 20)];
            return new CommitGraph(exact, [.. times], [.. tagList], parentStart, [.. resolved], indexOf);
        }

        internal static bool TryKey(ReadOnlySpan<char> sha, out ulong key)
        {
            Span<byte> head = stackalloc byte[8];
            var ok = Convert.FromHexString(sha[..16], head, out _, out var written) == System.Buffers.OperationStatus.Done && written == 8;
            key = ok ? BinaryPrimitives.ReadUInt64BigEndian(head) : 0;
            return ok;
        }

        /// <summary>Hex digits (either case) to bytes; false on anything else.</summary>
        private static bool TryParseHex(ReadOnlySpan<byte> hex, Span<byte> destination)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                var high = HexValue(hex[2 * i]);
                var low = HexValue(hex[2 * i + 1]);
                if ((high | low) < 0)
                {
                    return false;
                }
                destination[i] = (byte)(high << 4 | low);
            }
            return true;
        }

        private static int HexValue(byte digit) => digit switch
        {
            >= (byte)'0' and <= (byte)'9' => digit - '0',
            >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
            _ => -1,
        };
    }
}
