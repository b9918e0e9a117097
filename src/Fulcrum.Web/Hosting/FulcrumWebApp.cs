using System.Text.Json.Serialization;
using NodaTime.Serialization.SystemTextJson;
using Fulcrum.Core;
using Fulcrum.Web.Components;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Estimation;
using Fulcrum.Web.Features.Home;
using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Features.Leverage;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.Review;
using Fulcrum.Web.Features.Experiments;
using Fulcrum.Web.Features.Feedback;
using Fulcrum.Web.Features.Friction;
using Fulcrum.Web.Features.TeamDesign;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Fulcrum.Web.Hosting;

public sealed record ServeOptions
{
    public required DatabaseTarget Database { get; init; }
    public string[] Urls { get; init; } = ["http://127.0.0.1:5000"];
    public bool Demo { get; init; }
    /// <summary>"json" for one JSON object per log line (for log shippers); otherwise readable text.</summary>
    public string LogFormat { get; init; } = "text";
    public string EnvironmentName { get; init; } = Environments.Production;
    public TimeProvider? Clock { get; init; }
    /// <summary>Extra configuration (tests quieten logging with it).</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    /// <summary>What this node does: serve HTTP, run background jobs, or both (<c>fulcrum serve --role</c>).</summary>
    public ServerRole Role { get; init; } = ServerRole.All;
    /// <summary>Extra services, added last (tests register a job handler of their own with it).</summary>
    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>
/// A node's part (ADR 0013). Every role answers HTTP, health checks included; <see cref="Web"/> runs no background
/// jobs, <see cref="Worker"/> runs them and is meant to be left out of the proxy's pool, <see cref="All"/> does both.
/// </summary>
public enum ServerRole
{
    All,
    Web,
    Worker,
}

/// <summary>Builds and prepares the web app: services, authentication, the pipeline and the routes.</summary>
public static class FulcrumWebApp
{
    public const string DefaultScheme = "Fulcrum";

    public static WebApplication Build(ServeOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = options.EnvironmentName,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            ApplicationName = typeof(FulcrumWebApp).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        ConfigureLogging(builder.Logging, options.LogFormat);

        var services = builder.Services;
        services.AddFulcrumCore(options.Database, builder.Configuration);
        if (options.Clock is not null)
        {
            services.AddSingleton(options.Clock);
        }
        if (options.Role != ServerRole.Web)
        {
            services.AddHostedService<JobWorker>();
        }
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddProblemDetails();
        services.AddAntiforgery();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Fulcrum API";
            // Swagger UI renders the description as Markdown, where a bare <token> is an HTML tag and vanishes.
            document.Info.Description = "Send a personal API token as `Authorization: Bearer <token>`. Create one under Account → API tokens or with `fulcrum token create`. In the browser, your login session works too.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["token"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal API token (fulcrum_…)",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("token", document)] = [] }];
            return Task.CompletedTask;
        }));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.ConfigureForNodaTime(NodaTime.DateTimeZoneProviders.Tzdb);
        });
        services.AddFulcrumHealthChecks();
        services.AddSingleton<ServeLock>();
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) => proxy.Value.ApplyTo(forwarded));
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        services.AddDataProtection().SetApplicationName("Fulcrum");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<IServiceScopeFactory>())));
        services.AddIdentityCore<ApplicationUser>().AddSignInManager();
        // A new security stamp (logout, lock, role, password) ends sessions at once (SessionValidation);
        // the principal's roles and claims are rebuilt from the account once a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = DefaultScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(DefaultScheme, "Cookie or API token", o => o.ForwardDefaultSelector = context =>
                IsTokenRequest(context.Request) ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(ConfigureCookie));
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AccountsOptions>>((cookie, accounts) => cookie.ExpireTimeSpan = accounts.Value.SessionLifetime);
        services.AddAuthorizationBuilder()
            // Every endpoint needs a signed-in user unless it says [AllowAnonymous].
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.ManageOrganisation, p => p.RequireRole(Roles.Admin, Roles.Leader))
            .AddPolicy(Policies.ManageAccounts, p => p.RequireRole(Roles.Admin));
        options.Services?.Invoke(services);

        var app = builder.Build();
        // First, so that everything after sees the scheme the browser used (https behind a TLS proxy):
        // the session cookie is then Secure, HSTS is sent, and the same-origin checks compare the right origin.
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        // Only over https, and never for localhost (HstsOptions.ExcludedHosts).
        app.UseHsts();
        // The poker WebSocket is served here, ahead of the rest: a socket lasts a meeting, and it
        // should not hold a frame of every middleware below for that long (PokerEndpoints.UsePokerSocket).
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.UsePokerSocket();
        // Errors: the API answers ProblemDetails; a browser gets the error page (Components/Pages/Error.razor).
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = ProblemAnswers.StatusOf });
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsApi(context), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions
            {
                StatusCodeSelector = ProblemAnswers.StatusOf,
                ExceptionHandlingPath = "/error/500",
                CreateScopeForErrors = true,
            });
            pages.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
        });
        app.UseStaticFiles();
        // Routing after the error handlers, so that a re-executed error page is routed afresh.
        app.UseRouting();
        app.UseAuthentication();
        app.UseSameOriginWrites();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapFulcrumHealthChecks();
        app.MapOpenApi("/openapi/{documentName}.json");
        // The API browser is middleware, not an endpoint, so the fallback policy does not reach it.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api/docs"), branch => branch.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync();
                return;
            }
            await next();
        }));
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Fulcrum API v1");
            o.DocumentTitle = "Fulcrum API";
        });
        // Every module maps into one group, whose filter answers refusals (ProblemAnswers).
        var endpoints = app.MapGroup("").AnswerProblems();
        endpoints.MapHome();
        endpoints.MapReview();
        endpoints.MapAccounts();
        endpoints.MapOrganisation();
        endpoints.MapDelivery();
        endpoints.MapEstimation();
        endpoints.MapCareers();
        endpoints.MapLeverage();
        endpoints.MapTeamDesign();
        endpoints.MapFeedback();
        endpoints.MapFriction();
        endpoints.MapExperiments();
        endpoints.MapJobs();
        app.MapRazorComponents<App>();
        return app;
    }

    /// <summary>Takes the SQLite file for this server alone (<see cref="ServeLock"/>), brings the schema up
    /// to date, makes sure the key ring has a key and, when asked, seeds the demo organisation.</summary>
    public static async Task PrepareAsync(WebApplication app, ServeOptions options, CancellationToken cancellationToken = default)
    {
        CheckSettings(app.Services);
        var serveLock = app.Services.GetRequiredService<ServeLock>();
        serveLock.Take();
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Database");
            var db = scope.ServiceProvider.GetRequiredService<FulcrumDbContext>();
            logger.LogInformation("Using {Database}", options.Database.Description);
            await DatabaseSchema.OpenAsync(db, options.Database, mayCreate: true, cancellationToken);
            // Nodes of one PostgreSQL database that start at once take turns from here (NodeStartLock).
            await using (await NodeStartLock.TakeAsync(options.Database, cancellationToken))
            {
                await DatabaseSchema.MigrateAsync(db, logger, cancellationToken: cancellationToken);
                await scope.ServiceProvider.GetRequiredService<UserAccounts>().EnsureRolesAsync();
                // The first protect reads the key ring and creates its first key if it has none, under the lock: nodes starting
                // on an empty ring would otherwise each create a key, and ASP.NET Core re-reads the ring for a key it does not
                // know only in a node's first two minutes (KeyRingProvider.InAutoRefreshWindow), then once a day, so a
                // node would refuse the others' cookies for up to a day. Later keys are made two days before they are used.
                scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("Fulcrum.Start").Protect([0]);
                if (options.Demo)
                {
                    await scope.ServiceProvider.GetRequiredService<DemoSeeding>().SeedAsync(cancellationToken);
                }
            }
        }
        catch
        {
            serveLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks every module's settings before anything else happens, so a value out of range stops the
    /// start with the setting named (Fulcrum:Estimation:SaveInterval …) instead of a stack trace later.
    /// </summary>
    private static void CheckSettings(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            var failures = (e is AggregateException all ? all.InnerExceptions : [e]).OfType<OptionsValidationException>()
                .SelectMany(f => f.Failures.Select(failure => $"{SectionOf(f.OptionsType)}: {failure}")).ToList();
            throw ProblemException.Invalid("The settings are not valid", failures,
                $"The settings are not valid (docs/operations.md lists them): {string.Join(" ", failures)}");
        }
    }

    /// <summary>Each module's options class binds the section named after it: EstimationOptions ↔ Fulcrum:Estimation.</summary>
    private static string SectionOf(Type options) => $"Fulcrum:{options.Name.Replace("Options", "", StringComparison.Ordinal)}";

    public static void ConfigureLogging(ILoggingBuilder logging, string format)
    {
        logging.ClearProviders();
        if (format == "json")
        {
            logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // The key ring sits in the database unencrypted on purpose: whoever can read the database
        // can read everything the keys protect. The warning about it at every start is noise.
        logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
    }

    private static void ConfigureCookie(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions cookie)
    {
        cookie.LoginPath = "/Account/Login";
        cookie.AccessDeniedPath = "/Account/AccessDenied";
        cookie.Cookie.Name = "fulcrum.session";
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.SlidingExpiration = true;
        cookie.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
        // API callers get a status code, not a redirect to an HTML login page.
        cookie.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
        cookie.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
    }

    /// <summary>Requests that sign in with an API token rather than the session cookie (the policy scheme's choice).</summary>
    public static bool IsTokenRequest(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>Requests answered with JSON rather than pages: the API and the OpenAPI document.</summary>
    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi");

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.HttpContext))
        {
            context.Response.StatusCode = status;
            return Results.Problem(statusCode: status,
                title: status == StatusCodes.Status401Unauthorized ? "Authentication required" : "Forbidden",
                detail: status == StatusCodes.Status401Unauthorized
                    ? "Send a personal API token as 'Authorization: Bearer <token>' or sign in."
                    : "Your role does not allow this.").ExecuteAsync(context.HttpContext);
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
