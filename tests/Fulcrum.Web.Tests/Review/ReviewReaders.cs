using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.Review;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Review;

/// <summary>
/// Builds a <see cref="ReviewReader"/> the way the contract describes it, until the weekly review's
/// own builder lands on main: the account's principal, its team scope, whether it leads, the teams the
/// review is about (own team, then the direct reports' teams; a leader or admin with neither: the
/// top-level teams) and the week ending at the start of today (UTC, the server's clock).
/// </summary>
public static class ReviewReaders
{
    public static async Task<ReviewReader> ForAsync(IServiceProvider services, string email)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        var principal = await services.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync(user);
        var scope = await services.GetRequiredService<PersonAccess>().TeamScopeAsync(principal)
            ?? throw new InvalidOperationException($"{email} is not linked to a person.");
        var leads = (await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(principal, Policies.ManageOrganisation)).Succeeded;
        var db = services.GetRequiredService<FulcrumDbContext>();
        var person = await db.People.AsNoTracking().Where(p => p.Id == scope.PersonId).Select(p => new { p.Name, p.Email, p.TeamId }).SingleAsync();
        var teams = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.Name, t.ParentTeamId }).ToListAsync();
        var reportsTeams = await db.People.AsNoTracking().Where(p => p.ManagerId == scope.PersonId && p.TeamId != null).Select(p => p.TeamId!.Value).ToListAsync();
        var ids = new List<int>();
        if (person.TeamId is int own)
        {
            ids.Add(own);
        }
        ids.AddRange(teams.Where(t => reportsTeams.Contains(t.Id) && !ids.Contains(t.Id)).OrderBy(t => t.Name).Select(t => t.Id));
        if (ids.Count == 0 && leads)
        {
            ids.AddRange(teams.Where(t => t.ParentTeamId is null).OrderBy(t => t.Name).Select(t => t.Id));
        }
        var until = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.Date;
        return new ReviewReader(scope.PersonId, person.Name, person.Email, principal, scope, leads,
            [.. ids.Select(id => new ReviewTeam(id, teams.Single(t => t.Id == id).Name))], until.AddDays(-7), until);
    }

    /// <summary>Every registered section for this reader, in registration order (null ones left out, as the review will).</summary>
    public static async Task<IReadOnlyList<ReviewSection>> SectionsAsync(IServiceProvider services, ReviewReader reader)
    {
        var sections = new List<ReviewSection>();
        foreach (var source in services.GetServices<IReviewSource>())
        {
            if (await source.ForAsync(reader, CancellationToken.None) is { } section)
            {
                sections.Add(section);
            }
        }
        return sections;
    }
}
