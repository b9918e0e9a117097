using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Fulcrum.Core;
using Spectre.Console;

namespace Fulcrum.Cli;

/// <summary>
/// `fulcrum poker`: planning poker from the terminal, over the same WebSocket protocol as the
/// browser (docs/poker-protocol.md). Talks to a running server with a personal API token; it
/// never opens the database.
/// </summary>
public static class PokerCommands
{
    public const string TokenVariable = "FULCRUM_TOKEN";
    public const string ServerVariable = "FULCRUM_SERVER";
    public const string DefaultServer = "http://localhost:5000";
    private const string RoomPath = "/estimation/rooms/";

    public static Command Build() => new("poker", "Planning poker in the terminal: join a room or open one, and manage teams' decks.")
    {
        Join(), Host(), Decks(),
    };

    private static Option<string?> ServerOption() => new("--server")
    {
        Description = $"The Fulcrum server's address. Also ${ServerVariable}; default {DefaultServer}.",
    };

    private static Option<string?> TokenOption() => new("--token")
    {
        Description = $"A personal API token (`fulcrum token create`). Also ${TokenVariable}.",
    };

    private static Option<bool> PlainOption() => new("--plain")
    {
        Description = "One plain line per change and commands read line by line, as when input or output is redirected, instead of the full screen.",
    };

    private static Command Join()
    {
        var room = new Argument<string>("room") { Description = $"The room's id, or its link (http(s)://host{RoomPath}ID)." };
        var server = ServerOption();
        var token = TokenOption();
        var plain = PlainOption();
        var command = new Command("join", "Join a room. On a terminal, a full screen: press a card's key to vote, ? for help. With stdin or stdout redirected (or --plain), reads commands line by line and prints one plain line per change.")
        {
            room, server, token, plain,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var target = ResolveTarget(parseResult.GetValue(room)!, parseResult.GetValue(server));
            return RunClientAsync(target, ResolveToken(parseResult.GetValue(token)), readCommands: true, parseResult.GetValue(plain), cancellationToken);
        });
        return command;
    }

    private static Command Host()
    {
        var team = new Option<string>("--team") { Description = "The team whose room it is.", Required = true };
        var name = new Option<string>("--name") { Description = "The room's name, e.g. \"Sprint 12 refinement\".", Required = true };
        var deck = new Option<string?>("--deck") { Description = "Deck id (default modified-fibonacci; also fibonacci, t-shirt, powers-of-two, or the team's own: `fulcrum poker deck list`)." };
        var stories = new Option<string?>("--stories") { Description = "A file with one story per line, or - for stdin." };
        var noVote = new Option<bool>("--no-vote") { Description = "You facilitate without voting (you join as an observer)." };
        var server = ServerOption();
        var token = TokenOption();
        var plain = PlainOption();
        var command = new Command("host", "Open a room, print its link for the others, and join it as the facilitator.")
        {
            team, name, deck, stories, noVote, server, token, plain,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var serverUri = ResolveServer(parseResult.GetValue(server));
            var secret = ResolveToken(parseResult.GetValue(token));
            var source = parseResult.GetValue(stories);
            var titles = source is null ? [] : await ReadStoriesAsync(source, cancellationToken);
            var created = await CreateRoomAsync(serverUri, secret, new
            {
                team = parseResult.GetValue(team),
                name = parseResult.GetValue(name),
                deck = parseResult.GetValue(deck),
                facilitatorVotes = !parseResult.GetValue(noVote),
                stories = titles,
            }, cancellationToken);
            var plainLines = parseResult.GetValue(plain) || Plain;
            if (plainLines)
            {
                Console.WriteLine($"created room={created.Id} url={created.Url}");
            }
            // Stories read from stdin used it up: the host then watches and is stopped with Ctrl+C.
            return await RunClientAsync(new PokerTarget(serverUri, created.Id), secret, readCommands: source != "-", plainLines, cancellationToken, created.Url);
        });
        return command;
    }

    private static Command Decks()
    {
        var command = new Command("deck", "A team's decks: list them, add the team's own, remove one.");

        var listTeam = new Option<string>("--team") { Description = "The team.", Required = true };
        var listServer = ServerOption();
        var listToken = TokenOption();
        var list = new Command("list", "The decks the team's rooms can use: built in, the team's own, and those of the teams above it.")
        {
            listTeam, listServer, listToken,
        };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            var team = parseResult.GetValue(listTeam)!;
            using var response = await ServerRequests.SendAsync(parseResult.GetValue(listServer), parseResult.GetValue(listToken),
                new HttpRequestMessage(HttpMethod.Get, $"api/v1/poker/decks?team={Uri.EscapeDataString(team)}"), cancellationToken);
            await ServerRequests.EnsureAsync(response, HttpStatusCode.OK, "The decks could not be listed", cancellationToken);
            var decks = await response.Content.ReadFromJsonAsync<List<DeckResponse>>(cancellationToken) ?? [];
            foreach (var deck in decks)
            {
                Console.WriteLine($"{deck.Id,-24} {deck.Name,-24} {(deck.Team is null ? "built in" : deck.Team),-16} {deck.Text}");
            }
            return ExitCodes.Ok;
        });

        var addTeam = new Option<string>("--team") { Description = "The team whose deck it is.", Required = true };
        var addName = new Option<string>("--name") { Description = "The deck's name, e.g. \"Sizes in points\".", Required = true };
        var addCards = new Option<string>("--cards") { Description = "The cards, separated by commas: numbers, sizes, LABEL=NUMBER, ? and ☕, e.g. \"S=1, M=3, L=5, ?\".", Required = true };
        var addId = new Option<string?>("--id") { Description = "The deck's id (default: made from the name)." };
        var addServer = ServerOption();
        var addToken = TokenOption();
        var add = new Command("add", "Add a deck of the team's own.") { addTeam, addName, addCards, addId, addServer, addToken };
        add.SetAction(async (parseResult, cancellationToken) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/poker/decks")
            {
                Content = JsonContent.Create(new
                {
                    team = parseResult.GetValue(addTeam), name = parseResult.GetValue(addName),
                    cards = parseResult.GetValue(addCards), id = parseResult.GetValue(addId),
                }),
            };
            using var response = await ServerRequests.SendAsync(parseResult.GetValue(addServer), parseResult.GetValue(addToken), request, cancellationToken);
            await ServerRequests.EnsureAsync(response, HttpStatusCode.Created, "The deck was not saved", cancellationToken);
            var deck = (await response.Content.ReadFromJsonAsync<DeckResponse>(cancellationToken))!;
            Console.WriteLine($"Added deck {deck.Id} ({deck.Name}) to {deck.Team}: {deck.Text}");
            return ExitCodes.Ok;
        });

        var removeId = new Argument<string>("id") { Description = "The deck's id." };
        var removeTeam = new Option<string>("--team") { Description = "The team whose deck it is.", Required = true };
        var removeServer = ServerOption();
        var removeToken = TokenOption();
        var remove = new Command("remove", "Remove one of the team's own decks; rooms that used it keep their cards.")
        {
            removeId, removeTeam, removeServer, removeToken,
        };
        remove.SetAction(async (parseResult, cancellationToken) =>
        {
            var id = parseResult.GetValue(removeId)!;
            var team = parseResult.GetValue(removeTeam)!;
            using var response = await ServerRequests.SendAsync(parseResult.GetValue(removeServer), parseResult.GetValue(removeToken),
                new HttpRequestMessage(HttpMethod.Delete, $"api/v1/poker/decks/{Uri.EscapeDataString(id)}?team={Uri.EscapeDataString(team)}"), cancellationToken);
            await ServerRequests.EnsureAsync(response, HttpStatusCode.NoContent, "The deck was not removed", cancellationToken);
            Console.WriteLine($"Removed deck {id} of {team}.");
            return ExitCodes.Ok;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(remove);
        return command;
    }

    private sealed record DeckResponse(string Id, string Name, string? Team, string Text);

    /// <summary>Plain lines when there is no terminal to draw on (a script, a pipe, a test).</summary>
    private static bool Plain => Console.IsInputRedirected || Console.IsOutputRedirected;

    private static async Task<int> RunClientAsync(PokerTarget target, string token, bool readCommands, bool plain, CancellationToken cancellationToken, string? shareLink = null)
    {
        // Ctrl+C (and SIGTERM) leave the room rather than kill the program: the client sends leave,
        // so a facilitator's role passes on at once. The command line does not handle them itself.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        PokerTerminal? terminal = null;
        void Interrupt(PosixSignalContext context)
        {
            if (interrupted.IsCancellationRequested)
            {
                // A second Ctrl+C while leaving ends the program at once, on the shell's screen.
                terminal?.Dispose();
                context.Cancel = false;
                return;
            }
            context.Cancel = true;
            interrupted.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

        // Plain lines when there is no terminal to draw on (a script, a pipe, a test) or when asked.
        IPokerDisplay display;
        IPokerCommandSource commands;
        if (plain || Plain)
        {
            display = new PlainPokerDisplay(Console.Out);
            commands = new PokerLineCommands(Console.In);
        }
        else
        {
            var screen = new PokerScreen(AnsiConsole.Console, TimeProvider.System) { ShareLink = shareLink };
            terminal = PokerTerminal.Open(screen, AnsiConsole.Console, TimeProvider.System);
            display = screen;
            commands = terminal;
        }
        try
        {
            var client = new PokerClient(target, token, display, commands) { ReadCommands = readCommands };
            if (!readCommands)
            {
                display.Info("stdin held the stories, so this client only watches; stop it with Ctrl+C");
            }
            return await client.RunAsync(interrupted.Token);
        }
        finally
        {
            terminal?.Dispose();
        }
    }

    /// <summary>A room id with the server from --server/$FULCRUM_SERVER, or a room link that names both.</summary>
    public static PokerTarget ResolveTarget(string room, string? server)
    {
        if (Uri.TryCreate(room, UriKind.Absolute, out var link) && (link.Scheme == Uri.UriSchemeHttp || link.Scheme == Uri.UriSchemeHttps))
        {
            var at = link.AbsolutePath.IndexOf(RoomPath, StringComparison.OrdinalIgnoreCase);
            var id = at < 0 ? "" : link.AbsolutePath[(at + RoomPath.Length)..].Trim('/');
            if (id.Length == 0 || id.Contains('/'))
            {
                throw ProblemException.Invalid($"'{room}' is not a room link: expected {link.GetLeftPart(UriPartial.Authority)}{RoomPath}ROOM-ID.");
            }
            return new PokerTarget(new Uri(link.GetLeftPart(UriPartial.Authority) + link.AbsolutePath[..at] + "/"), Uri.UnescapeDataString(id));
        }
        if (room.Length is 0 or > 64 || room.Any(char.IsWhiteSpace))
        {
            throw ProblemException.Invalid($"'{room}' is neither a room id nor a room link.");
        }
        return new PokerTarget(ResolveServer(server), room);
    }

    public static Uri ResolveServer(string? server)
    {
        var value = string.IsNullOrWhiteSpace(server) ? Environment.GetEnvironmentVariable(ServerVariable) : server;
        value = string.IsNullOrWhiteSpace(value) ? DefaultServer : value.Trim();
        if (!Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw ProblemException.Invalid($"'{value}' is not a server address: expected e.g. {DefaultServer}.");
        }
        return uri;
    }

    public static string ResolveToken(string? token)
    {
        var value = string.IsNullOrWhiteSpace(token) ? Environment.GetEnvironmentVariable(TokenVariable) : token;
        return string.IsNullOrWhiteSpace(value)
            ? throw ProblemException.Invalid($"No token: pass --token or set {TokenVariable} (create one with `fulcrum token create` or on your account page).")
            : value.Trim();
    }

    private static async Task<List<string>> ReadStoriesAsync(string source, CancellationToken cancellationToken)
    {
        if (source != "-" && !File.Exists(source))
        {
            throw ProblemException.NotFound($"No such file: {Path.GetFullPath(source)}");
        }
        var text = source == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(source, cancellationToken);
        return text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
    }

    private sealed record CreatedRoomResponse(string Id, string Url);

    private static async Task<CreatedRoomResponse> CreateRoomAsync(Uri server, string token, object request, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("api/v1/poker/rooms", request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw ProblemException.Invalid($"Cannot reach {server}: {e.Message}");
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Created
                && await response.Content.ReadFromJsonAsync<CreatedRoomResponse>(cancellationToken) is { } created)
            {
                return created;
            }
            var detail = await ProblemDetailAsync(response, cancellationToken);
            throw new ProblemException(ServerRequests.KindOf(response.StatusCode), "The room was not created",
                $"The room was not created (HTTP {(int)response.StatusCode}): {detail}");
        }
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        ProblemDetail(response, await response.Content.ReadAsStringAsync(cancellationToken));

    public static string ProblemDetail(HttpResponseMessage response, string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            foreach (var field in new[] { "detail", "title" })
            {
                if (problem.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Not a problem document: show what came.
        }
        return response.StatusCode == HttpStatusCode.Unauthorized ? $"the token was refused: check --token or {TokenVariable}."
            : body.Length > 0 ? body : response.ReasonPhrase ?? "no detail";
    }
}
