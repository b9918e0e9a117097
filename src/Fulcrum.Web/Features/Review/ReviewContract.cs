using System.Security.Claims;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Review;

/// <summary>
/// One line of the weekly review: what it says, where its number came from (the module, the
/// window, the samples behind it), and the page that shows it.
/// </summary>
/// <param name="Text">The sentence, with its number: "Payments: lead time 31 h, down from 40 h the week before (high band)".</param>
/// <param name="Source">Where the number came from, in words: "Delivery report of Payments, 28 Nov–4 Dec against 21–27 Nov, 42 changes".</param>
/// <param name="Href">The page the number is on, relative to the site ("/delivery?team=Payments").</param>
/// <param name="Attention">True when the line asks the reader to act (a gap, a queue, a fall); the page marks it.</param>
public sealed record ReviewItem(string Text, string Source, string Href, bool Attention = false);

/// <summary>A module's part of the weekly review: a heading, its lines, and what to say when it has none.</summary>
/// <param name="Module">The module's name as the menu shows it ("Delivery").</param>
/// <param name="Title">The section's heading ("Delivery trend and bands").</param>
/// <param name="Href">The module's page, linked from the heading.</param>
/// <param name="Empty">The sentence shown when there are no items ("No decisions are due for review.").</param>
public sealed record ReviewSection(string Module, string Title, string Href, IReadOnlyList<ReviewItem> Items, string Empty);

/// <summary>A team the review covers.</summary>
public sealed record ReviewTeam(int Id, string Name);

/// <summary>
/// Who the review is for and which week. The same for the page, <c>fulcrum review --me</c> and the
/// scheduled sending, so all three say the same thing.
/// </summary>
/// <param name="User">The reader's account as a principal (roles included), for module rules that ask for one.</param>
/// <param name="Scope">The teams whose shared things the reader takes part in (<see cref="PersonAccess.TeamScopeAsync"/>).</param>
/// <param name="Leads">A leader or admin: may manage the organisation.</param>
/// <param name="Teams">The teams the review is about: the reader's own team and the teams of their direct reports
/// (a leader or admin with neither: the top-level teams), by name.</param>
/// <param name="Since">The review's week: the seven days ending <paramref name="Until"/> (exclusive), as UTC instants.</param>
/// <param name="Until">The end of the week reviewed: the start of the day the review is made (UTC).</param>
public sealed record ReviewReader(
    int PersonId, string Name, string Email, ClaimsPrincipal User, TeamScope Scope, bool Leads,
    IReadOnlyList<ReviewTeam> Teams, DateTime Since, DateTime Until);

/// <summary>
/// A module's share of the weekly review. A source asks the module's own services with the reader's
/// rights, so it shows nothing the module's pages would not show the same person, and each item says
/// where its number came from. Null when the section does not apply to this reader (a member with no
/// reports has no 1:1s to keep). Modules register theirs with <see cref="ReviewSources.AddReviewSource{T}"/>.
/// </summary>
public interface IReviewSource
{
    Task<ReviewSection?> ForAsync(ReviewReader reader, CancellationToken cancellationToken);
}

public static class ReviewSources
{
    /// <summary>Adds a module's section; the review lists sections in the order they were added.</summary>
    public static IServiceCollection AddReviewSource<T>(this IServiceCollection services) where T : class, IReviewSource =>
        services.AddScoped<IReviewSource, T>();
}
