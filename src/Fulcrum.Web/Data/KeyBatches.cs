using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>
/// Looks rows up by many keys in slices. EF Core sends <c>keys.Contains(column)</c> as one SQL
/// parameter per key, and one statement takes at most 32,766 of them on SQLite and 65,535 on
/// PostgreSQL: an import of 100,000 records would fail with "too many SQL variables".
/// </summary>
public static class KeyBatches
{
    public const int Size = 2_000;

    /// <summary>The rows <paramref name="query"/> finds for each slice of <paramref name="keys"/>, together.</summary>
    public static async Task<List<T>> ToListInBatchesAsync<TKey, T>(
        this IEnumerable<TKey> keys, Func<TKey[], IQueryable<T>> query, CancellationToken cancellationToken)
    {
        var found = new List<T>();
        foreach (var slice in keys.Distinct().Chunk(Size))
        {
            found.AddRange(await query(slice).ToListAsync(cancellationToken));
        }
        return found;
    }
}
