using Fulcrum.Core;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Web.Features.Demo;

/// <summary>
/// One module's share of the demo. The organisation seeder runs first (order 0) and fills
/// <see cref="DemoContext"/>; a later module registers its own seeder with a higher order and
/// builds on the teams, people and services it finds there.
/// </summary>
public interface IDemoSeeder
{
    int Order { get; }
    Task SeedAsync(DemoContext context, CancellationToken cancellationToken);
}

/// <summary>What the seeders share: the database, a clock, a fixed-seed random source (so every
/// demo looks the same), and the organisation created so far, by key.</summary>
public sealed class DemoContext(FulcrumDbContext db, TimeProvider clock)
{
    public FulcrumDbContext Db { get; } = db;
    public TimeProvider Clock { get; } = clock;
    public Random Random { get; } = new(20261121);
    public Dictionary<string, Team> Teams { get; } = [];
    public Dictionary<string, Person> People { get; } = [];
    public Dictionary<string, Service> Services { get; } = [];
    public List<DemoLogin> Logins { get; } = [];
}

public sealed record DemoLogin(string Email, string Password, string Role, string Who);

public static class DemoSeedingRegistration
{
    public static IServiceCollection AddDemoSeeding(this IServiceCollection services) =>
        services.AddScoped<DemoSeeding>();

    /// <summary>Adds a module's share of the demo; seeders run by <see cref="IDemoSeeder.Order"/>, then in the order added.</summary>
    public static IServiceCollection AddDemoSeeder<T>(this IServiceCollection services) where T : class, IDemoSeeder =>
        services.AddScoped<IDemoSeeder, T>();
}

/// <summary>Seeds the demo organisation into an empty database, once; a database that already
/// holds the demo is left as it is, and one holding anything else is refused (a conflict).</summary>
public sealed class DemoSeeding(FulcrumDbContext db, IEnumerable<IDemoSeeder> seeders, TimeProvider clock, ILogger<DemoSeeding> logger)
{
    public static readonly IReadOnlyList<DemoLogin> Logins = DemoOrganisationSeeder.Logins;

    public async Task<bool> SeedAsync(CancellationToken cancellationToken = default)
    {
        var marker = DemoOrganisationSeeder.AdminEmail.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == marker, cancellationToken))
        {
            logger.LogInformation("Demo organisation already present");
            return false;
        }
        if (await db.Users.AnyAsync(cancellationToken) || await db.Teams.AnyAsync(cancellationToken) || await db.People.AnyAsync(cancellationToken))
        {
            throw ProblemException.Conflict("The demo was not seeded",
                "This database already holds an organisation, so the demo will not be mixed into it. " +
                "Run the demo on its own database, e.g. --database fulcrum-demo.db.");
        }

        var context = new DemoContext(db, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var seeder in seeders.OrderBy(s => s.Order))
        {
            logger.LogInformation("Seeding demo data: {Seeder}", seeder.GetType().Name);
            await seeder.SeedAsync(context, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Demo organisation created: {Teams} teams, {People} people, {Services} services",
            context.Teams.Count, context.People.Count, context.Services.Count);
        return true;
    }
}
