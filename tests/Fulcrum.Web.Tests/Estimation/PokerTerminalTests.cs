using System.Diagnostics;
using System.Text;
using Fulcrum.Cli;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Fulcrum.Web.Tests.Estimation;

/// <summary>
/// `fulcrum poker` as a real process against a real server, in its plain (stdin redirected)
/// mode: what a script, or a person reading the output, sees while others play in the room.
/// </summary>
public sealed class PokerTerminalTests
{
    private sealed record Arranged(FulcrumServer Server, Dictionary<string, string> Token, string Room);

    /// <summary>Team "Payments" with Ana (facilitator), Ben and Caro; a room "Refinement" with two stories.</summary>
    private static async Task<Arranged> ArrangeAsync()
    {
        var server = await FulcrumServer.StartAsync(TestDatabases.NewSqlite());
        await server.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<FulcrumDbContext>();
            var payments = new Team { Name = "Payments" };
            db.Teams.Add(payments);
            foreach (var name in new[] { "Ana", "Ben", "Caro" })
            {
                db.People.Add(new Person { Name = name, Email = $"{name.ToLowerInvariant()}@example.com", Team = payments });
            }
            return await db.SaveChangesAsync();
        });
        var token = new Dictionary<string, string>();
        foreach (var name in new[] { "Ana", "Ben", "Caro" })
        {
            token[name] = await server.CreateTokenAsync($"{name.ToLowerInvariant()}@example.com", Roles.Member);
        }
        var created = await server.CreateClient(token["Ana"]).PostAsJsonAsync("/api/v1/poker/rooms",
            new { team = "Payments", name = "Refinement", deck = "modified-fibonacci", stories = new[] { "Export invoices", "Retry webhooks" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var room = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return new Arranged(server, token, room);
    }

    private static string Server(FulcrumServer server) => server.BaseAddress.ToString();

    private static JsonElement LastRound(JsonElement room) => room.GetProperty("current").GetProperty("rounds").EnumerateArray().Last();

    [Fact]
    public async Task A_terminal_voter_sees_only_who_voted_then_the_reveal_with_the_median()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;
        await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);
        await using var ben = TerminalProcess.Start("poker", "join", room, "--server", Server(server), "--token", token["Ben"]);

        await ben.WaitForLineAsync(l => l.StartsWith("joined ", StringComparison.Ordinal));
        await ben.SendLineAsync("5");
        await ben.WaitForLineAsync(l => l == "state round=1 status=open voted=1/2 yourVote=5");
        await ana.NextStateAsync(r => LastRound(r).GetProperty("voted").GetArrayLength() == 1);

        await ana.SendAsync(new { type = "vote", card = "8" });
        var revealed = await ben.WaitForLineAsync(l => l.StartsWith("revealed ", StringComparison.Ordinal));
        Assert.StartsWith("revealed median=6.5 mean=6.5 nearest=8 mode=- spread=1 consensus=no votes=Ana:8,Ben:5 first=Ben,Ana", revealed);
        Assert.Contains("reason=\"Only 2 estimates: a consensus needs at least 3 voices.\"", revealed);

        // The interactive screen draws the same frame: the cards, the figures and who speaks first.
        var frame = ana.Frames.Last(f => f.Contains("\"status\":\"revealed\"", StringComparison.Ordinal));
        var screen = RenderScreen(PokerServerFrame.Parse(Encoding.UTF8.GetBytes(frame))!.Room!);
        Assert.Contains("Median        6.5", screen);
        Assert.Contains("Speak first   lowest Ben, highest Ana", screen);
        Assert.Matches(@"Ben\s+│ voter\s+│ 5", screen);

        ben.CloseInput();
        var (exitCode, output, _) = await ben.WaitForExitAsync();
        Assert.Equal(0, exitCode);
        // Before the reveal the terminal showed its own card and a count, nobody else's card.
        var beforeReveal = output[..output.IndexOf("revealed ", StringComparison.Ordinal)];
        Assert.DoesNotContain(":8", beforeReveal);
        Assert.Contains("people \"Ana\":voter \"Ben\":voter", output);
    }

    [Fact]
    public async Task Ctrl_C_sends_leave_so_the_facilitator_role_passes_on_at_once_and_the_client_exits_0()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;
        await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);
        var benId = JsonDocument.Parse(ben.Frames[0]).RootElement.GetProperty("room").GetProperty("you").GetProperty("personId").GetInt32();
        await using var ana = TerminalProcess.Start("poker", "join", room, "--server", Server(server), "--token", token["Ana"]);
        await ana.WaitForLineAsync(l => l.StartsWith("joined ", StringComparison.Ordinal) && l.Contains("facilitator=yes", StringComparison.Ordinal));
        await ben.NextStateAsync(r => r.GetProperty("participants").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Ana" && p.GetProperty("present").GetBoolean()));

        ana.Interrupt();

        var (exitCode, _, error) = await ana.WaitForExitAsync();
        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
        Assert.Equal("", error);
        // The server heard leave: a facilitator who leaves hands over at once, one whose connection
        // merely dropped keeps the role for the grace period (30 seconds).
        var handedOver = await ben.NextStateAsync(r => r.GetProperty("facilitatorId").GetInt32() == benId);
        Assert.True(handedOver.GetProperty("you").GetProperty("facilitator").GetBoolean());
        Assert.False(handedOver.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Ana").GetProperty("present").GetBoolean());
    }

    [Fact]
    public async Task A_terminal_facilitator_reveals_and_accepts_and_everyone_sees_the_estimate()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;
        await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", room);
        await using var caro = await PokerTestClient.JoinAsync(server, token["Caro"], "Caro", room);
        await ben.SendAsync(new { type = "vote", card = "3" });
        await ben.NextStateAsync(r => LastRound(r).GetProperty("yourVote").ValueKind == JsonValueKind.String);

        // Caro does not vote, so nothing reveals by itself: the facilitator does, then accepts.
        var result = await CliProcess.RunAsync("unused.db", "5\nreveal\naccept 5\n",
            "poker", "join", room, "--server", Server(server), "--token", token["Ana"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("joined room=" + room + " name=\"Refinement\" you=\"Ana\" role=voter facilitator=yes", StringComparison.Ordinal));
        Assert.Contains("story id=1 title=\"Export invoices\"", lines);
        Assert.Contains("state round=1 status=open voted=2/3 yourVote=5", lines);
        var revealed = Assert.Single(lines, l => l.StartsWith("revealed ", StringComparison.Ordinal));
        Assert.StartsWith("revealed median=4 mean=4 nearest=5 mode=- spread=1 consensus=no votes=Ana:5,Ben:3 missing=Caro first=Ben,Ana", revealed);
        Assert.Contains("accepted 5 story=1 title=\"Export invoices\"", lines);

        var seenByBen = await ben.NextStateAsync(r => r.GetProperty("current").GetProperty("finalEstimate").ValueKind == JsonValueKind.String);
        Assert.Equal("5", seenByBen.GetProperty("current").GetProperty("finalEstimate").GetString());
    }

    [Fact]
    public async Task A_card_the_deck_lacks_prints_the_servers_error_and_ascii_stand_ins_still_vote()
    {
        var (server, token, room) = await ArrangeAsync();
        await using var running = server;
        await using var ana = await PokerTestClient.JoinAsync(server, token["Ana"], "Ana", room);

        var result = await CliProcess.RunAsync("unused.db", "4\n1/2\nreveal\n",
            "poker", "join", room, "--server", Server(server), "--token", token["Ben"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        var error = Assert.Single(lines, l => l.StartsWith("error card_not_in_deck: ", StringComparison.Ordinal));
        Assert.Contains("½", error);
        Assert.Contains("state round=1 status=open voted=1/2 yourVote=½", lines);
        Assert.Contains(lines, l => l.StartsWith("error not_facilitator: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_room_stops_the_client_with_exit_code_2_and_the_servers_message()
    {
        var (server, token, _) = await ArrangeAsync();
        await using var running = server;

        // A room link names the server, so no --server is needed.
        var result = await CliProcess.RunAsync("unused.db", "5\n",
            "poker", "join", new Uri(server.BaseAddress, "/estimation/rooms/no-such-room").ToString(), "--token", token["Ben"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error unknown_room: There is no open room 'no-such-room'.", result.Output);
        Assert.Contains("error: There is no open room 'no-such-room'.", result.Error);
    }

    [Fact]
    public async Task A_refused_token_stops_the_client_with_exit_code_2()
    {
        var (server, _, room) = await ArrangeAsync();
        await using var running = server;

        var result = await CliProcess.RunAsync("unused.db", "",
            "poker", "join", room, "--server", Server(server), "--token", "fulcrum_not-a-token");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("refused", result.Error);
    }

    [Fact]
    public async Task Host_opens_a_room_with_stories_from_a_file_prints_its_link_and_joins_as_facilitator()
    {
        var (server, token, _) = await ArrangeAsync();
        await using var running = server;
        var stories = Path.Combine(Path.GetTempPath(), $"fulcrum-stories-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(stories, "Audit log\n\nSSO login\n");
        try
        {
            var result = await CliProcess.RunAsync("unused.db", "add Export to CSV\n",
                "poker", "host", "--team", "Payments", "--name", "Sprint 12", "--stories", stories, "--no-vote", "--server", Server(server), "--token", token["Ana"]);

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
            var created = Assert.Single(lines, l => l.StartsWith("created room=", StringComparison.Ordinal));
            var id = created.Split(' ')[1]["room=".Length..];
            Assert.EndsWith($" url={server.BaseAddress}estimation/rooms/{id}", created);
            Assert.Contains($"joined room={id} name=\"Sprint 12\" you=\"Ana\" role=observer facilitator=yes deck=modified-fibonacci", lines);
            Assert.Contains("story id=1 title=\"Audit log\"", lines);

            await using var ben = await PokerTestClient.JoinAsync(server, token["Ben"], "Ben", id);
            var titles = JsonDocument.Parse(ben.Frames[0]).RootElement.GetProperty("room").GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("title").GetString()).ToList();
            Assert.Equal(["Audit log", "SSO login", "Export to CSV"], titles);
        }
        finally
        {
            File.Delete(stories);
        }
    }

    [Fact]
    public async Task Deck_commands_add_list_and_remove_a_teams_deck_and_name_every_problem_of_a_bad_one()
    {
        var (server, token, _) = await ArrangeAsync();
        await using var running = server;
        string[] As(params string[] args) => [.. args, "--server", Server(server), "--token", token["Ana"]];

        var added = await CliProcess.RunAsync("unused.db", null, As("poker", "deck", "add", "--team", "Payments", "--name", "Sizes in points", "--cards", "S=1, M=3, L=5, ?"));
        Assert.True(added.ExitCode == 0, added.Output + added.Error);
        Assert.Contains("Added deck sizes-in-points (Sizes in points) to Payments: S=1, M=3, L=5, ?", added.Output);

        var listed = await CliProcess.RunAsync("unused.db", null, As("poker", "deck", "list", "--team", "Payments"));
        var own = Assert.Single(listed.Output.Split('\n'), l => l.StartsWith("sizes-in-points", StringComparison.Ordinal));
        Assert.Matches(@"^sizes-in-points +Sizes in points +Payments +S=1, M=3, L=5, \?$", own.TrimEnd());
        Assert.Contains(listed.Output.Split('\n'), l => l.StartsWith("modified-fibonacci", StringComparison.Ordinal) && l.Contains("built in"));

        var bad = await CliProcess.RunAsync("unused.db", null, As("poker", "deck", "add", "--team", "Payments", "--name", "Bad", "--cards", "3, 2, M"));
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Contains("The deck was not saved (HTTP 422):", bad.Error);
        Assert.Contains("  - card 2 ('2'): numbers must rise from card to card; 2 follows 3", bad.Error);
        Assert.Contains("  - give every estimate card a number, or none (cards without a number: M)", bad.Error);

        var removed = await CliProcess.RunAsync("unused.db", null, As("poker", "deck", "remove", "sizes-in-points", "--team", "Payments"));
        Assert.True(removed.ExitCode == 0, removed.Error);
        var again = await CliProcess.RunAsync("unused.db", null, As("poker", "deck", "remove", "sizes-in-points", "--team", "Payments"));
        Assert.Equal(ExitCodes.NotFound, again.ExitCode);
        Assert.Contains("Team 'Payments' has no deck 'sizes-in-points'.", again.Error);
    }

    [Theory]
    [InlineData("5", "vote", "5")]
    [InlineData("1/2", "vote", "½")]
    [InlineData("c", "vote", "☕")]
    [InlineData("xl", "vote", "xl")]
    [InlineData("accept 0.5", "accept", "½")]
    public void Typed_cards_become_the_decks_labels(string typed, string type, string card)
    {
        var command = Assert.IsType<PokerInputCommand.Send>(PokerInput.Parse(typed, null));
        Assert.Equal((type, card), (command.Message["type"]!.GetValue<string>(), command.Message["card"]!.GetValue<string>()));
    }

    [Fact]
    public void A_room_link_names_the_server_and_the_room()
    {
        var target = PokerCommands.ResolveTarget("https://fulcrum.example.com/estimation/rooms/hmtf-5zam", "http://ignored:5000");
        Assert.Equal(("https://fulcrum.example.com/", "hmtf-5zam"), (target.Server.ToString(), target.Room));
        Assert.Equal("wss://fulcrum.example.com/api/v1/poker/socket", target.Socket.ToString());
        Assert.Equal("ws://localhost:5099/api/v1/poker/socket", PokerCommands.ResolveTarget("r-42", "http://localhost:5099").Socket.ToString());
        Assert.Throws<Fulcrum.Core.ProblemException>(() => PokerCommands.ResolveTarget("https://fulcrum.example.com/teams/1", null));
    }

    private static string RenderScreen(PokerRoomView room)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 100;
        new PokerScreen(console, TimeProvider.System).State(room);
        return text.ToString();
    }

    /// <summary>The CLI as a process whose stdin stays open, so a test can answer what it prints.</summary>
    private sealed class TerminalProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly List<string> lines = [];
        private readonly SemaphoreSlim arrived = new(0);
        private readonly Task<string> error;
        private readonly Task reading;
        private int consumed;

        private TerminalProcess(Process process)
        {
            this.process = process;
            error = process.StandardError.ReadToEndAsync();
            reading = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }
                    arrived.Release();
                }
                arrived.Release();
            });
        }

        public static TerminalProcess Start(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fulcrum.dll"));
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment.Remove("FULCRUM_TOKEN");
            start.Environment.Remove("FULCRUM_SERVER");
            return new TerminalProcess(Process.Start(start)!);
        }

        public async Task SendLineAsync(string line)
        {
            await process.StandardInput.WriteLineAsync(line);
            await process.StandardInput.FlushAsync();
        }

        public void CloseInput() => process.StandardInput.Close();

        /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
        public void Interrupt()
        {
            // A process started with SIGINT ignored (a background job of a non-interactive shell) never sees it.
            var ignored = File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            if ((Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0)
            {
                throw new InvalidOperationException("The test's CLI process ignores SIGINT (inherited); run the tests from a foreground shell.");
            }
            using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
        }

        /// <summary>The next printed line (after those already taken) that matches.</summary>
        public async Task<string> WaitForLineAsync(Func<string, bool> match)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (true)
            {
                string? line = null;
                lock (lines)
                {
                    if (consumed < lines.Count)
                    {
                        line = lines[consumed++];
                    }
                }
                if (line is not null)
                {
                    if (match(line))
                    {
                        return line;
                    }
                    continue;
                }
                var left = deadline - DateTime.UtcNow;
                if (reading.IsCompleted || left <= TimeSpan.Zero || !await arrived.WaitAsync(left))
                {
                    throw new TimeoutException($"No matching line. Output so far:\n{string.Join('\n', Lines())}");
                }
            }
        }

        public async Task<(int ExitCode, string Output, string Error)> WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            await reading;
            return (process.ExitCode, string.Join('\n', Lines()), await error);
        }

        private List<string> Lines()
        {
            lock (lines)
            {
                return lines.ToList();
            }
        }

        public ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
