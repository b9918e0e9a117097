using System.Globalization;
using System.Text.Json.Nodes;
using Fulcrum.Core.Estimation;

namespace Fulcrum.Cli;

/// <summary>What a typed line asks for: a frame to send, help, leaving, or a mistake to point out.</summary>
public abstract record PokerInputCommand
{
    public sealed record Send(JsonObject Message) : PokerInputCommand;
    public sealed record Help : PokerInputCommand;
    public sealed record Quit : PokerInputCommand;
    public sealed record Invalid(string Message) : PokerInputCommand;
}

/// <summary>Where the client's commands come from: typed lines (a script, a pipe), or keys on the full screen.</summary>
public interface IPokerCommandSource
{
    /// <summary>Each command as a line <see cref="PokerInput"/> reads; the sequence ends when the input does.</summary>
    IAsyncEnumerable<string> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Commands one per line, as scripts send them; blank lines and lines starting with # are skipped.</summary>
public sealed class PokerLineCommands(TextReader input) : IPokerCommandSource
{
    public async IAsyncEnumerable<string> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'))
            {
                yield return line;
            }
        }
    }
}

/// <summary>
/// Turns the lines a person (or a script) types into protocol frames. Anything that is not a
/// command word is taken as a card, so `5`, `½` and `XL` vote; a card the deck lacks is still
/// sent, and the server's `card_not_in_deck` error lists the deck.
/// </summary>
public static class PokerInput
{
    public const string HelpText =
        """
        Commands (one per line):
          CARD                 vote, e.g. 5, ½ or 1/2, ?, c or coffee for ☕ (also: vote CARD)
          clear                withdraw your vote
          reveal               show the cards (facilitator)
          revote               start a new round on this story (facilitator)
          accept CARD          accept the final estimate (facilitator)
          next                 move to the next story (facilitator)
          add TITLE            add a story at the end (facilitator)
          timer SECONDS        start a timer, 10 to 3600 seconds (facilitator)
          stop-timer           stop the timer (facilitator)
          handover NAME        pass the facilitator role (facilitator)
          observe | play       watch without voting, or vote again
          help                 this list
          quit                 leave the room
        """;

    public static PokerInputCommand Parse(string line, PokerRoomView? room)
    {
        var text = line.Trim();
        if (text.Length == 0)
        {
            return new PokerInputCommand.Invalid("Type a card to vote, or help.");
        }
        var space = text.IndexOf(' ');
        var word = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var rest = space < 0 ? "" : text[(space + 1)..].Trim();

        return word switch
        {
            "help" or "h" => new PokerInputCommand.Help(),
            "quit" or "exit" or "leave" or "q" => new PokerInputCommand.Quit(),
            "clear" => Message("clear_vote"),
            "reveal" => Message("reveal"),
            "revote" => Message("revote"),
            "next" => Message("next_story"),
            "stop-timer" => Message("timer_stop"),
            "observe" => Message("set_role", ("role", "observer")),
            "play" => Message("set_role", ("role", "voter")),
            "accept" when rest.Length > 0 => Message("accept", ("card", CardLabel(rest, room))),
            "accept" => new PokerInputCommand.Invalid("Say which card to accept, e.g. accept 5."),
            "add" when rest.Length > 0 => new PokerInputCommand.Send(new JsonObject
            {
                ["type"] = "add_stories",
                ["stories"] = new JsonArray(new JsonObject { ["title"] = rest }),
            }),
            "add" => new PokerInputCommand.Invalid("Give the story's title, e.g. add Export invoices."),
            "timer" when int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) =>
                new PokerInputCommand.Send(new JsonObject { ["type"] = "timer_start", ["seconds"] = seconds }),
            "timer" => new PokerInputCommand.Invalid("Give the timer's length in seconds, e.g. timer 90."),
            "handover" or "hand-over" => HandOver(rest, room),
            "vote" when rest.Length > 0 => Vote(rest, room),
            _ when space < 0 => Vote(text, room),
            _ => new PokerInputCommand.Invalid($"Unknown command '{word}'. Type help for the list."),
        };
    }

    /// <summary>
    /// The deck's label for what was typed: exact labels first, then ASCII stand-ins for ½ and ☕,
    /// then the label regardless of case (labels are unique regardless of case).
    /// </summary>
    public static string CardLabel(string typed, PokerRoomView? room)
    {
        var alias = typed.ToLowerInvariant() switch
        {
            "1/2" or "0.5" or ".5" => "½",
            "c" or "coffee" or "break" => Deck.Coffee,
            _ => typed,
        };
        var cards = room?.Deck.Cards ?? [];
        return cards.FirstOrDefault(c => c.Label == typed)?.Label
            ?? cards.FirstOrDefault(c => c.Label == alias)?.Label
            ?? cards.FirstOrDefault(c => string.Equals(c.Label, alias, StringComparison.OrdinalIgnoreCase))?.Label
            ?? alias;
    }

    private static PokerInputCommand Vote(string typed, PokerRoomView? room)
    {
        var message = new JsonObject { ["type"] = "vote", ["card"] = CardLabel(typed, room) };
        // The story and round as seen here: a vote that races a reveal or re-vote is refused
        // instead of landing in a round the voter has not seen.
        if (room?.Current is { } story && room.Round is { } round)
        {
            message["storyId"] = story.Id;
            message["round"] = round.Number;
        }
        return new PokerInputCommand.Send(message);
    }

    private static PokerInputCommand HandOver(string name, PokerRoomView? room)
    {
        if (name.Length == 0)
        {
            return new PokerInputCommand.Invalid("Say whom to hand over to, e.g. handover Ben.");
        }
        var people = room?.Participants ?? [];
        var exact = people.Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        var matches = exact.Count > 0 ? exact
            : people.Where(p => p.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches switch
        {
            [var person] => Message("hand_over", ("personId", person.PersonId)),
            [] => new PokerInputCommand.Invalid($"Nobody called '{name}' is in the room."),
            _ => new PokerInputCommand.Invalid($"'{name}' could be {string.Join(" or ", matches.Select(p => p.Name))}; type more of the name."),
        };
    }

    private static PokerInputCommand Message(string type, params (string Name, JsonNode? Value)[] fields)
    {
        var message = new JsonObject { ["type"] = type };
        foreach (var (name, value) in fields)
        {
            message[name] = value;
        }
        return new PokerInputCommand.Send(message);
    }
}
