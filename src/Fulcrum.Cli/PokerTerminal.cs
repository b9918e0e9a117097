using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Spectre.Console;

namespace Fulcrum.Cli;

/// <summary>
/// The full-screen client on a real terminal, like lazygit or k9s: it switches to the terminal's
/// alternate screen (so the shell's scrollback is left as it was, and comes back on exit), hides
/// the cursor, reads single keys for <see cref="PokerScreen.Key"/>, and redraws every second so the
/// timer counts down. What the client writes to stderr meanwhile is kept and printed after the
/// screen is closed; on the alternate screen it would vanish with it.
/// </summary>
public sealed class PokerTerminal : IPokerCommandSource, IDisposable
{
    private const string EnterAlternateScreen = "\u001b[?1049h";
    private const string LeaveAlternateScreen = "\u001b[?1049l";
    private const string HideCursor = "\u001b[?25l";
    private const string ShowCursor = "\u001b[?25h";

    private readonly PokerScreen screen;
    private readonly IAnsiConsole console;
    private readonly TextWriter? stderr;
    private readonly StringWriter heldErrors = new();
    private readonly ITimer ticker;
    private int closed;

    private PokerTerminal(PokerScreen screen, IAnsiConsole console, TimeProvider clock, bool holdErrors)
    {
        this.screen = screen;
        this.console = console;
        Write(EnterAlternateScreen + HideCursor);
        if (holdErrors)
        {
            stderr = Console.Error;
            Console.SetError(heldErrors);
        }
        screen.Refresh();
        ticker = clock.CreateTimer(_ => screen.Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <param name="holdErrors">Keep what is written to stderr until the screen is closed (a test that draws into a buffer does not).</param>
    public static PokerTerminal Open(PokerScreen screen, IAnsiConsole console, TimeProvider clock, bool holdErrors = true) =>
        new(screen, console, clock, holdErrors);

    public async IAsyncEnumerable<string> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var commands = Channel.CreateUnbounded<string>();
        // Reading a key blocks a thread until one is pressed: a thread of its own, which the end of
        // the program may leave waiting.
        var keys = new Thread(() =>
        {
            while (Volatile.Read(ref closed) == 0 && console.Input.ReadKey(intercept: true) is { } key)
            {
                if (screen.Key(key) is { } command)
                {
                    commands.Writer.TryWrite(command);
                }
            }
        })
        {
            IsBackground = true,
            Name = "poker keys",
        };
        keys.Start();
        await foreach (var command in commands.Reader.ReadAllAsync(cancellationToken))
        {
            yield return command;
        }
    }

    /// <summary>Back to the shell's screen as it was, with the cursor shown and the held errors printed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref closed, 1) == 1)
        {
            return;
        }
        ticker.Dispose();
        screen.Close();
        Write(ShowCursor + LeaveAlternateScreen);
        if (stderr is not null)
        {
            Console.SetError(stderr);
            stderr.Write(heldErrors.ToString());
            stderr.Flush();
        }
    }

    private void Write(string controls)
    {
        console.Profile.Out.Writer.Write(controls);
        console.Profile.Out.Writer.Flush();
    }
}
