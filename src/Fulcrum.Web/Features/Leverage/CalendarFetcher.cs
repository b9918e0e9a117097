using Fulcrum.Core;
using Fulcrum.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Leverage;

/// <summary>
/// Fetches a subscribed calendar (an ICS address as Google, Outlook and Apple publish them). The
/// server makes the request, so it refuses loopback, private and link-local addresses unless
/// <see cref="LeverageOptions.AllowPrivateAddresses"/> says otherwise (<see cref="OutboundAddresses"/>).
/// </summary>
public sealed class CalendarFetcher : IDisposable
{
    private readonly HttpClient client;
    private readonly LeverageOptions settings;

    public CalendarFetcher(IOptions<LeverageOptions> options)
    {
        settings = options.Value;
        var handler = OutboundAddresses.Handler(settings.AllowPrivateAddresses, "Fulcrum:Leverage:AllowPrivateAddresses", settings.FetchTimeout);
        client = new HttpClient(handler) { Timeout = settings.FetchTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Fulcrum-calendar/1.0");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/calendar, */*;q=0.5");
    }

    /// <summary>The address to fetch: webcal:// is https://; only http and https are taken.</summary>
    public static Uri Address(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("webcal://", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = "https://" + trimmed["webcal://".Length..];
        }
        if (trimmed.Length > LeverageCalendar.MaxUrlLength
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            throw ProblemException.InvalidField("url", "Give the calendar's https (or webcal) address, as your calendar's sharing settings show it.", "Not a calendar address");
        }
        return uri;
    }

    public async Task<byte[]> FetchAsync(Uri address, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Refused($"{address.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            if (response.Content.Headers.ContentLength > settings.CalendarLimitBytes)
            {
                throw TooLarge();
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await ReadAllAsync(body, settings, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw Refused(OutboundAddresses.RefusalOf(e) ?? $"{address.Host} could not be reached ({e.Message}).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Refused($"{address.Host} did not answer within {settings.FetchTimeout.TotalSeconds:0} seconds.");
        }
    }

    private ProblemException TooLarge() => TooLarge(settings);

    public static ProblemException TooLarge(LeverageOptions settings) =>
        ProblemException.TooLarge("The calendar is too large", $"A calendar may be up to {settings.CalendarLimitMegabytes} MB.");

    /// <summary>A calendar's bytes from a stream (a fetch, an upload), refused as soon as they pass the limit.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream body, LeverageOptions settings, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > settings.CalendarLimitBytes)
            {
                throw TooLarge(settings);
            }
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    private static ProblemException Refused(string message) => ProblemException.InvalidField("url", message, "The calendar could not be fetched");

    public void Dispose() => client.Dispose();
}
