using static Fulcrum.Core.Estimation.PokerErrorCodes;

namespace Fulcrum.Core.Estimation;

// A room's presence: connections open and close, people come and go, and time hands the facilitator role on.
public sealed partial class PokerRoom
{
    /// <summary>
    /// A connection of an authenticated person opens (the server has checked they may join the
    /// room). A new person becomes a participant with <paramref name="role"/> (voter by default);
    /// a returning person keeps their role and their vote. The new connection needs a snapshot
    /// whatever the outcome says: a second tab changes nobody's view, its own included.
    /// </summary>
    public PokerOutcome Connect(string connectionId, int personId, string displayName, PokerRole? role = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        if (participantByConnection.ContainsKey(connectionId))
        {
            return PokerOutcome.Rejected(ConnectionInUse, "This connection has already joined the room.");
        }
        var now = clock.GetUtcNow();
        var name = CleanName(displayName, personId);
        var everyone = false;
        var stateChanged = false;
        if (!participantById.TryGetValue(personId, out var participant))
        {
            if (participants.Count >= PokerLimits.MaxParticipants)
            {
                return PokerOutcome.Rejected(RoomFull, $"The room is full ({PokerLimits.MaxParticipants} participants).");
            }
            participant = new Participant(personId, name, role ?? PokerRole.Voter, now);
            AddParticipant(participant);
            everyone = stateChanged = true;
        }
        else
        {
            if (participant.Connections.Count >= PokerLimits.MaxConnectionsPerPerson)
            {
                return PokerOutcome.Rejected(TooManyConnections,
                    $"You already have {PokerLimits.MaxConnectionsPerPerson} connections to this room; close one first.");
            }
            if (participant.Name != name)
            {
                participant.Name = name;
                everyone = stateChanged = true;
            }
        }
        if (participant.Connections.Count == 0)
        {
            participant.PresentSince = now;
            participant.AbsentSince = null;
            everyone = true;
        }
        participant.Connections.Add(connectionId);
        participantByConnection[connectionId] = participant;
        occupiedSince ??= now;
        if (OpenRound is { } round && participant.Role == PokerRole.Voter && round.OpenEligible.Add(personId))
        {
            stateChanged = true;
        }
        // Another tab of someone already here changes no one's view; the server answers the new
        // connection with its snapshot all the same (PokerRoomSession does).
        return PokerOutcome.Changed(everyone ? Everyone : [], stateChanged);
    }

    /// <summary>A connection closed (or dropped). Unknown connections are ignored, so this is safe to call twice.</summary>
    public PokerOutcome Disconnect(string connectionId) => Close(connectionId, leaving: false);

    /// <summary>
    /// The person closed this connection on purpose. When it was the facilitator's last, the role
    /// passes on at once instead of after the grace period.
    /// </summary>
    public PokerOutcome Leave(string connectionId) => Close(connectionId, leaving: true);

    /// <summary>
    /// Applies what time alone changes: when the facilitator has been gone for the grace period
    /// while others are in the room, the role passes to the longest-present voter (an observer if
    /// no voter is here). The grace period counts from the later of the facilitator leaving and
    /// someone arriving, so a team that gathers early waits for them for that long.
    /// </summary>
    public PokerOutcome Tick()
    {
        var facilitator = participantById[FacilitatorId];
        if (facilitator.Present || occupiedSince is not DateTimeOffset occupied)
        {
            return PokerOutcome.Unchanged;
        }
        var awaitedSince = facilitator.AbsentSince > occupied ? facilitator.AbsentSince.Value : occupied;
        if (clock.GetUtcNow() - awaitedSince < Settings.FacilitatorGrace || Successor() is not { } successor)
        {
            return PokerOutcome.Unchanged;
        }
        FacilitatorId = successor.PersonId;
        return PokerOutcome.Changed(Everyone, stateChanged: true);
    }

    public bool IsPresent(int personId) => participantById.TryGetValue(personId, out var p) && p.Present;

    /// <summary>The person a connection belongs to, or null for a connection that has not joined.</summary>
    public int? PersonOf(string connectionId) => participantByConnection.TryGetValue(connectionId, out var p) ? p.PersonId : null;

    public IReadOnlyCollection<string> ConnectionsOf(int personId) =>
        participantById.TryGetValue(personId, out var p) ? p.Connections.ToList() : [];
}
