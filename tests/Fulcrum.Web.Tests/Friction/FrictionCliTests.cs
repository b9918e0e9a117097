using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Friction;

/// <summary>`fulcrum friction` as a person runs it: the real executable on a real database.</summary>
public sealed class FrictionCliTests
{
    /// <summary>Payments with Sofia on it.</summary>
    private static async Task<string> OrganisationAsync()
    {
        var database = TestDatabases.NewSqlite();
        await using (var server = await FulcrumServer.StartAsync(database))
        {
            await server.WithServicesAsync(async s =>
            {
                var db = s.GetRequiredService<FulcrumDbContext>();
                db.People.Add(new Person { Name = "Sofia Rossi", Email = "sofia@example.com", Team = new Team { Name = "Payments" } });
                await db.SaveChangesAsync();
                return 0;
            });
        }
        return database.ConnectionString.Split('=', ';')[1];
    }

    [Fact]
    public async Task Friction_is_added_listed_without_its_author_triaged_and_bad_input_exits_with_the_reason()
    {
        var database = await OrganisationAsync();

        var added = await CliProcess.RunAsync(database, null, "friction", "add", "--team", "payments", "--title", "Sandbox is down most mornings",
            "--detail", "The provider answers 503 until ten.", "--where", "Card provider", "--hours", "4", "--as", "SOFIA@example.com");
        var list = await CliProcess.RunAsync(database, null, "friction", "list");
        var triaged = await CliProcess.RunAsync(database, null, "friction", "triage", "1", "--status", "declined", "--note", "The provider fixes it in January.");
        var open = await CliProcess.RunAsync(database, null, "friction", "list", "--team", "Payments");
        var json = await CliProcess.RunAsync(database, null, "friction", "list", "--status", "all", "--format", "json");

        Assert.True(added.ExitCode == 0, added.Error);
        Assert.Equal("Added friction item 1 to Payments's log: Sandbox is down most mornings\n", added.Output);
        Assert.Equal("   1  Sandbox is down most mornings  [Payments; open 0 days; me too: 0; 4 h/week; Card provider]\n", list.Output);
        Assert.DoesNotContain("Sofia", list.Output + json.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Friction item 1 of Payments is declined: Sandbox is down most mornings\n", triaged.Output);
        Assert.Equal("No friction waits for triage.\n", open.Output);
        var item = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Single();
        Assert.Equal(("declined", "Payments"), (item.GetProperty("status").GetString(), item.GetProperty("team").GetProperty("name").GetString()));

        var tooLong = await CliProcess.RunAsync(database, null, "friction", "add", "--team", "Payments", "--title", new string('t', 201), "--detail", "x");
        var badHours = await CliProcess.RunAsync(database, null, "friction", "add", "--team", "Payments", "--title", "t", "--detail", "x", "--hours", "lots");
        var noTeam = await CliProcess.RunAsync(database, null, "friction", "add", "--team", "Mobile", "--title", "t", "--detail", "x");
        var noItem = await CliProcess.RunAsync(database, null, "friction", "triage", "9", "--status", "accepted");
        var badStatus = await CliProcess.RunAsync(database, null, "friction", "triage", "1", "--status", "done");

        Assert.Equal((1, "error: A title has at most 200 characters.\n"), (tooLong.ExitCode, tooLong.Error));
        Assert.Equal((1, "error: Give the hours lost a week as a number (2, 0.5).\n"), (badHours.ExitCode, badHours.Error));
        Assert.Equal((3, "error: There is no team 'Mobile' for you.\n"), (noTeam.ExitCode, noTeam.Error));
        Assert.Equal((3, "error: There is no friction item 9 for you.\n"), (noItem.ExitCode, noItem.Error));
        Assert.Equal(1, badStatus.ExitCode);
        Assert.Contains("done", badStatus.Error, StringComparison.Ordinal);
    }
}
