using Fulcrum.Core;
using Fulcrum.Core.Accounts;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Accounts;

/// <param name="Services">A service token's services; empty for a personal token.</param>
public sealed record CreatedApiToken(int Id, string Name, string Token, DateTime? ExpiresAt, IReadOnlyList<string> Services);

/// <param name="Scope"><c>personal</c> (acts as its owner) or <c>services</c> (may only post delivery records for <paramref name="Services"/>).</param>
public sealed record ApiTokenSummary(
    int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt, string State,
    string Scope, IReadOnlyList<string> Services)
{
    /// <summary>What the token may do, in words: "acts as you" or "posts deliveries for payments, checkout".</summary>
    public string Allows => Scope == ApiTokenScopes.Services
        ? $"posts deployments, incidents and pull requests for {(Services.Count == 0 ? "no service (removed)" : string.Join(", ", Services))}"
        : "acts as its owner";
}

/// <summary>Creates, lists and revokes API tokens: personal tokens, which act as their owner, and service
/// tokens for CI, which may only post delivery records for named services. The secret exists only in the
/// <see cref="CreatedApiToken"/> returned once; the database keeps its hash.</summary>
public sealed class ApiTokenService(FulcrumDbContext db, TimeProvider clock)
{
    public const int MaxLifetimeDays = 730;
    public const string Personal = "personal";

    /// <summary>A new personal token; refused on the field at fault (<c>name</c>, <c>expiresInDays</c>, as the API names them).</summary>
    public Task<CreatedApiToken> CreateAsync(string userId, string name, int? lifetimeDays, CancellationToken cancellationToken = default)
    {
        Check(name, lifetimeDays);
        return SaveAsync(userId, name, lifetimeDays, scope: null, [], cancellationToken);
    }

    /// <summary>
    /// A new service token, which may only post deployments, incidents and pull requests for
    /// <paramref name="services"/> (registered services, by name). Refused on <c>name</c>,
    /// <c>expiresInDays</c> or <c>services</c>.
    /// </summary>
    public async Task<CreatedApiToken> CreateForServicesAsync(
        string userId, string name, int? lifetimeDays, IEnumerable<string> services, CancellationToken cancellationToken = default)
    {
        Check(name, lifetimeDays);
        var asked = services.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (asked.Count == 0)
        {
            throw ProblemException.InvalidField("services", "A service token needs at least one service it may post for.");
        }
        // Service names are unique ignoring case, as the importer matches them; compare here, not in SQL,
        // where SQLite and PostgreSQL differ.
        var known = (await db.Services.Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            .ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        var unknown = asked.Where(s => !known.ContainsKey(s)).Select(s => $"There is no service named '{s}'; register it first.").ToArray();
        if (unknown.Length > 0)
        {
            throw ProblemException.InvalidFields("One or more validation errors occurred.", new Dictionary<string, string[]> { ["services"] = unknown });
        }
        return await SaveAsync(userId, name, lifetimeDays, ApiTokenScopes.Services, [.. asked.Select(s => (known[s].Id, known[s].Name))], cancellationToken);
    }

    private void Check(string name, int? lifetimeDays)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ProblemException.InvalidField("name", "A token needs a name that says where it is used, e.g. 'CI pipeline'.");
        }
        if (TextRules.Sentence("A token name", name.Trim(), db.Model.Text<ApiToken>(nameof(ApiToken.Name))) is { } problem)
        {
            throw ProblemException.InvalidField("name", problem);
        }
        if (lifetimeDays is < 1 or > MaxLifetimeDays)
        {
            throw ProblemException.InvalidField("expiresInDays", $"A token lives from 1 to {MaxLifetimeDays} days.");
        }
    }

    private async Task<CreatedApiToken> SaveAsync(
        string userId, string name, int? lifetimeDays, string? scope, IReadOnlyList<(int Id, string Name)> services, CancellationToken cancellationToken)
    {
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
            Scope = scope,
            Services = [.. services.Select(s => new ApiTokenServiceGrant { ServiceId = s.Id })],
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiToken(token.Id, token.Name, secret, token.ExpiresAt, [.. services.Select(s => s.Name).Order(StringComparer.OrdinalIgnoreCase)]);
    }

    public async Task<IReadOnlyList<ApiTokenSummary>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tokens = await db.ApiTokens.Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(cancellationToken);
        var ids = tokens.Select(t => t.Id).ToList();
        var services = (await db.ApiTokenServices.Where(g => ids.Contains(g.ApiTokenId))
                .Select(g => new { g.ApiTokenId, g.Service!.Name }).ToListAsync(cancellationToken))
            .ToLookup(g => g.ApiTokenId, g => g.Name);
        return tokens.Select(t => new ApiTokenSummary(
            t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt,
            t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active",
            t.Scope ?? Personal, [.. services[t.Id].Order(StringComparer.OrdinalIgnoreCase)])).ToList();
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
