using Fulcrum.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Data;

/// <summary>The accounts' tables besides Identity's own.</summary>
public sealed partial class FulcrumDbContext
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ApiTokenServiceGrant> ApiTokenServices => Set<ApiTokenServiceGrant>();
}
