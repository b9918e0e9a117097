using System.Diagnostics;

namespace Fulcrum.Web.Tests.Cli;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real `fulcrum` executable (built beside the tests) as a separate process.</summary>
public static class CliProcess
{
    public static Task<CliResult> RunAsync(string database, string? standardInput, params string[] args) =>
        RunInAsync(null, standardInput, ["--database", database, .. args]);

    /// <summary>Runs fulcrum in <paramref name="workingDirectory"/> (the test's own by default) with exactly <paramref name="args"/>.</summary>
    public static async Task<CliResult> RunInAsync(string? workingDirectory, string? standardInput, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fulcrum.dll"));
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
