using System.Security.Claims;
using Fulcrum.Core.Careers;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Estimation;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Home;

/// <summary>One thing waiting for the signed-in person: a sentence, and the page where it is done.</summary>
public sealed record AgendaItem(string Module, string Text, string Href);

/// <summary>
/// What waits for the signed-in person across the modules, for the home page: ratings to give,
/// cycles ready to close, sprints due for a check-in, people nobody has recognised lately,
/// suspected incident causes to review, and stories their team has still to estimate. Each entry
/// comes from the module's own service, so it shows only what that module would show this person.
/// </summary>
public sealed class Agenda(
    PersonAccess access, Assessments assessments, GrowthPlans growth, Recognition recognition, IncidentReview reviews,
    PokerStore poker, FulcrumDbContext db, IAuthorizationService authorization, TimeProvider clock)
{
    /// <summary>How many rooms of the person's team are named before the rest are counted.</summary>
    public const int RoomsNamed = 3;

    /// <summary>How many people without recognition are named before the rest are counted.</summary>
    public const int NamesListed = 3;

    public async Task<IReadOnlyList<AgendaItem>> ForAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var items = new List<AgendaItem>();
        var scope = await access.TeamScopeAsync(user, cancellationToken);
        if (scope is not null)
        {
            await AssessmentsAsync(scope.PersonId, items, cancellationToken);
            await GrowthAsync(scope.PersonId, items, cancellationToken);
            await RecognitionAsync(user, scope, items, cancellationToken);
        }
        if ((await authorization.AuthorizeAsync(user, Policies.ManageOrganisation)).Succeeded)
        {
            var allServices = await db.Services.Select(s => s.Id).ToListAsync(cancellationToken);
            var queue = await reviews.QueueAsync(allServices, cancellationToken);
            if (queue.Count > 0)
            {
                items.Add(new("Delivery", $"{Count(queue.Count, "incident")} {(queue.Count == 1 ? "has" : "have")} a suspected cause to confirm or reject.", "/delivery#review-heading"));
            }
        }
        if (scope is not null)
        {
            await EstimationAsync(scope, items, cancellationToken);
        }
        return items;
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

    private async Task RecognitionAsync(ClaimsPrincipal user, TeamScope scope, List<AgendaItem> items, CancellationToken cancellationToken)
    {
        var everyone = user.IsInRole(Roles.Leader) || user.IsInRole(Roles.Admin);
        var unrecognised = await recognition.UnrecognisedAsync(scope, everyone, RecognitionGap.DefaultDays, cancellationToken);
        if (unrecognised is { Count: > 0 })
        {
            // In name order, as on the kudos page: never who received least. A long list names a few.
            var names = unrecognised.Select(p => p.Name).ToList();
            var named = names.Count <= NamesListed + 1
                ? string.Join(", ", names[..^1]) + (names.Count > 1 ? " and " : "") + names[^1]
                : $"{string.Join(", ", names.Take(NamesListed))} and {names.Count - NamesListed} others";
            items.Add(new("Careers", $"No team kudos in {RecognitionGap.DefaultDays} days for {named}.", "/careers/kudos"));
        }
    }

    private async Task EstimationAsync(TeamScope scope, List<AgendaItem> items, CancellationToken cancellationToken)
    {
        if (scope.TeamId is not int teamId)
        {
            return;
        }
        var team = await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleAsync(cancellationToken);
        var identity = new PokerIdentity(scope.PersonId, scope.Name, scope.Includes);
        var rooms = (await poker.ListAsync(identity, cancellationToken)).Where(r => r.Team == team && r.Estimated < r.Stories).ToList();
        foreach (var room in rooms.Take(RoomsNamed))
        {
            items.Add(new("Estimation", $"{room.Name}: {room.Stories - room.Estimated} of {Count(room.Stories, "story", "stories")} still to estimate.", $"/estimation/rooms/{room.Id}"));
        }
        if (rooms.Count > RoomsNamed)
        {
            items.Add(new("Estimation", $"{Count(rooms.Count - RoomsNamed, "more room")} of {team} with stories to estimate.", "/estimation"));
        }
    }
}
