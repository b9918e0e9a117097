using System.CommandLine;
using System.Net;

namespace Fulcrum.Cli;

/// <summary>
/// `fulcrum brag export`: your brag document for a review period, as Markdown, from a running
/// server with your personal API token — the server decides what you may read, as on the web.
/// </summary>
public static class BragCommands
{
    public static Command Build() => new("brag", "Your brag document: kudos and achievements for a review period, grouped by competency.")
    {
        Export(),
    };

    private static Command Export()
    {
        var from = new Option<string?>("--from") { Description = "First day of the period, yyyy-MM-dd (default: six months before --until)." };
        var until = new Option<string?>("--until") { Description = "Last day of the period, yyyy-MM-dd (default: today)." };
        var person = new Option<int?>("--person-id") { Description = "Someone else's document, as their manager may read it (default: yours)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var server = new Option<string?>("--server") { Description = $"The Fulcrum server's address. Also ${PokerCommands.ServerVariable}; default {PokerCommands.DefaultServer}." };
        var token = new Option<string?>("--token") { Description = $"A personal API token (`fulcrum token create`). Also ${PokerCommands.TokenVariable}." };
        var command = new Command("export", "Print (or write) the brag document as Markdown.") { from, until, person, output, server, token };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(person) is int id ? $"api/v1/people/{id}/brag" : "api/v1/me/brag";
            var query = $"?format=markdown&from={Uri.EscapeDataString(parseResult.GetValue(from) ?? "")}&until={Uri.EscapeDataString(parseResult.GetValue(until) ?? "")}";
            using var response = await ServerRequests.SendAsync(parseResult.GetValue(server), parseResult.GetValue(token),
                new HttpRequestMessage(HttpMethod.Get, path + query), cancellationToken, TimeSpan.FromSeconds(60));
            await ServerRequests.EnsureAsync(response, HttpStatusCode.OK, "No brag document", cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (parseResult.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, body, cancellationToken);
                Console.Error.WriteLine($"Wrote {Path.GetFullPath(file)}");
            }
            else
            {
                Console.Write(body);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
