using System.Net;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Accounts;

/// <summary>Logging out ends the session on the server, and only Fulcrum's own logout form can do it.</summary>
public sealed class LogoutTests
{
    private static CookieContainer Copy(CookieContainer cookies, Uri address)
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in cookies.GetCookies(address))
        {
            copy.Add(address, new Cookie(cookie.Name, cookie.Value, cookie.Path));
        }
        return copy;
    }

    private static FormUrlEncodedContent Form(string? token) => new(token is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

    [Fact]
    public async Task A_copied_session_cookie_is_refused_right_after_logout()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("ada@example.com", Roles.Member, "Ada");
        var cookies = new CookieContainer();
        using var browser = server.CreateClient(cookies: cookies);
        await FulcrumServer.LogInAsync(browser, "ada@example.com");
        using var copied = server.CreateClient(cookies: Copy(cookies, server.BaseAddress));
        Assert.Equal(HttpStatusCode.OK, (await copied.GetAsync("/api/v1/me")).StatusCode);

        var home = await browser.GetStringAsync("/");
        var loggedOut = await browser.PostAsync("/Account/Logout", Form(FulcrumServer.AntiforgeryToken(home)));

        Assert.Equal(HttpStatusCode.Redirect, loggedOut.StatusCode);
        Assert.Equal("/Account/Login?signedOut=1", loggedOut.Headers.Location?.OriginalString);
        // Within the same second, not after Identity's one-minute check.
        Assert.Equal(HttpStatusCode.Unauthorized, (await copied.GetAsync("/api/v1/me")).StatusCode);
        var page = await copied.GetAsync("/teams");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/teams")).StatusCode);

        // Logging in again starts a new session that works.
        await FulcrumServer.LogInAsync(browser, "ada@example.com");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_logout_post_without_the_forms_token_is_refused_and_the_session_stays()
    {
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("ada@example.com", Roles.Member, "Ada");
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "ada@example.com");

        // What a page on another site can send: a form post with the browser's cookies, but no token.
        var forged = new HttpRequestMessage(HttpMethod.Post, "/Account/Logout") { Content = Form(null) };
        forged.Headers.Add("Origin", "https://evil.example");
        var refused = await browser.SendAsync(forged);
        var empty = await browser.PostAsync("/Account/Logout", null);
        var wrong = await browser.PostAsync("/Account/Logout", Form("CfDJ8-not-a-token"));

        foreach (var response in new[] { refused, empty, wrong })
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Account/Logout?refused=1", response.Headers.Location?.OriginalString);
        }
        var landing = WebUtility.HtmlDecode(await browser.GetStringAsync("/Account/Logout?refused=1"));
        Assert.Contains("You are still logged in: that logout did not come from Fulcrum's own form", landing);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/teams")).StatusCode);

        // The page's own form logs out.
        var retry = await browser.PostAsync("/Account/Logout", Form(FulcrumServer.AntiforgeryToken(landing)));
        Assert.Equal("/Account/Login?signedOut=1", retry.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);
    }
}
