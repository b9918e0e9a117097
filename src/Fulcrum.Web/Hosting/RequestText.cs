using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Web.Hosting;

/// <summary>Reads a request body as text with an upper bound, for endpoints whose parsers read
/// synchronously (Kestrel forbids that on the request stream).</summary>
public static class RequestText
{
    /// <returns>The body, or null when it is larger than <paramref name="maxBytes"/>: declared so, or found so while reading.</returns>
    public static async Task<string?> ReadAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var reader = new StreamReader(request.Body);
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            text.Append(buffer, 0, read);
            // UTF-8 needs at least one byte a character, so more characters than bytes allowed is too large.
            if (text.Length > maxBytes)
            {
                return null;
            }
        }
        return text.ToString();
    }
}
