using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Testing;

/// <summary>A real Fulcrum web app listening on 127.0.0.1 on a free port, over its own database.</summary>
public sealed partial class FulcrumServer : IAsyncDisposable
{
    public const string Password = "correct-horse-battery";

    private FulcrumServer(WebApplication app, DatabaseTarget database, Uri baseAddress)
    {
        App = app;
        Database = database;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }
    public DatabaseTarget Database { get; }
    public Uri BaseAddress { get; }

    /// <param name="settings">Configuration on top of the defaults, e.g. ["Fulcrum:Delivery:WebhookLimitMegabytes"] = "1".</param>
    /// <param name="role">The node's role (<c>fulcrum serve --role</c>): <see cref="ServerRole.Web"/> runs no background jobs.</param>
    /// <param name="services">Services added to the app's, e.g. a job handler of the test's own.</param>
    public static async Task<FulcrumServer> StartAsync(DatabaseTarget? database = null, bool demo = false, TimeProvider? clock = null,
        IReadOnlyDictionary<string, string?>? settings = null, ServerRole role = ServerRole.All, Action<IServiceCollection>? services = null)
    {
        if (demo && database is null && clock is null)
        {
            // Seeding the demo costs ~30 s of CPU; every test that only reads it gets a copy of one seeded file.
            database = await DemoTemplate.CopyAsync();
        }
        var options = new ServeOptions
        {
            Database = database ?? TestDatabases.NewSqlite(),
            Urls = ["http://127.0.0.1:0"],
            Demo = demo,
            Clock = clock,
            Settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Logging:LogLevel:Default"] = "Warning" },
            Role = role,
            Services = services,
        };
        var app = FulcrumWebApp.Build(options);
        await FulcrumWebApp.PrepareAsync(app, options);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FulcrumServer(app, options.Database, new Uri(address));
    }

    /// <summary>Runs <paramref name="work"/> with the app's services in a scope of its own.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<ApplicationUser> CreateUserAsync(string email, string role, string? name = null) =>
        WithServicesAsync(services => services.GetRequiredService<UserAccounts>().CreateAsync(email, name ?? "", Password, role));

    public async Task<string> CreateTokenAsync(string email, string role)
    {
        var user = await CreateUserAsync(email, role);
        var created = await WithServicesAsync(services =>
            services.GetRequiredService<ApiTokenService>().CreateAsync(user.Id, "test", 30));
        return created.Token;
    }

    /// <summary>An HTTP client that does not follow redirects and keeps cookies, like a browser without JS.</summary>
    public HttpClient CreateClient(string? bearerToken = null, CookieContainer? cookies = null)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        }
        return client;
    }

    /// <summary>Logs <paramref name="client"/> in through the real login form (antiforgery included).</summary>
    public static async Task LogInAsync(HttpClient client, string email, string password = Password)
    {
        var page = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login as {email} failed: {(int)response.StatusCode}");
        }
    }

    public static string AntiforgeryToken(string html) =>
        AntiforgeryPattern().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
