using Fulcrum.Core;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Fulcrum.Web.Features.Review;

/// <summary>The weekly review over HTTP (docs/review.md): your review as JSON or Markdown, how it is sent to you, and sending it now.</summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var review = app.MapGroup("/api/v1/review").WithTags("Weekly review");
        review.MapGet("", async Task<IResult> (string? format, string? until, Me me, WeeklyReview reviews, IOptions<ReviewOptions> options, CancellationToken ct) =>
        {
            var made = await reviews.MakeAsync(await ReaderAsync(me, reviews, until, ct), ct);
            return format?.Trim().ToLowerInvariant() switch
            {
                null or "" or "json" => TypedResults.Ok(made),
                "markdown" or "md" => TypedResults.Text(ReviewText.Markdown(made, options.Value.PublicUrl), "text/markdown; charset=utf-8"),
                _ => throw ProblemException.InvalidField("format", $"'{Shorten(format)}' is not a format: json or markdown."),
            };
        }).Produces<WeeklyReviewResult>().ProducesValidationProblem();
        review.MapGet("delivery", async (Me me, WeeklyReview reviews, ReviewDelivery delivery, CancellationToken ct) =>
            TypedResults.Ok(await delivery.GetAsync(await ReaderAsync(me, reviews, null, ct), ct)));
        review.MapPut("delivery", async (ReviewDeliveryRequest request, Me me, WeeklyReview reviews, ReviewDelivery delivery, CancellationToken ct) =>
            TypedResults.Ok(await delivery.SetAsync(await ReaderAsync(me, reviews, null, ct), request, ct))).ProducesValidationProblem();
        review.MapPost("send", async (Me me, WeeklyReview reviews, ReviewDelivery delivery, CancellationToken ct) =>
        {
            var sent = await delivery.SendNowAsync(await ReaderAsync(me, reviews, null, ct), ct);
            return sent.Succeeded
                ? TypedResults.Ok(sent)
                : throw ProblemException.Unavailable("The review was not sent everywhere", string.Join(" ", sent.Problems));
        }).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<ReviewReader> ReaderAsync(Me me, WeeklyReview reviews, string? until, CancellationToken ct) =>
        await reviews.ReaderAsync(me.User, ParseDay(until, "until"), ct) ?? throw Me.NotAPerson();

    /// <summary>A day written as YYYY-MM-DD, or null for none; anything else is refused naming <paramref name="field"/>.</summary>
    public static DateOnly? ParseDay(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            && day.Year is >= 2000 and <= 2100
            ? day
            : throw ProblemException.InvalidField(field, $"{field} must be a day written as YYYY-MM-DD, not '{Shorten(text)}'.");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
