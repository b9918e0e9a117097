using System.CommandLine;
using Fulcrum.Core;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Fulcrum.Cli;

public static class TokenCommands
{
    public static Command Build()
    {
        var user = new Option<string>("--user") { Description = "Email of the account the token acts as.", Required = true };
        var name = new Option<string>("--name") { Description = "Where the token is used, e.g. 'CI pipeline'.", Required = true };
        var days = new Option<int?>("--days") { Description = $"Lifetime in days, 1 to {ApiTokenService.MaxLifetimeDays} (default 90)." };
        var services = new Option<string[]>("--service")
        {
            Description = "Make a service token for CI: it may only post deployments, incidents and pull requests for this service " +
                "(repeat for several). Without it, a personal token that acts as the account.",
        };

        var create = new Command("create", "Create an API token (personal, or with --service a service token for CI) and print it once.")
        {
            user, name, days, services,
        };
        create.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var account = await FindUserAsync(cli, parseResult.GetValue(user)!);
            var tokens = cli.Get<ApiTokenService>();
            var (tokenName, lifetime, only) = (parseResult.GetValue(name)!, parseResult.GetValue(days) ?? 90, parseResult.GetValue(services) ?? []);
            var token = only.Length > 0
                ? await tokens.CreateForServicesAsync(account.Id, tokenName, lifetime, only, cancellationToken)
                : await tokens.CreateAsync(account.Id, tokenName, lifetime, cancellationToken);
            var may = token.Services.Count > 0
                ? $"may only post deployments, incidents and pull requests for {string.Join(", ", token.Services)}"
                : $"acts as {account.Email}";
            Console.Error.WriteLine($"Token {token.Id} '{token.Name}' for {account.Email} ({may}), expires {token.ExpiresAt:yyyy-MM-dd}. It is shown only now:");
            Console.WriteLine(token.Token);
            return ExitCodes.Ok;
        });

        var listUser = new Option<string>("--user") { Description = "Email of the account.", Required = true };
        var list = new Command("list", "List an account's tokens (never their secrets).") { listUser };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var account = await FindUserAsync(cli, parseResult.GetValue(listUser)!);
            Console.WriteLine($"{"ID",-5} {"NAME",-24} {"PREFIX",-16} {"EXPIRES",-10} {"STATE",-8} SCOPE");
            foreach (var token in await cli.Get<ApiTokenService>().ListAsync(account.Id, cancellationToken))
            {
                var scope = token.Scope == ApiTokenScopes.Services
                    ? $"services: {(token.Services.Count == 0 ? "none (removed)" : string.Join(", ", token.Services))}"
                    : token.Scope;
                Console.WriteLine($"{token.Id,-5} {token.Name,-24} {token.Prefix,-16} {token.ExpiresAt?.ToString("yyyy-MM-dd") ?? "never",-10} {token.State,-8} {scope}");
            }
            return ExitCodes.Ok;
        });

        var revokeUser = new Option<string>("--user") { Description = "Email of the account.", Required = true };
        var id = new Argument<int>("id") { Description = "The token's id, from `fulcrum token list`." };
        var revoke = new Command("revoke", "Revoke a token at once.") { revokeUser, id };
        revoke.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var account = await FindUserAsync(cli, parseResult.GetValue(revokeUser)!);
            if (!await cli.Get<ApiTokenService>().RevokeAsync(account.Id, parseResult.GetValue(id), cancellationToken))
            {
                throw ProblemException.NotFound($"{account.Email} has no token with id {parseResult.GetValue(id)}.");
            }
            Console.WriteLine($"Revoked token {parseResult.GetValue(id)}.");
            return ExitCodes.Ok;
        });

        return new Command("token", "API tokens: personal ones for the CLI, service tokens for CI pipelines.") { create, list, revoke };
    }

    private static async Task<ApplicationUser> FindUserAsync(CliServices cli, string email) =>
        await cli.Get<UserManager<ApplicationUser>>().FindByEmailAsync(email)
            ?? throw ProblemException.NotFound($"No account with email {email}. Create one with `fulcrum user add {email}`.");
}
