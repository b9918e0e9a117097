using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Feedback;

/// <summary>`fulcrum feedback` as a person runs it: the real executable on a real database, with GitHub's JSON as `gh api` saves it.</summary>
public sealed class FeedbackCliTests
{
    /// <summary>Payments owns the service shop.</summary>
    private static async Task<(string Target, DatabaseTarget Database)> OrganisationAsync()
    {
        var database = TestDatabases.NewSqlite();
        await using (var server = await FulcrumServer.StartAsync(database))
        {
            await server.WithServicesAsync(async s =>
            {
                var db = s.GetRequiredService<FulcrumDbContext>();
                db.Services.Add(new Service { Name = "shop", Team = new Team { Name = "Payments" }, CreatedAt = DateTime.UtcNow });
                await db.SaveChangesAsync();
                return 0;
            });
        }
        return (database.ConnectionString.Split('=', ';')[1], database);
    }

    private static string TempFile(string text, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fulcrum-fb-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    private static string Comment(int id, int pullRequest, string at, string body) => $$"""
        { "id": {{id}}, "user": { "login": "reviewer{{id}}" }, "body": "{{body}}", "created_at": "{{at}}",
          "pull_request_url": "https://api.github.com/repos/acme/shop/pulls/{{pullRequest}}", "html_url": "https://github.com/acme/shop/pull/{{pullRequest}}" }
        """;

    [Fact]
    public async Task GitHub_comments_import_once_and_the_team_report_shows_the_balance_without_reviewers()
    {
        var (target, _) = await OrganisationAsync();
        var page1 = "[" + string.Join(",",
            Comment(1, 10, "2026-03-02T10:00:00Z", "issue (blocking): the refund is applied twice"),
            Comment(2, 10, "2026-03-02T11:00:00Z", "nit: trailing space"),
            Comment(3, 11, "2026-03-03T09:00:00Z", "Why is the limit 100?")) + "]";
        var page2 = "[" + string.Join(",",
            Comment(4, 12, "2026-03-04T09:00:00Z", "LGTM, thanks!"),
            Comment(5, 12, "2026-03-04T10:00:00Z", "suggestion (non-blocking): extract this into a helper")) + "]";
        var file = TempFile(page1 + "\n" + page2, ".json");

        var imported = await CliProcess.RunAsync(target, null, "feedback", "import", file, "--service", "shop");
        var again = await CliProcess.RunAsync(target, null, "feedback", "import", file, "--service", "shop");
        var report = await CliProcess.RunAsync(target, null, "feedback", "report", "--team", "Payments", "--since", "2026-03-01", "--until", "2026-04-01");

        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Equal("Imported review comments for shop: 5 added, 0 already there (updated).\nNot read, so that feedback stays a team's: user.\n", imported.Output);
        Assert.StartsWith("Imported review comments for shop: 0 added, 5 already there (updated).", again.Output, StringComparison.Ordinal);
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("Review feedback of team Payments, 2026-03-01 to 2026-04-01 (until exclusive): 5 comments on 3 pull requests, services: shop.", report.Output, StringComparison.Ordinal);
        Assert.Contains("Blocking: 1 blocking, 2 non-blocking, 2 not said; 33.3% of the comments that say block.", report.Output, StringComparison.Ordinal);
        Assert.Contains("Praise: 20% of the comments. Labels written by their authors: 60%.", report.Output, StringComparison.Ordinal);
        Assert.Contains("  question            1     20%", report.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("reviewer", report.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_file_with_problems_stores_nothing_and_names_each_row_and_field()
    {
        var (target, database) = await OrganisationAsync();
        var file = TempFile("id,pull_request,created_at,body\na,10,2026-03-02T10:00:00Z,fine\nb,,2026-03-02T10:00:00Z,no pull request\nc,11,last tuesday,bad date\n", ".csv");

        var refused = await CliProcess.RunAsync(target, null, "feedback", "import", file, "--service", "shop");
        var unknown = await CliProcess.RunAsync(target, null, "feedback", "import", file, "--service", "nope");
        var noTeam = await CliProcess.RunAsync(target, null, "feedback", "report", "--team", "Nobody");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("row 3, column 'pull_request': a comment needs the pull request it was left on", refused.Error, StringComparison.Ordinal);
        Assert.Contains("row 4, column 'created_at': 'last tuesday' is not a date and time", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported: 2 problem(s)", refused.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("There is no service named 'nope'", unknown.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, noTeam.ExitCode);
        Assert.Contains("There is no team named 'Nobody'", noTeam.Error, StringComparison.Ordinal);
        await using var server = await FulcrumServer.StartAsync(database);
        Assert.Equal(0, await server.WithServicesAsync(s => s.GetRequiredService<FulcrumDbContext>().ReviewComments.CountAsync()));
    }
}
