using System.Globalization;
using Fulcrum.Core.Estimation;
using Spectre.Console;

namespace Fulcrum.Cli;

/// <summary>
/// The interactive view, drawn whole after every change: the room (story, people and their votes,
/// after the reveal the cards and the figures, the timer counting down), recent messages, and at
/// the bottom the deck's cards with the key that votes each, a line of key hints and, while one is
/// typed, the command line. Help (<c>?</c>) replaces the room until it is closed.
/// <para>
/// On a terminal (<see cref="PokerTerminal"/>) each frame is composed off screen and written over
/// the previous one from the top-left corner, so nothing flickers and nothing scrolls; typed text
/// lives here, not on the terminal, so a redraw never loses it. Given a console without ANSI (a
/// test), each frame is written as plain text one after the other.
/// </para>
/// </summary>
public sealed class PokerScreen(IAnsiConsole console, TimeProvider clock) : IPokerDisplay
{
    private const int MessagesShown = 4;
    private const string CursorHome = "\u001b[H";
    private const string ClearToLineEnd = "\u001b[K";
    private const string ClearToScreenEnd = "\u001b[J";

    private readonly Lock gate = new();
    private readonly List<string> messages = [];
    private PokerRoomView? room;
    private DateTimeOffset receivedAt;
    private bool helpShown;
    private string? typing;
    private bool closed;
    private (int Width, int Height) drawnSize;

    /// <summary>The room's link for others to join, shown on every redraw (set by `poker host`).</summary>
    public string? ShareLink { get; init; }

    /// <summary>The command being typed after <c>:</c>, or null when keys act at once.</summary>
    public string? Typing
    {
        get
        {
            lock (gate)
            {
                return typing;
            }
        }
    }

    public bool HelpShown
    {
        get
        {
            lock (gate)
            {
                return helpShown;
            }
        }
    }

    public void Joining()
    {
    }

    public void State(PokerRoomView view)
    {
        lock (gate)
        {
            room = view;
            receivedAt = clock.GetUtcNow();
            Redraw();
        }
    }

    public void Error(string code, string message) => Add($"[red]{Markup.Escape(message)}[/] [grey]({Markup.Escape(code)})[/]");

    public void Info(string message) => Add($"[yellow]{Markup.Escape(message)}[/]");

    /// <summary>The typed command `help`: the same help as the <c>?</c> key.</summary>
    public void Help()
    {
        lock (gate)
        {
            helpShown = true;
            Redraw();
        }
    }

    /// <summary>Once a second: the countdown moves, and a resized terminal is drawn to its new size.</summary>
    public void Tick()
    {
        lock (gate)
        {
            if (room?.Timer is not null || drawnSize != (console.Profile.Width, console.Profile.Height))
            {
                Redraw();
            }
        }
    }

    /// <summary>Redraws as it is now (e.g. when the full screen opens).</summary>
    public void Refresh()
    {
        lock (gate)
        {
            Redraw();
        }
    }

    /// <summary>Draws nothing more: the screen is being closed (a redraw then would land on the shell's screen).</summary>
    public void Close()
    {
        lock (gate)
        {
            closed = true;
        }
    }

    /// <summary>
    /// A key pressed on the full screen. Returns the command it stands for, as a line
    /// <see cref="PokerInput"/> reads ("vote 5", "reveal", "quit"), or null when the key only changed
    /// the screen (help, typing).
    /// </summary>
    public string? Key(ConsoleKeyInfo key)
    {
        lock (gate)
        {
            var command = typing is null ? Act(key) : Type(key);
            Redraw();
            return command;
        }
    }

    private string? Act(ConsoleKeyInfo key)
    {
        if (helpShown)
        {
            // With help open, keys close it (Esc, ?, q) or are ignored: nothing is voted unseen.
            if (key.Key == ConsoleKey.Escape || key.KeyChar is PokerKeys.Help or PokerKeys.Quit)
            {
                helpShown = false;
            }
            return null;
        }
        if (key.Key == ConsoleKey.Enter)
        {
            typing = "";
            return null;
        }
        if (key.Key is ConsoleKey.Backspace or ConsoleKey.Delete)
        {
            return "clear";
        }
        if (key.Key == ConsoleKey.Escape)
        {
            return null;
        }
        switch (key.KeyChar)
        {
            case PokerKeys.Help:
                helpShown = true;
                return null;
            case PokerKeys.Command or '/':
                typing = "";
                return null;
            case PokerKeys.Quit:
                return "quit";
            case PokerKeys.Clear:
                return "clear";
            case PokerKeys.Role:
                return room?.You.Role == PokerRole.Observer ? "play" : "observe";
            case PokerKeys.Reveal:
                return "reveal";
            case PokerKeys.Revote:
                return "revote";
            case PokerKeys.Next:
                return "next";
            case PokerKeys.Accept:
                // Offered with the card the figures suggest; Enter accepts, or type another.
                typing = "accept " + (room?.Round?.Statistics is { } statistics ? statistics.NearestCard ?? statistics.Modes.FirstOrDefault() ?? "" : "");
                return null;
            case PokerKeys.Timer:
                if (room?.Timer is not null)
                {
                    return "stop-timer";
                }
                typing = $"timer {PokerKeys.OfferedTimerSeconds}";
                return null;
            case PokerKeys.HandOver:
                typing = "handover ";
                return null;
            case PokerKeys.AddStory:
                typing = "add ";
                return null;
        }
        return room is { } view && PokerKeys.CardFor(view.Deck.Cards, key.KeyChar) is { } card ? "vote " + card : null;
    }

    private string? Type(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                var line = typing!.Trim();
                typing = null;
                return line.Length == 0 ? null : line;
            case ConsoleKey.Escape:
                typing = null;
                return null;
            case ConsoleKey.Backspace:
                typing = typing!.Length > 0 ? typing[..^1] : typing;
                return null;
        }
        if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key == ConsoleKey.U)
        {
            typing = "";
        }
        else if (!char.IsControl(key.KeyChar))
        {
            typing += key.KeyChar;
        }
        return null;
    }

    private void Add(string markup)
    {
        lock (gate)
        {
            messages.Add(markup);
            if (messages.Count > MessagesShown)
            {
                messages.RemoveAt(0);
            }
            Redraw();
        }
    }

    /// <summary>Composes the frame off screen, then writes it at once over the last one.</summary>
    private void Redraw()
    {
        if (closed)
        {
            return;
        }
        var ansi = console.Profile.Capabilities.Ansi;
        var width = console.Profile.Width;
        drawnSize = (width, console.Profile.Height);
        var body = Compose(width, DrawBody);
        var footer = Compose(width, DrawFooter);
        if (ansi)
        {
            // Only what fits, and the footer (cards, keys, the command line) on the bottom lines.
            var fits = Math.Max(1, console.Profile.Height - footer.Count);
            body = body.Count > fits
                ? [.. body.Take(fits - 1), "[…] (a taller terminal shows the rest)"]
                : [.. body, .. Enumerable.Repeat("", fits - body.Count)];
        }
        var frame = string.Join(ansi ? ClearToLineEnd + "\n" : "\n", body.Concat(footer));
        var writer = console.Profile.Out.Writer;
        // No newline after the last line: on the terminal's bottom line it would scroll the frame up.
        writer.Write(ansi ? CursorHome + frame + ClearToLineEnd + ClearToScreenEnd : frame + "\n");
        writer.Flush();
    }

    /// <summary>Renders with Spectre into text with the target's colours and width, split into lines.</summary>
    private List<string> Compose(int width, Action<IAnsiConsole> draw)
    {
        var text = new StringWriter();
        var capabilities = console.Profile.Capabilities;
        var offscreen = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = capabilities.Ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = (ColorSystemSupport)capabilities.ColorSystem,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        offscreen.Profile.Width = width;
        offscreen.Profile.Capabilities.Unicode = capabilities.Unicode;
        draw(offscreen);
        return [.. text.ToString().TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r'))];
    }

    private void DrawBody(IAnsiConsole frame)
    {
        if (helpShown)
        {
            DrawHelp(frame);
        }
        else if (room is { } view)
        {
            Draw(frame, view);
        }
        else
        {
            frame.MarkupLine("[grey]Joining the room…[/]");
        }
        foreach (var message in messages)
        {
            frame.MarkupLine(message);
        }
    }

    private void Draw(IAnsiConsole frame, PokerRoomView view)
    {
        frame.Write(new Rule($"[bold]{Markup.Escape(view.Name)}[/] [grey]room {Markup.Escape(view.RoomId)} · {Markup.Escape(view.Deck.Name)}[/]").LeftJustified());
        if (ShareLink is not null)
        {
            frame.MarkupLine($"Others join at [bold]{Markup.Escape(ShareLink)}[/]");
        }
        var story = view.Current;
        var round = view.Round;
        if (story is null)
        {
            frame.MarkupLine("[grey]No current story.[/] " + (view.YouFacilitate ? "Add one: [bold]+[/]." : "Waiting for the facilitator."));
        }
        else
        {
            var position = view.Stories.ToList().FindIndex(s => s.Id == story.Id) + 1;
            frame.MarkupLine($"Story {position}/{view.Stories.Count}: [bold]{Markup.Escape(story.Title)}[/]" +
                (story.WorkItemId is null ? "" : $" [grey]({Markup.Escape(story.WorkItemId)})[/]"));
            if (round is not null)
            {
                frame.MarkupLine(round.Status == RoundStatus.Open
                    ? $"Round {round.Number}: [green]voting[/], {round.Voted.Count} of {view.VotersExpected(round)} voted" +
                        (view.You.Role == PokerRole.Voter ? $". Your vote: [bold]{Markup.Escape(round.YourVote ?? "none")}[/]" : "")
                    : $"Round {round.Number}: [blue]revealed[/] ({(round.RevealedBy == RevealKind.Automatic ? "everyone voted" : "by the facilitator")})");
            }
        }
        if (view.TimerSecondsLeft(clock.GetUtcNow() - receivedAt) is { } seconds)
        {
            frame.MarkupLine($"Timer: [bold]{PokerKeys.Countdown(seconds)}[/]");
        }

        var people = new Table().Border(TableBorder.Rounded).AddColumn("Person").AddColumn("Role").AddColumn("Vote");
        foreach (var person in view.Participants)
        {
            var role = (person.Facilitator ? "facilitator, " : "") + (person.Role == PokerRole.Observer ? "observer" : "voter");
            var name = Markup.Escape(person.Name) + (person.PersonId == view.You.PersonId ? " [grey](you)[/]" : "");
            people.AddRow(person.Present ? name : $"[grey]{name} (away)[/]", role, Vote(view, round, person));
        }
        frame.Write(people);

        if (round is { Status: RoundStatus.Revealed, Statistics: { } statistics })
        {
            DrawStatistics(frame, view, statistics);
        }
        if (story?.FinalEstimate is { } estimate)
        {
            frame.MarkupLine($"Accepted estimate: [bold green]{Markup.Escape(estimate)}[/]");
        }
        else if (view.Stories.LastOrDefault(s => s.Status == StoryStatus.Accepted) is { } last)
        {
            frame.MarkupLine($"[grey]Last accepted: {Markup.Escape(last.Title)} = {Markup.Escape(last.FinalEstimate ?? "")}[/]");
        }
    }

    private void DrawFooter(IAnsiConsole frame)
    {
        frame.Write(new Rule { Style = Style.Parse("grey") });
        if (room is { } view && !helpShown)
        {
            var round = view.Round;
            if (round is { Status: RoundStatus.Open } && view.Current?.Status != StoryStatus.Accepted && view.You.Role == PokerRole.Voter)
            {
                var cards = PokerKeys.For(view.Deck.Cards).Select(k => k.Label == round.YourVote
                    ? $"[black on green] {Markup.Escape(k.Key.ToString())} {Markup.Escape(k.Label)} [/]"
                    : $"[bold]{Markup.Escape(k.Key.ToString())}[/] {Markup.Escape(k.Label)}");
                frame.MarkupLine("Vote  " + string.Join("   ", cards));
            }
            var hints = new List<string>();
            if (view.You.Role == PokerRole.Voter && round is { Status: RoundStatus.Open })
            {
                hints.Add($"{KeyLabel(PokerKeys.Clear)} clear");
            }
            if (view.You.Role == PokerRole.Observer)
            {
                hints.Add($"{KeyLabel(PokerKeys.Role)} vote again");
            }
            if (view.YouFacilitate)
            {
                if (round is { Status: RoundStatus.Open })
                {
                    hints.Add($"{KeyLabel(PokerKeys.Reveal)} reveal");
                }
                else if (round is not null && view.Current?.Status != StoryStatus.Accepted)
                {
                    hints.Add($"{KeyLabel(PokerKeys.Accept)} accept  {KeyLabel(PokerKeys.Revote)} re-vote");
                }
                hints.Add($"{KeyLabel(PokerKeys.Next)} next");
                hints.Add(view.Timer is null ? $"{KeyLabel(PokerKeys.Timer)} timer" : $"{KeyLabel(PokerKeys.Timer)} stop timer");
                hints.Add($"{KeyLabel(PokerKeys.AddStory)} add story");
            }
            hints.Add($"{KeyLabel(PokerKeys.Help)} help");
            hints.Add($"{KeyLabel(PokerKeys.Command)} type a command");
            hints.Add($"{KeyLabel(PokerKeys.Quit)} leave");
            frame.MarkupLine("[grey]" + string.Join("  ", hints) + "[/]");
        }
        else if (helpShown)
        {
            frame.MarkupLine($"[grey]{KeyLabel(PokerKeys.Help)} or [bold]Esc[/] closes the help[/]");
        }
        if (typing is not null)
        {
            frame.MarkupLine($"{KeyLabel(PokerKeys.Command)} {Markup.Escape(typing)}[invert] [/]  [grey]Enter sends, Esc cancels[/]");
        }
    }

    /// <summary>A key as the hints and the help show it, from <see cref="PokerKeys"/>, the keys <see cref="Key"/> reads.</summary>
    private static string KeyLabel(char key) => $"[bold]{Markup.Escape(key.ToString())}[/]";

    private void DrawHelp(IAnsiConsole frame)
    {
        var keys = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        keys.AddRow("[bold]1[/]-[bold]9[/], [bold]0[/], …", "vote the card shown beside the key at the bottom ([bold]c[/] is ☕); again to change your vote");
        keys.AddRow($"{KeyLabel(PokerKeys.Clear)} or Backspace", "withdraw your vote");
        keys.AddRow(KeyLabel(PokerKeys.Role), "watch without voting (observer), or vote again");
        keys.AddRow(KeyLabel(PokerKeys.Reveal), "reveal the cards (facilitator)");
        keys.AddRow(KeyLabel(PokerKeys.Revote), "start a new round on this story (facilitator)");
        keys.AddRow(KeyLabel(PokerKeys.Accept), "accept the final estimate: offers the nearest card, Enter accepts (facilitator)");
        keys.AddRow(KeyLabel(PokerKeys.Next), "move to the next story (facilitator)");
        keys.AddRow(KeyLabel(PokerKeys.Timer), $"start a timer (offers {PokerKeys.OfferedTimerSeconds} seconds) or stop it (facilitator)");
        keys.AddRow(KeyLabel(PokerKeys.HandOver), "hand the facilitator role to someone (facilitator)");
        keys.AddRow(KeyLabel(PokerKeys.AddStory), "add a story at the end (facilitator)");
        keys.AddRow($"{KeyLabel(PokerKeys.Command)} or Enter", "type a command (below); Enter sends it, Esc cancels");
        keys.AddRow($"{KeyLabel(PokerKeys.Quit)} or Ctrl+C", "leave the room");
        frame.Write(new Panel(keys).Header("Keys").Border(BoxBorder.Rounded).Expand());
        frame.Write(new Panel(new Text(PokerInput.HelpText.TrimEnd())).Header("Commands to type after :").Border(BoxBorder.Rounded).Expand());
    }

    private static string Vote(PokerRoomView view, RoundView? round, ParticipantView person)
    {
        if (round is null || person.Role == PokerRole.Observer && round.Status == RoundStatus.Open)
        {
            return "";
        }
        if (round.Status == RoundStatus.Open)
        {
            var mine = person.PersonId == view.You.PersonId && round.YourVote is { } card ? $" ({Markup.Escape(card)})" : "";
            return round.Voted.Contains(person.PersonId) ? $"[green]voted[/]{mine}" : "[grey]…[/]";
        }
        if (round.Votes?.FirstOrDefault(v => v.PersonId == person.PersonId) is { } vote)
        {
            return $"[bold]{Markup.Escape(vote.Card)}[/]";
        }
        return round.Missing?.Contains(person.PersonId) == true ? "[red]missing[/]" : "";
    }

    private static void DrawStatistics(IAnsiConsole frame, PokerRoomView view, RoundStatistics statistics)
    {
        var chart = new BarChart().Width(50).Label("[bold]Cards played[/]").LeftAlignLabel();
        foreach (var card in statistics.Distribution)
        {
            chart.AddItem(card.Card, card.Count, Color.Blue);
        }
        frame.Write(chart);
        var figures = new Grid().AddColumn().AddColumn();
        figures.AddRow("Median", Number(statistics.Median));
        figures.AddRow("Mean", Number(statistics.Mean));
        figures.AddRow("Nearest card", Markup.Escape(statistics.NearestCard ?? "-"));
        figures.AddRow("Mode", Markup.Escape(statistics.Modes.Count == 0 ? "-" : string.Join(", ", statistics.Modes)));
        figures.AddRow("Spread", statistics.Spread is { } spread ? $"{spread} card step{(spread == 1 ? "" : "s")}" : "-");
        figures.AddRow("Consensus", (statistics.Consensus ? "[green]yes[/]" : "[yellow]no[/]") + " - " + Markup.Escape(statistics.ConsensusReason));
        if (statistics.Lowest.Count > 0)
        {
            figures.AddRow("Speak first",
                $"lowest {Markup.Escape(string.Join(", ", statistics.Lowest.Select(view.NameOf)))}, highest {Markup.Escape(string.Join(", ", statistics.Highest.Select(view.NameOf)))}");
        }
        frame.Write(figures);
    }

    private static string Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";
}
