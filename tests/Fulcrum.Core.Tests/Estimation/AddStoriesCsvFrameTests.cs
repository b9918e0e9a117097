using System.Text;
using Fulcrum.Core.Estimation;

namespace Fulcrum.Core.Tests.Estimation;

/// <summary>add_stories with a CSV file's text, as the room page's file picker sends it.</summary>
public sealed class AddStoriesCsvFrameTests
{
    private static ParsedFrame Parse(string json) => PokerFrameParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_work_items_export_becomes_stories_tied_to_their_items()
    {
        var parsed = Parse("""{"type":"add_stories","csv":"id,title,team\nPAY-1,Refund by CSV,Payments\nPAY-2,\"Retry, with backoff\",Payments\n"}""");

        var command = Assert.IsType<AddStoriesCommand>(parsed.Message);
        Assert.Equal([new StoryInput("Refund by CSV", "PAY-1"), new StoryInput("Retry, with backoff", "PAY-2")], command.Stories);
    }

    [Fact]
    public void A_csv_without_a_title_column_is_refused_with_the_reason()
    {
        var parsed = Parse("""{"type":"add_stories","csv":"name\nRefund\n","ref":"c1"}""");

        Assert.Null(parsed.Message);
        Assert.Equal(PokerErrorCodes.InvalidField, parsed.Error!.Code);
        Assert.Contains("title", parsed.Error.Message);
        Assert.Equal("c1", parsed.Ref);
    }

    [Fact]
    public void Text_and_csv_together_are_refused()
    {
        var parsed = Parse("""{"type":"add_stories","csv":"title\nA\n","text":"B"}""");

        Assert.Equal(PokerErrorCodes.InvalidField, parsed.Error!.Code);
        Assert.Contains("one of 'stories'", parsed.Error.Message);
    }
}
