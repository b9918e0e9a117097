using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Web.Hosting;

/// <summary>
/// The headers every answer carries, set as the response starts so that error pages (which clear
/// the response and run the pipeline again) carry them too.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The pages: scripts and styles only from Fulcrum's own files (wwwroot, no inline code), images
    /// from itself plus the data: icons of the stylesheet, fetches and the poker WebSocket to itself.
    /// Charts are SVG drawn on the server and need nothing more.
    /// </summary>
    private const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API browser (Swashbuckle's Swagger UI at /api/docs) adds &lt;style&gt; elements from its script
    /// bundle, so it alone may use inline styles; its scripts are files, as the pages' are.
    /// </summary>
    private const string ApiBrowserPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = $"{PolicyFor(context.Request)}; connect-src {ConnectSources(context.Request)}";
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static string PolicyFor(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/docs") ? ApiBrowserPolicy : PagePolicy;

    /// <summary>
    /// 'self' covers ws: and wss: to the same host in CSP level 3; the socket's own address is named
    /// as well for browsers that read the older rule.
    /// </summary>
    private static string ConnectSources(HttpRequest request) =>
        request.Host.HasValue ? $"'self' {(request.IsHttps ? "wss" : "ws")}://{request.Host.Value}" : "'self'";
}
