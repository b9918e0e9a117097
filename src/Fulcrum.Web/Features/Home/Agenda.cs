using System.Security.Claims;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Authorization;

namespace Fulcrum.Web.Features.Home;

/// <summary>One thing waiting for the signed-in person: a sentence, and the page where it is done.</summary>
public sealed record AgendaItem(string Module, string Text, string Href);

/// <summary>Who the agenda is for.</summary>
/// <param name="Scope">The person and the teams they take part in; null when the account is linked to no person.</param>
/// <param name="Leads">A leader or admin: may manage the organisation.</param>
public sealed record AgendaViewer(ClaimsPrincipal User, TeamScope? Scope, bool Leads);

/// <summary>
/// A module's share of the home page's "Waiting for you". A source asks the module's own services
/// for this viewer only, so it lists nothing the module's pages would not show the same person.
/// Modules register theirs with <see cref="HomeModule.AddAgendaSource{T}"/>.
/// </summary>
public interface IAgendaSource
{
    Task<IReadOnlyList<AgendaItem>> ForAsync(AgendaViewer viewer, CancellationToken cancellationToken);
}

/// <summary>
/// What waits for the signed-in person across the modules, for the home page: each registered
/// <see cref="IAgendaSource"/> in the order the modules registered them. The agenda adds no rule of its own.
/// </summary>
public sealed class Agenda(PersonAccess access, IAuthorizationService authorization, IEnumerable<IAgendaSource> sources)
{
    public async Task<IReadOnlyList<AgendaItem>> ForAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var viewer = new AgendaViewer(user, await access.TeamScopeAsync(user, cancellationToken),
            (await authorization.AuthorizeAsync(user, Policies.ManageOrganisation)).Succeeded);
        var items = new List<AgendaItem>();
        foreach (var source in sources)
        {
            items.AddRange(await source.ForAsync(viewer, cancellationToken));
        }
        return items;
    }
}
