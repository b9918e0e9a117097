using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Delivery;

public sealed class IncidentAttributionTests
{
    private static readonly DateTime Noon = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    private static DeploymentFact Deploy(long id, DateTime finished, string service = "payments", string environment = "production", bool ok = true) =>
        new(id, service, environment, null, finished.AddMinutes(-5), finished, ok);

    [Fact]
    public void An_explicit_deployment_id_is_confirmed()
    {
        var result = IncidentAttribution.Suggest(new("payments", Noon, 7, null), [], _ => null);

        Assert.Equal((7L, IncidentLink.Confirmed, 1.0), (result.DeploymentId!.Value, result.Link, result.Confidence));
    }

    [Fact]
    public void A_causing_sha_resolves_to_the_deployment_that_first_shipped_it()
    {
        var sha = "abcdef0123456789abcdef0123456789abcdef01";

        var result = IncidentAttribution.Suggest(new("payments", Noon, null, sha), [], s => s == sha ? 42 : null);
        var unknown = IncidentAttribution.Suggest(new("payments", Noon, null, "ffff"), [], _ => null);

        Assert.Equal(42, result.DeploymentId);
        Assert.Equal(IncidentLink.Confirmed, result.Link);
        Assert.Equal(IncidentLink.None, unknown.Link);
        Assert.Contains("not in any production deployment", unknown.Reason);
    }

    [Fact]
    public void The_suspect_is_the_last_deployment_before_the_incident_with_confidence_halving_every_12_hours()
    {
        DeploymentFact[] deployments =
        [
            Deploy(1, Noon.AddHours(-40)),
            Deploy(2, Noon.AddHours(-12)),
            Deploy(3, Noon.AddHours(1)),                       // after the incident began
            Deploy(4, Noon.AddHours(-1), service: "ledger"),   // another service
            Deploy(5, Noon.AddHours(-2), environment: "staging"),
            Deploy(6, Noon.AddHours(-3), ok: false),           // failed deployments ship nothing
        ];

        var result = IncidentAttribution.Suggest(new("payments", Noon, null, null), deployments, _ => null);

        Assert.Equal(2, result.DeploymentId);
        Assert.Equal(IncidentLink.Suspected, result.Link);
        Assert.Equal(0.5, result.Confidence);
        Assert.Equal("The last production deployment of payments finished 12 h 0 min before the incident began.", result.Reason);
    }

    [Fact]
    public void Rival_deployments_close_behind_the_suspect_share_its_confidence()
    {
        DeploymentFact[] deployments = [Deploy(1, Noon.AddHours(-2)), Deploy(2, Noon)];

        var result = IncidentAttribution.Suggest(new("payments", Noon, null, null), deployments, _ => null);

        Assert.Equal(2, result.DeploymentId);
        Assert.Equal(0.5, result.Confidence);
        Assert.Contains("1 other deployment(s)", result.Reason);
    }

    [Fact]
    public void Nothing_deployed_in_the_last_72_hours_means_no_suspect_rather_than_a_stale_one()
    {
        var result = IncidentAttribution.Suggest(new("payments", Noon, null, null), [Deploy(1, Noon.AddDays(-4))], _ => null);

        Assert.Null(result.DeploymentId);
        Assert.Equal(IncidentLink.None, result.Link);
        Assert.Equal("No production deployment of payments finished in the 72 hours before the incident began.", result.Reason);
    }

    [Fact]
    public void Rollbacks_and_re_runs_of_the_running_sha_are_never_suspects_nor_rivals()
    {
        DeploymentFact[] deployments =
        [
            Deploy(1, Noon.AddHours(-12)),
            Deploy(2, Noon.AddHours(-3)) with { IsRollback = true },
            Deploy(3, Noon.AddHours(-1)) with { IsRedeploy = true },
        ];

        var result = IncidentAttribution.Suggest(new("payments", Noon, null, null), deployments, _ => null);
        var onlyRollback = IncidentAttribution.Suggest(new("payments", Noon, null, null), deployments[1..], _ => null);

        Assert.Equal((1L, IncidentLink.Suspected, 0.5), (result.DeploymentId!.Value, result.Link, result.Confidence));
        Assert.Equal("The last production deployment of payments finished 12 h 0 min before the incident began "
            + "(not counting 2 later deployment(s) that shipped no code: rollbacks or re-runs of the same commit).", result.Reason);
        Assert.Equal(IncidentLink.None, onlyRollback.Link);
        Assert.StartsWith("No production deployment of payments that shipped code finished in the 72 hours", onlyRollback.Reason);
    }
}
