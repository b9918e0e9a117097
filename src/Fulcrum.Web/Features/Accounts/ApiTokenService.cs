using Fulcrum.Core;
using Fulcrum.Core.Accounts;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Accounts;

public sealed record CreatedApiToken(int Id, string Name, string Token, DateTime? ExpiresAt);

public sealed record ApiTokenSummary(
    int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt, string State);

/// <summary>Creates, lists and revokes personal API tokens. The secret exists only in the
/// <see cref="CreatedApiToken"/> returned once; the database keeps its hash.</summary>
public sealed class ApiTokenService(FulcrumDbContext db, TimeProvider clock)
{
    public const int MaxLifetimeDays = 730;

    /// <summary>A new token; refused on the field at fault (<c>name</c>, <c>expiresInDays</c>, as the API names them).</summary>
    public async Task<CreatedApiToken> CreateAsync(string userId, string name, int? lifetimeDays, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ProblemException.InvalidField("name", "A token needs a name that says where it is used, e.g. 'CI pipeline'.");
        }
        if (lifetimeDays is < 1 or > MaxLifetimeDays)
        {
            throw ProblemException.InvalidField("expiresInDays", $"A token lives from 1 to {MaxLifetimeDays} days.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var secret = ApiTokenSecret.Generate();
        var token = new ApiToken
        {
            UserId = userId,
            Name = name.Trim(),
            Prefix = ApiTokenSecret.DisplayPrefix(secret),
            Hash = ApiTokenSecret.Hash(secret),
            CreatedAt = now,
            ExpiresAt = lifetimeDays is int days ? now.AddDays(days) : null,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiToken(token.Id, token.Name, secret, token.ExpiresAt);
    }

    public async Task<IReadOnlyList<ApiTokenSummary>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tokens = await db.ApiTokens.Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(cancellationToken);
        return tokens.Select(t => new ApiTokenSummary(
            t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt,
            t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active")).ToList();
    }

    /// <summary>Revokes one of the user's tokens. False when the user has no such token.</summary>
    public async Task<bool> RevokeAsync(string userId, int tokenId, CancellationToken cancellationToken = default)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null)
        {
            return false;
        }
        token.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
