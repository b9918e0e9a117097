using System.Security.Claims;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Organisation;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Organisation;

/// <summary>The one policy for people-level private records, checked against reporting lines stored
/// in a real database and accounts linked to people by email.</summary>
public sealed class PrivateRecordAccessTests
{
    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Private_records_are_open_to_the_person_and_their_manager_chain_only(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        var ids = await server.WithServicesAsync(async services =>
        {
            var commands = services.GetRequiredService<OrganisationCommands>();
            async Task<int> Add(string name, int? manager) =>
                (await commands.SavePersonAsync(null, new PersonInput(name, $"{name.ToLowerInvariant()}@example.com", null, null, manager, null, null))).Id;
            var director = await Add("Director", null);
            var manager = await Add("Manager", director);
            var engineer = await Add("Engineer", manager);
            var peer = await Add("Peer", manager);
            var outsider = await Add("Outsider", director);
            return new Dictionary<string, int> { ["director"] = director, ["manager"] = manager, ["engineer"] = engineer, ["peer"] = peer, ["outsider"] = outsider };
        });
        var principals = new Dictionary<string, ClaimsPrincipal>();
        foreach (var name in new[] { "director", "manager", "engineer", "peer", "outsider" })
        {
            // Accounts made after the person link to them by email.
            var user = await server.CreateUserAsync($"{name}@example.com", name == "director" ? Roles.Admin : Roles.Member);
            Assert.Equal(ids[name], user.PersonId);
            principals[name] = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id)], "test"));
        }
        var adminWithoutPerson = await server.CreateUserAsync("it-admin@example.com", Roles.Admin);
        principals["it-admin"] = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, adminWithoutPerson.Id)], "test"));

        async Task<bool> CanRead(string viewer, string owner, IReadOnlyCollection<int>? raters = null) =>
            await server.WithServicesAsync(s => s.GetRequiredService<PersonAccess>().CanReadPrivateRecordsAsync(principals[viewer], ids[owner], raters));

        Assert.True(await CanRead("engineer", "engineer"));
        Assert.True(await CanRead("manager", "engineer"));
        Assert.True(await CanRead("director", "engineer"));
        Assert.False(await CanRead("peer", "engineer"));
        Assert.False(await CanRead("engineer", "manager"));
        Assert.False(await CanRead("outsider", "engineer"));
        Assert.False(await CanRead("it-admin", "engineer"));
        Assert.True(await CanRead("peer", "engineer", [ids["peer"]]));
    }
}
