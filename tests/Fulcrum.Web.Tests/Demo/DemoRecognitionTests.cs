using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Demo;

public sealed class DemoRecognitionTests
{
    [Fact]
    public async Task The_demo_has_kudos_people_nobody_recognised_lately_and_a_brag_document_with_substance()
    {
        await using var server = await FulcrumServer.StartAsync(demo: true);
        using var priya = server.CreateClient();
        var leader = DemoSeeding.Logins.Single(l => l.Email.StartsWith("priya", StringComparison.Ordinal));
        await FulcrumServer.LogInAsync(priya, leader.Email, leader.Password);
        using var hana = server.CreateClient();
        var member = DemoSeeding.Logins.Single(l => l.Email.StartsWith("hana", StringComparison.Ordinal));
        await FulcrumServer.LogInAsync(hana, member.Email, member.Password);

        var quiet = (await priya.GetFromJsonAsync<JsonElement>("/api/v1/kudos/unrecognised")).EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("Leo Fischer", quiet);
        Assert.Contains("Ravi Patel", quiet);
        Assert.Contains("Samuel Adeyemi", quiet);
        Assert.DoesNotContain("Hana Kobayashi", quiet);
        Assert.True((await hana.GetFromJsonAsync<JsonElement>("/api/v1/kudos")).GetArrayLength() >= 5);

        var hanaId = await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().People.Where(p => p.Email == member.Email).Select(p => p.Id).SingleAsync());
        var brag = await hana.GetStringAsync($"/api/v1/people/{hanaId}/brag");
        Assert.Contains("3 achievements, 3 kudos", brag);
        Assert.Contains("achievement: Automated certificate renewal", brag);
        Assert.Contains("kudos from Mateo Silva", brag);
        Assert.Contains("## Delivery", brag);
    }
}
