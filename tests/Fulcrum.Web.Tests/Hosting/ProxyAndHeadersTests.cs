using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Hosting;

/// <summary>
/// Behind the TLS-terminating proxy of docs/operations.md: a trusted proxy's X-Forwarded-Proto makes
/// the request https (Secure session cookie, HSTS, https origins), anyone else's changes nothing.
/// And the headers every answer carries.
/// </summary>
public sealed class ProxyAndHeadersTests
{
    private const string PublicHost = "fulcrum.example.com";

    /// <summary>
    /// A browser behind the proxy, cookies kept by hand: a cookie marked Secure would not travel back
    /// over the test's plain http otherwise, while the real proxy forwards the browser's cookies as sent.
    /// </summary>
    private sealed class ProxiedBrowser(FulcrumServer server, bool viaProxy) : IDisposable
    {
        private readonly HttpClient client = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        private readonly Dictionary<string, string> cookies = [];

        /// <summary>Every Set-Cookie line the server sent, as sent.</summary>
        public List<string> SetCookies { get; } = [];

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? origin = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            if (viaProxy)
            {
                request.Headers.Host = PublicHost;
                request.Headers.Add("X-Forwarded-Proto", "https");
                request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            }
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }
            var response = await client.SendAsync(request);
            foreach (var line in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                SetCookies.Add(line);
                var pair = line.Split(';')[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }
            return response;
        }

        public async Task LogInAsync(string email)
        {
            var page = await (await SendAsync(HttpMethod.Get, "/Account/Login")).Content.ReadAsStringAsync();
            var response = await SendAsync(HttpMethod.Post, "/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = FulcrumServer.AntiforgeryToken(page),
                ["Input.Email"] = email,
                ["Input.Password"] = FulcrumServer.Password,
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        public string SessionCookie => SetCookies.Last(line => line.StartsWith("fulcrum.session=", StringComparison.Ordinal));

        public void Dispose() => client.Dispose();
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';', StringSplitOptions.TrimEntries).Any(part => part.Equals("secure", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Behind_a_trusted_proxy_the_session_cookie_is_secure_hsts_is_sent_and_https_pages_may_change_things()
    {
        // No proxies named: one on the same machine (loopback) is trusted, as the tests' client is.
        await using var server = await FulcrumServer.StartAsync();
        await server.CreateUserAsync("lea@example.com", Roles.Leader, "Lea");

        using var proxied = new ProxiedBrowser(server, viaProxy: true);
        await proxied.LogInAsync("lea@example.com");
        Assert.True(IsSecure(proxied.SessionCookie), proxied.SessionCookie);
        Assert.Contains("httponly", proxied.SessionCookie, StringComparison.OrdinalIgnoreCase);
        var page = await proxied.SendAsync(HttpMethod.Get, "/teams");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Contains($"wss://{PublicHost}", page.Headers.GetValues("Content-Security-Policy").Single());
        // The browser's page is https://fulcrum.example.com, and the server now knows it.
        var created = await proxied.SendAsync(HttpMethod.Post, "/api/v1/teams", JsonContent.Create(new { name = "Payments" }), origin: $"https://{PublicHost}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Straight to the server over plain http: no Secure cookie, no HSTS.
        using var direct = new ProxiedBrowser(server, viaProxy: false);
        await direct.LogInAsync("lea@example.com");
        Assert.False(IsSecure(direct.SessionCookie), direct.SessionCookie);
        var plain = await direct.SendAsync(HttpMethod.Get, "/teams");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Forwarded_headers_from_a_proxy_not_named_change_nothing()
    {
        // Proxies named: only they are trusted, so the tests' loopback client is not.
        await using var server = await FulcrumServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Fulcrum:Proxy:KnownProxies:0"] = "10.0.0.5",
            ["Fulcrum:Proxy:KnownNetworks:0"] = "192.168.10.0/24, fd00::/8",
        });
        await server.CreateUserAsync("lea@example.com", Roles.Leader, "Lea");

        using var spoofing = new ProxiedBrowser(server, viaProxy: true);
        await spoofing.LogInAsync("lea@example.com");
        Assert.False(IsSecure(spoofing.SessionCookie), spoofing.SessionCookie);
        var page = await spoofing.SendAsync(HttpMethod.Get, "/teams");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        // The request stayed http, so an https page is another origin.
        var refused = await spoofing.SendAsync(HttpMethod.Post, "/api/v1/teams", JsonContent.Create(new { name = "Payments" }), origin: $"https://{PublicHost}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_proxy_setting_that_is_not_an_address_stops_the_start_naming_it()
    {
        var refused = await Assert.ThrowsAsync<ProblemException>(() => FulcrumServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Fulcrum:Proxy:KnownProxies:0"] = "proxy.internal",
            ["Fulcrum:Proxy:KnownNetworks:0"] = "10.0.0.0/99",
        }));

        Assert.Contains(refused.Sentences, s => s.StartsWith("Fulcrum:Proxy: ", StringComparison.Ordinal) && s.Contains("'proxy.internal' in KnownProxies is not an IP address."));
        Assert.Contains(refused.Sentences, s => s.StartsWith("Fulcrum:Proxy: ", StringComparison.Ordinal) && s.Contains("'10.0.0.0/99' in KnownNetworks"));
    }

    [Fact]
    public async Task Pages_allow_only_their_own_scripts_and_styles_and_the_api_browser_has_its_own_policy()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var member = server.CreateClient(await server.CreateTokenAsync("mo@example.com", Roles.Member));

        var login = await server.CreateClient().GetAsync("/Account/Login");
        var policy = Directives(login.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal($"'self' ws://{server.BaseAddress.Authority}", policy["connect-src"]);
        Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());

        // Error pages re-run the pipeline after clearing the response: the headers are still there.
        var missing = await member.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("'self'", Directives(missing.Headers.GetValues("Content-Security-Policy").Single())["script-src"]);

        var docs = await member.GetAsync("/api/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        var docsPolicy = Directives(docs.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("'self'", docsPolicy["script-src"]);
        Assert.Equal("'self' 'unsafe-inline'", docsPolicy["style-src"]);
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
}
