using Fulcrum.Core.Careers;
using Fulcrum.Web.Features.Home;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// Careers' share of "Waiting for you": ratings the person still owes, cycles whose raters have all
/// submitted (for the person and their manager chain), learning sprints due for a check-in, and the
/// people nobody has recognised lately. Each comes from the careers service the page uses.
/// </summary>
public sealed class CareersAgenda(Assessments assessments, GrowthPlans growth, Recognition recognition, TimeProvider clock) : IAgendaSource
{
    /// <summary>How many people without recognition are named before the rest are counted.</summary>
    public const int NamesListed = 3;

    public async Task<IReadOnlyList<AgendaItem>> ForAsync(AgendaViewer viewer, CancellationToken cancellationToken)
    {
        var items = new List<AgendaItem>();
        if (viewer.Scope is not { } scope)
        {
            return items;
        }
        await AssessmentsAsync(scope.PersonId, items, cancellationToken);
        await GrowthAsync(scope.PersonId, items, cancellationToken);
        var unrecognised = await recognition.UnrecognisedAsync(scope, viewer.Leads, RecognitionGap.DefaultDays, cancellationToken);
        if (unrecognised is { Count: > 0 })
        {
            items.Add(new("Careers", $"No team kudos in {RecognitionGap.DefaultDays} days for {Named(unrecognised)}.", "/careers/kudos"));
        }
        return items;
    }

    /// <summary>
    /// "Ethan, Priya and Tom", or "Amara, Daniel, Ingrid and 9 others": in name order, as on the kudos
    /// page, never who received least. A long list names a few. The weekly review words it alike.
    /// </summary>
    public static string Named(IReadOnlyList<UnrecognisedPerson> unrecognised)
    {
        var names = unrecognised.Select(p => p.Name).ToList();
        return names.Count <= NamesListed + 1
            ? string.Join(", ", names[..^1]) + (names.Count > 1 ? " and " : "") + names[^1]
            : $"{string.Join(", ", names.Take(NamesListed))} and {names.Count - NamesListed} others";
    }

    private async Task AssessmentsAsync(int personId, List<AgendaItem> items, CancellationToken cancellationToken)
    {
        var lists = await assessments.ListAsync(personId, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var cycle in lists.Yours.Concat(lists.YouRate).Where(c => c.Status == CycleStatus.Open && c.YouSubmitted == false))
        {
            var whom = cycle.Person.Id == personId ? "yourself" : cycle.Person.Name;
            var due = cycle.ClosesOn is DateOnly day ? $", due {AssessmentRules.DoneBy(day, today).Text}" : "";
            items.Add(new("Careers", $"Rate {whom} against {cycle.LevelTitle}{due}.", $"/careers/assessments/{cycle.Id}"));
        }
        // Every rater has submitted: the person or a manager can close the cycle and see the results.
        foreach (var cycle in lists.Yours.Concat(lists.YourReports)
            .Where(c => c.Status == CycleStatus.Open && c.Raters > 0 && c.Submitted == c.Raters).DistinctBy(c => c.Id))
        {
            var whose = cycle.Person.Id == personId ? "your" : $"{cycle.Person.Name}'s";
            items.Add(new("Careers", $"All {cycle.Raters} raters of {whose} assessment have submitted: close it to see the results.", $"/careers/assessments/{cycle.Id}"));
        }
    }

    private async Task GrowthAsync(int personId, List<AgendaItem> items, CancellationToken cancellationToken)
    {
        foreach (var plan in await growth.VisibleAsync(personId, cancellationToken))
        {
            if (plan.Progress.CheckInsDue == 0)
            {
                continue;
            }
            var sprints = Count(plan.Progress.CheckInsDue, "learning sprint");
            items.Add(plan.Person.Id == personId
                ? new("Careers", $"{sprints} of yours ended: check in on what came of {(plan.Progress.CheckInsDue == 1 ? "it" : "them")}.", "/careers/growth")
                : new("Careers", $"{plan.Person.Name}: {sprints} ended and {(plan.Progress.CheckInsDue == 1 ? "waits" : "wait")} for a check-in.", $"/careers/growth/{plan.Person.Id}"));
        }
    }
}
