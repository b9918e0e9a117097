using Fulcrum.Core.Careers;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// The organisation's ladders. The active one is what people are placed on, assessed against and
/// what kudos and achievements name competencies of; until a ladder is imported and made active,
/// that is Fulcrum's built-in default ladder.
/// </summary>
public sealed class LadderStore(FulcrumDbContext db)
{
    public async Task<Ladder> ActiveAsync(CancellationToken cancellationToken = default)
    {
        var yaml = await db.Ladders.Where(l => l.IsActive).Select(l => l.Yaml).FirstOrDefaultAsync(cancellationToken);
        if (yaml is null)
        {
            return DefaultLadder.Load();
        }
        var parsed = LadderFile.Parse(yaml);
        // Stored ladders were checked on import; one that no longer reads is a bug, not bad input.
        return parsed.Ladder ?? throw new InvalidOperationException(
            "The active ladder in the database does not read: " + string.Join("; ", parsed.Problems.Select(p => p.ToString())));
    }
}
