using Fulcrum.Core;
using Fulcrum.Web.Data;

namespace Fulcrum.Web.Hosting;

/// <summary>
/// One server per SQLite file: poker rooms live in one process's memory and SQLite is not shared by
/// servers behind a balancer, so a second `fulcrum serve` (or in-process server) on a file already
/// served is refused rather than quietly splitting people between two processes. The lock is an
/// exclusive OS lock on <c>&lt;db&gt;.serve-lock</c>, taken when the app is prepared and held until it
/// is disposed; the OS releases it if the process dies. Only the server takes it, so imports and
/// reports still run next to a running server. PostgreSQL takes none: run as many nodes as you like.
/// </summary>
public sealed class ServeLock(DatabaseTarget target, TimeProvider clock) : IDisposable
{
    private FileStream? _held;

    /// <summary>Takes the lock, or refuses (exit code 2) naming the file and, when it left a note, the process that holds it.</summary>
    public void Take()
    {
        if (target.SqliteFile is not { } file || _held is not null)
        {
            return;
        }
        var database = Path.GetFullPath(file);
        var path = database + ".serve-lock";
        // A file locked this way cannot be read by others, so the holder describes itself in a note beside it.
        var note = path + ".owner";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            _held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var holder = File.Exists(note) ? $" ({File.ReadAllText(note).Trim()})" : "";
            throw ProblemException.Unavailable("The database is already served",
                $"{database} is already served by another Fulcrum server{holder}. One server per SQLite file: " +
                "to run several nodes, use PostgreSQL (docs/operations.md, \"Several nodes\").");
        }
        File.WriteAllText(note, $"process {Environment.ProcessId} on {Environment.MachineName}, since {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
    }

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }
}
