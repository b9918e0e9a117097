using System.CommandLine;
using Fulcrum.Core;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fulcrum.Cli;

public static class ServeCommand
{
    public static Command Build()
    {
        var urls = new Option<string[]>("--urls")
        {
            Description = "Addresses to listen on (default http://127.0.0.1:5000). Also $FULCRUM_URLS.",
            AllowMultipleArgumentsPerToken = true,
        };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "text (default) or json (one object per line, for log shippers).",
            DefaultValueFactory = _ => "text",
        };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var role = new Option<string>("--role")
        {
            Description = "all (default): serve the web app and run background jobs; web: serve only; worker: run jobs (docs/operations.md).",
            DefaultValueFactory = _ => "all",
        };
        role.AcceptOnlyFromAmong("all", "web", "worker");

        var command = new Command("serve", "Run the web app (migrates the database first).") { urls, logFormat, role };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // --demo (a root option: every command can read the demo's database) also fills it here.
            var isDemo = parseResult.GetValue(CliDatabase.Demo);
            var database = CliDatabase.Resolve(parseResult);
            var addresses = parseResult.GetValue(urls) is { Length: > 0 } given
                ? given
                : (Environment.GetEnvironmentVariable("FULCRUM_URLS") ?? "http://127.0.0.1:5000").Split(';', StringSplitOptions.RemoveEmptyEntries);
            var options = new ServeOptions
            {
                Database = database,
                Urls = addresses,
                Demo = isDemo,
                LogFormat = parseResult.GetValue(logFormat) ?? "text",
                Role = Enum.Parse<ServerRole>(parseResult.GetValue(role) ?? "all", ignoreCase: true),
            };

            var app = FulcrumWebApp.Build(options);
            await FulcrumWebApp.PrepareAsync(app, options, cancellationToken);
            app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app.Services, isDemo));
            try
            {
                await app.RunAsync(cancellationToken);
            }
            catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw ProblemException.Invalid($"{e.Message}. Another program is listening there; choose another address, e.g. --urls http://127.0.0.1:5050");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void PrintWelcome(IServiceProvider services, bool demo)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine();
        Console.WriteLine($"Fulcrum is running at {string.Join(", ", addresses)}  (Ctrl+C to stop)");
        if (demo)
        {
            Console.WriteLine("Demo logins (password for all: " + DemoOrganisationSeeder.Password + "):");
            foreach (var login in DemoSeeding.Logins)
            {
                Console.WriteLine($"  {login.Email,-30} {login.Role,-7} {login.Who}");
            }
        }
        Console.WriteLine();
    }
}
