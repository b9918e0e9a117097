namespace Fulcrum.Core.Experiments;

/// <summary>
/// How likely a difference in means at least as large as the one seen is, if the change made no
/// difference and the samples could as well have fallen on either side.
/// </summary>
/// <param name="PValue">The share of arrangements whose difference in means is at least as large (either sign) as the one observed.</param>
/// <param name="Exact">True when every arrangement was counted; false when random shuffles estimated it.</param>
/// <param name="Arrangements">How many arrangements were counted (all of them, or the shuffles).</param>
public sealed record PermutationResult(double PValue, bool Exact, long Arrangements);

/// <summary>
/// A two-sided permutation test of the difference in means of two samples (docs/experiments.md, "The
/// noise test"). It assumes nothing about the distribution, which suits a handful of weekly figures.
/// Every way of splitting the pooled samples into groups of the two sizes is counted when there are
/// at most <see cref="ExactLimit"/> of them; otherwise <see cref="Shuffles"/> random splits from a
/// fixed seed estimate the share, so the same samples always give the same answer.
/// </summary>
public static class PermutationTest
{
    public const int ExactLimit = 20_000;
    public const int Shuffles = 20_000;
    public const int Seed = 20261205;

    public static PermutationResult TwoSided(IReadOnlyList<double> before, IReadOnlyList<double> after,
        int exactLimit = ExactLimit, int shuffles = Shuffles, int seed = Seed)
    {
        if (before.Count == 0 || after.Count == 0)
        {
            throw new ArgumentException("Both sides need at least one sample.");
        }
        double[] pooled = [.. before, .. after];
        var n = before.Count;
        var total = pooled.Sum();
        var observed = Math.Abs(after.Average() - before.Average());
        // Sums of floating-point values in another order differ in the last bits; a split as extreme
        // as the observed one must count even then (ties are what make identical samples p = 1).
        var tolerance = 1e-9 * Math.Max(1, pooled.Max(Math.Abs));
        bool AtLeastAsFar(double sumOfFirst) => Math.Abs((total - sumOfFirst) / (pooled.Length - n) - sumOfFirst / n) >= observed - tolerance;

        var combinations = Combinations(pooled.Length, n, exactLimit);
        if (combinations is long all)
        {
            long extreme = 0;
            var chosen = new int[n];
            for (var i = 0; i < n; i++)
            {
                chosen[i] = i;
            }
            while (true)
            {
                var sum = 0.0;
                foreach (var index in chosen)
                {
                    sum += pooled[index];
                }
                if (AtLeastAsFar(sum))
                {
                    extreme++;
                }
                // The next n-subset of the pooled indices in lexicographic order.
                var k = n - 1;
                while (k >= 0 && chosen[k] == pooled.Length - n + k)
                {
                    k--;
                }
                if (k < 0)
                {
                    break;
                }
                chosen[k]++;
                for (var j = k + 1; j < n; j++)
                {
                    chosen[j] = chosen[j - 1] + 1;
                }
            }
            return new PermutationResult((double)extreme / all, true, all);
        }

        var random = new Random(seed);
        var shuffled = (double[])pooled.Clone();
        long hits = 0;
        for (var s = 0; s < shuffles; s++)
        {
            // A partial Fisher–Yates shuffle: only the first n places need drawing.
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                var j = random.Next(i, shuffled.Length);
                (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
                sum += shuffled[i];
            }
            if (AtLeastAsFar(sum))
            {
                hits++;
            }
        }
        // The observed split is one of the possible ones: counting it keeps the estimate above zero.
        return new PermutationResult((hits + 1.0) / (shuffles + 1.0), false, shuffles);
    }

    /// <summary>C(total, chosen), or null when it is above <paramref name="limit"/>.</summary>
    public static long? Combinations(int total, int chosen, long limit)
    {
        var k = Math.Min(chosen, total - chosen);
        long result = 1;
        for (var i = 1; i <= k; i++)
        {
            // result * (total - k + i) / i is exact at every step: it is C(total - k + i, i).
            result = result * (total - k + i) / i;
            if (result > limit)
            {
                return null;
            }
        }
        return result;
    }
}
