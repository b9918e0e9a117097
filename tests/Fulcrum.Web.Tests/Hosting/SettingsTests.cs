using System.Net;
using System.Text;
using Fulcrum.Core;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Hosting;

/// <summary>The settings an operator may change (docs/operations.md): they take effect, and a bad one stops the start naming it.</summary>
public sealed class SettingsTests
{
    [Fact]
    public async Task A_setting_out_of_range_stops_the_start_naming_the_setting()
    {
        var refused = await Assert.ThrowsAsync<ProblemException>(() => FulcrumServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Fulcrum:Estimation:SaveInterval"] = "00:05:00",
            ["Fulcrum:Organisation:ImportLimitMegabytes"] = "0",
        }));

        Assert.Equal(ProblemKind.Invalid, refused.Kind);
        Assert.Contains(refused.Sentences, s => s.StartsWith("Fulcrum:Estimation: ", StringComparison.Ordinal) && s.Contains("SaveInterval"));
        Assert.Contains(refused.Sentences, s => s.StartsWith("Fulcrum:Organisation: ", StringComparison.Ordinal) && s.Contains("ImportLimitMegabytes"));
    }

    [Fact]
    public async Task A_smaller_webhook_limit_refuses_a_larger_body_and_says_the_limit()
    {
        await using var server = await FulcrumServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Fulcrum:Delivery:WebhookLimitMegabytes"] = "1",
        });
        var token = await server.CreateTokenAsync("ci@example.com", Roles.Member);
        using var ci = server.CreateClient(token);
        var body = "[" + string.Join(",", Enumerable.Repeat("""{"id":"d","service":"payments"}""", 40_000)) + "]";

        var response = await ci.PostAsync("/api/v1/deployments", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Send at most 1 MB per call", await response.Content.ReadAsStringAsync());
    }
}
