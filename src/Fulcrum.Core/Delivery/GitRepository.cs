using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Fulcrum.Core.Delivery;

/// <summary>One commit's metadata: what lead time needs and nothing about who wrote it.</summary>
public sealed record GitCommit(string Sha, DateTime CommittedAt, string[] Parents);

/// <summary>A release tag: its name, the commit it names and when it was made.</summary>
public sealed record ReleaseTag(string Name, string Sha, DateTime CreatedAt);

/// <summary>A problem with a repository that a person can act on: not a repository, shallow, git missing.</summary>
public sealed class GitRepositoryException(string message) : Exception(message);

/// <summary>
/// Reads a local repository through the <c>git</c> command line (streaming: one commit in memory at
/// a time). Only sha, parents and committer time are read: no author names or emails, so nothing
/// per person can be counted later.
/// </summary>
public sealed class GitRepository(string path)
{
    /// <summary>The fields read per commit. The benchmark compares ingest with <c>git log</c> on the same format.</summary>
    public const string LogFormat = "%H %ct %P";

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Refuses what cannot give correct lead times: a missing folder, a non-repository, a shallow clone.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Path))
        {
            throw new GitRepositoryException($"{Path} does not exist.");
        }
        var (code, output, error) = await RunAsync(["rev-parse", "--is-shallow-repository"], cancellationToken);
        if (code != 0)
        {
            throw new GitRepositoryException($"{Path} is not a git repository ({FirstLine(error)}).");
        }
        if (output.Trim() == "true")
        {
            throw new GitRepositoryException(
                $"{Path} is a shallow clone: its history is cut short, so lead times would be wrong. Run `git fetch --unshallow` there first.");
        }
    }

    /// <summary>Every ref and the commit it points at (tags peeled to their commit).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadRefsAsync(CancellationToken cancellationToken = default)
    {
        var (code, output, error) = await RunAsync(
            ["for-each-ref", "--format=%(refname) %(objectname) %(*objectname)"], cancellationToken);
        if (code != 0)
        {
            throw new GitRepositoryException($"git could not list the refs of {Path}: {FirstLine(error)}");
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
            throw new GitRepositoryException($"git could not list the tags of {Path}: {FirstLine(error)}");
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
    /// Streams the commits reachable from <paramref name="include"/> and not from
    /// <paramref name="exclude"/> (the tips read last time), so a second ingest reads only what is new.
    /// </summary>
    public async IAsyncEnumerable<GitCommit> ReadCommitsAsync(
        IEnumerable<string> include, IEnumerable<string> exclude, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = StartInfo(["log", $"--format={LogFormat}", "--stdin"]);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start) ?? throw new GitRepositoryException("git could not be started; is it installed?");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var input = new StringBuilder();
        foreach (var sha in include)
        {
            input.Append(sha).Append('\n');
        }
        foreach (var sha in exclude)
        {
            input.Append('^').Append(sha).Append('\n');
        }
        await process.StandardInput.WriteAsync(input, cancellationToken);
        process.StandardInput.Close();

        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                yield return Parse(line);
            }
        }
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new GitRepositoryException($"git log failed in {Path}: {FirstLine(await errors)}");
        }
    }

    /// <summary>Parses one line of <see cref="LogFormat"/>: sha, committer time (unix seconds), parent shas.</summary>
    public static GitCommit Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0].Length != 40 || !long.TryParse(parts[1], out var seconds))
        {
            throw new GitRepositoryException($"git printed a line Fulcrum cannot read: '{line}'");
        }
        return new GitCommit(parts[0], DateTime.UnixEpoch.AddSeconds(seconds), parts[2..]);
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
        return start;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.Start(StartInfo(args)) ?? throw new GitRepositoryException("git could not be started; is it installed?");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new GitRepositoryException("git is not installed or not on PATH.");
        }
        using (process)
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
