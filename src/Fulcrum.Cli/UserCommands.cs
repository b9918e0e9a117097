using System.CommandLine;
using Fulcrum.Core;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Cli;

public static class UserCommands
{
    public static Command Build()
    {
        var email = new Argument<string>("email") { Description = "The account's email, used to log in." };
        var name = new Option<string?>("--name") { Description = "Display name (default: the matching person's name, or the email)." };
        var role = new Option<string?>("--role") { Description = $"One of {string.Join(", ", Roles.All)} (default member)." };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var admin = new Option<bool>("--admin") { Description = "Shorthand for --role admin: the first-run bootstrap." };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password from standard input. Otherwise $FULCRUM_PASSWORD, or a prompt.",
        };

        var add = new Command("add", "Create a login.") { email, name, role, admin, passwordStdin };
        add.SetAction(async (parseResult, cancellationToken) =>
        {
            var chosenRole = parseResult.GetValue(admin) ? Roles.Admin : parseResult.GetValue(role) ?? Roles.Member;
            var password = ReadPassword(parseResult.GetValue(passwordStdin));
            // The first-run bootstrap (docs/operations.md): the one command besides serve and db migrate that may create the database.
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken, mayCreate: true);
            var user = await cli.Get<UserAccounts>().CreateAsync(parseResult.GetValue(email)!, parseResult.GetValue(name) ?? "", password, chosenRole);
            Console.WriteLine($"Created {user.Email} ({chosenRole}){(user.PersonId is null ? "" : ", linked to their person record")}.");
            return ExitCodes.Ok;
        });

        var list = new Command("list", "List logins and their roles.");
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var users = await cli.Get<UserAccounts>().ListAsync(cancellationToken);
            Console.WriteLine($"{"EMAIL",-36} {"ROLE",-7} NAME");
            foreach (var user in users)
            {
                Console.WriteLine($"{user.Email,-36} {user.Role,-7} {user.DisplayName}");
            }
            return ExitCodes.Ok;
        });

        return new Command("user", "Manage logins.") { add, list };
    }

    private static string ReadPassword(bool fromStdin)
    {
        if (fromStdin)
        {
            return (Console.In.ReadLine() ?? "").TrimEnd('\r', '\n');
        }
        if (Environment.GetEnvironmentVariable("FULCRUM_PASSWORD") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }
        if (Console.IsInputRedirected)
        {
            throw ProblemException.Invalid("No password given: use --password-stdin or set FULCRUM_PASSWORD.");
        }
        var first = Prompt("Password (10 characters or more): ");
        if (Prompt("Repeat password: ") != first)
        {
            throw ProblemException.Invalid("The passwords do not match.");
        }
        return first;
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
