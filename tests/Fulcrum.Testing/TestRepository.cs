using System.Diagnostics;
using System.Globalization;

namespace Fulcrum.Testing;

/// <summary>A real git repository in a temp folder, built commit by commit with chosen times, so
/// lead times in tests are known exactly.</summary>
public sealed class TestRepository : IDisposable
{
    public TestRepository() : this(init: true)
    {
    }

    private TestRepository(bool init)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fulcrum-git-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        if (init)
        {
            Git("init", "-q", "-b", "main");
        }
    }

    public string Path { get; }

    public static DateTime At(string utc) => DateTime.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>Commits a change on the current branch at <paramref name="utc"/>; returns its sha.</summary>
    public string Commit(string message, string utc)
    {
        // One file per commit, so branches never conflict when merged.
        var file = $"change-{Guid.NewGuid():N}.txt";
        File.WriteAllText(System.IO.Path.Combine(Path, file), message + "\n");
        GitAt(utc, "add", file);
        GitAt(utc, "commit", "-q", "-m", message);
        return Head();
    }

    public void Branch(string name) => Git("checkout", "-q", "-b", name);

    public void Checkout(string name) => Git("checkout", "-q", name);

    public string Merge(string branch, string utc)
    {
        GitAt(utc, "merge", "-q", "--no-ff", "-m", $"Merge {branch}", branch);
        return Head();
    }

    public string Revert(string sha, string utc)
    {
        GitAt(utc, "revert", "--no-edit", sha);
        return Head();
    }

    /// <summary>An annotated tag; its date is <paramref name="utc"/>, or now.</summary>
    public void Tag(string name, string sha, string? utc = null) => GitAt(utc, "tag", "-a", name, "-m", name, sha);

    public string Head() => Git("rev-parse", "HEAD").Trim();

    /// <summary>
    /// History rewritten under the reader's feet, as a clone sees it after someone force-pushed and
    /// the old commits were garbage-collected: the last <paramref name="count"/> commits of the
    /// current branch are dropped and are no longer in the object store at all.
    /// </summary>
    public void DropCommitsAndCollectGarbage(int count)
    {
        Git("reset", "-q", "--hard", $"HEAD~{count}");
        Git("reflog", "expire", "--expire=now", "--all");
        Git("gc", "-q", "--prune=now");
    }

    /// <summary>Whether git still has the object (false once a dropped commit has been collected).</summary>
    public bool Has(string sha)
    {
        try
        {
            Git("cat-file", "-e", sha + "^{commit}");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Brings <paramref name="other"/>'s <paramref name="branch"/> in as the local branch <paramref name="as"/>
    /// (another project's history, about to be merged in with <see cref="MergeUnrelated"/>).</summary>
    public void Fetch(TestRepository other, string branch, string @as) => Git("fetch", "-q", other.Path, $"{branch}:{@as}");

    /// <summary>Merges a branch that shares no history with the current one (<c>--allow-unrelated-histories</c>).</summary>
    public string MergeUnrelated(string branch, string utc)
    {
        GitAt(utc, "merge", "-q", "--no-ff", "--allow-unrelated-histories", "-m", $"Merge {branch}", branch);
        return Head();
    }

    /// <summary>Stashes a staged change at <paramref name="utc"/>: <c>refs/stash</c> then names a stash commit and its index commit.</summary>
    public void Stash(string utc)
    {
        var file = $"wip-{Guid.NewGuid():N}.txt";
        File.WriteAllText(System.IO.Path.Combine(Path, file), "work in progress\n");
        GitAt(utc, "add", file);
        GitAt(utc, "stash", "push", "-q", "-m", "wip");
    }

    /// <summary>Adds a git note to <paramref name="sha"/> at <paramref name="utc"/>: <c>refs/notes/commits</c> then names a notes commit.</summary>
    public void AddNote(string sha, string note, string utc) => GitAt(utc, "notes", "add", "-m", note, sha);

    /// <summary>A fresh clone of this repository at a new path (its branches become <c>refs/remotes/origin/*</c>).</summary>
    public TestRepository CloneToNewPath()
    {
        var clone = new TestRepository(init: false);
        clone.Git("clone", "-q", Path, clone.Path);
        return clone;
    }

    public string Git(params string[] args) => GitAt(null, args);

    /// <summary>
    /// Adds a long history fast: <paramref name="count"/> commits on main, one a minute from
    /// <paramref name="startUtc"/>, then an octopus merge of three side branches cut from its middle.
    /// </summary>
    public void ImportLongHistory(int count, string startUtc)
    {
        var start = new DateTimeOffset(At(startUtc)).ToUnixTimeSeconds();
        var stream = new System.Text.StringBuilder();
        void Commit(string branch, int mark, long time, string? from, params int[] merges)
        {
            stream.Append(CultureInfo.InvariantCulture, $"commit refs/heads/{branch}\nmark :{mark}\ncommitter Test <test@example.com> {time} +0000\ndata 1\nx\n");
            if (from is not null)
            {
                stream.Append(CultureInfo.InvariantCulture, $"from {from}\n");
            }
            foreach (var merge in merges)
            {
                stream.Append(CultureInfo.InvariantCulture, $"merge :{merge}\n");
            }
        }
        for (var i = 1; i <= count; i++)
        {
            Commit("main", i, start + i * 60, null);
        }
        for (var b = 1; b <= 3; b++)
        {
            Commit($"side{b}", count + b, start + (count / 2) * 60 + b, $":{count / 2}");
        }
        Commit("main", count + 4, start + (count + 1) * 60, null, count + 1, count + 2, count + 3);
        Run(null, stream.ToString(), ["fast-import", "--quiet"]);
    }

    private string GitAt(string? utc, params string[] args) => Run(utc, null, args);

    private string Run(string? utc, string? input, string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(Path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardInput = input is not null;
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Test";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["HOME"] = Path;
        if (utc is not null)
        {
            var stamp = At(utc).ToString("yyyy-MM-ddTHH:mm:ss+0000", CultureInfo.InvariantCulture);
            start.Environment["GIT_AUTHOR_DATE"] = start.Environment["GIT_COMMITTER_DATE"] = stamp;
        }
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        }
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
