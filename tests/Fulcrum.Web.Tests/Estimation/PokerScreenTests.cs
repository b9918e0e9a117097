using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fulcrum.Cli;
using Fulcrum.Core.Estimation;
using Fulcrum.Testing;
using Spectre.Console;

namespace Fulcrum.Web.Tests.Estimation;

/// <summary>
/// The terminal client's full screen without a terminal: its keys, its countdown, and the frames it
/// draws, read from a console that records what a terminal would be sent.
/// </summary>
public sealed partial class PokerScreenTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Deck ModifiedFibonacci = Deck.FindBuiltIn("modified-fibonacci")!;

    /// <summary>Ana (facilitator, voter) and Ben in a room on "Export invoices", round 1 open.</summary>
    private static PokerRoomView Room(string? yourVote = null, int voted = 0, TimerView? timer = null, DateTimeOffset? serverTime = null) =>
        new("r-1", 1, "Refinement", serverTime ?? Start, new ViewerView(1, PokerRole.Voter, true), 1,
            new PokerDeckView(ModifiedFibonacci.Id, ModifiedFibonacci.Name, ModifiedFibonacci.Cards),
            [new ParticipantView(1, "Ana", PokerRole.Voter, true, true), new ParticipantView(2, "Ben", PokerRole.Voter, false, true)],
            [new StorySummaryView(7, "Export invoices", null, StoryStatus.Voting, 1, null)],
            new CurrentStoryView(7, "Export invoices", null, StoryStatus.Voting, null,
                [new RoundView(3, RoundStatus.Open, [.. Enumerable.Range(1, voted)], yourVote, null, null, null, null)]),
            timer);

    /// <summary>A terminal of 100 × 40 that records what it is sent, and the screen drawing on it.</summary>
    private sealed class Terminal
    {
        private readonly StringWriter sent = new();

        public Terminal(TimeProvider clock)
        {
            Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Yes,
                ColorSystem = ColorSystemSupport.TrueColor,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(sent),
            });
            Console.Profile.Width = 100;
            Console.Profile.Height = 40;
            Screen = new PokerScreen(Console, clock);
        }

        public IAnsiConsole Console { get; }

        public PokerScreen Screen { get; }

        /// <summary>Everything sent so far, control codes and all.</summary>
        public string Sent => sent.ToString();

        /// <summary>The last frame as a person sees it: its lines without colours or control codes.</summary>
        public IReadOnlyList<string> LastFrame =>
            [.. ControlCodes().Replace(Sent[Sent.LastIndexOf("\u001b[H", StringComparison.Ordinal)..], "").Split('\n').Select(l => l.TrimEnd())];

        public string? Press(char key) => Screen.Key(new ConsoleKeyInfo(key, ConsoleKey.NoName, false, false, false));

        public string? Press(ConsoleKey key) => Screen.Key(new ConsoleKeyInfo('\0', key, false, false, false));

        public void Type(string text)
        {
            foreach (var character in text)
            {
                Press(character);
            }
        }
    }

    [GeneratedRegex("\u001b\\[[0-9;?]*[A-Za-z]")]
    private static partial Regex ControlCodes();

    [Fact]
    public void Cards_get_the_keys_1_to_9_and_0_in_deck_order_c_for_coffee_then_letters_no_command_uses()
    {
        var keys = PokerKeys.For(ModifiedFibonacci.Cards);

        Assert.Equal("1:0 2:½ 3:1 4:2 5:3 6:5 7:8 8:13 9:20 0:40 b:100 d:? c:☕", string.Join(' ', keys.Select(k => $"{k.Key}:{k.Label}")));

        // The largest deck, 30 cards: a key each, none of them a command key.
        Card[] large = [.. Enumerable.Range(1, 28).Select(n => Card.Number($"{n}", n)), Card.NoEstimate("?"), Card.NoEstimate(Deck.Coffee)];
        var largeKeys = PokerKeys.For(large);
        Assert.Equal(30, largeKeys.Select(k => k.Key).Distinct().Count());
        Assert.DoesNotContain(largeKeys, k => "?:xorvanthq+/".Contains(k.Key));
    }

    [Theory]
    [InlineData(120, "2:00 left")]
    [InlineData(118, "1:58 left")]
    [InlineData(7, "0:07 left")]
    [InlineData(3600, "60:00 left")]
    [InlineData(0, "time is up")]
    public void The_countdown_reads_minutes_and_seconds_left(int seconds, string shown)
    {
        Assert.Equal(shown, PokerKeys.Countdown(seconds));
    }

    [Fact]
    public void The_timer_counts_down_every_second_with_its_unit()
    {
        var clock = new TestClock(Start);
        var terminal = new Terminal(clock);

        terminal.Screen.State(Room(timer: new TimerView(Start, Start.AddSeconds(120))));
        Assert.Contains("Timer: 2:00 left", terminal.LastFrame);
        clock.Advance(TimeSpan.FromSeconds(2));
        terminal.Screen.Tick();

        Assert.Contains("Timer: 1:58 left", terminal.LastFrame);
        Assert.DoesNotContain(terminal.LastFrame, l => l.Contains("120", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_votes_the_card_shown_beside_it_and_the_vote_carries_the_story_and_round()
    {
        var terminal = new Terminal(new TestClock(Start));
        var room = Room();
        terminal.Screen.State(room);

        var cards = Assert.Single(terminal.LastFrame, l => l.StartsWith("Vote ", StringComparison.Ordinal));
        Assert.StartsWith("Vote  1 0   2 ½   3 1   4 2   5 3   6 5   7 8   8 13   9 20   0 40   b 100   d ?   c ☕", cards);
        Assert.Equal("vote 5", terminal.Press('6'));
        Assert.Equal("vote ?", terminal.Press('d'));
        Assert.Equal("vote ☕", terminal.Press('c'));
        Assert.Equal("clear", terminal.Press(ConsoleKey.Backspace));
        Assert.Equal("reveal", terminal.Press('r'));
        Assert.Equal("quit", terminal.Press('q'));

        var sent = Assert.IsType<PokerInputCommand.Send>(PokerInput.Parse(terminal.Press('6')!, room)).Message;
        Assert.Equal(JsonNode.Parse("""{"type":"vote","card":"5","storyId":7,"round":3}""")!.ToJsonString(), sent.ToJsonString());
    }

    [Fact]
    public void Help_is_not_on_screen_until_question_mark_and_keys_under_it_vote_nothing()
    {
        var terminal = new Terminal(new TestClock(Start));
        terminal.Screen.State(Room());
        Assert.DoesNotContain(terminal.LastFrame, l => l.Contains("withdraw your vote", StringComparison.Ordinal));
        Assert.Contains(terminal.LastFrame, l => l.Contains("? help", StringComparison.Ordinal));

        Assert.Null(terminal.Press('?'));
        Assert.True(terminal.Screen.HelpShown);
        Assert.Contains(terminal.LastFrame, l => l.Contains("x or Backspace  withdraw your vote", StringComparison.Ordinal));
        Assert.DoesNotContain(terminal.LastFrame, l => l.StartsWith("Vote ", StringComparison.Ordinal));
        Assert.Null(terminal.Press('6'));

        terminal.Press(ConsoleKey.Escape);
        Assert.False(terminal.Screen.HelpShown);
        Assert.Contains(terminal.LastFrame, l => l.StartsWith("Vote ", StringComparison.Ordinal));
    }

    [Fact]
    public void What_is_typed_after_a_colon_survives_the_redraws_of_new_state_frames_and_ticks()
    {
        var clock = new TestClock(Start);
        var terminal = new Terminal(clock);
        terminal.Screen.State(Room(timer: new TimerView(Start, Start.AddSeconds(90))));

        terminal.Press(':');
        terminal.Type("add Rate limits");
        terminal.Screen.State(Room(voted: 1, timer: new TimerView(Start, Start.AddSeconds(90))));
        clock.Advance(TimeSpan.FromSeconds(1));
        terminal.Screen.Tick();
        terminal.Type(" for the API");

        Assert.Contains("1 of 2 voted", string.Join('\n', terminal.LastFrame));
        Assert.StartsWith(": add Rate limits for the API", terminal.LastFrame[^1]);
        Assert.Equal("add Rate limits for the API", terminal.Press(ConsoleKey.Enter));
        Assert.Null(terminal.Screen.Typing);
        // Keys act at once again.
        Assert.Equal("vote 5", terminal.Press('6'));
    }

    [Fact]
    public void The_full_screen_uses_the_alternate_screen_draws_over_itself_and_gives_the_shell_its_screen_back()
    {
        var clock = new TestClock(Start);
        var terminal = new Terminal(clock);

        var open = PokerTerminal.Open(terminal.Screen, terminal.Console, clock, holdErrors: false);
        terminal.Screen.State(Room());
        terminal.Screen.State(Room(yourVote: "5", voted: 1));
        open.Dispose();
        terminal.Screen.State(Room(yourVote: "8", voted: 1));

        var sent = terminal.Sent;
        Assert.StartsWith("\u001b[?1049h\u001b[?25l", sent);
        Assert.EndsWith("\u001b[?25h\u001b[?1049l", sent);
        // Frames are drawn from the top-left corner over the last one; nothing clears the screen
        // with 2J or 3J, which would take the scrollback with it in some terminals.
        Assert.Equal(3, Regex.Matches(sent, Regex.Escape("\u001b[H")).Count);
        Assert.DoesNotContain("\u001b[2J", sent);
        Assert.DoesNotContain("\u001b[3J", sent);
        Assert.Contains("Your vote: 5", string.Join('\n', terminal.LastFrame));
        // Each frame fills the terminal exactly, the keys on its last line.
        Assert.Equal(40, terminal.LastFrame.Count);
        Assert.StartsWith("x clear  r reveal", terminal.LastFrame[^1]);
    }
}
