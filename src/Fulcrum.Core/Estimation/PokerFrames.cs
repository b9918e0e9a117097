using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulcrum.Core.Estimation;

/// <summary>The recipient's view of the room. <see cref="Seq"/> counts the state frames sent on this connection, from 1.</summary>
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
internal sealed partial class PokerJsonContext : JsonSerializerContext;
