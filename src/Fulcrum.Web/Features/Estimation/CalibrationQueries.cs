using System.Globalization;
using Fulcrum.Core;
using Fulcrum.Core.Estimation;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>
/// Work items of the team that calibration does not use, counted by why, so a reader knows what the
/// figures cover. <see cref="Code"/> is stable for scripts: no_estimate, time_estimate, no_unit, other_deck;
/// <see cref="Unit"/> is the estimate unit of time_estimate and other_deck.
/// </summary>
public sealed record LeftOutItems(string Code, string? Unit, string Reason, int Finished, int Open);

/// <summary>All of the team's work items, and the ones left out of calibration and the forecast.</summary>
public sealed record CalibrationCoverage(int WorkItems, int Finished, int Open, IReadOnlyList<LeftOutItems> LeftOut);

/// <summary>Every cycle time on one card, ascending: the distribution the card's percentiles summarise.</summary>
public sealed record CardCycleTimes(string DeckId, string Card, double? Points, IReadOnlyList<double> Days);

/// <summary>
/// A team's calibration (one entry per deck) and the forecast of its estimated backlog, as of
/// <see cref="AsOf"/> (midnight UTC of the day it was asked). <see cref="Teams"/> is the team
/// followed by its sub-teams, whose work counts with it.
/// </summary>
public sealed record CalibrationResult(
    string Team,
    IReadOnlyList<string> Teams,
    DateTime AsOf,
    string? Deck,
    CalibrationCoverage Coverage,
    IReadOnlyList<DeckCalibration> Decks,
    IReadOnlyList<CardCycleTimes> CycleTimes,
    IReadOnlyList<BacklogItem> Backlog,
    IReadOnlyList<ThroughputWeek> History,
    ForecastResult Forecast);

/// <summary>
/// Reads a team's work items (with its sub-teams') and runs the calibration and forecast engines
/// over them. An item's estimate unit is its deck ("points"); items estimated in time units or not
/// at all are not card estimates and are only counted. Poker history is not recorded yet, so the
/// agreement figures give their reason.
/// </summary>
public sealed class CalibrationQueries(FulcrumDbContext db, DeliveryReport reports, TimeProvider clock)
{
    /// <summary>Units that are time, not cards: an estimate of 3 days is a different kind of statement from a 3.</summary>
    public static readonly IReadOnlyList<string> TimeUnits = ["hours", "days", "weeks"];

    /// <summary>The forecast is seeded so the page, the API and the CLI show the same dates all day.</summary>
    public const int ForecastSeed = 1;

    public async Task<CalibrationResult> ForTeamAsync(
        string team, string? deck = null, ForecastMethod method = ForecastMethod.Throughput, CancellationToken cancellationToken = default)
    {
        // An unknown team, or deck below, is not found: the message names it.
        var scope = await reports.TeamScopeAsync(team, cancellationToken);
        var teamIds = scope.TeamIds!.ToList();
        var names = await db.Teams.Where(t => teamIds.Contains(t.Id)).Select(t => t.Name).ToListAsync(cancellationToken);
        // The scope found the team by this same rule, so exactly one name matches.
        var teamName = names.Single(n => string.Equals(n, team, StringComparison.OrdinalIgnoreCase));
        var items = await db.WorkItems.AsNoTracking()
            .Where(i => i.TeamId != null && teamIds.Contains(i.TeamId.Value))
            .Select(i => new { i.Id, i.ExternalId, i.Title, i.Estimate, i.EstimateUnit, i.StartedAt, i.DoneAt })
            .ToListAsync(cancellationToken);
        // How each item's estimate came about in a poker room, when it did (the latest record wins).
        var itemIds = items.Select(i => i.Id).ToList();
        var poker = (await db.EstimateRecords.AsNoTracking()
                .Where(e => e.WorkItemId != null && itemIds.Contains(e.WorkItemId.Value))
                .Select(e => new { WorkItemId = e.WorkItemId!.Value, e.AcceptedAt, e.History })
                .ToListAsync(cancellationToken))
            .GroupBy(e => e.WorkItemId)
            .ToDictionary(g => g.Key, g => PokerHistoryOf(g.MaxBy(e => e.AcceptedAt)!.History));

        var decks = items.Where(i => i.Estimate is not null && IsDeck(i.EstimateUnit)).Select(i => i.EstimateUnit!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (deck is not null && !decks.Contains(deck, StringComparer.Ordinal))
        {
            throw ProblemException.NotFound(decks.Count == 0
                ? $"Team '{teamName}' has no work items estimated with a deck of cards, so there is no deck '{deck}'."
                : $"Team '{teamName}' has no work items estimated with deck '{deck}'; its decks: {string.Join(", ", decks)}.");
        }

        var leftOut = new List<LeftOutItems>();
        void Count(string code, string? unit, string reason, IEnumerable<bool> finished)
        {
            var done = finished.ToList();
            if (done.Count > 0)
            {
                leftOut.Add(new LeftOutItems(code, unit, reason, done.Count(d => d), done.Count(d => !d)));
            }
        }
        Count("no_estimate", null, "No estimate.", items.Where(i => i.Estimate is null).Select(i => i.DoneAt is not null));
        foreach (var unit in TimeUnits)
        {
            Count("time_estimate", unit, $"Estimated in {unit}: a time estimate, not a card from a deck.",
                items.Where(i => i.Estimate is not null && string.Equals(i.EstimateUnit, unit, StringComparison.OrdinalIgnoreCase)).Select(i => i.DoneAt is not null));
        }
        Count("no_unit", null, "An estimate without a unit: Fulcrum cannot tell which deck it came from.",
            items.Where(i => i.Estimate is not null && string.IsNullOrWhiteSpace(i.EstimateUnit)).Select(i => i.DoneAt is not null));
        if (deck is not null)
        {
            foreach (var other in decks.Where(d => d != deck))
            {
                Count("other_deck", other, $"Estimated with deck '{other}'; only '{deck}' was asked for.",
                    items.Where(i => i.Estimate is not null && i.EstimateUnit == other).Select(i => i.DoneAt is not null));
            }
        }

        var estimated = items.Where(i => i.Estimate is not null && IsDeck(i.EstimateUnit) && (deck is null || i.EstimateUnit == deck)).ToList();
        var finished = estimated.Where(i => i.DoneAt is not null)
            .Select(i => new FinishedItemFact(i.ExternalId, i.Title, i.EstimateUnit!, Card(i.Estimate!.Value), i.Estimate, i.StartedAt, i.DoneAt!.Value,
                poker.GetValueOrDefault(i.Id)))
            .ToList();
        var backlog = estimated.Where(i => i.DoneAt is null)
            .GroupBy(i => i.Estimate!.Value)
            .OrderBy(g => g.Key)
            .Select(g => new BacklogItem(Card(g.Key), g.Key, g.Count()))
            .ToList();

        var asOf = clock.GetUtcNow().UtcDateTime.Date;
        var history = ForecastHistory.FromFinished(finished, asOf);
        var forecast = Forecast.Run(backlog, history, asOf, new ForecastOptions(method, Seed: ForecastSeed));
        var cycleTimes = finished.Where(i => i.CycleDays is not null)
            .GroupBy(i => (i.DeckId, i.Card))
            .Select(g => new CardCycleTimes(g.Key.DeckId, g.Key.Card, g.First().Points, g.Select(i => i.CycleDays!.Value).Order().ToList()))
            .OrderBy(c => c.DeckId, StringComparer.Ordinal).ThenBy(c => c.Points)
            .ToList();

        return new CalibrationResult(
            teamName,
            [teamName, .. names.Where(n => n != teamName).Order(StringComparer.OrdinalIgnoreCase)],
            asOf,
            deck,
            new CalibrationCoverage(items.Count, items.Count(i => i.DoneAt is not null), items.Count(i => i.DoneAt is null), leftOut),
            Calibration.Compute(finished).Decks,
            cycleTimes,
            backlog,
            history.Weeks,
            forecast);
    }

    /// <summary>"throughput" or "weighted" (also the enum's own names), as the API and the CLI take them.</summary>
    public static bool TryParseMethod(string? text, out ForecastMethod method)
    {
        method = ForecastMethod.Throughput;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "throughput":
                return true;
            case "weighted" or "cycle-time-weighted" or "cycletimeweighted":
                method = ForecastMethod.CycleTimeWeighted;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The card's label: the estimate as written, invariantly ("5", "0.5").</summary>
    public static string Card(double estimate) => estimate.ToString(CultureInfo.InvariantCulture);

    private static bool IsDeck(string? unit) =>
        !string.IsNullOrWhiteSpace(unit) && !TimeUnits.Contains(unit, StringComparer.OrdinalIgnoreCase);

    /// <summary>An accepted estimate's rounds (as <see cref="PokerStore"/> stores them) as calibration's poker history.</summary>
    private static PokerHistory? PokerHistoryOf(string history)
    {
        var rounds = System.Text.Json.JsonSerializer.Deserialize<List<RoundSummary>>(history, System.Text.Json.JsonSerializerOptions.Web);
        return rounds is { Count: > 0 }
            ? new PokerHistory(rounds[0].NumericVotes, rounds.Count, rounds.Count > 1 ? rounds[^1].NumericVotes : null)
            : null;
    }
}
