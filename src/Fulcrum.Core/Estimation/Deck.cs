using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Fulcrum.Core.Estimation;

/// <summary>
/// One card of a deck: the label people see and play, its number when it has one, and whether
/// playing it is an estimate at all. "?" and "☕" are not estimates: they are counted but never
/// enter an average or a spread. A T-shirt size without a number is an estimate on an ordered
/// scale; 0 is a number like any other.
/// </summary>
public sealed record Card(string Label, double? Value, bool IsEstimate)
{
    public static Card Number(string label, double value) => new(label, value, true);

    /// <summary>An estimate on an ordered scale without numbers (T-shirt sizes).</summary>
    public static Card Size(string label) => new(label, null, true);

    /// <summary>A card that says "no estimate from me": unsure (?) or a break (☕).</summary>
    public static Card NoEstimate(string label) => new(label, null, false);

    [JsonIgnore]
    public bool IsNumeric => Value is not null;
}

/// <summary>
/// The cards a room plays with. The estimate cards, in deck order, form the scale: a card's step
/// is its index on it, and agreement is measured in steps, so 5 and 8 are one step apart however
/// far apart their numbers are. A deck's estimate cards either all carry numbers or none do (a
/// T-shirt deck without a mapping): mixing them would leave the average meaningless.
/// </summary>
public sealed class Deck
{
    public const int MinCards = 2;
    public const int MaxCards = 30;
    public const int MaxLabelLength = 12;
    public const int MaxNameLength = 40;
    public const int MaxIdLength = 40;

    public const string QuestionMark = "?";
    public const string Coffee = "☕";

    private readonly Dictionary<string, int> stepByLabel;
    private readonly Dictionary<string, Card> cardByLabel;

    private Deck(string id, string name, IReadOnlyList<Card> cards)
    {
        Id = id;
        Name = name;
        Cards = cards;
        Scale = cards.Where(c => c.IsEstimate).ToList();
        stepByLabel = Scale.Select((card, step) => (card.Label, step)).ToDictionary(p => p.Label, p => p.step, StringComparer.Ordinal);
        cardByLabel = cards.ToDictionary(c => c.Label, StringComparer.Ordinal);
    }

    /// <summary>A short stable name ("modified-fibonacci"); calibration groups estimates by it.</summary>
    public string Id { get; }

    public string Name { get; }

    public IReadOnlyList<Card> Cards { get; }

    /// <summary>The estimate cards in order; a card's step is its index here.</summary>
    [JsonIgnore]
    public IReadOnlyList<Card> Scale { get; }

    /// <summary>True when the estimate cards carry numbers, so a median and a mean exist.</summary>
    [JsonIgnore]
    public bool IsNumeric => Scale[0].IsNumeric;

    /// <summary>The card with exactly this label (labels compare ordinally: "xl" is not "XL").</summary>
    public Card? Find(string label) => cardByLabel.GetValueOrDefault(label);

    public int? StepOf(string label) => stepByLabel.TryGetValue(label, out var step) ? step : null;

    /// <summary>
    /// The numeric card closest to a value. On a tie the higher card wins: between 2 and 3 a team
    /// that is unsure should plan for the larger.
    /// </summary>
    public Card? NearestCard(double value)
    {
        Card? best = null;
        foreach (var card in Scale)
        {
            if (card.Value is not double v)
            {
                continue;
            }
            if (best is null || Math.Abs(v - value) <= Math.Abs(best.Value!.Value - value))
            {
                best = card;
            }
        }
        return best;
    }

    // Declared before the decks: static initialisers run in text order.
    public static IReadOnlyList<string> TShirtSizes { get; } = ["XS", "S", "M", "L", "XL", "XXL"];

    public static Deck Fibonacci { get; } = new("fibonacci", "Fibonacci",
        [.. Numbers("0", "1", "2", "3", "5", "8", "13", "21", "34", "55", "89"), Card.NoEstimate(QuestionMark), Card.NoEstimate(Coffee)]);

    public static Deck ModifiedFibonacci { get; } = new("modified-fibonacci", "Modified Fibonacci",
        [Card.Number("0", 0), Card.Number("½", 0.5), .. Numbers("1", "2", "3", "5", "8", "13", "20", "40", "100"),
            Card.NoEstimate(QuestionMark), Card.NoEstimate(Coffee)]);

    public static Deck TShirt { get; } = new("t-shirt", "T-shirt sizes",
        [.. TShirtSizes.Select(Card.Size), Card.NoEstimate(QuestionMark), Card.NoEstimate(Coffee)]);

    public static Deck PowersOfTwo { get; } = new("powers-of-two", "Powers of two",
        [.. Numbers("0", "1", "2", "4", "8", "16", "32", "64"), Card.NoEstimate(QuestionMark), Card.NoEstimate(Coffee)]);

    public static IReadOnlyList<Deck> BuiltIn { get; } = [Fibonacci, ModifiedFibonacci, TShirt, PowersOfTwo];

    public static Deck? FindBuiltIn(string id) => BuiltIn.FirstOrDefault(d => d.Id == id);

    /// <summary>
    /// T-shirt sizes mapped to numbers (a team that sizes in shirts but plans in points), e.g.
    /// 1, 2, 3, 5, 8, 13 for XS..XXL. The numbers must rise with the sizes.
    /// </summary>
    public static DeckResult TShirtWithValues(IReadOnlyList<double> values, string id = "t-shirt-points")
    {
        if (values.Count != TShirtSizes.Count)
        {
            return new(null, [$"give one number per size ({string.Join(", ", TShirtSizes)}); got {values.Count}"]);
        }
        return Custom("T-shirt sizes (points)",
            [.. TShirtSizes.Select((size, i) => Card.Number(size, values[i])), Card.NoEstimate(QuestionMark), Card.NoEstimate(Coffee)], id);
    }

    /// <summary>A team's own deck, checked card by card; every problem is reported, not only the first.</summary>
    public static DeckResult Custom(string name, IReadOnlyList<Card> cards, string id = "custom")
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim() != name || name.Length > MaxNameLength)
        {
            problems.Add($"the deck needs a name of 1 to {MaxNameLength} characters without surrounding spaces");
        }
        else if (TextRules.Problem(name) is { } nameProblem)
        {
            problems.Add($"the deck's name {nameProblem}");
        }
        if (id.Length is 0 or > MaxIdLength || !id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            problems.Add($"the deck id must be 1 to {MaxIdLength} lower-case letters, digits or hyphens");
        }
        if (cards.Count is < MinCards or > MaxCards)
        {
            problems.Add($"a deck has {MinCards} to {MaxCards} cards; this one has {cards.Count}");
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        double? previous = null;
        for (var i = 0; i < cards.Count; i++)
        {
            var card = cards[i];
            var at = $"card {i + 1} ('{card.Label}')";
            if (card.Label is null || card.Label.Length is 0 or > MaxLabelLength || card.Label.Trim() != card.Label
                || card.Label.Any(char.IsControl))
            {
                problems.Add($"card {i + 1}: a label has 1 to {MaxLabelLength} characters, no surrounding spaces and no control characters");
                continue;
            }
            if (!seen.Add(card.Label))
            {
                problems.Add($"{at}: the label appears twice (labels differing only in case count as the same)");
            }
            if (card.Value is double value)
            {
                if (!card.IsEstimate)
                {
                    problems.Add($"{at}: a card with a number is an estimate");
                }
                else if (!double.IsFinite(value) || value < 0)
                {
                    problems.Add($"{at}: the number must be zero or more");
                }
                else if (previous is double p && value <= p)
                {
                    problems.Add($"{at}: numbers must rise from card to card; {Format(value)} follows {Format(p)}");
                }
                else
                {
                    previous = value;
                }
            }
        }
        var estimates = cards.Where(c => c.IsEstimate).ToList();
        if (estimates.Count < 2)
        {
            problems.Add("a deck needs at least 2 estimate cards besides ? and ☕");
        }
        else if (estimates.Any(c => c.IsNumeric) && estimates.Any(c => !c.IsNumeric))
        {
            problems.Add("give every estimate card a number, or none (cards without a number: "
                + string.Join(", ", estimates.Where(c => !c.IsNumeric).Select(c => c.Label)) + ")");
        }
        return problems.Count == 0 ? new(new Deck(id, name, [.. cards]), []) : new(null, problems);
    }

    /// <summary>
    /// A deck typed as text: cards separated by commas or new lines. A number is a numeric card
    /// ("5", "0.5", "½"); "label=number" maps a label to a number ("M=3"); "?" and "☕" are not
    /// estimates; any other label is a size on an ordered scale.
    /// </summary>
    public static DeckResult Parse(string name, string text, string id = "custom")
    {
        var cards = new List<Card>();
        var problems = new List<string>();
        var items = text.Split([',', '\n', '\r'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var item in items)
        {
            var equals = item.LastIndexOf('=');
            if (equals > 0)
            {
                var label = item[..equals].Trim();
                if (TryParseNumber(item[(equals + 1)..].Trim(), out var mapped))
                {
                    cards.Add(Card.Number(label, mapped));
                }
                else
                {
                    problems.Add($"'{item}': the part after '=' is not a number");
                }
            }
            else if (item is QuestionMark or Coffee)
            {
                cards.Add(Card.NoEstimate(item));
            }
            else if (TryParseNumber(item, out var number))
            {
                cards.Add(Card.Number(item, number));
            }
            else
            {
                cards.Add(Card.Size(item));
            }
        }
        if (problems.Count > 0)
        {
            return new(null, problems);
        }
        return Custom(name, cards, id);
    }

    /// <summary>
    /// The deck as <see cref="Parse"/> reads it: "1, 2, 3, ?" for numbers labelled as themselves,
    /// "S=1" where a label stands for a number, bare labels for sizes and for ? and ☕.
    /// </summary>
    public string ToText() => string.Join(", ", Cards.Select(card => card.Value switch
    {
        double value when TryParseNumber(card.Label, out var labelled) && labelled == value => card.Label,
        double value => $"{card.Label}={Format(value)}",
        null => card.Label,
    }));

    /// <summary>
    /// A deck id from its name: lower-case letters and digits joined by hyphens ("Sprint points" →
    /// "sprint-points"). Only ASCII letters and digits survive (the app runs with invariant
    /// globalization, so there is no accent folding): a name without any gives an empty id, and the
    /// caller asks for one.
    /// </summary>
    public static string IdFromName(string name)
    {
        var id = new System.Text.StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                id.Append(c);
            }
            else if (char.IsWhiteSpace(c) || c is '-' or '_' or '.' or '/')
            {
                if (id.Length > 0 && id[^1] != '-')
                {
                    id.Append('-');
                }
            }
        }
        var text = id.ToString().Trim('-');
        return text.Length > MaxIdLength ? text[..MaxIdLength].TrimEnd('-') : text;
    }

    private static bool TryParseNumber(string text, out double value)
    {
        if (text == "½")
        {
            value = 0.5;
            return true;
        }
        return double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    private static IEnumerable<Card> Numbers(params string[] labels) =>
        labels.Select(l => Card.Number(l, double.Parse(l, CultureInfo.InvariantCulture)));

    internal static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

public sealed record DeckResult(Deck? Deck, IReadOnlyList<string> Problems)
{
    [MemberNotNullWhen(true, nameof(Deck))]
    public bool Succeeded => Deck is not null;
}
