using System.Diagnostics.CodeAnalysis;

namespace Fulcrum.Core.Estimation;

// How a room keeps its rounds: small, and nothing that lives for seconds and then dies.
public sealed partial class PokerRoom
{
    /// <summary>
    /// One round of votes. Its votes and its eligible voters are kept from the moment it opens in
    /// small arrays sorted by person id, sized for the voters present; its statistics are computed
    /// when a view asks for them, never kept. A room keeps every round for as long as it is loaded,
    /// so what a round holds is paid for once, and a round allocates nothing that lives for seconds
    /// and then dies: such objects (a dictionary of votes swapped for arrays when the story moved
    /// on, statistics kept from the reveal to the next story) outlived the GC's young generations
    /// and piled up in the oldest, and a thousand rooms' peak crept up by ~2 MB a minute
    /// (docs/benchmarks.md, "Spinning workers, rounds that allocate nothing to die old"). When its story stops
    /// being current the round is sealed and takes no more changes.
    /// </summary>
    private sealed class Round(int number, DateTimeOffset openedAt, int voters)
    {
        private readonly VoteSet votes = new(voters);
        private readonly PersonSet eligible = new(voters);
        private bool isSealed;

        public int Number { get; } = number;
        public DateTimeOffset OpenedAt { get; } = openedAt;
        public IReadOnlyDictionary<int, string> Votes => votes;

        /// <summary>The votes to change: only a round that is not sealed.</summary>
        public VoteSet OpenVotes => isSealed ? throw new InvalidOperationException($"Round {Number} is sealed.") : votes;

        /// <summary>Voters present at some time while the round was open: the ones missed if they did not vote.</summary>
        public IReadOnlyCollection<int> Eligible => eligible;

        public PersonSet OpenEligible => isSealed ? throw new InvalidOperationException($"Round {Number} is sealed.") : eligible;
        public DateTimeOffset? RevealedAt { get; set; }
        public RevealKind? RevealedBy { get; set; }
        public IReadOnlyList<int> Missing { get; set; } = [];
        public bool Revealed => RevealedAt is not null;

        /// <summary>Computed on each call (a few microseconds for a room's votes): kept, they lived from the reveal to the next story.</summary>
        public RoundStatistics StatisticsOf(Deck deck) => RoundStatistics.Compute(deck, votes);

        public void Seal() => isSealed = true;
    }

    /// <summary>Person ids in ascending order with a card each: a dictionary for the few dozen votes of a round, in two arrays.</summary>
    private sealed class VoteSet(int capacity) : IReadOnlyDictionary<int, string>
    {
        private int[] people = new int[Math.Max(capacity, 1)];
        private string[] cards = new string[Math.Max(capacity, 1)];
        private int count;

        public int Count => count;
        public IEnumerable<int> Keys => new ArraySegment<int>(people, 0, count);
        public IEnumerable<string> Values => new ArraySegment<string>(cards, 0, count);

        public string this[int key]
        {
            get => TryGetValue(key, out var card) ? card : throw new KeyNotFoundException($"Person {key} did not vote.");
            set
            {
                var at = Find(key);
                if (at >= 0)
                {
                    cards[at] = value;
                }
                else
                {
                    Insert(~at, key, value);
                }
            }
        }

        public bool ContainsKey(int key) => Find(key) >= 0;

        public bool TryGetValue(int key, [MaybeNullWhen(false)] out string value)
        {
            var at = Find(key);
            value = at >= 0 ? cards[at] : null;
            return at >= 0;
        }

        public bool TryAdd(int key, string card)
        {
            var at = Find(key);
            if (at >= 0)
            {
                return false;
            }
            Insert(~at, key, card);
            return true;
        }

        public bool Remove(int key)
        {
            var at = Find(key);
            if (at < 0)
            {
                return false;
            }
            Array.Copy(people, at + 1, people, at, count - at - 1);
            Array.Copy(cards, at + 1, cards, at, count - at - 1);
            count--;
            cards[count] = null!;
            return true;
        }

        public void Clear()
        {
            Array.Clear(cards, 0, count);
            count = 0;
        }

        public IEnumerator<KeyValuePair<int, string>> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return new(people[i], cards[i]);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private int Find(int key) => Array.BinarySearch(people, 0, count, key);

        private void Insert(int at, int key, string card)
        {
            if (count == people.Length)
            {
                Array.Resize(ref people, count * 2);
                Array.Resize(ref cards, count * 2);
            }
            Array.Copy(people, at, people, at + 1, count - at);
            Array.Copy(cards, at, cards, at + 1, count - at);
            people[at] = key;
            cards[at] = card;
            count++;
        }
    }

    /// <summary>Person ids in ascending order, without repeats: a set for the few dozen voters of a round, in one array.</summary>
    private sealed class PersonSet(int capacity) : IReadOnlyCollection<int>
    {
        private int[] people = new int[Math.Max(capacity, 1)];
        private int count;

        public int Count => count;

        public bool Contains(int person) => Array.BinarySearch(people, 0, count, person) >= 0;

        public bool Add(int person)
        {
            var at = Array.BinarySearch(people, 0, count, person);
            if (at >= 0)
            {
                return false;
            }
            at = ~at;
            if (count == people.Length)
            {
                Array.Resize(ref people, count * 2);
            }
            Array.Copy(people, at, people, at + 1, count - at);
            people[at] = person;
            count++;
            return true;
        }

        public bool Remove(int person)
        {
            var at = Array.BinarySearch(people, 0, count, person);
            if (at < 0)
            {
                return false;
            }
            Array.Copy(people, at + 1, people, at, count - at - 1);
            count--;
            return true;
        }

        public void UnionWith(IEnumerable<int> others)
        {
            foreach (var person in others)
            {
                Add(person);
            }
        }

        public void Clear() => count = 0;

        public IEnumerator<int> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return people[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
