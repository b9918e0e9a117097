namespace Fulcrum.Core.Delivery;

/// <summary>What an incident says about its cause, as imported or sent by webhook.</summary>
public sealed record IncidentEvidence(string Service, DateTime StartedAt, long? DeploymentId, string? CausedBySha);

public sealed record AttributionSuggestion(long? DeploymentId, IncidentLink Link, double Confidence, string Reason);

/// <summary>
/// Links an incident to the deployment that caused it. Explicit evidence (a deployment id, or the
/// sha of the causing commit, resolved to the first deployment that shipped it) is confirmed.
/// Otherwise the suspect is the service's last successful production deployment before the
/// incident began that shipped code (not a rollback, not a re-run of the running sha), and only within a look-back window: confidence falls with the gap (halving every
/// <see cref="HalfLife"/>) and with other deployments close behind it. A leader confirms or rejects it.
/// Pinning every incident to whatever deployed last, however long ago, is the error other tools make.
/// </summary>
public static class IncidentAttribution
{
    /// <summary>How far before an incident a deployment may have finished and still be suspected, unless told otherwise.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromHours(72);
    public static readonly TimeSpan HalfLife = TimeSpan.FromHours(12);

    public static AttributionSuggestion Suggest(
        IncidentEvidence incident,
        IReadOnlyCollection<DeploymentFact> deployments,
        Func<string, long?> firstDeploymentShipping,
        TimeSpan? lookBack = null)
    {
        var window = lookBack ?? LookBack;
        if (incident.DeploymentId is long explicitId)
        {
            return new(explicitId, IncidentLink.Confirmed, 1, "Given with the incident (deployment_id).");
        }
        if (incident.CausedBySha is { Length: > 0 } sha)
        {
            return firstDeploymentShipping(sha) is long shipping
                ? new(shipping, IncidentLink.Confirmed, 1, $"The causing commit {sha[..Math.Min(10, sha.Length)]} was first shipped by this deployment.")
                : new(null, IncidentLink.None, 0, $"The causing commit {sha[..Math.Min(10, sha.Length)]} is not in any production deployment Fulcrum knows.");
        }

        var recent = deployments
            .Where(d => d.IsProduction && d.Succeeded
                && string.Equals(d.Service, incident.Service, StringComparison.OrdinalIgnoreCase)
                && d.FinishedAt <= incident.StartedAt && incident.StartedAt - d.FinishedAt <= window)
            .OrderByDescending(d => d.FinishedAt)
            .ToList();
        // Rollbacks and re-runs of the running sha ship no code: they are never the suspect, nor a rival.
        var candidates = recent.Where(d => !d.ShipsNoCode).ToList();
        if (candidates.Count == 0)
        {
            return new(null, IncidentLink.None, 0, recent.Count == 0
                ? $"No production deployment of {incident.Service} finished in the {window.TotalHours:0} hours before the incident began."
                : $"No production deployment of {incident.Service} that shipped code finished in the {window.TotalHours:0} hours before the incident began "
                    + $"({recent.Count} rollback(s) or re-run(s) of the same commit did, which ship none).");
        }
        var suspect = candidates[0];
        var gap = incident.StartedAt - suspect.FinishedAt;
        var confidence = Math.Pow(0.5, gap / HalfLife);
        // Other recent deployments are rival suspects: share the confidence with them.
        var rivals = candidates.Skip(1).Count(d => suspect.FinishedAt - d.FinishedAt < HalfLife);
        confidence /= 1 + rivals;
        var skipped = recent.Count(d => d.ShipsNoCode && d.FinishedAt > suspect.FinishedAt);
        var reason = $"The last production deployment of {incident.Service} finished {Describe(gap)} before the incident began"
            + (skipped > 0 ? $" (not counting {skipped} later deployment(s) that shipped no code: rollbacks or re-runs of the same commit)" : "")
            + (rivals > 0 ? $"; {rivals} other deployment(s) went out in the {HalfLife.TotalHours:0} hours before it." : ".");
        return new(suspect.Id, IncidentLink.Suspected, Math.Round(confidence, 2), reason);
    }

    public static string Describe(TimeSpan span) =>
        span.TotalMinutes < 60 ? $"{span.TotalMinutes:0} min"
        : span.TotalHours < 48 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : $"{span.TotalDays:0.#} days";
}
