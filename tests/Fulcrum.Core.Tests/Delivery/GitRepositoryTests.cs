using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Delivery;

public sealed class GitRepositoryTests
{
    [Fact]
    public async Task A_folder_that_is_not_a_repository_is_refused_by_name()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-not-git").FullName;

        var error = await Assert.ThrowsAsync<ProblemException>(() => new GitRepository(folder).CheckAsync());

        Assert.StartsWith($"{folder} is not a git repository", error.Message);
    }

    [Fact]
    public async Task A_missing_folder_is_refused()
    {
        var error = await Assert.ThrowsAsync<ProblemException>(() => new GitRepository("/no/such/folder").CheckAsync());

        Assert.Equal("/no/such/folder does not exist.", error.Message);
        Assert.Equal(ProblemKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task A_shallow_clone_is_refused_with_the_fix()
    {
        using var origin = new TestRepository();
        origin.Commit("a", "2026-01-01T00:00:00Z");
        origin.Commit("b", "2026-01-02T00:00:00Z");
        var clone = Path.Combine(Path.GetTempPath(), "fulcrum-shallow-" + Guid.NewGuid().ToString("N"));
        origin.Git("clone", "-q", "--depth", "1", "file://" + origin.Path, clone);

        var error = await Assert.ThrowsAsync<ProblemException>(() => new GitRepository(clone).CheckAsync());

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

        var fresh = await git.ReadCommitListAsync(after.Values.Distinct(), before.Values.Distinct());

        var only = Assert.Single(fresh);
        Assert.Equal(c, only.Sha);
        Assert.Equal([b], only.Parents);
        Assert.Equal(new DateTime(2026, 1, 3, 0, 0, 0, DateTimeKind.Utc), only.CommittedAt);
        Assert.Equal(c, after["refs/tags/v1"]);
    }

    [Fact]
    public async Task A_history_longer_than_one_read_buffer_with_an_octopus_merge_is_read_whole()
    {
        using var repo = new TestRepository();
        repo.ImportLongHistory(3000, "2026-01-01T00:00:00Z");
        var git = new GitRepository(repo.Path);
        var tips = (await git.ReadRefsAsync()).Values.Distinct().ToList();

        var commits = await git.ReadCommitListAsync(tips, []);

        Assert.Equal(int.Parse(repo.Git("rev-list", "--all", "--count"), System.Globalization.CultureInfo.InvariantCulture), commits.Count);
        Assert.Equal(3004, commits.Select(c => c.Sha).Distinct().Count());
        var octopus = Assert.Single(commits, c => c.Parents.Length == 4);
        Assert.Equal(repo.Git("rev-list", "--parents", "-n", "1", "main").Trim(), string.Join(' ', [octopus.Sha, .. octopus.Parents]));
        Assert.Equal(new DateTime(2026, 1, 3, 2, 1, 0, DateTimeKind.Utc), octopus.CommittedAt);
        Assert.Single(commits, c => c.Parents.Length == 0);
    }

    [Theory]
    [InlineData("abc 123")]
    [InlineData("notatime 0123456789abcdef0123456789abcdef01234567")]
    [InlineData("0123456789abcdef0123456789abcdef01234567 1700000000")]
    [InlineData("1700000000 0123456789abcdef0123456789abcdef0123456")]
    [InlineData("1700000000 0123456789abcdef0123456789abcdef01234567x")]
    [InlineData("1700000000 0123456789ABCDEF0123456789abcdef01234567")]
    public void Unreadable_log_lines_are_reported(string line)
    {
        var error = Assert.Throws<ProblemException>(() => GitRepository.ParseLine(System.Text.Encoding.UTF8.GetBytes(line), out _, out _, out _));
        Assert.Contains(line, error.Message);
    }

    [Theory]
    [InlineData("1700000000 0123456789abcdef0123456789abcdef01234567", "")]
    [InlineData("1700000000 0123456789abcdef0123456789abcdef01234567 1111111111111111111111111111111111111111", "1111111111111111111111111111111111111111")]
    [InlineData("1700000000 0123456789abcdef0123456789abcdef01234567 1111111111111111111111111111111111111111 2222222222222222222222222222222222222222",
        "1111111111111111111111111111111111111111 2222222222222222222222222222222222222222")]
    public void Rev_list_lines_give_sha_time_and_parents(string line, string expectedParents)
    {
        GitRepository.ParseLine(System.Text.Encoding.UTF8.GetBytes(line), out var sha, out var seconds, out var parents);

        Assert.Equal("0123456789abcdef0123456789abcdef01234567", System.Text.Encoding.ASCII.GetString(sha));
        Assert.Equal(1_700_000_000, seconds);
        Assert.Equal(expectedParents, System.Text.Encoding.ASCII.GetString(parents));
    }
}
