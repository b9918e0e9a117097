using Fulcrum.Core.Estimation;

namespace Fulcrum.Cli;

/// <summary>A card of the deck and the key that votes it on the full screen.</summary>
public sealed record CardKey(char Key, string Label);

/// <summary>
/// The full screen's keys (docs/poker-protocol.md, "The terminal client"). Cards are voted by
/// position, as on the web page: 1 to 9 and 0 for the first ten cards, c for ☕, then letters that no
/// command uses; the screen shows each card with its key, so nobody has to count. Other keys are
/// commands; <c>?</c> is help, so a deck's "?" card has a key of its own like any other card.
/// </summary>
public static class PokerKeys
{
    /// <summary>Keys for the cards after the tenth: letters that are not commands, then the same in capitals.</summary>
    private const string CardKeys = "1234567890bdefgijklmpsuwyzBDEFGIJKLMPSUWYZ";

    public const char Help = '?';
    public const char Command = ':';
    public const char Clear = 'x';
    public const char Role = 'o';
    public const char Reveal = 'r';
    public const char Revote = 'v';
    public const char Accept = 'a';
    public const char Next = 'n';
    public const char Timer = 't';
    public const char HandOver = 'h';
    public const char AddStory = '+';
    public const char Quit = 'q';

    /// <summary>The timer's length <see cref="Timer"/> offers, in seconds; Enter accepts it, or type another.</summary>
    public const int OfferedTimerSeconds = 120;

    /// <summary>The key of each card, in deck order.</summary>
    public static IReadOnlyList<CardKey> For(IReadOnlyList<Card> cards)
    {
        var keys = new List<CardKey>(cards.Count);
        var next = 0;
        foreach (var card in cards)
        {
            if (card.Label == Deck.Coffee)
            {
                keys.Add(new CardKey('c', card.Label));
            }
            else if (next < CardKeys.Length)
            {
                keys.Add(new CardKey(CardKeys[next++], card.Label));
            }
        }
        return keys;
    }

    /// <summary>The label of the card <paramref name="key"/> votes for, if any.</summary>
    public static string? CardFor(IReadOnlyList<Card> cards, char key) =>
        For(cards).FirstOrDefault(k => k.Key == key)?.Label;

    /// <summary>A timer's time left as people read it: "1:58 left", "0:07 left", then "time is up".</summary>
    public static string Countdown(int secondsLeft) =>
        secondsLeft > 0 ? $"{secondsLeft / 60}:{secondsLeft % 60:00} left" : "time is up";
}
