using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulcrum.Cli;
using Fulcrum.Testing;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Tests.Cli;

namespace Fulcrum.Web.Tests.Organisation;

/// <summary>What the organisation's API, forms and spreadsheets may carry in and out: text its columns
/// can hold, UTF-8 files, and exports a spreadsheet cannot run as formulas.</summary>
public sealed class OrganisationBoundaryTests
{
    private static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string path, string csv) =>
        client.PostAsync(path, new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static async Task<string> ErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task Api_fields_longer_than_their_column_or_with_control_characters_are_400_per_field_and_nothing_is_stored(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));

        var teamName = await leader.PostAsJsonAsync("/api/v1/teams", new { name = "Pay\u0000ments" });
        var teamDescription = await leader.PostAsJsonAsync("/api/v1/teams", new { name = "Payments", description = new string('d', 2001) });
        var personName = await leader.PostAsJsonAsync("/api/v1/people", new { name = "Ada\u0000", email = "ada@example.com" });
        var personEmail = await leader.PostAsJsonAsync("/api/v1/people", new { name = "Ada", email = new string('a', 250) + "@example.com" });
        var personTitle = await leader.PostAsJsonAsync("/api/v1/people", new { name = "Ada", email = "ada@example.com", title = "Lead\u0007" });
        var serviceDescription = await leader.PostAsJsonAsync("/api/v1/services", new { name = "payments", description = "Line one\nLine\u0000two" });
        var multiline = await leader.PostAsJsonAsync("/api/v1/services", new { name = "ledger", description = "Line one\r\n\tLine two" });

        Assert.Equal("A team name holds a control character (U+0000) at character 4; only printable text is stored.", await ErrorAsync(teamName, "name"));
        Assert.Equal("A description has at most 2000 characters.", await ErrorAsync(teamDescription, "description"));
        Assert.Equal("A name holds a control character (U+0000) at character 4; only printable text is stored.", await ErrorAsync(personName, "name"));
        Assert.Equal("An email address has at most 256 characters.", await ErrorAsync(personEmail, "email"));
        Assert.Equal("A title holds a control character (U+0007) at character 5; only printable text is stored.", await ErrorAsync(personTitle, "title"));
        Assert.Equal("A description holds a control character (U+0000) at character 14; only text, tabs and line breaks are stored.",
            await ErrorAsync(serviceDescription, "description"));
        Assert.Equal(HttpStatusCode.Created, multiline.StatusCode);
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/v1/teams")).EnumerateArray());
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/v1/people")).EnumerateArray());
        Assert.Equal(["ledger"], (await leader.GetFromJsonAsync<JsonElement>("/api/v1/services")).EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.PostgreSql)]
    public async Task A_people_file_with_text_its_columns_cannot_hold_is_422_naming_row_and_column_and_nothing_is_stored(DatabaseEngine engine)
    {
        await using var server = await FulcrumServer.StartAsync(TestDatabases.New(engine));
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));

        var teams = await PostCsvAsync(leader, "/api/v1/import/teams", $"name,description\nPayments,\"Checkout,\nledger\"\nMobile,{new string('d', 2001)}\n");
        var people = await PostCsvAsync(leader, "/api/v1/import/people",
            $"name,email,title\nGrace\u0000Hopper,grace@example.com,Director\nAlan Turing,alan@example.com,{new string('t', 201)}\n");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, teams.StatusCode);
        Assert.Equal(["row 3, column 'description': longer than 2000 characters"], await TextsAsync(teams));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, people.StatusCode);
        Assert.Equal(
            [
                "row 2, column 'name': holds a control character (U+0000) at character 6; only printable text is stored",
                "row 3, column 'title': longer than 200 characters",
            ],
            await TextsAsync(people));
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/v1/teams")).EnumerateArray());
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/v1/people")).EnumerateArray());
    }

    private static async Task<List<string?>> TextsAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("text").GetString())];

    [Fact]
    public async Task Exports_neutralise_what_a_spreadsheet_would_run_as_a_formula_and_import_back_unchanged()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));
        var team = await (await leader.PostAsJsonAsync("/api/v1/teams", new { name = "+Payments", description = "-1 bugs" })).Content.ReadFromJsonAsync<JsonElement>();
        var teamId = team.GetProperty("id").GetInt32();
        await leader.PostAsJsonAsync("/api/v1/people", new { name = "=HYPERLINK(\"http://evil.example\",\"Click\")", email = "eve@example.com", teamId, title = "@SUM(A1)" });
        await leader.PostAsJsonAsync("/api/v1/people", new { name = "'t Hooft", email = "gerard@example.com", teamId, title = "'=not a formula" });
        var peopleBefore = await leader.GetStringAsync("/api/v1/people");
        var teamsBefore = await leader.GetStringAsync("/api/v1/teams");

        var peopleCsv = await leader.GetStringAsync("/api/v1/export/people.csv");
        var teamsCsv = await leader.GetStringAsync("/api/v1/export/teams.csv");
        var cli = await CliProcess.RunAsync(server.Database.ConnectionString.Split('=', ';')[1], null, "org", "export", "people");
        var teamsAgain = await PostCsvAsync(leader, "/api/v1/import/teams", teamsCsv);
        var peopleAgain = await PostCsvAsync(leader, "/api/v1/import/people", peopleCsv);

        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",eve@example.com,'+Payments,,,,'@SUM(A1)", peopleCsv);
        Assert.Contains("''t Hooft,gerard@example.com,'+Payments,,,,''=not a formula", peopleCsv);
        Assert.Contains("'+Payments,,'-1 bugs", teamsCsv);
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(peopleCsv.ReplaceLineEndings(), cli.Output.ReplaceLineEndings()[cli.Output.ReplaceLineEndings().IndexOf("name,email", StringComparison.Ordinal)..]);
        Assert.Equal("""{"created":0,"updated":1}""", await teamsAgain.Content.ReadAsStringAsync());
        Assert.Equal("""{"created":0,"updated":2}""", await peopleAgain.Content.ReadAsStringAsync());
        Assert.Equal(peopleBefore, await leader.GetStringAsync("/api/v1/people"));
        Assert.Equal(teamsBefore, await leader.GetStringAsync("/api/v1/teams"));
    }

    [Fact]
    public async Task A_people_file_that_is_not_utf8_is_refused_naming_the_row_by_the_api_and_the_cli()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var leader = server.CreateClient(await server.CreateTokenAsync("leader@example.com", Roles.Leader));
        // "Zoë" as Latin-1 wrote it: one byte, 0xEB, that UTF-8 does not accept there.
        var bytes = Encoding.Latin1.GetBytes("name,email\nGrace Hopper,grace@example.com\nZo\u00EB Smith,zoe@example.com\n");
        var offset = Array.IndexOf(bytes, (byte)0xEB);
        var file = Path.Combine(Path.GetTempPath(), $"people-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, bytes);

        var api = await leader.PostAsync("/api/v1/import/people", new ByteArrayContent(bytes) { Headers = { { "Content-Type", "text/csv" } } });
        var cli = await CliProcess.RunAsync(server.Database.ConnectionString.Split('=', ';')[1], null, "org", "import", "people", file);

        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The file is not UTF-8", problem.GetProperty("title").GetString());
        var located = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal((3, $"row 3: not valid UTF-8 (at byte offset {offset}); save the file as UTF-8"),
            (located.GetProperty("row").GetInt32(), located.GetProperty("text").GetString()));
        Assert.Equal(ExitCodes.BadInput, cli.ExitCode);
        Assert.Contains($"error: Nothing was imported: {Path.GetFileName(file)}: row 3: not valid UTF-8 (at byte offset {offset}); save the file as UTF-8.", cli.Error);
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/v1/people")).EnumerateArray());
    }

    private static async Task<string> UploadPeopleAsync(FulcrumServer server, byte[] file)
    {
        await server.CreateUserAsync("lea@example.com", Roles.Leader);
        using var browser = server.CreateClient();
        await FulcrumServer.LogInAsync(browser, "lea@example.com");
        var form = await browser.GetStringAsync("/import");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent("import-people"), "_handler" },
            { new StringContent(FulcrumServer.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "PeopleFile", "people.csv" },
        };
        return WebUtility.HtmlDecode(await (await browser.PostAsync("/import", upload)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_import_page_lists_the_first_100_problems_of_a_junk_file_and_counts_the_rest()
    {
        await using var server = await FulcrumServer.StartAsync();
        var junk = new StringBuilder("name,email\n");
        for (var i = 0; i < 250; i++)
        {
            junk.Append("just one field\n");
        }

        var refused = await UploadPeopleAsync(server, Encoding.UTF8.GetBytes(junk.ToString()));

        Assert.Contains("Nothing was imported. 250 problems to fix:", refused);
        var listed = refused[refused.IndexOf("<ul class=\"problems\">", StringComparison.Ordinal)..];
        Assert.Equal(100, listed[..listed.IndexOf("</ul>", StringComparison.Ordinal)].Split("<li>").Length - 1);
        Assert.Contains("<li>row 101: has 1 fields but the header has 2</li>", refused);
        Assert.DoesNotContain("<li>row 102:", refused);
        Assert.Contains("… and 150 more problems (the first 100 are listed)", refused);
    }

    [Fact]
    public async Task The_import_page_names_the_row_where_a_file_stops_being_utf8()
    {
        await using var server = await FulcrumServer.StartAsync();

        var refused = await UploadPeopleAsync(server, Encoding.Latin1.GetBytes("name,email\nZo\u00EB Smith,zoe@example.com\n"));

        Assert.Contains("Nothing was imported. 1 problem to fix:", refused);
        Assert.Contains("<li>row 2: not valid UTF-8 (at byte offset 13); save the file as UTF-8</li>", refused);
    }
}
