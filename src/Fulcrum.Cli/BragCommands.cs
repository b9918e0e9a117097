using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;

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
            var serverUri = PokerCommands.ResolveServer(parseResult.GetValue(server));
            using var http = new HttpClient { BaseAddress = serverUri, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PokerCommands.ResolveToken(parseResult.GetValue(token)));
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(path + query, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new CliException($"Cannot reach {serverUri}: {e.Message}");
            }
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var exitCode = response.StatusCode switch
                    {
                        HttpStatusCode.NotFound => ExitCodes.NotFound,
                        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => PokerClient.FatalExitCode,
                        _ => ExitCodes.BadInput,
                    };
                    throw new CliException($"No brag document (HTTP {(int)response.StatusCode}): {PokerCommands.ProblemDetail(response, body)}", exitCode);
                }
                if (parseResult.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file, body, cancellationToken);
                    Console.Error.WriteLine($"Wrote {Path.GetFullPath(file)}");
                }
                else
                {
                    Console.Write(body);
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
