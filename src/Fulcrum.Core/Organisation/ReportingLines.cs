namespace Fulcrum.Core.Organisation;

/// <summary>Who reports to whom, as plain ids: person id → manager id (or null).</summary>
public sealed class ReportingLines(IReadOnlyDictionary<int, int?> managerOf)
{
    /// <summary>The person's managers, nearest first. Stops at a cycle rather than looping.</summary>
    public IReadOnlyList<int> ManagerChain(int personId)
    {
        var chain = new List<int>();
        var seen = new HashSet<int> { personId };
        var current = personId;
        while (managerOf.TryGetValue(current, out var manager) && manager is int next && seen.Add(next))
        {
            chain.Add(next);
            current = next;
        }
        return chain;
    }

    public bool IsInManagerChain(int managerId, int personId) => ManagerChain(personId).Contains(managerId);

    /// <summary>True when making <paramref name="managerId"/> the manager of <paramref name="personId"/>
    /// would close a loop (someone managing themselves, directly or through others).</summary>
    public bool WouldCreateCycle(int personId, int? managerId) =>
        managerId is int m && (m == personId || ManagerChain(m).Contains(personId));
}
