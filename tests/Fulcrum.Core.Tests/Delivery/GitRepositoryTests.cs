using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Delivery;

public sealed class GitRepositoryTests
{
    [Fact]
    public async Task A_folder_that_is_not_a_repository_is_refused_by_name()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-not-git").FullName;

        var error = await Assert.ThrowsAsync<GitRepositoryException>(() => new GitRepository(folder).CheckAsync());

        Assert.StartsWith($"{folder} is not a git repository", error.Message);
    }

    [Fact]
    public async Task A_missing_folder_is_refused()
    {
        var error = await Assert.ThrowsAsync<GitRepositoryException>(() => new GitRepository("/no/such/folder").CheckAsync());

        Assert.Equal("/no/such/folder does not exist.", error.Message);
    }

    [Fact]
    public async Task A_shallow_clone_is_refused_with_the_fix()
    {
        using var origin = new TestRepository();
        origin.Commit("a", "2026-01-01T00:00:00Z");
        origin.Commit("b", "2026-01-02T00:00:00Z");
        var clone = Path.Combine(Path.GetTempPath(), "fulcrum-shallow-" + Guid.NewGuid().ToString("N"));
        origin.Git("clone", "-q", "--depth", "1", "file://" + origin.Path, clone);

        var error = await Assert.ThrowsAsync<GitRepositoryException>(() => new GitRepository(clone).CheckAsync());

        Assert.Contains("is a shallow clone", error.Message);
        Assert.Contains("git fetch --unshallow", error.Message);
    }

    [Fact]
    public async Task Reading_again_from_the_old_tips_yields_only_the_new_commits()
    {
        using var repo = new TestRepository();
        repo.Commit("a", "2026-01-01T00:00:00Z");
        var b = repo.Commit("b", "2026-01-02T00:00:00Z");
        var git = new GitRepository(repo.Path);
        var before = await git.ReadRefsAsync();
        var c = repo.Commit("c", "2026-01-03T00:00:00Z");
        repo.Tag("v1", c);
        var after = await git.ReadRefsAsync();

        var fresh = new List<GitCommit>();
        await foreach (var commit in git.ReadCommitsAsync(after.Values.Distinct(), before.Values.Distinct()))
        {
            fresh.Add(commit);
        }

        var only = Assert.Single(fresh);
        Assert.Equal(c, only.Sha);
        Assert.Equal([b], only.Parents);
        Assert.Equal(new DateTime(2026, 1, 3, 0, 0, 0, DateTimeKind.Utc), only.CommittedAt);
        Assert.Equal(c, after["refs/tags/v1"]);
    }

    [Theory]
    [InlineData("abc 123")]
    [InlineData("0123456789abcdef0123456789abcdef01234567 notatime")]
    public void Unreadable_log_lines_are_reported(string line)
    {
        var error = Assert.Throws<GitRepositoryException>(() => GitRepository.Parse(line));
        Assert.Contains(line, error.Message);
    }
}
