using System.Globalization;
using Fulcrum.Core.Estimation;
using Spectre.Console;

namespace Fulcrum.Cli;

/// <summary>
/// The interactive view: the whole room redrawn after every state frame, recent messages below
/// it, then a prompt. Commands are typed as lines (see <see cref="PokerInput"/>), so nothing here
/// reads keys.
/// </summary>
public sealed class PokerScreen(IAnsiConsole console, TimeProvider clock) : IPokerDisplay
{
    private const int MessagesShown = 6;
    private readonly List<string> messages = [];
    private PokerRoomView? room;
    private DateTimeOffset receivedAt;

    /// <summary>The room's link for others to join, shown on every redraw (set by `poker host`).</summary>
    public string? ShareLink { get; init; }

    public void Joining()
    {
    }

    public void State(PokerRoomView view)
    {
        room = view;
        receivedAt = clock.GetUtcNow();
        Redraw();
    }

    public void Error(string code, string message) => Add($"[red]{Markup.Escape(message)}[/] [grey]({Markup.Escape(code)})[/]");

    public void Info(string message) => Add($"[yellow]{Markup.Escape(message)}[/]");

    public void Help() => Add(Markup.Escape(PokerInput.HelpText.TrimEnd()));

    private void Add(string markup)
    {
        messages.Add(markup);
        if (messages.Count > MessagesShown)
        {
            messages.RemoveAt(0);
        }
        Redraw();
    }

    private void Redraw()
    {
        console.Clear();
        if (room is { } view)
        {
            Draw(view);
        }
        foreach (var message in messages)
        {
            console.MarkupLine(message);
        }
        console.Markup("[bold]>[/] ");
    }

    private void Draw(PokerRoomView view)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(view.Name)}[/] [grey]room {Markup.Escape(view.RoomId)} · {Markup.Escape(view.Deck.Name)}[/]").LeftJustified());
        if (ShareLink is not null)
        {
            console.MarkupLine($"Others join at [bold]{Markup.Escape(ShareLink)}[/]");
        }
        var story = view.Current;
        var round = view.Round;
        if (story is null)
        {
            console.MarkupLine("[grey]No current story.[/] " + (view.YouFacilitate ? "Add one with [bold]add TITLE[/]." : "Waiting for the facilitator."));
        }
        else
        {
            var position = view.Stories.ToList().FindIndex(s => s.Id == story.Id) + 1;
            console.MarkupLine($"Story {position}/{view.Stories.Count}: [bold]{Markup.Escape(story.Title)}[/]" +
                (story.WorkItemId is null ? "" : $" [grey]({Markup.Escape(story.WorkItemId)})[/]"));
            if (round is not null)
            {
                console.MarkupLine(round.Status == RoundStatus.Open
                    ? $"Round {round.Number}: [green]voting[/], {round.Voted.Count} of {view.VotersExpected(round)} voted"
                    : $"Round {round.Number}: [blue]revealed[/] ({(round.RevealedBy == RevealKind.Automatic ? "everyone voted" : "by the facilitator")})");
            }
        }

        var people = new Table().Border(TableBorder.Rounded).AddColumn("Person").AddColumn("Role").AddColumn("Vote");
        foreach (var person in view.Participants)
        {
            var role = (person.Facilitator ? "facilitator, " : "") + (person.Role == PokerRole.Observer ? "observer" : "voter");
            var name = Markup.Escape(person.Name) + (person.PersonId == view.You.PersonId ? " [grey](you)[/]" : "");
            people.AddRow(person.Present ? name : $"[grey]{name} (away)[/]", role, Vote(view, round, person));
        }
        console.Write(people);

        if (round is { Status: RoundStatus.Revealed, Statistics: { } statistics })
        {
            DrawStatistics(view, statistics);
        }
        if (story?.FinalEstimate is { } estimate)
        {
            console.MarkupLine($"Accepted estimate: [bold green]{Markup.Escape(estimate)}[/]");
        }
        else if (view.Stories.LastOrDefault(s => s.Status == StoryStatus.Accepted) is { } last)
        {
            console.MarkupLine($"[grey]Last accepted: {Markup.Escape(last.Title)} = {Markup.Escape(last.FinalEstimate ?? "")}[/]");
        }
        if (view.TimerSecondsLeft(clock.GetUtcNow() - receivedAt) is { } seconds)
        {
            console.MarkupLine($"Timer: [bold]{seconds / 60}:{seconds % 60:00}[/] left (at the last update)");
        }
        if (round is { Status: RoundStatus.Open } && view.You.Role == PokerRole.Voter)
        {
            console.MarkupLine($"Your vote: [bold]{Markup.Escape(round.YourVote ?? "none")}[/]   Cards: {Markup.Escape(string.Join("  ", view.Deck.Cards.Select(c => c.Label)))}");
        }
        console.MarkupLine("[grey]Type a card to vote, help for commands, quit to leave." +
            (view.YouFacilitate ? " You facilitate: reveal, revote, accept CARD, next, add TITLE, timer SECONDS." : "") + "[/]");
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

    private void DrawStatistics(PokerRoomView view, RoundStatistics statistics)
    {
        var chart = new BarChart().Width(50).Label("[bold]Cards played[/]").LeftAlignLabel();
        foreach (var card in statistics.Distribution)
        {
            chart.AddItem(card.Card, card.Count, Color.Blue);
        }
        console.Write(chart);
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
        console.Write(figures);
    }

    private static string Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";
}
