using System.CommandLine;
using Fulcrum.Web.Data;
using Fulcrum.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Cli;

/// <summary>The services for one CLI command against the chosen database, schema brought up to date
/// first (so `fulcrum user add --admin` works on a brand-new file). Logs go to stderr, results to stdout.</summary>
public sealed class CliServices : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private CliServices(ServiceProvider provider, AsyncServiceScope scope)
    {
        this.provider = provider;
        Scope = scope;
    }

    public AsyncServiceScope Scope { get; }

    public T Get<T>() where T : notnull => Scope.ServiceProvider.GetRequiredService<T>();

    public static async Task<CliServices> OpenAsync(ParseResult parseResult, bool migrate = true, CancellationToken cancellationToken = default)
    {
        var database = CliDatabase.Resolve(parseResult);
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddFilter("Microsoft", LogLevel.Warning);
        });
        // Settings come from the environment, as they do for `fulcrum serve` (docs/operations.md).
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFulcrumCore(database, configuration);
        var provider = services.BuildServiceProvider();
        var cli = new CliServices(provider, provider.CreateAsyncScope());
        if (migrate)
        {
            var logger = cli.Get<ILoggerFactory>().CreateLogger("Fulcrum.Database");
            await DatabaseSchema.MigrateAsync(cli.Get<FulcrumDbContext>(), logger, cancellationToken: cancellationToken);
        }
        return cli;
    }

    public async ValueTask DisposeAsync()
    {
        await Scope.DisposeAsync();
        await provider.DisposeAsync();
    }
}

/// <summary>The database every command works on: --database, else $FULCRUM_DATABASE, else a default file.</summary>
public static class CliDatabase
{
    public static readonly Option<string?> Option = new("--database")
    {
        Description = $"SQLite file path (default ./{DatabaseTarget.DefaultSqlitePath}) or PostgreSQL connection string. Also ${DatabaseTarget.EnvironmentVariable}.",
        Recursive = true,
    };

    /// <summary>The database named by --database, else $FULCRUM_DATABASE, else <paramref name="fallback"/>.</summary>
    public static DatabaseTarget Resolve(ParseResult parseResult, string fallback = DatabaseTarget.DefaultSqlitePath)
    {
        var value = parseResult.GetValue(Option);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Environment.GetEnvironmentVariable(DatabaseTarget.EnvironmentVariable);
        }
        return DatabaseTarget.Parse(string.IsNullOrWhiteSpace(value) ? fallback : value);
    }
}
