using Fulcrum.Core.Csv;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Web.Hosting;

/// <summary>Reads a request body with an upper bound, for endpoints whose parsers read synchronously
/// (Kestrel forbids that on the request stream). Bodies are UTF-8: anything else is refused, not read
/// as U+FFFD and stored.</summary>
public static class RequestText
{
    /// <returns>The body as text, or null when it is larger than <paramref name="maxBytes"/>.</returns>
    /// <exception cref="Core.ProblemException">Unreadable, naming the byte offset, when the body is not UTF-8.</exception>
    public static async Task<string?> ReadAsync(HttpRequest request, long maxBytes) =>
        await ReadBytesAsync(request, maxBytes) is { } bytes ? ImportText.DecodeBody(bytes) : null;

    /// <returns>The body's bytes, or null when they are more than <paramref name="maxBytes"/>: declared so, or found so while reading.</returns>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                return null;
            }
            body.Write(buffer, 0, read);
        }
        return body.ToArray();
    }
}
