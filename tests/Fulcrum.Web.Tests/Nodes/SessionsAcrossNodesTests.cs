using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Nodes;

/// <summary>
/// Any node behind the load balancer accepts what another node issued: the session cookie, an
/// antiforgery token and an API token (the data-protection key ring is in the database).
/// </summary>
public sealed class SessionsAcrossNodesTests
{
    [Fact]
    public async Task A_login_on_node_A_works_on_node_B_for_pages_forms_and_the_API()
    {
        await using var cluster = await FulcrumCluster.StartAsync(2, TestDatabases.NewPostgres());
        await CheckSessionCrossesNodes(cluster[0], cluster[1]);
    }

    [Fact]
    public async Task Nodes_started_at_once_on_an_empty_key_ring_share_one_key()
    {
        await using var cluster = await FulcrumCluster.StartAsync(3, TestDatabases.NewPostgres(), together: true);

        var keys = await cluster[0].WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().Set<DataProtectionKey>().CountAsync());
        Assert.Equal(1, keys);
        await CheckSessionCrossesNodes(cluster[2], cluster[0]);
        await CheckSessionCrossesNodes(cluster[1], cluster[2]);
    }

    [Fact]
    public async Task An_API_token_made_on_node_A_works_on_node_B()
    {
        await using var cluster = await FulcrumCluster.StartAsync(2, TestDatabases.NewPostgres());
        var token = await cluster[0].CreateTokenAsync("ci@example.com", Roles.Member);

        using var onB = cluster[1].CreateClient(bearerToken: token);
        var me = await onB.GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Equal("ci@example.com", me.GetProperty("email").GetString());
    }

    /// <summary>Logs in on <paramref name="a"/> through the form, then uses that browser's cookie on
    /// <paramref name="b"/> for a page and for the logout form carrying a token from <paramref name="a"/>'s page.</summary>
    private static async Task CheckSessionCrossesNodes(FulcrumServer a, FulcrumServer b)
    {
        var email = $"ada-{Guid.NewGuid():N}@example.com";
        await a.CreateUserAsync(email, Roles.Member, "Ada Lovelace");
        var cookies = new CookieContainer();
        using var onA = a.CreateClient(cookies: cookies);
        await FulcrumServer.LogInAsync(onA, email);
        var pageFromA = await onA.GetStringAsync("/");
        // The browser sends the same cookie whichever node the balancer picks (cookies ignore the port).
        using var onB = b.CreateClient(cookies: cookies);

        var pageOnB = await onB.GetAsync("/teams");
        Assert.Equal(HttpStatusCode.OK, pageOnB.StatusCode);
        Assert.Contains(email, WebUtility.HtmlDecode(await pageOnB.Content.ReadAsStringAsync()));

        var logout = await onB.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(pageFromA),
        }));
        Assert.Equal("/Account/Login?signedOut=1", logout.Headers.Location?.OriginalString);
        // Ended on every node: A refuses the session B logged out.
        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.GetAsync("/api/v1/me")).StatusCode);
    }
}
