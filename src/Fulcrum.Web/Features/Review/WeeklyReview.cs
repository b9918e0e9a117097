using System.Security.Claims;
using Fulcrum.Core;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Review;

/// <summary>A weekly review as made: for whom, which week, about which teams, and each module's section in module order.</summary>
public sealed record WeeklyReviewResult(
    string Name, string Email, DateTime Since, DateTime Until, IReadOnlyList<ReviewTeam> Teams, IReadOnlyList<ReviewSection> Sections, DateTime MadeAt)
{
    /// <summary>"28 Nov – 4 Dec 2026": the days reviewed, the last one included.</summary>
    public string Week => ReviewText.Days(Since, Until);

    /// <summary>How many items ask the reader to act.</summary>
    public int Attention => Sections.Sum(s => s.Items.Count(i => i.Attention));
}

/// <summary>
/// The leader's weekly review (docs/review.md): one reader, one week, and every registered
/// <see cref="IReviewSource"/> in module order. The page, <c>fulcrum review --me</c> and the
/// scheduled e-mail and Slack messages all come from here, so they say the same thing.
/// </summary>
public sealed class WeeklyReview(
    FulcrumDbContext db, UserManager<ApplicationUser> users, IUserClaimsPrincipalFactory<ApplicationUser> principals,
    PersonAccess access, IEnumerable<IReviewSource> sources, TimeProvider clock)
{
    /// <summary>The week that ends at the start of <paramref name="until"/> (default: today, UTC).</summary>
    public async Task<ReviewReader?> ReaderAsync(ClaimsPrincipal user, DateOnly? until = null, CancellationToken cancellationToken = default)
    {
        if (await access.PersonIdOfAsync(user, cancellationToken) is not int personId
            || await access.TeamScopeAsync(user, cancellationToken) is not { } scope)
        {
            return null;
        }
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.Name, p.Email, p.TeamId }).SingleAsync(cancellationToken);
        // The roles policy ManageOrganisation asks for, read from the principal: the CLI has no authorisation service.
        var leads = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Leader);
        var end = (until ?? Today()).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return new ReviewReader(personId, person.Name, person.Email, user, scope, leads,
            await TeamsAsync(personId, person.TeamId, leads, cancellationToken), end.AddDays(-7), end);
    }

    /// <summary>The reader for the account with this e-mail, as if they had signed in (the CLI, the scheduled sending).</summary>
    public async Task<ReviewReader> ReaderAsync(string email, DateOnly? until = null, CancellationToken cancellationToken = default)
    {
        var account = await users.FindByEmailAsync(email.Trim())
            ?? throw ProblemException.NotFound($"There is no account with the e-mail '{Shorten(email)}'. The weekly review is made for people who sign in; see fulcrum user list.");
        var principal = await principals.CreateAsync(account);
        return await ReaderAsync(principal, until, cancellationToken)
            ?? throw ProblemException.Forbidden("Not linked to a person", $"The account {account.Email} is not linked to a person in the organisation, so it has no teams to review.");
    }

    public async Task<WeeklyReviewResult> MakeAsync(ReviewReader reader, CancellationToken cancellationToken = default)
    {
        var sections = new List<ReviewSection>();
        foreach (var source in sources)
        {
            if (await source.ForAsync(reader, cancellationToken) is { } section)
            {
                sections.Add(section);
            }
        }
        return new WeeklyReviewResult(reader.Name, reader.Email, reader.Since, reader.Until, reader.Teams, sections, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// The teams a review is about: the reader's own team and the teams of their direct reports; for a
    /// leader or admin with neither, the top-level teams. Each module counts a team's sub-teams with
    /// it, as its own pages do, so a director's department is one line and each of its teams another.
    /// </summary>
    private async Task<IReadOnlyList<ReviewTeam>> TeamsAsync(int personId, int? ownTeam, bool leads, CancellationToken cancellationToken)
    {
        var ids = await db.People.Where(p => p.ManagerId == personId && p.TeamId != null).Select(p => p.TeamId!.Value).Distinct().ToListAsync(cancellationToken);
        if (ownTeam is int own)
        {
            ids.Add(own);
        }
        var teams = ids.Count > 0
            ? db.Teams.Where(t => ids.Contains(t.Id))
            : leads ? db.Teams.Where(t => t.ParentTeamId == null) : db.Teams.Where(t => false);
        return await teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new ReviewTeam(t.Id, t.Name)).ToListAsync(cancellationToken);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
