using System.CommandLine;
using Fulcrum.Core;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Cli;

public static class DbCommands
{
    public static Command Build()
    {
        var to = new Option<string?>("--to") { Description = "Stop at this migration instead of the latest (for testing upgrades)." };
        var migrate = new Command("migrate", "Upgrade the database schema in place to this version.") { to };
        migrate.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, migrate: false, cancellationToken, mayCreate: true);
            var logger = cli.Get<ILoggerFactory>().CreateLogger("Fulcrum.Database");
            var db = cli.Get<FulcrumDbContext>();
            var target = parseResult.GetValue(to);
            if (target is not null && !db.Database.GetMigrations().Contains(target))
            {
                throw ProblemException.Invalid($"Unknown migration '{target}'. Known: {string.Join(", ", db.Database.GetMigrations())}");
            }
            var status = await DatabaseSchema.MigrateAsync(db, logger, target, cancellationToken);
            Console.WriteLine($"Schema version: {status.Current}");
            return ExitCodes.Ok;
        });

        var statusCommand = new Command("status", "Show the schema version and pending migrations.");
        statusCommand.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, migrate: false, cancellationToken);
            var status = await DatabaseSchema.GetStatusAsync(cli.Get<FulcrumDbContext>(), cancellationToken);
            Console.WriteLine($"Database: {CliDatabase.Resolve(parseResult).Description}");
            Console.WriteLine($"Schema version: {status.Current}");
            Console.WriteLine(status.Pending.Count == 0 ? "Pending: none" : $"Pending: {string.Join(", ", status.Pending)}");
            if (status.Unknown.Count > 0)
            {
                Console.WriteLine($"Written by a newer Fulcrum: {string.Join(", ", status.Unknown)}");
                return ExitCodes.Refused;
            }
            return ExitCodes.Ok;
        });

        return new Command("db", "Database schema: migrate and status.") { migrate, statusCommand };
    }
}
