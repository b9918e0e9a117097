using System.CommandLine;
using Fulcrum.Web.Data;
using Fulcrum.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Cli;

/// <summary>
/// The services for one CLI command against the chosen database, its schema brought up to date
/// first. Only commands that may create a database say so (<c>mayCreate</c>): the others refuse a
/// database that does not exist. Results go to stdout; refusals to stderr through Program; logs,
/// with --verbose only, to stderr.
/// </summary>
public sealed class CliServices : IAsyncDisposable
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Log what happens (schema checks, migrations) to stderr.",
        Recursive = true,
    };

    private readonly ServiceProvider provider;

    private CliServices(ServiceProvider provider, AsyncServiceScope scope)
    {
        this.provider = provider;
        Scope = scope;
    }

    public AsyncServiceScope Scope { get; }

    public T Get<T>() where T : notnull => Scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>The person an <c>--as EMAIL</c> option names, any case; not found is exit 3 naming the option.</summary>
    public async Task<int> PersonIdAsync(string email, CancellationToken cancellationToken)
    {
        var normalised = email.Trim().ToLowerInvariant();
        return await Get<FulcrumDbContext>().People.Where(p => p.Email.ToLower() == normalised).Select(p => (int?)p.Id)
                .SingleOrDefaultAsync(cancellationToken)
            ?? throw Core.ProblemException.NotFound($"--as: nobody in the organisation has the email {email}.");
    }

    public static async Task<CliServices> OpenAsync(
        ParseResult parseResult, bool migrate = true, CancellationToken cancellationToken = default, bool mayCreate = false)
    {
        var database = CliDatabase.Resolve(parseResult);
        var verbose = parseResult.GetValue(Verbose);
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
            logging.AddFilter("Microsoft", LogLevel.Warning);
            // A failed query is answered as a refusal naming the database; EF's own error lines would repeat it.
            logging.AddFilter("Microsoft.EntityFrameworkCore", verbose ? LogLevel.Warning : LogLevel.None);
        });
        // Settings come from the environment, as they do for `fulcrum serve` (docs/operations.md).
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFulcrumCore(database, configuration);
        var provider = services.BuildServiceProvider();
        var cli = new CliServices(provider, provider.CreateAsyncScope());
        try
        {
            var logger = cli.Get<ILoggerFactory>().CreateLogger("Fulcrum.Database");
            if (migrate && await DatabaseSchema.IsCurrentAsync(database, logger, cancellationToken))
            {
                return cli;
            }
            var db = cli.Get<FulcrumDbContext>();
            var status = await DatabaseSchema.OpenAsync(db, database, mayCreate, cancellationToken);
            if (migrate)
            {
                await DatabaseSchema.MigrateAsync(db, logger, cancellationToken: cancellationToken);
                if (status.Applied.Count == 0)
                {
                    // Never silent: a mistyped --database must not pass for the real one.
                    await Console.Error.WriteLineAsync($"Created a new Fulcrum database: {database.Description}");
                }
            }
        }
        catch
        {
            await cli.DisposeAsync();
            throw;
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

    public static readonly Option<bool> Demo = new("--demo")
    {
        Description = $"Use the demo's database, ./{DemoDatabase}, unless --database names another. With serve: fill an empty one with the demo organisation and print its logins.",
        Recursive = true,
    };

    /// <summary>Where `serve --demo` keeps the demo, so demo data never lands in a real database.</summary>
    public const string DemoDatabase = "fulcrum-demo.db";

    /// <summary>The database named by --database, else $FULCRUM_DATABASE, else the demo's with --demo, else ./fulcrum.db.</summary>
    public static DatabaseTarget Resolve(ParseResult parseResult)
    {
        var value = parseResult.GetValue(Option);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Environment.GetEnvironmentVariable(DatabaseTarget.EnvironmentVariable);
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            value = parseResult.GetValue(Demo) ? DemoDatabase : DatabaseTarget.DefaultSqlitePath;
        }
        return DatabaseTarget.Parse(value);
    }
}
