using Fulcrum.Core.Csv;

namespace Fulcrum.Core.Access;

/// <summary>
/// What a service token (a CI pipeline's) may write: delivery records — deployments, incidents, pull
/// requests — of the services it names, and nothing else. Names compare ignoring case, as the importer
/// matches services.
/// </summary>
public sealed record ServiceScope(IReadOnlyList<string> Services)
{
    public bool Allows(string service) => Services.Contains(service.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The services in words: "payments, checkout".</summary>
    public string Describe() => Services.Count == 0 ? "no service (its services have been removed)" : string.Join(", ", Services);

    /// <summary>
    /// Refuses a batch in which any record is for a service outside the scope, naming each such record
    /// and its service; the whole batch is refused, so nothing of it is stored.
    /// </summary>
    public void Check(IEnumerable<(int Record, string Service)> records)
    {
        var outside = records.Where(r => !Allows(r.Service))
            .Select(r => new CsvProblem(r.Record, "service", $"'{r.Service}' is not one of this token's services") { Unit = CsvUnit.Record })
            .ToList();
        if (outside.Count > 0)
        {
            throw new ProblemException(ProblemKind.Forbidden, "Not this token's service",
                $"This token posts only for {Describe()}: {string.Join("; ", outside)}. Nothing was stored.", outside);
        }
    }
}
