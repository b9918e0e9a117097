using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Fulcrum.Cli;

/// <summary>
/// The commands that work through a running server (team decks, a report from a warm server) send
/// their request with the personal API token here, and turn a refusal into the server's own words.
/// </summary>
internal static class ServerRequests
{
    public static async Task<HttpResponseMessage> SendAsync(
        string? server, string? token, HttpRequestMessage request, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var serverUri = PokerCommands.ResolveServer(server);
        using var http = new HttpClient { BaseAddress = serverUri, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PokerCommands.ResolveToken(token));
        try
        {
            using (request)
            {
                return await http.SendAsync(request, cancellationToken);
            }
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Cannot reach {serverUri}: {e.Message}");
        }
    }

    /// <summary>Throws with the server's problem (every problem of a refused deck, one per line) unless the status is the expected one.</summary>
    public static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string failure, CancellationToken cancellationToken)
    {
        if (response.StatusCode == expected)
        {
            return;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var problems = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("problems", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                problems.AddRange(list.EnumerateArray().Select(p => p.GetString() ?? ""));
            }
        }
        catch (JsonException)
        {
            // Not a problem document: the detail below shows what came.
        }
        var detail = problems.Count > 0
            ? string.Join(Environment.NewLine, problems.Select(p => "  - " + p))
            : PokerCommands.ProblemDetail(response, body);
        var exitCode = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => PokerClient.FatalExitCode,
            HttpStatusCode.NotFound => ExitCodes.NotFound,
            _ => ExitCodes.BadInput,
        };
        throw new CliException($"{failure} (HTTP {(int)response.StatusCode}):{(problems.Count > 0 ? Environment.NewLine : " ")}{detail}", exitCode);
    }
}
