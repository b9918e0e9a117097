using System.Diagnostics;
using System.Text;

namespace Fulcrum.Core.Delivery;

/// <summary>One commit's metadata: what lead time needs and nothing about who wrote it.</summary>
public sealed record GitCommit(string Sha, DateTime CommittedAt, string[] Parents);

/// <summary>A release tag: its name, the commit it names and when it was made.</summary>
public sealed record ReleaseTag(string Name, string Sha, DateTime CreatedAt);

/// <summary>
/// Reads a local repository through the <c>git</c> command line (streaming: one commit in memory at
/// a time). Only sha, parents and committer time are read: no author names or emails, so nothing
/// per person can be counted later.
/// </summary>
public sealed class GitRepository(string path)
{
    /// <summary>
    /// The fields read per commit, in <c>git log</c> terms; the benchmark compares ingest with
    /// <c>git log --all --format=</c> this. Fulcrum itself asks <c>git rev-list --timestamp --parents</c>
    /// for the same facts, which skips git's pretty-printer and walks about 15 % faster.
    /// </summary>
    public const string LogFormat = "%H %ct %P";

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    private const string GitFailed = "git could not read the repository";

    /// <summary>
    /// Refuses what cannot give correct lead times: a missing folder (not found), a non-repository or a
    /// shallow clone (invalid). Every problem with a repository a person can act on is a <see cref="ProblemException"/>.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Path))
        {
            throw ProblemException.NotFound($"{Path} does not exist.", "No such repository");
        }
        var (code, output, error) = await RunAsync(["rev-parse", "--is-shallow-repository"], cancellationToken);
        if (code != 0)
        {
            throw ProblemException.Invalid("Not a git repository", $"{Path} is not a git repository ({FirstLine(error)}).");
        }
        if (output.Trim() == "true")
        {
            throw ProblemException.Invalid("A shallow clone",
                $"{Path} is a shallow clone: its history is cut short, so lead times would be wrong. Run `git fetch --unshallow` there first.");
        }
    }

    /// <summary>
    /// The refs that name history, and the commit each points at (tags peeled to their commit): branches,
    /// remote-tracking branches and tags. Not <c>refs/stash</c> (work in progress), <c>refs/notes</c>
    /// (commits of notes about commits), or anything else a tool keeps under <c>refs/</c>
    /// (<c>refs/original</c> backups of rewritten history, review refs): those are not what was built.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadRefsAsync(CancellationToken cancellationToken = default)
    {
        var (code, output, error) = await RunAsync(
            ["for-each-ref", "--format=%(refname) %(objectname) %(*objectname)", "refs/heads", "refs/remotes", "refs/tags"], cancellationToken);
        if (code != 0)
        {
            throw ProblemException.Invalid(GitFailed, $"git could not list the refs of {Path}: {FirstLine(error)}");
        }
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            // An annotated tag names the tag object; the third field is the commit it points at.
            var sha = parts.Length > 2 && parts[2].Length == 40 ? parts[2] : parts[1];
            refs[parts[0]] = sha;
        }
        return refs;
    }

    /// <summary>
    /// Which of <paramref name="shas"/> name commits this repository has. A commit read before may be
    /// gone: history rewritten and force-pushed, then garbage-collected, or a clone that never had it.
    /// Git refuses to walk from or to a missing commit, so callers ask first.
    /// </summary>
    public async Task<IReadOnlySet<string>> ExistingCommitsAsync(IReadOnlyCollection<string> shas, CancellationToken cancellationToken = default)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        if (shas.Count == 0)
        {
            return present;
        }
        var start = StartInfo(["cat-file", "--batch-check=%(objectname) %(objecttype)"]);
        start.RedirectStandardInput = true;
        using var process = Start(start);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        foreach (var sha in shas)
        {
            await process.StandardInput.WriteAsync((sha + "\n").AsMemory(), cancellationToken);
        }
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw ProblemException.Invalid(GitFailed, $"git could not look up commits in {Path}: {FirstLine(await error)}");
        }
        // One line per sha asked: "<sha> commit", or "<sha> missing".
        foreach (var line in (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && parts[1] == "commit")
            {
                present.Add(parts[0]);
            }
        }
        return present;
    }

    /// <summary>
    /// Tags whose name matches <paramref name="pattern"/> (a shell glob such as <c>v*</c>), with the
    /// commit they name and their date: the tagger's for an annotated tag, the commit's otherwise.
    /// </summary>
    public async Task<IReadOnlyList<ReleaseTag>> ReadTagsAsync(string pattern, CancellationToken cancellationToken = default)
    {
        var (code, output, error) = await RunAsync(
            ["for-each-ref", "--format=%(refname:short) %(objecttype) %(objectname) %(*objecttype) %(*objectname) %(creatordate:unix)", $"refs/tags/{pattern}"],
            cancellationToken);
        if (code != 0)
        {
            throw ProblemException.Invalid(GitFailed, $"git could not list the tags of {Path}: {FirstLine(error)}");
        }
        var tags = new List<ReleaseTag>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            // Lightweight tag: "name commit sha  date" (empty peeled fields); annotated: "name tag sha commit sha date".
            var fields = parts.Where(p => p.Length > 0).ToArray();
            string? commit = fields.Length switch
            {
                4 when fields[1] == "commit" => fields[2],
                6 when fields[3] == "commit" => fields[4],
                _ => null,
            };
            if (commit is not null && long.TryParse(fields[^1], out var seconds))
            {
                tags.Add(new ReleaseTag(fields[0], commit, DateTime.UnixEpoch.AddSeconds(seconds)));
            }
        }
        return tags;
    }

    /// <summary>
    /// Receives one commit of a <see cref="ReadCommits"/> walk, as git printed it: the 40 hex digits of
    /// the sha, the committer time in unix seconds, and the parent shas separated by single spaces.
    /// The spans are only valid during the call.
    /// </summary>
    public delegate void CommitHandler(ReadOnlySpan<byte> sha, long committedAtUnixSeconds, ReadOnlySpan<byte> parents);

    /// <summary>
    /// Walks the commits reachable from <paramref name="include"/> and not from <paramref name="exclude"/>
    /// (the tips read last time, so a second ingest reads only what is new), newest first, handing each
    /// to <paramref name="handler"/> without allocating: a million-commit history is read in about
    /// the time git needs to print it. Blocking; call it from a worker thread.
    /// </summary>
    public void ReadCommits(IEnumerable<string> include, IEnumerable<string> exclude, CommitHandler handler, CancellationToken cancellationToken = default)
    {
        var start = StartInfo(["rev-list", "--timestamp", "--parents", "--stdin"]);
        start.RedirectStandardInput = true;
        using var process = Start(start);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var stopOnCancel = cancellationToken.Register(() => Kill(process));
        foreach (var sha in include)
        {
            process.StandardInput.Write(sha + "\n");
        }
        foreach (var sha in exclude)
        {
            process.StandardInput.Write("^" + sha + "\n");
        }
        process.StandardInput.Close();

        var output = process.StandardOutput.BaseStream;
        var buffer = new byte[1 << 16];
        var filled = 0;
        int read;
        while ((read = output.Read(buffer, filled, buffer.Length - filled)) > 0)
        {
            filled += read;
            var consumed = 0;
            int newline;
            while ((newline = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n')) >= 0)
            {
                var line = buffer.AsSpan(consumed, newline);
                if (line.Length > 0)
                {
                    ParseLine(line, out var sha, out var seconds, out var parents);
                    handler(sha, seconds, parents);
                }
                consumed += newline + 1;
            }
            // Carry a partial last line to the front; a line longer than the buffer doubles it (an octopus merge).
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        if (filled > 0)
        {
            ParseLine(buffer.AsSpan(0, filled), out var sha, out var seconds, out var parents);
            handler(sha, seconds, parents);
        }
        if (process.ExitCode != 0)
        {
            throw ProblemException.Invalid(GitFailed, $"git rev-list failed in {Path}: {FirstLine(errors.GetAwaiter().GetResult())}");
        }
    }

    /// <summary><see cref="ReadCommits"/> into a list, on a worker thread: for small histories and tests.</summary>
    public Task<List<GitCommit>> ReadCommitListAsync(IEnumerable<string> include, IEnumerable<string> exclude, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var commits = new List<GitCommit>();
            ReadCommits(include, exclude, (sha, seconds, parents) => commits.Add(new GitCommit(
                Encoding.ASCII.GetString(sha),
                DateTime.UnixEpoch.AddSeconds(seconds),
                parents.IsEmpty ? [] : Encoding.ASCII.GetString(parents).Split(' '))), cancellationToken);
            return commits;
        }, cancellationToken);

    /// <summary>Parses one line of <c>git rev-list --timestamp --parents</c>: committer time (unix seconds), sha, parent shas.</summary>
    public static void ParseLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> sha, out long committedAtUnixSeconds, out ReadOnlySpan<byte> parents)
    {
        var space = line.IndexOf((byte)' ');
        if (space > 0
            && System.Buffers.Text.Utf8Parser.TryParse(line[..space], out committedAtUnixSeconds, out var digits) && digits == space
            && line.Length >= space + 41 && IsHex(line.Slice(space + 1, 40))
            && (line.Length == space + 41 || line[space + 41] == (byte)' '))
        {
            sha = line.Slice(space + 1, 40);
            parents = line.Length > space + 42 ? line[(space + 42)..] : [];
            return;
        }
        throw ProblemException.Unreadable(GitFailed, $"git printed a line Fulcrum cannot read: '{Encoding.UTF8.GetString(line)}'");
    }

    private static bool IsHex(ReadOnlySpan<byte> text) => !text.ContainsAnyExcept("0123456789abcdef"u8);

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw ProblemException.Invalid(GitFailed, "git could not be started; is it installed?");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw ProblemException.Invalid(GitFailed, "git is not installed or not on PATH.");
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(Path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Never prompt, never page, never be confused by the caller's locale or config for output.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["LC_ALL"] = "C";
        // git flushes after every commit when writing to a pipe; a million tiny writes and wake-ups
        // cost more than git's own walk. Fully buffered output is the same bytes, sooner.
        start.Environment["GIT_FLUSH"] = "0";
        return start;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        using (var process = Start(StartInfo(args)))
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await output, await error);
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "no message";
}
