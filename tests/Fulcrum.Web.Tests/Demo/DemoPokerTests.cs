using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Demo;

namespace Fulcrum.Web.Tests.Demo;

public sealed class DemoPokerTests
{
    [Fact]
    public async Task Every_demo_team_has_a_refinement_room_with_backlog_stories_and_mobile_plays_its_own_deck()
    {
        await using var server = await FulcrumServer.StartAsync(demo: true);
        using var leader = server.CreateClient();
        var priya = DemoSeeding.Logins.Single(l => l.Email.StartsWith("priya", StringComparison.Ordinal));
        await FulcrumServer.LogInAsync(leader, priya.Email, priya.Password);
        using var member = server.CreateClient();
        var hana = DemoSeeding.Logins.Single(l => l.Email.StartsWith("hana", StringComparison.Ordinal));
        await FulcrumServer.LogInAsync(member, hana.Email, hana.Password);

        var rooms = (await leader.GetFromJsonAsync<JsonElement>("/api/v1/poker/rooms")).EnumerateArray()
            .ToDictionary(r => r.GetProperty("team").GetString()!, r => r);
        Assert.Equal(["Growth", "Mobile", "Payments", "Platform"], rooms.Keys.Order());
        Assert.All(rooms.Values, r => Assert.Equal((5, 0), (r.GetProperty("stories").GetInt32(), r.GetProperty("estimated").GetInt32())));
        Assert.Equal(("sizes-in-points", "Sizes in points"), (rooms["Mobile"].GetProperty("deckId").GetString(), rooms["Mobile"].GetProperty("deckName").GetString()));
        Assert.Equal("modified-fibonacci", rooms["Payments"].GetProperty("deckId").GetString());

        var hanasRooms = (await member.GetFromJsonAsync<JsonElement>("/api/v1/poker/rooms")).EnumerateArray().Select(r => r.GetProperty("name").GetString());
        Assert.Equal(["Platform refinement"], hanasRooms);
        var page = await member.GetStringAsync("/estimation");
        Assert.Contains("Platform refinement", page);
        Assert.DoesNotContain("Payments refinement", page);
    }
}
