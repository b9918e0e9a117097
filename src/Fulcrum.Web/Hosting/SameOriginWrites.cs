using Fulcrum.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Web.Hosting;

/// <summary>
/// A browser sends the session cookie with a request that any other site makes it send: a form
/// posting text/plain or multipart, a fetch without a body. So a change to the API made with the
/// cookie must come from Fulcrum's own pages: its <c>Origin</c> is this site, or, where a browser
/// sends no Origin, <c>Sec-Fetch-Site</c> says same-origin. Anything else is refused (403) before
/// the endpoint runs. Requests with an API token are not affected: browsers never add one on their
/// own, so the CLI, CI and curl go on as before. Pages' own form posts carry an antiforgery token instead.
/// </summary>
public static class SameOriginWrites
{
    public static IApplicationBuilder UseSameOriginWrites(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (IsChange(request.Method)
            && request.Path.StartsWithSegments("/api")
            && !FulcrumWebApp.IsTokenRequest(request)
            && context.User.Identity?.IsAuthenticated == true
            && !IsSameOrigin(request))
        {
            var from = request.Headers.Origin is [{ Length: > 0 } origin] ? $"another site ({origin})" : "a page that did not say where it came from";
            await ProblemException.Forbidden("Cross-site request refused",
                    $"A change made with a browser session must come from Fulcrum's own pages; this one came from {from}. " +
                    "Scripts and CI send an API token instead: 'Authorization: Bearer <token>'.")
                .ToHttp().ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    /// <summary>True when the request says it comes from a page of this site (scheme, host and port).</summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        if (request.Headers.Origin is [{ } origin])
        {
            return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
                && uri.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80));
        }
        return request.Headers["Sec-Fetch-Site"] is [{ } site] && string.Equals(site, "same-origin", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsChange(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}
