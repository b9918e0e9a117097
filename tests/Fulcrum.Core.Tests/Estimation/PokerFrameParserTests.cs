using System.Text;
using Fulcrum.Core.Estimation;
using static Fulcrum.Core.Estimation.PokerErrorCodes;
using static Fulcrum.Core.Tests.Estimation.PokerTable;

namespace Fulcrum.Core.Tests.Estimation;

public sealed class PokerFrameParserTests
{
    private static ClientMessage Message(string json)
    {
        var parsed = PokerFrameParser.Parse(json);
        Assert.True(parsed.Succeeded, parsed.Error?.Message);
        return parsed.Message!;
    }

    private static PokerError Error(string json, string code)
    {
        var parsed = PokerFrameParser.Parse(json);
        Assert.False(parsed.Succeeded);
        Assert.Equal(code, parsed.Error!.Code);
        return parsed.Error;
    }

    [Fact]
    public void Every_message_type_reads_into_its_record()
    {
        Assert.Equal(new HelloMessage(1, "room-1", PokerRole.Observer) { Ref = "h1" },
            Message("""{"type":"hello","protocol":1,"room":"room-1","role":"observer","ref":"h1"}"""));
        Assert.Equal(new HelloMessage(1, "room-1", null), Message("""{"type":"hello","protocol":1,"room":"room-1"}"""));
        Assert.Equal(new PingMessage(), Message("""{"type":"ping"}"""));
        Assert.Equal(new LeaveMessage(), Message("""{"type":"leave"}"""));
        Assert.Equal(new VoteCommand("½", 3, 2, 17), Message("""{"type":"vote","card":"½","storyId":3,"round":2,"voter":17}"""));
        Assert.Equal(new VoteCommand("☕"), Message("""{"type":"vote","card":"\u2615"}"""));
        Assert.Equal(new ClearVoteCommand(), Message("""{"type":"clear_vote"}"""));
        Assert.Equal(new RevealCommand(), Message("""{"type":"reveal"}"""));
        Assert.Equal(new RevoteCommand(), Message("""{"type":"revote"}"""));
        Assert.Equal(new AcceptCommand("8"), Message("""{"type":"accept","card":"8"}"""));
        Assert.Equal(new NextStoryCommand(), Message("""{"type":"next_story"}"""));
        Assert.Equal(new SelectStoryCommand(4), Message("""{"type":"select_story","storyId":4}"""));
        Assert.Equal(new RemoveStoryCommand(4), Message("""{"type":"remove_story","storyId":4}"""));
        Assert.Equal(new MoveStoryCommand(4, 0), Message("""{"type":"move_story","storyId":4,"position":0}"""));
        Assert.Equal(new StartTimerCommand(90), Message("""{"type":"timer_start","seconds":90}"""));
        Assert.Equal(new StopTimerCommand(), Message("""{"type":"timer_stop"}"""));
        Assert.Equal(new HandOverCommand(5), Message("""{"type":"hand_over","personId":5}"""));
        Assert.Equal(new SetRoleCommand(PokerRole.Voter, 5), Message("""{"type":"set_role","role":"voter","personId":5}"""));
        Assert.Equal(new SetRoleCommand(PokerRole.Observer), Message("""{"type":"set_role","role":"observer"}"""));
        var add = Assert.IsType<AddStoriesCommand>(Message("""{"type":"add_stories","stories":[{"title":"Login","workItemId":"W-1"},{"title":"Checkout"}]}"""));
        Assert.Equal([new("Login", "W-1"), new("Checkout", null)], add.Stories);
        Assert.Equal(18, PokerFrameParser.MessageTypes.Count);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_null_counts_as_absent()
    {
        Assert.Equal(new VoteCommand("5"), Message("""{"type":"vote","card":"5","storyId":null,"colour":"blue","extra":{"a":[1]}}"""));
    }

    [Fact]
    public void A_frame_over_the_limit_is_refused_before_it_is_read()
    {
        var padding = new string(' ', PokerLimits.MaxFrameBytes - """{"type":"ping"}""".Length);
        Assert.True(PokerFrameParser.Parse("""{"type":"ping"}""" + padding).Succeeded);

        var error = Error("""{"type":"ping"}""" + padding + " ", FrameTooLarge);
        Assert.Equal("The frame has 16385 bytes; the limit is 16384.", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("vote 5")]
    [InlineData("{\"type\":\"vote\",\"card\":\"5\",}")]
    [InlineData("{\"type\":\"vote\" /* c */,\"card\":\"5\"}")]
    [InlineData("[{\"type\":\"ping\"}]")]
    [InlineData("\"ping\"")]
    [InlineData("null")]
    [InlineData("{\"type\":\"vote\",\"card\":\"5\",\"type\":\"reveal\"}")]
    [InlineData("{\"type\":\"ping\",\"x\":[[[[[[[[[[1]]]]]]]]]]}")]
    public void Malformed_frames_are_refused_as_malformed_json(string frame)
    {
        var error = Error(frame, MalformedJson);
        Assert.DoesNotContain("Path:", error.Message);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_malformed()
    {
        var parsed = PokerFrameParser.Parse([(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']);

        Assert.Equal(MalformedJson, parsed.Error!.Code);
        Assert.Equal("The frame is not valid UTF-8 text.", parsed.Error.Message);
        var inValue = PokerFrameParser.Parse([.. "{\"type\":\"vote\",\"card\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        Assert.Equal(MalformedJson, inValue.Error!.Code);
    }

    [Theory]
    [InlineData("""{"type":"vote","card":"\ud800"}""")]
    [InlineData("""{"type":"vote","card":"5","ref":"\udc00"}""")]
    [InlineData("""{"type":"\ud800"}""")]
    [InlineData("""{"type":"ping","\ud800":1}""")]
    [InlineData("""{"type":"add_stories","stories":[{"title":"a\ud800b"}]}""")]
    [InlineData("""{"type":"hello","protocol":1,"room":"r-\ude00"}""")]
    public void A_lone_surrogate_escape_is_malformed_json_not_an_exception(string frame)
    {
        var error = Error(frame, MalformedJson);

        Assert.Equal("The frame has a \\u escape that is half of a surrogate pair, so it is not valid text.", error.Message);
    }

    [Fact]
    public void A_whole_surrogate_pair_escape_is_text()
    {
        Assert.Equal(new VoteCommand("\U0001F600"), Message("""{"type":"vote","card":"\ud83d\ude00"}"""));
    }

    [Fact]
    public void An_unknown_type_is_named_and_the_ref_echoed()
    {
        var parsed = PokerFrameParser.Parse("""{"type":"shout","ref":"r9"}""");

        Assert.Equal(UnknownType, parsed.Error!.Code);
        Assert.StartsWith("Unknown message type 'shout'; expected one of: hello, ping, leave, vote,", parsed.Error.Message);
        Assert.Equal("r9", parsed.Ref);
    }

    [Theory]
    [InlineData("""{"ref":"r1"}""", MissingField, "The field 'type' is required.")]
    [InlineData("""{"type":5}""", InvalidField, "The field 'type' must be a string.")]
    [InlineData("""{"type":"vote","ref":"r1"}""", MissingField, "The field 'card' is required.")]
    [InlineData("""{"type":"vote","card":5}""", InvalidField, "The field 'card' must be a string.")]
    [InlineData("""{"type":"vote","card":"5","round":"2"}""", InvalidField, "The field 'round' must be a whole number.")]
    [InlineData("""{"type":"vote","card":"5","round":2.5}""", InvalidField, "The field 'round' must be a whole number.")]
    [InlineData("""{"type":"vote","card":"5","round":99999999999}""", InvalidField, "The field 'round' must be a whole number.")]
    [InlineData("""{"type":"vote","card":"a-label-far-too-long"}""", InvalidField, "The field 'card' must be a string of at most 12 characters.")]
    [InlineData("""{"type":"timer_start"}""", MissingField, "The field 'seconds' is required.")]
    [InlineData("""{"type":"set_role","role":"admin"}""", InvalidField, "The field 'role' must be \"voter\" or \"observer\".")]
    [InlineData("""{"type":"set_role"}""", MissingField, "The field 'role' is required.")]
    [InlineData("""{"type":"move_story","storyId":1}""", MissingField, "The field 'position' is required.")]
    [InlineData("""{"type":"hello","room":"r"}""", MissingField, "The field 'protocol' is required.")]
    [InlineData("""{"type":"hello","protocol":1}""", MissingField, "The field 'room' is required.")]
    [InlineData("""{"type":"hello","protocol":3,"room":"r"}""", UnsupportedVersion, "This server speaks protocol versions 1 and 2, not 3.")]
    [InlineData("""{"type":"add_stories"}""", MissingField, "add_stories needs one of 'stories' (a list of {title, workItemId}), 'text' (pasted lines) or 'csv' (a file with a title column).")]
    [InlineData("""{"type":"add_stories","stories":[],"text":"a"}""", InvalidField, "add_stories needs one of 'stories' (a list of {title, workItemId}), 'text' (pasted lines) or 'csv' (a file with a title column).")]
    [InlineData("""{"type":"add_stories","stories":"a"}""", InvalidField, "The field 'stories' must be a list of {title, workItemId} objects.")]
    [InlineData("""{"type":"add_stories","stories":[{"title":"a"},"b"]}""", InvalidField, "The field 'stories[1]' must be an object with a 'title'.")]
    [InlineData("""{"type":"add_stories","stories":[{"title":"a"},{"workItemId":"W"}]}""", MissingField, "The field 'stories[1].title' is required.")]
    public void Missing_and_mistyped_fields_are_named(string frame, string code, string message)
    {
        Assert.Equal(message, Error(frame, code).Message);
    }

    [Fact]
    public void Errors_keep_the_ref_when_it_was_readable_and_a_bad_ref_is_itself_an_error()
    {
        Assert.Equal("r1", PokerFrameParser.Parse("""{"type":"vote","ref":"r1"}""").Ref);
        var badRef = PokerFrameParser.Parse($$"""{"type":"ping","ref":"{{new string('r', 65)}}"}""");
        Assert.Equal(InvalidField, badRef.Error!.Code);
        Assert.Null(badRef.Ref);
        Assert.Equal(InvalidField, PokerFrameParser.Parse("""{"type":"ping","ref":7}""").Error!.Code);
    }

    [Fact]
    public void Pasted_lines_become_stories_through_the_wire_command()
    {
        var table = new PokerTable(1);
        var parsed = PokerFrameParser.Parse("""{"type":"add_stories","text":"- Login page\n\n2. Checkout\nW-9\tReceipts"}""");

        Accepted(table.Room.Apply(Fran, (RoomCommand)parsed.Message!));

        Assert.Equal([("Login page", null), ("Checkout", null), ("Receipts", "W-9")],
            table.Room.For(2).Stories.Select(s => (s.Title, s.WorkItemId)));
    }
}
