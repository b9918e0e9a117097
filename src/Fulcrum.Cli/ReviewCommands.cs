using System.CommandLine;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Web.Features.Review;
using Microsoft.Extensions.Options;

namespace Fulcrum.Cli;

/// <summary>`fulcrum review`: a person's weekly review as Markdown or JSON, and sending the reviews that are due (docs/review.md).</summary>
public static class ReviewCommands
{
    public static Command Build()
    {
        var me = new Option<string>("--me") { Description = "Whose review: the e-mail of their account. It shows what they would see signed in.", Required = true };
        var until = new Option<string?>("--until") { Description = "The day after the week reviewed, YYYY-MM-DD (default: today, so the seven days before it)." };
        var format = new Option<string>("--format") { Description = "markdown or json.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var command = new Command("review", "A leader's weekly review: every module's figures for their teams, each saying where it came from and linking to it (docs/review.md).")
        {
            me, until, format, Send(),
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var day = ReviewEndpoints.ParseDay(parseResult.GetValue(until), "--until");
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var reviews = cli.Get<WeeklyReview>();
            var review = await reviews.MakeAsync(await reviews.ReaderAsync(parseResult.GetValue(me)!, day, cancellationToken), cancellationToken);
            Console.Write(parseResult.GetValue(format) == "json"
                ? JsonSerializer.Serialize(review, ReviewText.Json) + "\n"
                : ReviewText.Markdown(review, cli.Get<IOptions<ReviewOptions>>().Value.PublicUrl));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Send()
    {
        var me = new Option<string?>("--me") { Description = "Send this person's review now, whether or not it is due (the e-mail of their account)." };
        var command = new Command("send", "Send the weekly reviews that are due, as `fulcrum serve` does on its schedule (for a cron job), or one person's now with --me. "
            + "E-mail needs Fulcrum__Review__Smtp__Host; Slack webhooks are set by each person on their review page.")
        {
            me,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var delivery = cli.Get<ReviewDelivery>();
            IReadOnlyList<ReviewSent> sent = parseResult.GetValue(me) is { } email
                ? [await delivery.SendNowAsync(await cli.Get<WeeklyReview>().ReaderAsync(email, cancellationToken: cancellationToken), cancellationToken)]
                : await delivery.SendDueAsync(cancellationToken);
            foreach (var one in sent)
            {
                Console.WriteLine(one.Succeeded
                    ? $"Sent the review of {one.Email} for {one.Week}: {string.Join("; ", one.Channels)}."
                    : $"Not sent, the review of {one.Email} for {one.Week}: {string.Join(" ", one.Problems)}{(one.Channels.Count > 0 ? $" (sent: {string.Join("; ", one.Channels)})" : "")}");
            }
            if (sent.Count == 0)
            {
                Console.WriteLine("No review is due: each has gone out this week, or nobody has a way to get one (an SMTP server, a Slack webhook).");
            }
            return sent.All(s => s.Succeeded) ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }
}
