using System.CommandLine;
using Fulcrum.Web.Data;

namespace Fulcrum.Cli;

/// <summary>The command tree. Each command lives in its own file; this wires them together.</summary>
public static class FulcrumCli
{
    public static readonly Option<string?> Database = new("--database")
    {
        Description = $"SQLite file path (default ./{DatabaseTarget.DefaultSqlitePath}) or PostgreSQL connection string. Also ${DatabaseTarget.EnvironmentVariable}.",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Fulcrum: instruments for engineering leaders to work on the system, not in it.\n" +
            "Start with `fulcrum serve --demo`, then open the printed address.");
        root.Options.Add(Database);
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(DbCommands.Build());
        root.Subcommands.Add(UserCommands.Build());
        root.Subcommands.Add(TokenCommands.Build());
        root.Subcommands.Add(OrgCommands.Build());
        root.Subcommands.Add(DeliveryCommands.Build());
        root.Subcommands.Add(PokerCommands.Build());
        root.Subcommands.Add(EstimateCommands.Build());
        root.Subcommands.Add(BragCommands.Build());
        root.Subcommands.Add(LadderCommands.Build());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return await Build().Parse(args).InvokeAsync(configuration);
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (SchemaTooNewException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.DatabaseProblem;
        }
        catch (ArgumentException e) when (e.ParamName == "value")
        {
            await Console.Error.WriteLineAsync($"error: {e.Message.Split(" (Parameter")[0]}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The database named by --database, else $FULCRUM_DATABASE, else <paramref name="fallback"/>.</summary>
    public static DatabaseTarget ResolveDatabase(ParseResult parseResult, string fallback = DatabaseTarget.DefaultSqlitePath)
    {
        var value = parseResult.GetValue(Database);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Environment.GetEnvironmentVariable(DatabaseTarget.EnvironmentVariable);
        }
        return DatabaseTarget.Parse(string.IsNullOrWhiteSpace(value) ? fallback : value);
    }
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int DatabaseProblem = 2;
    public const int NotFound = 3;
}

/// <summary>A failure to report to the person at the terminal: a message, no stack trace.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
