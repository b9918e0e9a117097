using System.Buffers.Text;
using System.Text.Json;
using static Fulcrum.Core.Estimation.PokerErrorCodes;

namespace Fulcrum.Core.Estimation;

/// <summary>A client frame read: the message, or the error to send back (with the frame's ref when it could be read).</summary>
public sealed record ParsedFrame(ClientMessage? Message, PokerError? Error, string? Ref)
{
    public bool Succeeded => Message is not null;
}

/// <summary>
/// Reads one client frame (UTF-8 JSON text) into a typed message, or says precisely what is wrong
/// with it: too large, not JSON, not an object, an unknown type, a missing or mistyped field.
/// Unknown fields are ignored so that newer clients can talk to older servers.
/// </summary>
public static class PokerFrameParser
{
    /// <summary>The newest protocol: 2 sends change frames after the first state frame; 1, whole views only, is still served.</summary>
    public const int ProtocolVersion = 2;

    public const int OldestProtocolVersion = 1;

    public static IReadOnlyList<string> MessageTypes { get; } =
    [
        "hello", "ping", "leave", "vote", "clear_vote", "reveal", "revote", "accept", "next_story", "select_story",
        "add_stories", "remove_story", "move_story", "timer_start", "timer_stop", "hand_over", "set_role", "sync",
    ];

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 8,
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static ParsedFrame Parse(ReadOnlySpan<byte> utf8, int maxBytes = PokerLimits.MaxFrameBytes)
    {
        if (utf8.Length > maxBytes)
        {
            return Fail(FrameTooLarge, $"The frame has {utf8.Length} bytes; the limit is {maxBytes}.", null);
        }
        if (utf8.IsEmpty)
        {
            return Fail(MalformedJson, "The frame is empty; expected a JSON object.", null);
        }
        // JsonDocument checks UTF-8 only in the parts it decodes, so a bad byte in a string could
        // surface later as an exception from GetString(); check the whole frame once, up front.
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return Fail(MalformedJson, "The frame is not valid UTF-8 text.", null);
        }
        if (HasLoneSurrogateEscape(utf8))
        {
            return Fail(MalformedJson, "The frame has a \\u escape that is half of a surrogate pair, so it is not valid text.", null);
        }
        JsonDocument document;
        try
        {
            // Parse(ReadOnlyMemory) would not copy; the caller's buffer may be reused, so copy once.
            document = JsonDocument.Parse(utf8.ToArray(), Options);
        }
        catch (JsonException e)
        {
            return Fail(MalformedJson, "The frame is not valid JSON: " + FirstSentence(e.Message), null);
        }
        using (document)
        {
            return Read(document.RootElement);
        }
    }

    public static ParsedFrame Parse(string text, int maxBytes = PokerLimits.MaxFrameBytes) =>
        Parse(System.Text.Encoding.UTF8.GetBytes(text), maxBytes);

    private static ParsedFrame Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail(MalformedJson, $"The frame must be a JSON object, not {Describe(root.ValueKind)}.", null);
        }
        string? reference = null;
        if (root.TryGetProperty("ref", out var refElement) && refElement.ValueKind != JsonValueKind.Null)
        {
            if (refElement.ValueKind != JsonValueKind.String || refElement.GetString()!.Length > PokerLimits.MaxRefLength)
            {
                return Fail(InvalidField, $"'ref' must be a string of at most {PokerLimits.MaxRefLength} characters.", null);
            }
            reference = refElement.GetString();
        }
        var fields = new Fields(root, reference);
        if (!root.TryGetProperty("type", out var typeElement))
        {
            return fields.Missing("type");
        }
        if (typeElement.ValueKind != JsonValueKind.String)
        {
            return fields.Invalid("type", "a string");
        }
        var type = typeElement.GetString()!;
        try
        {
            ClientMessage message = type switch
            {
                "hello" => Hello(fields),
                "ping" => new PingMessage(),
                "sync" => new SyncMessage(),
                "leave" => new LeaveMessage(),
                "vote" => new VoteCommand(fields.String("card", Deck.MaxLabelLength),
                    fields.OptionalInt("storyId"), fields.OptionalInt("round"), fields.OptionalInt("voter")),
                "clear_vote" => new ClearVoteCommand(),
                "reveal" => new RevealCommand(),
                "revote" => new RevoteCommand(),
                "accept" => new AcceptCommand(fields.String("card", Deck.MaxLabelLength)),
                "next_story" => new NextStoryCommand(),
                "select_story" => new SelectStoryCommand(fields.Int("storyId")),
                "add_stories" => AddStories(fields),
                "remove_story" => new RemoveStoryCommand(fields.Int("storyId")),
                "move_story" => new MoveStoryCommand(fields.Int("storyId"), fields.Int("position")),
                "timer_start" => new StartTimerCommand(fields.Int("seconds")),
                "timer_stop" => new StopTimerCommand(),
                "hand_over" => new HandOverCommand(fields.Int("personId")),
                "set_role" => new SetRoleCommand(fields.Role("role") ?? throw fields.MissingField("role"), fields.OptionalInt("personId")),
                _ => throw new FieldException(UnknownType,
                    $"Unknown message type '{(type.Length > 32 ? type[..32] + "…" : type)}'; expected one of: {string.Join(", ", MessageTypes)}."),
            };
            return new ParsedFrame(message with { Ref = reference }, null, reference);
        }
        catch (FieldException e)
        {
            return Fail(e.Code, e.Message, reference);
        }
    }

    private static HelloMessage Hello(Fields fields)
    {
        var version = fields.Int("protocol");
        if (version is < OldestProtocolVersion or > ProtocolVersion)
        {
            throw new FieldException(UnsupportedVersion, $"This server speaks protocol versions {OldestProtocolVersion} and {ProtocolVersion}, not {version}.");
        }
        return new HelloMessage(version, fields.String("room", PokerLimits.MaxRoomIdLength), fields.Role("role"));
    }

    private static AddStoriesCommand AddStories(Fields fields)
    {
        var hasList = fields.Has("stories");
        var hasText = fields.Has("text");
        var hasCsv = fields.Has("csv");
        var given = (hasList ? 1 : 0) + (hasText ? 1 : 0) + (hasCsv ? 1 : 0);
        if (given != 1)
        {
            throw new FieldException(given > 1 ? InvalidField : MissingField,
                "add_stories needs one of 'stories' (a list of {title, workItemId}), 'text' (pasted lines) or 'csv' (a file with a title column).");
        }
        if (hasText)
        {
            return new AddStoriesCommand(StoryImport.FromLines(fields.String("text", PokerLimits.MaxFrameBytes)));
        }
        if (hasCsv)
        {
            var read = StoryImport.FromCsv(new StringReader(fields.String("csv", PokerLimits.MaxFrameBytes)));
            if (read.Problems.Count > 0)
            {
                throw new FieldException(InvalidField, "The CSV cannot be read: " + string.Join("; ", read.Problems.Take(3)));
            }
            return new AddStoriesCommand(read.Rows);
        }
        var list = fields.Element("stories");
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw fields.InvalidField("stories", "a list of {title, workItemId} objects");
        }
        var stories = new List<StoryInput>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = $"stories[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw fields.InvalidField(at, "an object with a 'title'");
            }
            var story = new Fields(item, null, at + ".");
            stories.Add(new StoryInput(story.String("title", PokerLimits.MaxTitleLength), story.OptionalString("workItemId", PokerLimits.MaxWorkItemIdLength)));
        }
        return new AddStoriesCommand(stories);
    }

    /// <summary>
    /// Whether the text escapes half of a surrogate pair on its own (<c>"\ud800"</c>): valid JSON
    /// syntax, but no text, and System.Text.Json throws when it decodes such a string (a property
    /// name too), so such a frame is refused before it is read. Backslashes occur only in strings
    /// of valid JSON; anything else malformed is left to the parser to name.
    /// </summary>
    private static bool HasLoneSurrogateEscape(ReadOnlySpan<byte> utf8)
    {
        var awaitingLow = false;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] != (byte)'\\' || i + 1 == utf8.Length)
            {
                if (awaitingLow)
                {
                    return true;
                }
                continue;
            }
            if (utf8[i + 1] != (byte)'u')
            {
                if (awaitingLow)
                {
                    return true;
                }
                i++; // an escaped character such as \\ or \"
                continue;
            }
            if (i + 6 > utf8.Length || !Utf8Parser.TryParse(utf8.Slice(i + 2, 4), out ushort unit, out var read, 'X') || read != 4)
            {
                return false;
            }
            i += 5;
            var high = unit is >= 0xD800 and <= 0xDBFF;
            var low = unit is >= 0xDC00 and <= 0xDFFF;
            if (low != awaitingLow)
            {
                return true;
            }
            awaitingLow = high;
        }
        return awaitingLow;
    }

    private static ParsedFrame Fail(string code, string message, string? reference) =>
        new(null, new PokerError(code, message), reference);

    private static string FirstSentence(string message)
    {
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        return path > 0 ? message[..path] : message;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private sealed class FieldException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }

    /// <summary>Field access that throws <see cref="FieldException"/> naming the field and what it should be.</summary>
    private sealed class Fields(JsonElement element, string? reference, string prefix = "")
    {
        public bool Has(string name) => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

        public JsonElement Element(string name) => element.GetProperty(name);

        public string String(string name, int maxLength) =>
            OptionalString(name, maxLength) ?? throw MissingField(name);

        public string? OptionalString(string name, int maxLength)
        {
            if (!Has(name))
            {
                return null;
            }
            var value = element.GetProperty(name);
            if (value.ValueKind != JsonValueKind.String)
            {
                throw InvalidField(name, "a string");
            }
            var text = value.GetString()!;
            if (text.Length > maxLength)
            {
                throw InvalidField(name, $"a string of at most {maxLength} characters");
            }
            return text;
        }

        public int Int(string name) => OptionalInt(name) ?? throw MissingField(name);

        public int? OptionalInt(string name)
        {
            if (!Has(name))
            {
                return null;
            }
            var value = element.GetProperty(name);
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                throw InvalidField(name, "a whole number");
            }
            return number;
        }

        public PokerRole? Role(string name) => OptionalString(name, 16) switch
        {
            null => null,
            "voter" => PokerRole.Voter,
            "observer" => PokerRole.Observer,
            _ => throw InvalidField(name, "\"voter\" or \"observer\""),
        };

        public FieldException MissingField(string name) =>
            new(PokerErrorCodes.MissingField, $"The field '{prefix}{name}' is required.");

        public FieldException InvalidField(string name, string expected) =>
            new(PokerErrorCodes.InvalidField, $"The field '{prefix}{name}' must be {expected}.");

        public ParsedFrame Missing(string name) => Fail(PokerErrorCodes.MissingField, MissingField(name).Message, reference);

        public ParsedFrame Invalid(string name, string expected) => Fail(PokerErrorCodes.InvalidField, InvalidField(name, expected).Message, reference);
    }
}
