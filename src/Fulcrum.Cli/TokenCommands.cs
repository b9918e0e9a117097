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

        var create = new Command("create", "Create a personal API token and print it once.") { user, name, days };
        create.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var account = await FindUserAsync(cli, parseResult.GetValue(user)!);
            var token = await cli.Get<ApiTokenService>().CreateAsync(account.Id, parseResult.GetValue(name)!, parseResult.GetValue(days) ?? 90, cancellationToken);
            Console.Error.WriteLine($"Token {token.Id} '{token.Name}' for {account.Email}, expires {token.ExpiresAt:yyyy-MM-dd}. It is shown only now:");
            Console.WriteLine(token.Token);
            return ExitCodes.Ok;
        });

        var listUser = new Option<string>("--user") { Description = "Email of the account.", Required = true };
        var list = new Command("list", "List an account's tokens (never their secrets).") { listUser };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var account = await FindUserAsync(cli, parseResult.GetValue(listUser)!);
            Console.WriteLine($"{"ID",-5} {"NAME",-24} {"PREFIX",-16} {"EXPIRES",-10} STATE");
            foreach (var token in await cli.Get<ApiTokenService>().ListAsync(account.Id, cancellationToken))
            {
                Console.WriteLine($"{token.Id,-5} {token.Name,-24} {token.Prefix,-16} {token.ExpiresAt?.ToString("yyyy-MM-dd") ?? "never",-10} {token.State}");
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

        return new Command("token", "Personal API tokens for the CLI and CI pipelines.") { create, list, revoke };
    }

    private static async Task<ApplicationUser> FindUserAsync(CliServices cli, string email) =>
        await cli.Get<UserManager<ApplicationUser>>().FindByEmailAsync(email)
            ?? throw ProblemException.NotFound($"No account with email {email}. Create one with `fulcrum user add {email}`.");
}
