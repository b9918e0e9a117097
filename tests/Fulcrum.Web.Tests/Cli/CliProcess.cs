using System.Diagnostics;

namespace Fulcrum.Web.Tests.Cli;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real `fulcrum` executable (built beside the tests) as a separate process.</summary>
public static class CliProcess
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static Task<CliResult> RunAsync(string database, string? standardInput, params string[] args) =>
        RunAsync(DefaultTimeout, database, standardInput, args);

    /// <param name="timeout">How long the command may take (a big import takes longer than the default minute).</param>
    public static Task<CliResult> RunAsync(TimeSpan timeout, string database, string? standardInput, params string[] args) =>
        RunInAsync(null, timeout, standardInput, ["--database", database, .. args]);

    /// <summary>Runs fulcrum in <paramref name="workingDirectory"/> (the test's own by default) with exactly <paramref name="args"/>.</summary>
    public static Task<CliResult> RunInAsync(string? workingDirectory, string? standardInput, params string[] args) =>
        RunInAsync(workingDirectory, DefaultTimeout, standardInput, args);

    private static async Task<CliResult> RunInAsync(string? workingDirectory, TimeSpan timeout, string? standardInput, string[] args)
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
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
