using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Fulcrum.Core.Estimation;

/// <summary>The recipient's view of the room. <see cref="Seq"/> counts the state (and, in protocol 2, change) frames sent on this connection, from 1.</summary>
public sealed record StateFrame(long Seq, string? Ref, RoomView Room)
{
    [JsonPropertyOrder(-1)]
    public string Type => "state";
}

public sealed record ErrorFrame(string Code, string Message, string? Ref)
{
    [JsonPropertyOrder(-1)]
    public string Type => "error";
}

public sealed record PongFrame(string? Ref)
{
    [JsonPropertyOrder(-1)]
    public string Type => "pong";
}

/// <summary>Server frames as UTF-8 JSON, ready for a WebSocket text message.</summary>
public static class PokerFrames
{
    public static byte[] State(long seq, string? reference, RoomView view) =>
        JsonSerializer.SerializeToUtf8Bytes(new StateFrame(seq, reference, view), PokerJsonContext.Default.StateFrame);

    public static byte[] Error(PokerError error, string? reference) =>
        JsonSerializer.SerializeToUtf8Bytes(new ErrorFrame(error.Code, error.Message, reference), PokerJsonContext.Default.ErrorFrame);

    public static byte[] Pong(string? reference) =>
        JsonSerializer.SerializeToUtf8Bytes(new PongFrame(reference), PokerJsonContext.Default.PongFrame);

    /// <summary>A value as the UTF-8 JSON it has inside a frame (same options, so the same bytes).</summary>
    public static byte[] Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>.Value);

    /// <summary>
    /// A frame made of parts already serialised: <c>{"type":…,"seq":…,"ref":…,"room":{name:value,…}}</c>.
    /// With every field of <see cref="RoomView"/> in its order it is byte for byte the frame
    /// <see cref="State"/> writes; with some of them it is a change frame. The parts are shared
    /// between recipients, so a change is serialised once however many receive it.
    /// </summary>
    public static byte[] Compose(string type, long seq, string? reference, ReadOnlySpan<RoomPart> parts)
    {
        var buffer = ComposeBuffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        var writer = ComposeWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString(TypeName, type);
        writer.WriteNumber(SeqName, seq);
        if (reference is null)
        {
            writer.WriteNull(RefName);
        }
        else
        {
            writer.WriteString(RefName, reference);
        }
        writer.WriteStartObject(RoomName);
        foreach (var part in parts)
        {
            writer.WritePropertyName(part.Name);
            writer.WriteRawValue(part.Utf8, skipInputValidation: true);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        var frame = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 256 * 1024)
        {
            // A rare huge frame (300 stories): do not keep its buffer for good.
            ComposeBuffer = null;
            ComposeWriter = null;
        }
        return frame;
    }

    // Frames are composed under a room's lock, one at a time per thread: one buffer per thread.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? ComposeBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? ComposeWriter;

    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText SeqName = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText RefName = JsonEncodedText.Encode("ref");
    private static readonly JsonEncodedText RoomName = JsonEncodedText.Encode("room");

    private static class TypeInfo<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)PokerJsonContext.Default.GetTypeInfo(typeof(T))!;
    }
}

/// <summary>One field of a room view, its name and its value already as JSON.</summary>
public readonly record struct RoomPart(JsonEncodedText Name, byte[] Utf8);

/// <summary>The names of <see cref="RoomView"/>'s fields on the wire.</summary>
public static class RoomFields
{
    public static readonly JsonEncodedText RoomId = JsonEncodedText.Encode("roomId");
    public static readonly JsonEncodedText TeamId = JsonEncodedText.Encode("teamId");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText ServerTime = JsonEncodedText.Encode("serverTime");
    public static readonly JsonEncodedText You = JsonEncodedText.Encode("you");
    public static readonly JsonEncodedText FacilitatorId = JsonEncodedText.Encode("facilitatorId");
    public static readonly JsonEncodedText Deck = JsonEncodedText.Encode("deck");
    public static readonly JsonEncodedText Participants = JsonEncodedText.Encode("participants");
    public static readonly JsonEncodedText Stories = JsonEncodedText.Encode("stories");
    public static readonly JsonEncodedText Current = JsonEncodedText.Encode("current");
    public static readonly JsonEncodedText Timer = JsonEncodedText.Encode("timer");
}

/// <summary>
/// One serialisation for the wire and for persistence: camelCase names, enums as their
/// lower-case wire names, nulls written (a client can rely on every field being there). Reading
/// a stored snapshot honours the records' nullability and constructors, so a missing or null
/// field is a JsonException (reported as invalid data), not a null deep inside a room.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(StateFrame))]
[JsonSerializable(typeof(ErrorFrame))]
[JsonSerializable(typeof(PongFrame))]
[JsonSerializable(typeof(PokerRoomSnapshot))]
[JsonSerializable(typeof(OpenRoundSnapshot))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(ViewerView))]
[JsonSerializable(typeof(Deck))]
[JsonSerializable(typeof(IReadOnlyList<ParticipantView>))]
[JsonSerializable(typeof(IReadOnlyList<StorySummaryView>))]
[JsonSerializable(typeof(CurrentStoryView))]
[JsonSerializable(typeof(TimerView))]
internal sealed partial class PokerJsonContext : JsonSerializerContext;
