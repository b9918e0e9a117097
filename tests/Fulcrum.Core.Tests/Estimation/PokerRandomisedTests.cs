using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulcrum.Core.Estimation;

namespace Fulcrum.Core.Tests.Estimation;

/// <summary>
/// Thousands of random frames from several people, through the parser, the session and the room,
/// with every property checked after every frame. A failure names its seed and step; rerun that
/// seed alone to replay it.
/// </summary>
public sealed class PokerRandomisedTests
{
    private const int Sequences = 1000;
    private const int StepsPerSequence = 30;
    private const int Stranger = 99;          // has a connection but never says hello

    [Fact]
    public void Random_frames_from_several_people_never_leak_a_vote_before_reveal_and_keep_the_room_consistent()
    {
        var coverage = new Coverage();
        for (var seed = 0; seed < Sequences; seed++)
        {
            new Run(seed, coverage).Play(StepsPerSequence);
        }

        // The walk must have gone everywhere that matters, or the checks above prove little.
        Assert.True(coverage.Accepted["vote"] > 3000, $"votes: {coverage.Accepted["vote"]}");
        Assert.True(coverage.Reveals > 600, $"reveals: {coverage.Reveals}");
        Assert.True(coverage.DifferentialChecks > 2000, $"non-interference checks: {coverage.DifferentialChecks}");
        // Half the connections speak protocol 2: their views, rebuilt from change frames, were compared with the whole view.
        Assert.True(coverage.ChangeFrames > 5000, $"change frames: {coverage.ChangeFrames}");
        Assert.True(coverage.RebuiltViewsChecked > 20000, $"rebuilt views checked: {coverage.RebuiltViewsChecked}");
        foreach (var type in new[] { "reveal", "revote", "accept", "next_story", "add_stories", "hand_over", "set_role", "leave", "tick" })
        {
            Assert.True(coverage.Accepted.GetValueOrDefault(type) > 10, $"{type} accepted only {coverage.Accepted.GetValueOrDefault(type)} times");
        }
        string[] expectedCodes =
        [
            "malformed_json", "missing_field", "unknown_type", "hello_required", "not_your_vote", "not_facilitator",
            "observer_cannot_vote", "card_not_in_deck", "voting_closed", "stale_round", "no_votes", "round_not_revealed",
            "already_revealed", "story_accepted", "not_an_estimate", "unknown_story", "story_has_votes", "unknown_person",
        ];
        Assert.Empty(expectedCodes.Except(coverage.Rejected.Keys));
    }

    private sealed class Coverage
    {
        public Dictionary<string, int> Accepted { get; } = [];
        public Dictionary<string, int> Rejected { get; } = [];
        public int Reveals { get; set; }
        public int DifferentialChecks { get; set; }
        public int ChangeFrames { get; set; }
        public int RebuiltViewsChecked { get; set; }
    }

    private sealed class Run
    {
        private static readonly Deck[] Decks = [Deck.ModifiedFibonacci, Deck.TShirt, Deck.Fibonacci];

        private readonly int seed;
        private readonly Coverage coverage;
        private readonly Random random;
        private readonly ManualClock clock = new();
        private readonly PokerRoom room;
        private readonly PokerRoomSession session;
        private readonly Dictionary<string, int> open = [];            // connection → person
        private readonly Dictionary<(int Story, int Round), string> revealedRounds = [];
        private readonly Dictionary<int, string> finals = [];
        private readonly Dictionary<string, JsonObject> rebuilt = [];  // protocol-2 connection → its view, from its frames
        private int nextConnection;
        private bool lastSaved;
        private (string Snapshot, Dictionary<int, string> Views) state;
        private int step;

        public Run(int seed, Coverage coverage)
        {
            this.seed = seed;
            this.coverage = coverage;
            random = new Random(seed);
            var deck = Decks[seed % Decks.Length];
            room = PokerRoom.Create("room-r", 3, "Random", deck, 1, "Fran", clock, facilitatorVotes: random.Next(3) > 0);
            session = new PokerRoomSession(room);
        }

        private Deck Deck => room.Deck;

        public void Play(int steps)
        {
            for (var person = 1; person <= 4; person++)
            {
                if (Join(person) is { } joined)
                {
                    Track(joined.Item2.Frames);
                }
            }
            Track(Send(open.First(c => c.Value == 1).Key, """{"type":"add_stories","text":"Story one\nStory two\nStory three"}""").Frames);
            state = (room.Snapshot().ToJson(), Views());
            for (step = 0; step < steps; step++)
            {
                StepOnce();
            }
        }

        private void StepOnce()
        {
            var before = state;
            var roll = random.Next(100);
            var (type, result) = roll switch
            {
                < 8 => ("join", Join(random.Next(1, 8))),
                < 13 => ("drop", Drop()),
                < 15 => ("leave", SendAs(AnyConnection(), """{"type":"leave"}""")),
                < 45 => ("vote", SendAs(AnyConnection(), VoteFrame())),
                < 49 => ("clear_vote", SendAs(AnyConnection(), """{"type":"clear_vote"}""")),
                < 57 => ("reveal", SendAs(MostlyFacilitator(), """{"type":"reveal"}""")),
                < 62 => ("revote", SendAs(MostlyFacilitator(), """{"type":"revote"}""")),
                < 67 => ("accept", SendAs(MostlyFacilitator(), $$"""{"type":"accept","card":"{{AnyCard()}}"}""")),
                < 71 => ("next_story", SendAs(MostlyFacilitator(), """{"type":"next_story"}""")),
                < 73 => ("select_story", SendAs(MostlyFacilitator(), $$"""{"type":"select_story","storyId":{{random.Next(1, 8)}}}""")),
                < 75 => ("add_stories", SendAs(MostlyFacilitator(), $$"""{"type":"add_stories","stories":[{"title":"Story {{random.Next(1000)}}"}]}""")),
                < 77 => ("remove_story", SendAs(MostlyFacilitator(), $$"""{"type":"remove_story","storyId":{{random.Next(1, 8)}}}""")),
                < 79 => ("move_story", SendAs(MostlyFacilitator(), $$"""{"type":"move_story","storyId":{{random.Next(1, 8)}},"position":{{random.Next(0, 5)}}}""")),
                < 81 => ("timer_start", SendAs(MostlyFacilitator(), $$"""{"type":"timer_start","seconds":{{random.Next(5, 200)}}}""")),
                < 82 => ("timer_stop", SendAs(MostlyFacilitator(), """{"type":"timer_stop"}""")),
                < 84 => ("hand_over", SendAs(MostlyFacilitator(), $$"""{"type":"hand_over","personId":{{random.Next(1, 9)}}}""")),
                < 88 => ("set_role", SendAs(AnyConnection(), SetRoleFrame())),
                < 92 => ("tick", Tick()),
                < 94 => ("garbage", SendAs(AnyConnection(), Garbage())),
                < 96 => ("impersonate", SendAs(AnyConnection(), $$"""{"type":"vote","card":"{{AnyCard()}}","voter":{{random.Next(1, 9)}}}""")),
                < 98 => ("stranger", SendAs(("stranger", Stranger), VoteFrame())),
                _ => ("ping", SendAs(AnyConnection(), """{"type":"ping"}""")),
            };
            if (result is null)
            {
                return;
            }
            var (origin, outcome) = result.Value;
            var snapshot = room.Snapshot();
            var snapshotJson = snapshot.ToJson();
            var views = Views();
            state = (snapshotJson, views);
            var hidden = HiddenVotes(snapshot);

            var parsedFrames = outcome.Frames.Select(f => (f.ConnectionId, Frame: Parse(f.Utf8), f.Utf8.Length)).ToList();
            var errors = parsedFrames.Select(f => f.Frame).Where(f => f.GetProperty("type").GetString() == "error").ToList();
            if (errors.Count > 0)
            {
                var code = Assert.Single(errors).GetProperty("code").GetString()!;
                coverage.Rejected[code] = coverage.Rejected.GetValueOrDefault(code) + 1;
                Check(outcome.Frames.Count == 1 && outcome.Frames[0].ConnectionId == origin, "an error goes to its origin only");
                Check(!outcome.SaveRoom, "a rejection saves nothing");
                Check(before.Snapshot == snapshotJson && before.Views.Count == views.Count
                    && before.Views.All(v => views[v.Key] == v.Value), $"a rejected {type} ({code}) changed the room");
            }
            else
            {
                coverage.Accepted[type] = coverage.Accepted.GetValueOrDefault(type) + 1;
            }

            lastSaved = outcome.SaveRoom;
            CheckFramesSent(parsedFrames, origin, before.Views, views, hidden);
            CheckRebuiltViews(outcome.Frames, views);
            foreach (var (recipient, view) in views)
            {
                CheckPrivate(Parse(Encoding.UTF8.GetBytes(view)), recipient, hidden, "view");
                if (!room.ParticipantIds.Contains(recipient) || room.For(recipient).You.Role == PokerRole.Observer)
                {
                    Check(!view.Contains("\"yourVote\":\"", StringComparison.Ordinal) || view.Contains("\"status\":\"revealed\"", StringComparison.Ordinal),
                        $"observer or stranger {recipient} has a vote of their own before reveal");
                }
            }
            CheckInvariants(type, errors.Count == 0, snapshot, snapshotJson);
            if (step % 2 == 0)
            {
                CheckNonInterference(snapshot, hidden);
            }
        }

        // ------------------------------------------------------------------ actions

        private (string, SessionResult)? Join(int person)
        {
            var connection = $"c{nextConnection++}";
            var role = person >= 6 && random.Next(2) == 0 ? "observer" : "voter";
            var protocol = nextConnection % 2 + 1;
            var hello = (HelloMessage)PokerFrameParser.Parse(
                $$"""{"type":"hello","protocol":{{protocol}},"room":"room-r","role":"{{role}}","ref":"{{connection}}"}""").Message!;
            var result = session.Join(connection, person, person == 1 ? "Fran" : $"Person {person}", hello);
            if (result.Close.Count == 0)
            {
                open[connection] = person;
                if (protocol == 2)
                {
                    rebuilt[connection] = [];
                }
            }
            return (connection, result);
        }

        private (string, SessionResult)? Drop()
        {
            if (open.Count == 0)
            {
                return null;
            }
            var connection = open.Keys.ElementAt(random.Next(open.Count));
            open.Remove(connection);
            return (connection, session.Disconnect(connection));
        }

        private (string, SessionResult)? Tick()
        {
            clock.Advance(TimeSpan.FromSeconds(random.Next(0, 40)));
            return ("", session.Tick());
        }

        private (string, SessionResult)? SendAs((string Connection, int Person)? actor, string frame)
        {
            if (actor is not { } a)
            {
                return null;
            }
            var result = Send(a.Connection, frame);
            foreach (var closed in result.Close)
            {
                open.Remove(closed);
            }
            return (a.Connection, result);
        }

        private SessionResult Send(string connection, string frame) => session.Receive(connection, Encoding.UTF8.GetBytes(frame));

        private (string, int)? AnyConnection()
        {
            if (open.Count == 0)
            {
                return null;
            }
            var pair = open.ElementAt(random.Next(open.Count));
            return (pair.Key, pair.Value);
        }

        private (string, int)? MostlyFacilitator()
        {
            var facilitator = open.Where(c => c.Value == room.FacilitatorId).ToList();
            if (facilitator.Count > 0 && random.Next(10) < 8)
            {
                var pair = facilitator[random.Next(facilitator.Count)];
                return (pair.Key, pair.Value);
            }
            return AnyConnection();
        }

        private string AnyCard() => random.Next(12) == 0 ? "7½" : Deck.Cards[random.Next(Deck.Cards.Count)].Label;

        private string VoteFrame()
        {
            var card = AnyCard();
            return random.Next(4) switch
            {
                0 => $$"""{"type":"vote","card":"{{card}}","storyId":{{room.CurrentStoryId ?? 1}},"round":{{random.Next(1, 4)}}}""",
                1 => $$"""{"type":"vote","card":"{{card}}","storyId":{{random.Next(1, 5)}}}""",
                _ => $$"""{"type":"vote","card":"{{card}}"}""",
            };
        }

        private string SetRoleFrame()
        {
            var role = random.Next(2) == 0 ? "voter" : "observer";
            return random.Next(2) == 0
                ? $$"""{"type":"set_role","role":"{{role}}"}"""
                : $$"""{"type":"set_role","role":"{{role}}","personId":{{random.Next(1, 9)}}}""";
        }

        private string Garbage() => random.Next(3) switch
        {
            0 => "{\"type\":\"vote\",\"card\":",
            1 => "{\"type\":\"vote\"}",
            _ => "{\"type\":\"yell\"}",
        };

        // ------------------------------------------------------------------ checks

        private void Check(bool condition, string what)
        {
            if (!condition)
            {
                Assert.Fail($"seed {seed}, step {step}: {what}");
            }
        }

        private IEnumerable<int> Recipients() => room.ParticipantIds.Append(Stranger);

        /// <summary>Every recipient's frame as the server would serialise it (time left out: ticks move the clock).</summary>
        private Dictionary<int, string> Views() => Recipients().ToDictionary(
            id => id, id => Encoding.UTF8.GetString(PokerFrames.State(1, null, room.For(id) with { ServerTime = default })));

        /// <summary>The unrevealed votes of the current round, by person: the secret.</summary>
        private static Dictionary<int, string> HiddenVotes(PokerRoomSnapshot snapshot)
        {
            var current = snapshot.Stories.SingleOrDefault(s => s.Id == snapshot.CurrentStoryId);
            return current?.Rounds is [.., { RevealedAt: null } round]
                ? round.Votes.ToDictionary(v => v.PersonId, v => v.Card)
                : [];
        }

        /// <summary>
        /// Card labels may appear in a frame in the deck, in final estimates, in revealed rounds, and
        /// in the open round only as the recipient's own vote. Anything else is a leak.
        /// </summary>
        private void CheckPrivate(JsonElement frame, int recipient, Dictionary<int, string> hidden, string what)
        {
            if (frame.GetProperty("type").GetString() is not ("state" or "change"))
            {
                return;
            }
            var rounds = frame.GetProperty("room").TryGetProperty("current", out var current) && current.ValueKind == JsonValueKind.Object
                ? current.GetProperty("rounds").EnumerateArray().ToList()
                : [];
            foreach (var (path, label) in FrameSearch.CardLabelsOutsideDeck(frame, Deck))
            {
                if (path.EndsWith(".finalEstimate", StringComparison.Ordinal))
                {
                    continue;
                }
                var roundIndex = path.StartsWith("$.room.current.rounds[", StringComparison.Ordinal)
                    ? int.Parse(path["$.room.current.rounds[".Length..path.IndexOf(']')], System.Globalization.CultureInfo.InvariantCulture)
                    : -1;
                Check(roundIndex >= 0, $"{what}: '{label}' at {path}");
                if (rounds[roundIndex].GetProperty("status").GetString() == "revealed")
                {
                    continue;
                }
                Check(path == $"$.room.current.rounds[{roundIndex}].yourVote" && hidden.GetValueOrDefault(recipient) == label,
                    $"{what}: person {recipient} sees '{label}' at {path} before reveal");
            }
            // The literal form of the guarantee: another voter's hidden card is nowhere in the open round.
            var openRound = rounds.LastOrDefault(r => r.GetProperty("status").GetString() == "open");
            if (openRound.ValueKind == JsonValueKind.Object)
            {
                var text = openRound.GetRawText();
                foreach (var (voter, card) in hidden.Where(h => h.Key != recipient && h.Value != hidden.GetValueOrDefault(recipient)))
                {
                    Check(!text.Contains(JsonSerializer.Serialize(card), StringComparison.Ordinal),
                        $"{what}: person {recipient}'s open round carries {voter}'s card '{card}'");
                }
            }
        }

        private void CheckFramesSent(List<(string ConnectionId, JsonElement Frame, int Length)> frames, string origin,
            Dictionary<int, string> before, Dictionary<int, string> after, Dictionary<int, string> hidden)
        {
            var framed = new HashSet<string>();
            foreach (var frame in frames)
            {
                Check(frame.Length < 256 * 1024, "a frame stays small");
                var person = open.TryGetValue(frame.ConnectionId, out var p) ? p : (frame.ConnectionId == "stranger" ? Stranger : -1);
                Check(person != -1 || frame.ConnectionId == origin, $"a frame went to closed connection {frame.ConnectionId}");
                if (person == -1)
                {
                    continue;
                }
                framed.Add(frame.ConnectionId);
                CheckPrivate(frame.Frame, person, hidden, $"frame to {frame.ConnectionId}");
            }
            // Whoever's view changed hears of it on every open connection; nobody else does (but the origin's ack).
            foreach (var (connection, person) in open)
            {
                var changed = !before.TryGetValue(person, out var old) || old != after[person];
                if (changed)
                {
                    Check(framed.Contains(connection), $"person {person}'s view changed but {connection} got no frame");
                }
                else if (connection != origin)
                {
                    Check(!framed.Contains(connection), $"person {person}'s view did not change but {connection} got a frame");
                }
            }
        }

        /// <summary>
        /// A protocol-2 connection gets the whole view first, then change frames: each replaces the
        /// fields it holds. After every step, the view so rebuilt must be the whole view the server
        /// would send now (a protocol-1 frame), field for field.
        /// </summary>
        private void CheckRebuiltViews(IReadOnlyList<OutgoingFrame> frames, Dictionary<int, string> views)
        {
            Track(frames);
            foreach (var (connection, view) in rebuilt.Where(r => open.ContainsKey(r.Key)))
            {
                var expected = JsonNode.Parse(views[open[connection]])!["room"]!.AsObject();
                var actual = view.DeepClone().AsObject();
                expected.Remove("serverTime");
                actual.Remove("serverTime");
                Check(JsonNode.DeepEquals(expected, actual), $"{connection}'s view rebuilt from change frames differs from the whole view:\n{actual.ToJsonString()}\n{expected.ToJsonString()}");
                coverage.RebuiltViewsChecked++;
            }
        }

        /// <summary>Applies the frames to the protocol-2 connections' rebuilt views, as a client does.</summary>
        private void Track(IReadOnlyList<OutgoingFrame> frames)
        {
            foreach (var frame in frames)
            {
                if (!rebuilt.TryGetValue(frame.ConnectionId, out var view))
                {
                    continue;
                }
                var parsed = JsonNode.Parse(frame.Utf8)!.AsObject();
                var type = parsed["type"]!.GetValue<string>();
                if (type == "state")
                {
                    view.Clear();
                }
                else if (type == "change")
                {
                    coverage.ChangeFrames++;
                    Check(view.Count > 0, $"{frame.ConnectionId} got a change frame before any state frame");
                    Check(!parsed["room"]!.AsObject().ContainsKey("deck"), "a change frame carries only what changed (the deck never does)");
                }
                else
                {
                    continue;
                }
                foreach (var (name, value) in parsed["room"]!.AsObject())
                {
                    view[name] = value?.DeepClone();
                }
            }
        }

        private void CheckInvariants(string type, bool accepted, PokerRoomSnapshot snapshot, string json)
        {
            PokerRoom restored;
            try
            {
                restored = PokerRoom.Restore(PokerRoomSnapshot.FromJson(json), clock);
            }
            catch (InvalidDataException e)
            {
                Assert.Fail($"seed {seed}, step {step}: the state is inconsistent: {e.Message}");
                return;
            }
            Check(restored.Snapshot().ToJson() == json, "the snapshot does not round-trip");

            foreach (var story in snapshot.Stories)
            {
                foreach (var round in story.Rounds.Where(r => r.RevealedAt is not null))
                {
                    var roundJson = JsonSerializer.Serialize(round);
                    if (revealedRounds.TryGetValue((story.Id, round.Number), out var earlier))
                    {
                        Check(earlier == roundJson, $"revealed round {round.Number} of story {story.Id} changed");
                    }
                    else
                    {
                        revealedRounds[(story.Id, round.Number)] = roundJson;
                        coverage.Reveals++;
                    }
                }
                if (story.FinalEstimate is { } final)
                {
                    Check(finals.GetValueOrDefault(story.Id, final) == final, $"story {story.Id}'s accepted estimate changed");
                    finals[story.Id] = final;
                }
            }
            foreach (var (story, round) in revealedRounds.Keys)
            {
                Check(snapshot.Stories.Any(s => s.Id == story && s.Rounds.Count >= round), $"revealed round {round} of story {story} disappeared");
            }

            var view = room.For(room.FacilitatorId);
            foreach (var participant in view.Participants)
            {
                Check(participant.Present == open.ContainsValue(participant.PersonId), $"person {participant.PersonId}'s presence is wrong");
            }
            // A vote that changed something re-checks auto-reveal; the same card sent again changes nothing.
            if (type == "vote" && accepted && lastSaved && view.Current?.Rounds[^1] is { Status: RoundStatus.Open } openRound)
            {
                var presentVoters = view.Participants.Where(p => p.Present && p.Role == PokerRole.Voter).Select(p => p.PersonId).ToList();
                Check(presentVoters.Count == 0 || presentVoters.Except(openRound.Voted).Any(), "every present voter voted but the round is still open");
            }
            Check(view.Participants.Count(p => p.Facilitator) == 1, "exactly one facilitator");
        }

        /// <summary>
        /// Non-interference: change one voter's hidden card in the stored state, rebuild both rooms
        /// with the same connections, and everyone else's view must be byte for byte the same.
        /// </summary>
        private void CheckNonInterference(PokerRoomSnapshot snapshot, Dictionary<int, string> hidden)
        {
            if (hidden.Count == 0)
            {
                return;
            }
            var (voter, card) = hidden.ElementAt(random.Next(hidden.Count));
            var other = Deck.Cards.Where(c => c.Label != card).ElementAt(random.Next(Deck.Cards.Count - 1)).Label;
            var stories = snapshot.Stories.Select(s => s.Id != snapshot.CurrentStoryId ? s : s with
            {
                Rounds = [.. s.Rounds.SkipLast(1), s.Rounds[^1] with
                {
                    Votes = s.Rounds[^1].Votes.Select(v => v.PersonId == voter ? v with { Card = other } : v).ToList(),
                }],
            }).ToList();
            var original = Rebuild(snapshot);
            var altered = Rebuild(snapshot with { Stories = stories });
            foreach (var recipient in Recipients())
            {
                var a = Encoding.UTF8.GetString(PokerFrames.State(1, null, original.For(recipient)));
                var b = Encoding.UTF8.GetString(PokerFrames.State(1, null, altered.For(recipient)));
                Check((a == b) == (recipient != voter), recipient == voter
                    ? $"voter {voter} does not see their own changed card"
                    : $"person {recipient}'s view depends on voter {voter}'s hidden card");
            }
            coverage.DifferentialChecks++;
        }

        private PokerRoom Rebuild(PokerRoomSnapshot snapshot)
        {
            var rebuilt = PokerRoom.Restore(snapshot, clock);
            foreach (var (connection, person) in open.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                Assert.True(rebuilt.Connect(connection, person, person == 1 ? "Fran" : $"Person {person}").IsAccepted);
            }
            return rebuilt;
        }

        private static JsonElement Parse(byte[] utf8)
        {
            using var document = JsonDocument.Parse(utf8);
            return document.RootElement.Clone();
        }
    }
}
