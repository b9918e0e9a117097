using Microsoft.AspNetCore.Http;

namespace Fulcrum.Web.Components.Shared;

/// <summary>
/// A page that answers with an error status and still shows its own words ("No such room").
/// Static SSR gives a component that sets the status while rendering no body at all, so the status
/// code pages answer with their generic ProblemDetails instead; setting it as the response starts
/// keeps the page's body.
/// </summary>
public static class PageStatus
{
    public static void SetWhenStarting(this HttpResponse response, int status) =>
        response.OnStarting(() =>
        {
            response.StatusCode = status;
            return Task.CompletedTask;
        });
}
