using System.Globalization;
using Fulcrum.Core.Estimation;

namespace Fulcrum.Cli;

/// <summary>Where the terminal client shows what happens: a redrawn screen, or plain lines for scripts.</summary>
public interface IPokerDisplay
{
    /// <summary>A (new) connection is about to join: the next state is a full snapshot.</summary>
    void Joining();

    void State(PokerRoomView room);

    void Error(string code, string message);

    /// <summary>Connection news: created, lost, reconnecting, back.</summary>
    void Info(string message);

    void Help();
}

/// <summary>
/// One line per change, no colours, for scripts and tests (format in docs/poker-protocol.md,
/// "The terminal client"). A state frame that changes nothing a line shows prints nothing.
/// </summary>
public sealed class PlainPokerDisplay(TextWriter output) : IPokerDisplay
{
    private readonly HashSet<string> revealedRounds = [];
    private readonly HashSet<int> acceptedStories = [];
    private bool joining = true;
    private bool first = true;
    private int? storyId;
    private int? facilitatorId;
    private string? people;
    private string? stateLine;
    private DateTimeOffset? timerDeadline;

    public void Joining() => joining = true;

    public void State(PokerRoomView room)
    {
        if (joining)
        {
            var you = room.Participants.FirstOrDefault(p => p.PersonId == room.You.PersonId);
            Write($"joined room={room.RoomId} name={Quote(room.Name)} you={Quote(you?.Name ?? room.NameOf(room.You.PersonId))} " +
                $"role={Role(room.You.Role)} facilitator={YesNo(room.You.Facilitator)} deck={room.Deck.Id}");
            storyId = null;
            facilitatorId = null;
            stateLine = null;
            people = null;
        }
        if (facilitatorId != room.FacilitatorId)
        {
            facilitatorId = room.FacilitatorId;
            Write($"facilitator {Quote(room.NameOf(room.FacilitatorId))}");
        }
        var peopleLine = "people " + string.Join(' ', room.Participants.Select(p =>
            Quote(p.Name) + (p.Role == PokerRole.Observer ? ":observer" : ":voter") + (p.Present ? "" : ":away")));
        if (peopleLine != people)
        {
            people = peopleLine;
            Write(peopleLine);
        }
        foreach (var accepted in room.Stories.Where(s => s.Status == StoryStatus.Accepted && s.FinalEstimate is not null))
        {
            // Estimates accepted before this client came are history, not news.
            if (acceptedStories.Add(accepted.Id) && !first)
            {
                Write($"accepted {accepted.FinalEstimate} story={accepted.Id} title={Quote(accepted.Title)}");
            }
        }
        if (storyId != room.Current?.Id || joining)
        {
            storyId = room.Current?.Id;
            Write(room.Current is { } current
                ? $"story id={current.Id} title={Quote(current.Title)}{(current.WorkItemId is null ? "" : $" workItem={current.WorkItemId}")}"
                : "story none");
        }
        if (room.Current is { } story && room.Round is { } round)
        {
            var open = round.Status == RoundStatus.Open;
            var voted = open ? round.Voted.Count : round.Votes?.Count ?? 0;
            var yours = open ? round.YourVote : round.Votes?.FirstOrDefault(v => v.PersonId == room.You.PersonId)?.Card;
            var line = $"state round={round.Number} status={(open ? "open" : "revealed")} voted={voted}/{room.VotersExpected(round)} yourVote={yours ?? "-"}";
            if (line != stateLine)
            {
                stateLine = line;
                Write(line);
            }
            if (round is { Status: RoundStatus.Revealed, Statistics: { } statistics } && revealedRounds.Add($"{story.Id}/{round.Number}"))
            {
                Write(Revealed(room, round, statistics));
            }
        }
        if (room.Timer?.Deadline != timerDeadline)
        {
            if (room.Timer is { } timer)
            {
                Write($"timer {room.TimerSecondsLeft(TimeSpan.Zero)}s");
            }
            else if (!joining)
            {
                Write("timer stopped");
            }
            timerDeadline = room.Timer?.Deadline;
        }
        joining = false;
        first = false;
    }

    public void Error(string code, string message) => Write($"error {code}: {message}");

    public void Info(string message) => Write($"info {message}");

    public void Help()
    {
        foreach (var line in PokerInput.HelpText.Split('\n'))
        {
            Write($"help {line.TrimEnd()}");
        }
    }

    public static string Revealed(PokerRoomView room, RoundView round, RoundStatistics statistics)
    {
        var parts = new List<string>
        {
            "revealed",
            $"median={Number(statistics.Median)}",
            $"mean={Number(statistics.Mean)}",
            $"nearest={statistics.NearestCard ?? "-"}",
            $"mode={(statistics.Modes.Count == 0 ? "-" : string.Join(',', statistics.Modes))}",
            $"spread={(statistics.Spread?.ToString(CultureInfo.InvariantCulture) ?? "-")}",
            $"consensus={YesNo(statistics.Consensus)}",
            $"votes={string.Join(',', (round.Votes ?? []).Select(v => $"{room.NameOf(v.PersonId)}:{v.Card}"))}",
        };
        if (round.Missing is { Count: > 0 } missing)
        {
            parts.Add($"missing={string.Join(',', missing.Select(room.NameOf))}");
        }
        if (statistics.Lowest.Count > 0)
        {
            parts.Add($"first={string.Join(',', statistics.Lowest.Concat(statistics.Highest).Select(room.NameOf))}");
        }
        parts.Add($"reason={Quote(statistics.ConsensusReason)}");
        return string.Join(' ', parts);
    }

    private void Write(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }

    private static string Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Role(PokerRole? role) => role == PokerRole.Observer ? "observer" : "voter";

    /// <summary>Names and titles may hold spaces: quoted, with inner quotes escaped.</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
