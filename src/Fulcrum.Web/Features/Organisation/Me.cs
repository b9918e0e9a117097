using System.Security.Claims;
using Fulcrum.Core;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>
/// The signed-in account as a person in the organisation, for the request. An endpoint that takes a
/// <see cref="Me"/> gets it resolved before its handler runs (<see cref="Hosting.ProblemAnswers.AnswerProblems"/>):
/// an account linked to no person is answered 403 there, once, for every such endpoint.
/// </summary>
public sealed class Me(PersonAccess access)
{
    public const string NotLinked =
        "Your account is not linked to a person in the organisation; an admin can link it on the Accounts page.";

    private ClaimsPrincipal? user;
    private int? personId;
    private TeamScope? scope;

    /// <summary>The person's id. Only for a <see cref="Me"/> that was signed in.</summary>
    public int PersonId => personId ?? throw new InvalidOperationException("Me is resolved for endpoints that take it; call SignInAsync first.");

    public ClaimsPrincipal User => user ?? throw new InvalidOperationException("Me is resolved for endpoints that take it; call SignInAsync first.");

    /// <summary>Finds the account's person; refuses (403) an account linked to none.</summary>
    public async Task SignInAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        user = principal;
        personId = await access.PersonIdOfAsync(principal, cancellationToken) ?? throw NotAPerson();
    }

    /// <summary>The teams whose shared things the person takes part in (<see cref="PersonAccess.TeamScopeAsync"/>), read once per request.</summary>
    public async Task<TeamScope> ScopeAsync(CancellationToken cancellationToken = default) =>
        scope ??= await access.TeamScopeAsync(User, cancellationToken) ?? throw NotAPerson();

    public static ProblemException NotAPerson() => ProblemException.Forbidden("Not linked to a person", NotLinked);
}
