using System.CommandLine;
using Fulcrum.Core;
using Fulcrum.Web.Data;

namespace Fulcrum.Cli;

/// <summary>
/// The <c>fulcrum</c> executable. Every refusal, whether from a command, a service or an engine, ends
/// here as one line on stderr and its exit code (<see cref="ExitCodes"/>); nothing else prints errors.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return await FulcrumCli.Build().Parse(args).InvokeAsync(configuration);
        }
        catch (ProblemException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Of(e);
        }
        catch (SchemaTooNewException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Refused;
        }
    }
}
