using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Delivery;

/// <summary>Hand-built histories where the right lead times are known.</summary>
public sealed class ChangeAttributionTests
{
    private static async Task<CommitGraph> ReadAsync(TestRepository repository)
    {
        var git = new GitRepository(repository.Path);
        var refs = await git.ReadRefsAsync();
        return CommitGraph.Build(await git.ReadCommitListAsync(refs.Values.Distinct(), []));
    }

    private static DeployedSha Deploy(long id, string sha, string utc) => new(id, sha, TestRepository.At(utc));

    private static TimeSpan LeadTime(CommitGraph graph, AttributionResult result, string sha, IEnumerable<DeployedSha> deployments) =>
        AttributionResult.LeadTime(graph.CommittedAt(graph.IndexOf(sha)), deployments.Single(d => d.DeploymentId == result.FirstDeploymentOf[sha]).FinishedAt);

    [Fact]
    public async Task Linear_history_before_the_first_deployment_is_cut_off_and_later_commits_go_to_the_next()
    {
        using var repo = new TestRepository();
        var old1 = repo.Commit("ancient", "2020-01-01T00:00:00Z");
        var old2 = repo.Commit("first release", "2026-01-01T00:00:00Z");
        var a = repo.Commit("a", "2026-01-02T09:00:00Z");
        var b = repo.Commit("b", "2026-01-02T12:00:00Z");
        DeployedSha[] deployments = [Deploy(1, old2, "2026-01-01T10:00:00Z"), Deploy(2, b, "2026-01-02T15:00:00Z")];

        var graph = await ReadAsync(repo);
        var result = ChangeAttribution.Attribute(graph, deployments);

        Assert.Equal(new[] { old1, old2 }.Order(), result.CutOff.Order());
        Assert.Equal(2, result.FirstDeploymentOf[a]);
        Assert.Equal(2, result.FirstDeploymentOf[b]);
        Assert.Equal(TimeSpan.FromHours(6), LeadTime(graph, result, a, deployments));
        Assert.Equal(TimeSpan.FromHours(3), LeadTime(graph, result, b, deployments));
        Assert.Equal(2, result.FirstDeploymentOf.Count);
    }

    [Fact]
    public async Task A_merge_brings_both_sides_into_the_deployment()
    {
        using var repo = new TestRepository();
        var baseline = repo.Commit("base", "2026-02-01T00:00:00Z");
        repo.Branch("feature");
        var f1 = repo.Commit("feature 1", "2026-02-02T00:00:00Z");
        var f2 = repo.Commit("feature 2", "2026-02-03T00:00:00Z");
        repo.Checkout("main");
        var m1 = repo.Commit("main 1", "2026-02-02T12:00:00Z");
        var merge = repo.Merge("feature", "2026-02-04T00:00:00Z");
        DeployedSha[] deployments = [Deploy(1, baseline, "2026-02-01T01:00:00Z"), Deploy(2, merge, "2026-02-04T06:00:00Z")];

        var graph = await ReadAsync(repo);
        var result = ChangeAttribution.Attribute(graph, deployments);

        Assert.Equal(new[] { f1, f2, m1, merge }.Order(), result.FirstDeploymentOf.Keys.Order());
        Assert.All(result.FirstDeploymentOf.Values, d => Assert.Equal(2, d));
        Assert.Equal(TimeSpan.FromHours(54), LeadTime(graph, result, f1, deployments));
        Assert.Equal(TimeSpan.FromHours(6), LeadTime(graph, result, merge, deployments));
    }

    [Fact]
    public async Task A_sha_deployed_twice_counts_at_its_first_deployment()
    {
        using var repo = new TestRepository();
        var baseline = repo.Commit("base", "2026-03-01T00:00:00Z");
        var a = repo.Commit("a", "2026-03-02T00:00:00Z");
        DeployedSha[] deployments =
        [
            Deploy(1, baseline, "2026-03-01T01:00:00Z"),
            Deploy(2, a, "2026-03-02T02:00:00Z"),
            Deploy(3, a, "2026-03-05T00:00:00Z"),
        ];

        var result = ChangeAttribution.Attribute(await ReadAsync(repo), deployments);

        Assert.Equal(2, result.FirstDeploymentOf[a]);
        Assert.DoesNotContain(3L, result.FirstDeploymentOf.Values);
        Assert.Empty(result.Rollbacks); // the same sha again is a re-run, not a rollback
    }

    [Fact]
    public async Task A_rollback_to_an_older_sha_ships_nothing_and_the_redeploy_ships_only_what_is_new()
    {
        using var repo = new TestRepository();
        var v1 = repo.Commit("v1", "2026-04-01T00:00:00Z");
        var v2 = repo.Commit("v2", "2026-04-02T00:00:00Z");
        var fix = repo.Commit("fix", "2026-04-03T00:00:00Z");
        DeployedSha[] deployments =
        [
            Deploy(1, v1, "2026-04-01T01:00:00Z"),
            Deploy(2, v2, "2026-04-02T01:00:00Z"),
            Deploy(3, v1, "2026-04-02T05:00:00Z"), // rollback
            Deploy(4, fix, "2026-04-03T01:00:00Z"),
        ];

        var result = ChangeAttribution.Attribute(await ReadAsync(repo), deployments);

        Assert.Equal(2, result.FirstDeploymentOf[v2]);
        Assert.Equal(4, result.FirstDeploymentOf[fix]);
        Assert.DoesNotContain(3L, result.FirstDeploymentOf.Values);
        Assert.Equal([3L], result.Rollbacks);
    }

    [Fact]
    public async Task A_revert_is_a_change_of_its_own()
    {
        using var repo = new TestRepository();
        var baseline = repo.Commit("base", "2026-05-01T00:00:00Z");
        var bad = repo.Commit("bad change", "2026-05-02T00:00:00Z");
        DeployedSha[] first = [Deploy(1, baseline, "2026-05-01T01:00:00Z"), Deploy(2, bad, "2026-05-02T01:00:00Z")];
        var revert = repo.Revert(bad, "2026-05-02T03:00:00Z");
        DeployedSha[] deployments = [.. first, Deploy(3, revert, "2026-05-02T04:00:00Z")];

        var graph = await ReadAsync(repo);
        var result = ChangeAttribution.Attribute(graph, deployments);

        Assert.Equal(2, result.FirstDeploymentOf[bad]);
        Assert.Equal(3, result.FirstDeploymentOf[revert]);
        Assert.Equal(TimeSpan.FromHours(1), LeadTime(graph, result, revert, deployments));
    }

    [Fact]
    public async Task Deployments_are_taken_in_finish_order_not_the_order_given_and_unknown_shas_are_reported()
    {
        using var repo = new TestRepository();
        var baseline = repo.Commit("base", "2026-06-01T00:00:00Z");
        var a = repo.Commit("a", "2026-06-02T00:00:00Z");
        var b = repo.Commit("b", "2026-06-03T00:00:00Z");
        DeployedSha[] deployments =
        [
            Deploy(3, b, "2026-06-03T01:00:00Z"),
            Deploy(9, "0123456789abcdef0123456789abcdef01234567", "2026-06-02T12:00:00Z"),
            Deploy(2, a, "2026-06-02T01:00:00Z"),
            Deploy(1, baseline, "2026-06-01T01:00:00Z"),
        ];

        var result = ChangeAttribution.Attribute(await ReadAsync(repo), deployments);

        Assert.Equal(2, result.FirstDeploymentOf[a]);
        Assert.Equal(3, result.FirstDeploymentOf[b]);
        Assert.Equal(9, Assert.Single(result.UnknownShas).DeploymentId);
    }

    [Fact]
    public void A_commit_dated_after_its_deployment_has_zero_lead_time_not_a_negative_one()
    {
        Assert.Equal(TimeSpan.Zero, AttributionResult.LeadTime(TestRepository.At("2026-01-02T00:00:00Z"), TestRepository.At("2026-01-01T00:00:00Z")));
    }

    [Fact]
    public async Task A_roll_forward_to_the_release_a_rollback_undid_is_not_a_rollback_and_a_re_run_is_a_redeploy()
    {
        using var repo = new TestRepository();
        var a = repo.Commit("a", "2026-04-01T00:00:00Z");
        var b = repo.Commit("b", "2026-04-02T00:00:00Z");
        var c = repo.Commit("c", "2026-04-02T01:00:00Z");
        DeployedSha[] deployments =
        [
            Deploy(1, a, "2026-04-01T01:00:00Z"),
            Deploy(2, c, "2026-04-02T02:00:00Z"),
            Deploy(3, a, "2026-04-02T05:00:00Z"), // rollback to an earlier release
            Deploy(4, c, "2026-04-03T01:00:00Z"), // forward again
            Deploy(5, c, "2026-04-03T02:00:00Z"), // a re-run
            Deploy(6, b, "2026-04-03T03:00:00Z"), // back to a commit inside release 2: older code
            Deploy(7, c, "2026-04-03T04:00:00Z"), // forward again, inside the same release
        ];

        var result = ChangeAttribution.Attribute(await ReadAsync(repo), deployments);

        Assert.Equal([3L, 6L], result.Rollbacks.Order());
        Assert.Equal([5L], result.Redeploys);
        Assert.Equal(2, result.FirstDeploymentOf[b]);
    }

    [Fact]
    public async Task Old_history_merged_in_after_the_first_deployment_is_cut_off_by_time_and_counted_per_deployment()
    {
        using var repo = new TestRepository();
        var first = repo.Commit("first release", "2026-03-01T08:00:00Z");
        var change = repo.Commit("a change", "2026-03-02T08:00:00Z");
        using (var legacy = new TestRepository())
        {
            legacy.Commit("legacy 1", "2024-03-01T00:00:00Z");
            legacy.Commit("legacy 2", "2024-03-02T00:00:00Z");
            repo.Fetch(legacy, "main", "legacy");
        }
        var merge = repo.MergeUnrelated("legacy", "2026-03-02T10:00:00Z");
        DeployedSha[] deployments = [Deploy(1, first, "2026-03-01T09:00:00Z"), Deploy(2, merge, "2026-03-02T12:00:00Z")];

        var graph = await ReadAsync(repo);
        var result = ChangeAttribution.Attribute(graph, deployments);

        Assert.Equal(new[] { change, merge }.Order(), result.FirstDeploymentOf.Keys.Order());
        Assert.Equal(3, result.CutOff.Count);
        Assert.Equal([(1L, 1), (2L, 2)], result.CutOffByDeployment.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        // Cut off or not, the deployment that put a commit into production is known (a causing sha points there).
        Assert.Equal(1, result.FirstContainedBy(graph.IndexOf(first)));
    }
}
