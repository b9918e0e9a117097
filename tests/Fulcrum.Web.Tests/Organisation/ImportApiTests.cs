using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Organisation;

public sealed class ImportApiTests
{
    private const string Teams = """
        name,parent,description
        Engineering,,The department
        Payments,Engineering,"Checkout, ledger"
        Mobile,Engineering,
        """;

    private const string People = """
        name,email,team,manager_email,track,level,title
        Grace Hopper,grace@example.com,Engineering,,management,7,Director
        Alan Turing,alan@example.com,Payments,grace@example.com,ic,5,Senior Engineer
        Ada Lovelace,ada@example.com,Payments,alan@example.com,IC,3,
        """;

    private static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string path, string csv) =>
        client.PostAsync(path, new StringContent(csv, Encoding.UTF8, "text/csv"));

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Teams_then_people_import_and_a_second_import_updates_in_place(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));

        var teams = await PostCsvAsync(leader, "/api/v1/import/teams", Teams);
        var people = await PostCsvAsync(leader, "/api/v1/import/people", People);
        var again = await PostCsvAsync(leader, "/api/v1/import/people", People.Replace("Ada Lovelace,ada@example.com,Payments", "Ada King,ada@example.com,Mobile"));

        Assert.Equal("""{"created":3,"updated":0}""", await teams.Content.ReadAsStringAsync());
        Assert.Equal("""{"created":3,"updated":0}""", await people.Content.ReadAsStringAsync());
        Assert.Equal("""{"created":0,"updated":3}""", await again.Content.ReadAsStringAsync());
        var all = await leader.GetFromJsonAsync<JsonElement>("/api/v1/people");
        var ada = all.EnumerateArray().Single(p => p.GetProperty("email").GetString() == "ada@example.com");
        Assert.Equal("Ada King", ada.GetProperty("name").GetString());
        Assert.Equal("Mobile", ada.GetProperty("teamName").GetString());
        Assert.Equal("Alan Turing", ada.GetProperty("managerName").GetString());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_file_with_any_bad_row_is_refused_whole_with_every_problem_located(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));
        await PostCsvAsync(leader, "/api/v1/import/teams", Teams);
        const string bad = """
            name,email,team,manager_email,track,level
            Grace Hopper,grace@example.com,Engineering,,management,7
            Alan Turing,alan-at-example.com,Payments,,ic,5
            Ada Lovelace,ada@example.com,Nowhere,,ic,3
            Edsger Dijkstra,edsger@example.com,Payments,,ic,eleven
            """;

        var response = await PostCsvAsync(leader, "/api/v1/import/people", bad);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problems = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")
            .EnumerateArray().Select(p => p.GetProperty("text").GetString()).ToList();
        Assert.Equal(
            [
                "row 3, column 'email': 'alan-at-example.com' is not an email address",
                "row 5, column 'level': 'eleven' is not a level from 1 to 20",
                "row 4, column 'team': no team named 'Nowhere'; import teams first or create it",
            ],
            problems);
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/v1/people")).EnumerateArray());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task An_export_imports_back_unchanged(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));
        await PostCsvAsync(leader, "/api/v1/import/teams", Teams);
        await PostCsvAsync(leader, "/api/v1/import/people", People);
        var peopleBefore = await leader.GetStringAsync("/api/v1/people");

        var teamsCsv = await leader.GetStringAsync("/api/v1/export/teams.csv");
        var peopleCsv = await leader.GetStringAsync("/api/v1/export/people.csv");
        var teamsAgain = await PostCsvAsync(leader, "/api/v1/import/teams", teamsCsv);
        var peopleAgain = await PostCsvAsync(leader, "/api/v1/import/people", peopleCsv);

        Assert.StartsWith("name,email,team,manager_email,track,level,title", peopleCsv);
        Assert.Contains("Alan Turing,alan@example.com,Payments,grace@example.com,ic,5,Senior Engineer", peopleCsv);
        Assert.Contains("Payments,Engineering,\"Checkout, ledger\"", teamsCsv);
        Assert.Equal("""{"created":0,"updated":3}""", await teamsAgain.Content.ReadAsStringAsync());
        Assert.Equal("""{"created":0,"updated":3}""", await peopleAgain.Content.ReadAsStringAsync());
        Assert.Equal(peopleBefore, await leader.GetStringAsync("/api/v1/people"));
    }

    [Fact]
    public async Task Members_cannot_import()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var member = server.CreateClient(await server.CreateTokenAsync("m@example.com", Roles.Member));

        var response = await PostCsvAsync(member, "/api/v1/import/teams", Teams);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty((await member.GetFromJsonAsync<JsonElement>("/api/v1/teams")).EnumerateArray());
    }
}
