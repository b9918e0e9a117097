using Fulcrum.Core.Accounts;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Estimation;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Bench.PokerLoad;

public sealed record SeededRoom(string Id, IReadOnlyList<string> Tokens);

/// <summary>
/// Writes the organisation the load needs into a fresh database (a SQLite file, or a PostgreSQL
/// database made for the run: a connection string), in-process and in bulk:
/// one team per room, its voters as people linked to accounts with a personal API token each, and
/// the room itself created by <see cref="PokerStore"/> exactly as the API would. Accounts get no
/// password (the load signs in by token), which keeps 1,000 accounts to a second instead of
/// 1,000 password hashes.
/// </summary>
public static class Seeding
{
    public static async Task<IReadOnlyList<SeededRoom>> SeedAsync(string database, int rooms, int voters, int stories)
    {
        var options = new ServeOptions
        {
            Database = DatabaseTarget.Parse(database),
            Urls = ["http://127.0.0.1:0"],
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
        };
        await using var app = FulcrumWebApp.Build(options);
        await FulcrumWebApp.PrepareAsync(app, options);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<FulcrumDbContext>();
        var now = DateTime.UtcNow;
        var memberRole = await db.Roles.Where(r => r.Name == Roles.Member).Select(r => r.Id).SingleAsync();

        var teams = Enumerable.Range(1, rooms).Select(i => new Team { Name = $"Load team {i:000}", CreatedAt = now }).ToList();
        db.Teams.AddRange(teams);
        var people = teams.Select((team, t) => Enumerable.Range(1, voters).Select(v => new Person
        {
            Name = $"Voter {t + 1:000}-{v:00}",
            Email = $"voter{t + 1:000}-{v:00}@load.example",
            Team = team,
            CreatedAt = now,
        }).ToList()).ToList();
        db.People.AddRange(people.SelectMany(p => p));
        await db.SaveChangesAsync();

        var tokens = new List<List<string>>();
        foreach (var team in people)
        {
            var teamTokens = new List<string>();
            foreach (var person in team)
            {
                var user = new ApplicationUser
                {
                    UserName = person.Email,
                    NormalizedUserName = person.Email.ToUpperInvariant(),
                    Email = person.Email,
                    NormalizedEmail = person.Email.ToUpperInvariant(),
                    EmailConfirmed = true,
                    DisplayName = person.Name,
                    PersonId = person.Id,
                    CreatedAt = now,
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = memberRole });
                var secret = ApiTokenSecret.Generate();
                db.ApiTokens.Add(new ApiToken
                {
                    UserId = user.Id, Name = "poker-load", Prefix = ApiTokenSecret.DisplayPrefix(secret),
                    Hash = ApiTokenSecret.Hash(secret), CreatedAt = now, ExpiresAt = now.AddDays(1),
                });
                teamTokens.Add(secret);
            }
            tokens.Add(teamTokens);
        }
        await db.SaveChangesAsync();

        var store = services.GetRequiredService<PokerStore>();
        var storyLines = string.Join("\n", Enumerable.Range(1, stories).Select(s => $"Story {s}: a realistic title of some forty characters"));
        var seeded = new List<SeededRoom>();
        for (var t = 0; t < teams.Count; t++)
        {
            // The first voter opens the room, facilitates and votes.
            var facilitator = people[t][0];
            var record = await store.CreateAsync(new PokerIdentity(facilitator.Id, facilitator.Name, _ => true),
                new CreateRoomRequest(teams[t].Name, $"Refinement {t + 1:000}", "modified-fibonacci", FacilitatorVotes: true, Stories: [storyLines]));
            seeded.Add(new SeededRoom(record.Id, tokens[t]));
        }
        return seeded;
    }
}
