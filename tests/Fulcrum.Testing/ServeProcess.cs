using System.Diagnostics;
using Fulcrum.Web.Data;

namespace Fulcrum.Testing;

/// <summary>
/// <c>fulcrum serve</c> in a process of its own, for what an in-process server cannot show: a node
/// killed with SIGKILL, which saves nothing and says goodbye to no one.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServeProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    /// <param name="settings">Configuration, e.g. ["Fulcrum:Estimation:NodeLease"] = "00:00:03" (passed as environment variables).</param>
    public static async Task<ServeProcess> StartAsync(DatabaseTarget database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "fulcrum.dll"), "--database", database.SqliteFile ?? database.ConnectionString, "serve", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start)!;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            const string Running = "Fulcrum is running at ";
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.IndexOf(Running, StringComparison.Ordinal) is var at and >= 0)
                {
                    var address = line[(at + Running.Length)..].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)[0];
                    // Keep reading, so a full pipe never blocks the server.
                    _ = process.StandardOutput.ReadToEndAsync();
                    _ = process.StandardError.ReadToEndAsync();
                    return new ServeProcess(process, new Uri(address));
                }
            }
            throw new InvalidOperationException($"fulcrum serve stopped before it was running: {await process.StandardError.ReadToEndAsync()}");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown, no save, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
