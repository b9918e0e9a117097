using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Tests.Careers;

namespace Fulcrum.Web.Tests.Hosting;

/// <summary>
/// Another site cannot make a signed-in browser change anything through the API: a change made with
/// the session cookie must come from Fulcrum's own pages. API tokens are not affected.
/// </summary>
public sealed class CrossSiteRequestTests
{
    private const string Evil = "https://evil.example";

    private static async Task<(FulcrumServer Server, HttpClient Browser, HttpClient Reader)> StartAsync()
    {
        var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("lea@example.com", Roles.Leader, "Lea Leader");
        var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "lea@example.com");
        var reader = server.CreateClient(await server.CreateTokenAsync("ci@example.com", Roles.Leader));
        return (server, browser, reader);
    }

    /// <summary>A request as a page of <paramref name="origin"/> makes a signed-in browser send it.</summary>
    private static HttpRequestMessage From(string? origin, HttpMethod method, string path, HttpContent? content = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }

    private static StringContent PlainText(string text) => new(text, Encoding.UTF8, "text/plain");

    private static MultipartFormDataContent MonzoPages()
    {
        var form = new MultipartFormDataContent();
        foreach (var page in LadderData.MonzoPages)
        {
            form.Add(new StringContent(LadderData.Text(page)), "files", Path.GetFileName(page));
        }
        form.Add(new StringContent("monzo"), "format");
        return form;
    }

    private static async Task<string[]> LadderIdsAsync(HttpClient reader) =>
        [.. (await reader.GetFromJsonAsync<JsonElement>("/api/v1/ladders")).EnumerateArray().Select(l => l.GetProperty("id").GetString()!)];

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string from)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Cross-site request refused", problem.GetProperty("title").GetString());
        Assert.Contains(from, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Changes_sent_from_another_site_with_the_session_cookie_are_refused_and_change_nothing()
    {
        var (server, browser, reader) = await StartAsync();
        await using var running = server;
        using var _ = browser;
        using var __ = reader;
        var team = await (await reader.PostAsJsonAsync("/api/v1/teams", new { name = "Payments" })).Content.ReadFromJsonAsync<JsonElement>();
        var teamId = team.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Created, (await reader.PostAsync("/api/v1/ladders/import?name=constants.js", PlainText(LadderData.Text("snowflake/constants.js")))).StatusCode);

        var attempts = new[]
        {
            // What a plain HTML form on another site can send without asking: text/plain and multipart bodies.
            From(Evil, HttpMethod.Post, "/api/v1/ladders/import?name=ours.yaml&activate=true", PlainText(LadderData.Text("ft/engineering.yml"))),
            From(Evil, HttpMethod.Post, "/api/v1/ladders/import", MonzoPages()),
            // Body-less posts, and what a script on another site may try.
            From(Evil, HttpMethod.Post, "/api/v1/ladders/snowflake/activate"),
            From(Evil, HttpMethod.Put, $"/api/v1/teams/{teamId}", JsonContent.Create(new { name = "Pwned" })),
            From(Evil, HttpMethod.Delete, $"/api/v1/teams/{teamId}"),
            // A sandboxed page sends "null"; a page that hides its origin sends none and says cross-site.
            From("null", HttpMethod.Post, "/api/v1/ladders/snowflake/activate"),
            From(null, HttpMethod.Post, "/api/v1/ladders/snowflake/activate", fetchSite: "cross-site"),
            // Same host, other scheme or port: another origin.
            From($"https://{server.BaseAddress.Authority}", HttpMethod.Post, "/api/v1/ladders/snowflake/activate"),
            From($"http://{server.BaseAddress.Host}:{server.BaseAddress.Port + 1}", HttpMethod.Post, "/api/v1/ladders/snowflake/activate"),
        };
        foreach (var attempt in attempts)
        {
            var origin = attempt.Headers.TryGetValues("Origin", out var values) ? values.Single() : null;
            await AssertRefusedAsync(await browser.SendAsync(attempt), origin is null ? "did not say where it came from" : $"({origin})");
        }
        // Without Origin or Sec-Fetch-Site (not a browser, or one too old to say): refused as well.
        await AssertRefusedAsync(await browser.SendAsync(From(null, HttpMethod.Post, "/api/v1/ladders/snowflake/activate")), "did not say where it came from");

        Assert.Equal(["fulcrum-engineering", "snowflake"], await LadderIdsAsync(reader));
        var ladders = (await reader.GetFromJsonAsync<JsonElement>("/api/v1/ladders")).EnumerateArray();
        Assert.Equal("fulcrum-engineering", ladders.Single(l => l.GetProperty("active").GetBoolean()).GetProperty("id").GetString());
        Assert.Equal("Payments", (await reader.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{teamId}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Fulcrums_own_pages_and_api_tokens_still_change_things()
    {
        var (server, browser, reader) = await StartAsync();
        await using var running = server;
        using var _ = browser;
        using var __ = reader;
        var self = server.BaseAddress.GetLeftPart(UriPartial.Authority);

        // A fetch from Fulcrum's own page (the Swagger UI's "Try it out"): the browser sends this site's Origin.
        var plain = await browser.SendAsync(From(self, HttpMethod.Post, "/api/v1/ladders/import?name=constants.js", PlainText(LadderData.Text("snowflake/constants.js"))));
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        var multipart = await browser.SendAsync(From(self, HttpMethod.Post, "/api/v1/ladders/import", MonzoPages()));
        Assert.Equal(HttpStatusCode.Created, multipart.StatusCode);
        // A browser that sends no Origin but says the request is same-origin.
        var activated = await browser.SendAsync(From(null, HttpMethod.Post, "/api/v1/ladders/snowflake/activate", fetchSite: "same-origin"));
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);

        // An API token works whatever the headers say: browsers never send one by themselves.
        var team = await reader.SendAsync(From(Evil, HttpMethod.Post, "/api/v1/teams", JsonContent.Create(new { name = "Payments" })));
        Assert.Equal(HttpStatusCode.Created, team.StatusCode);
        var teamId = (await team.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(From(null, HttpMethod.Put, $"/api/v1/teams/{teamId}", JsonContent.Create(new { name = "Payments EU" })))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await reader.SendAsync(From(Evil, HttpMethod.Delete, $"/api/v1/teams/{teamId}"))).StatusCode);

        // Reading with the cookie from anywhere stays as it was (the browser keeps the answer from the other site).
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(From(Evil, HttpMethod.Get, "/api/v1/ladders"))).StatusCode);
        Assert.Equal(["fulcrum-engineering", "monzo-framework", "snowflake"], (await LadderIdsAsync(reader)).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/teams/{teamId}")).StatusCode);
    }
}
