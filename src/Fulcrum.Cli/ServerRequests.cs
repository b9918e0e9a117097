using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Fulcrum.Core;

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
            throw ProblemException.Invalid($"Cannot reach {serverUri}: {e.Message}");
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
        throw new ProblemException(KindOf(response.StatusCode), failure,
            $"{failure} (HTTP {(int)response.StatusCode}):{(problems.Count > 0 ? Environment.NewLine : " ")}{detail}");
    }

    /// <summary>The server's refusal as the kind of problem it is, so it ends in the same exit code as a local one.</summary>
    public static ProblemKind KindOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ProblemKind.Forbidden,
        HttpStatusCode.NotFound => ProblemKind.NotFound,
        HttpStatusCode.Conflict => ProblemKind.Conflict,
        HttpStatusCode.RequestEntityTooLarge => ProblemKind.TooLarge,
        _ => ProblemKind.Invalid,
    };
}
