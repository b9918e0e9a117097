using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>The people search shared by the page and its htmx fragment.</summary>
public static class PeopleQuery
{
    public static async Task<List<PersonDto>> FindAsync(FulcrumDbContext db, string? text, int? teamId, CancellationToken cancellationToken = default)
    {
        var query = db.People.AsQueryable();
        if (teamId is int team)
        {
            query = query.Where(p => p.TeamId == team);
        }
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = $"%{text.Trim().ToLowerInvariant()}%";
            query = query.Where(p => EF.Functions.Like(p.Name.ToLower(), pattern)
                || EF.Functions.Like(p.Email.ToLower(), pattern)
                || (p.Title != null && EF.Functions.Like(p.Title.ToLower(), pattern)));
        }
        return await query.OrderBy(p => p.Name).ProjectPeople().ToListAsync(cancellationToken);
    }

    public static string Caption(int count) => count == 1 ? "1 person" : $"{count} people";

    public static IEndpointRouteBuilder MapOrganisationFragments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fragments/people", async (FulcrumDbContext db, string? q, string? team, CancellationToken ct) =>
        {
            var people = await FindAsync(db, q, int.TryParse(team, out var id) ? id : null, ct);
            return new RazorComponentResult<PeopleTable>(new { People = people, Caption = Caption(people.Count) });
        }).ExcludeFromDescription();
        return app;
    }
}
