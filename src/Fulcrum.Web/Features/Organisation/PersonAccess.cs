using System.Security.Claims;
using Fulcrum.Core.Access;
using Fulcrum.Core.Organisation;
using Fulcrum.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>
/// Answers "may this signed-in user read that person's private records?" from the stored
/// reporting lines, through <see cref="PrivateRecordPolicy"/>. Every module with people-level
/// private data (assessments, growth plans, brag documents) asks here and nowhere else.
/// </summary>
public sealed class PersonAccess(FulcrumDbContext db, UserManager<ApplicationUser> users)
{
    public async Task<int?> PersonIdOfAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var userId = users.GetUserId(principal);
        return userId is null
            ? null
            : await db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<ReportingLines> ReportingLinesAsync(CancellationToken cancellationToken = default) =>
        new(await db.People.Select(p => new { p.Id, p.ManagerId }).ToDictionaryAsync(p => p.Id, p => p.ManagerId, cancellationToken));

    public async Task<bool> CanReadPrivateRecordsAsync(
        ClaimsPrincipal principal, int ownerPersonId, IReadOnlyCollection<int>? namedReaders = null, CancellationToken cancellationToken = default)
    {
        var viewer = await PersonIdOfAsync(principal, cancellationToken);
        return PrivateRecordPolicy.CanRead(viewer, ownerPersonId, await ReportingLinesAsync(cancellationToken), namedReaders);
    }
}
