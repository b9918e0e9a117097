namespace Fulcrum.Core.Delivery;

/// <summary>A deployment as the metrics see it. Only production deployments count towards DORA figures.</summary>
/// <param name="IsRollback">It went back to older code already shipped.</param>
/// <param name="IsRedeploy">It deployed again the sha that was already running.</param>
public sealed record DeploymentFact(
    long Id, string Service, string Environment, string? Sha, DateTime? StartedAt, DateTime FinishedAt, bool Succeeded,
    bool IsRollback = false, bool IsRedeploy = false)
{
    public const string Production = "production";

    public bool IsProduction => string.Equals(Environment, Production, StringComparison.OrdinalIgnoreCase);

    /// <summary>A rollback or a re-run brings no new code into production, so it cannot have caused an incident.</summary>
    public bool ShipsNoCode => IsRollback || IsRedeploy;
}

public enum IncidentLink
{
    /// <summary>No deployment is linked, or the suspected one was rejected.</summary>
    None,
    /// <summary>Fulcrum suggests the deployment; a leader has not confirmed it.</summary>
    Suspected,
    /// <summary>Given explicitly (deployment id or causing sha) or confirmed by a leader.</summary>
    Confirmed,
}

public sealed record IncidentFact(
    long Id, string Service, DateTime StartedAt, DateTime? ResolvedAt, long? DeploymentId, IncidentLink Link);

/// <summary>One commit shipped by a deployment: its lead time in hours.</summary>
public sealed record ChangeFact(long DeploymentId, DateTime DeployedAt, double LeadTimeHours);

/// <summary>A figure with everything a reader needs to trust it: its sample, its band, or why it is missing.</summary>
public sealed record MetricValue(
    string Metric,
    string Title,
    double? Value,
    string Unit,
    int SampleSize,
    BandResult? Band,
    string? Reason,
    IReadOnlyDictionary<string, double>? Details = null);
