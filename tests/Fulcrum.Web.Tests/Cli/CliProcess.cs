using System.Diagnostics;

namespace Fulcrum.Web.Tests.Cli;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real `fulcrum` executable (built beside the tests) as a separate process.</summary>
public static class CliProcess
{
    public static Task<CliResult> RunAsync(string database, string? standardInput, params string[] args) =>
        RunAsync(TimeSpan.FromSeconds(60), database, standardInput, args);

    /// <param name="timeout">How long the command may take (a big import takes longer than the default minute).</param>
    public static async Task<CliResult> RunAsync(TimeSpan timeout, string database, string? standardInput, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fulcrum.dll"));
        start.ArgumentList.Add("--database");
        start.ArgumentList.Add(database);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("FULCRUM_DATABASE");
        start.Environment.Remove("FULCRUM_PASSWORD");
        using var process = Process.Start(start)!;
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
