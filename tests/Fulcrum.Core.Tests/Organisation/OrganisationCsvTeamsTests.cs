using Fulcrum.Core.Organisation;

namespace Fulcrum.Core.Tests.Organisation;

public class OrganisationCsvTeamsTests
{
    private static string[] Problems(string csv) =>
        OrganisationCsv.ReadTeams(new StringReader(csv)).Problems.Select(p => p.ToString()).ToArray();

    [Fact]
    public void ReadTeams_GoodFile_ReturnsEveryTeamWithItsRow()
    {
        var result = OrganisationCsv.ReadTeams(new StringReader(
            "name,parent,description\r\n" +
            "Engineering,,\"Builds things, mostly\"\r\n" +
            "Platform,Engineering,\r\n" +
            "\r\n" +
            "Payments,Engineering,\"Money in,\r\nmoney out\"\r\n"));

        Assert.True(result.Succeeded);
        Assert.Equal(
        [
            new TeamRow(2, "Engineering", null, "Builds things, mostly"),
            new TeamRow(3, "Platform", "Engineering", null),
            new TeamRow(5, "Payments", "Engineering", "Money in,\r\nmoney out"),
        ], result.Rows);
    }

    [Fact]
    public void ReadTeams_OnlyNameColumn_IsEnough()
    {
        var result = OrganisationCsv.ReadTeams(new StringReader("\uFEFFName\nEngineering\n"));

        Assert.Empty(result.Problems);
        Assert.Equal([new TeamRow(2, "Engineering", null, null)], result.Rows);
    }

    [Fact]
    public void ReadTeams_HeaderInCapitalsAndOtherOrder_IsAccepted()
    {
        var result = OrganisationCsv.ReadTeams(new StringReader("Description,PARENT,Name\nCore team,Engineering,Platform\n"));

        Assert.Empty(result.Problems);
        Assert.Equal([new TeamRow(2, "Platform", "Engineering", "Core team")], result.Rows);
    }

    [Fact]
    public void ReadTeams_EmptyFile_IsReported()
    {
        Assert.Equal(["row 1: the file is empty; expected a header row with: name"], Problems(""));
    }

    [Fact]
    public void ReadTeams_MissingNameColumn_IsReported()
    {
        var result = OrganisationCsv.ReadTeams(new StringReader("parent,description\nEngineering,x\n"));

        Assert.Equal(
        [
            "row 1, column 'name': required column is missing from the header",
        ], result.Problems.Select(p => p.ToString()));
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void ReadTeams_UnknownColumn_IsReported()
    {
        var problems = Problems("name,lead\nPlatform,Ada\n");

        Assert.Equal(["row 1, column 'lead': unknown column; expected columns: name, parent, description"], problems);
    }

    [Fact]
    public void ReadTeams_MissingName_IsReportedOnItsRow()
    {
        var result = OrganisationCsv.ReadTeams(new StringReader("name,parent\nEngineering,\n  ,Engineering\n"));

        Assert.Equal(["row 3, column 'name': a team needs a name"], result.Problems.Select(p => p.ToString()));
        Assert.Equal(["Engineering"], result.Rows.Select(r => r.Name));
    }

    [Fact]
    public void ReadTeams_NameLongerThanItsColumn_IsReported()
    {
        var name = new string('x', 201);
        // The web app passes the column lengths of its model; 200 is the team name's.
        string[] Problems(string csv) => [.. OrganisationCsv.ReadTeams(new StringReader(csv), new Dictionary<string, TextField> { ["name"] = new(200) })
            .Problems.Select(p => p.ToString())];

        Assert.Equal(["row 2, column 'name': longer than 200 characters"], Problems($"name\n{name}\n"));
        Assert.Empty(Problems($"name\n{new string('x', 200)}\n"));
    }

    [Fact]
    public void ReadTeams_DuplicateNameIgnoringCase_NamesTheRowOfTheFirst()
    {
        var result = OrganisationCsv.ReadTeams(new StringReader("name\nPlatform\n\nPayments\nPLATFORM\n"));

        Assert.Equal(["row 5, column 'name': team 'PLATFORM' already appears on row 2"], result.Problems.Select(p => p.ToString()));
        Assert.Equal(["Platform", "Payments"], result.Rows.Select(r => r.Name));
    }

    [Theory]
    [InlineData("Platform")]
    [InlineData("platform")]
    public void ReadTeams_TeamIsItsOwnParent_IsReported(string parent)
    {
        Assert.Equal(["row 2, column 'parent': a team cannot be its own parent"], Problems($"name,parent\nPlatform,{parent}\n"));
    }

    [Fact]
    public void ReadTeams_ProblemsOnSeveralRows_AreAllReported()
    {
        var result = OrganisationCsv.ReadTeams(new StringReader(
            "name,parent,colour\n" +
            "Engineering,,blue\n" +
            ",Engineering,red\n" +
            "Platform,Platform,green\n" +
            "engineering,,grey\n" +
            "Payments,Engineering\n" +
            "Da\"ta,Engineering,white\n"));

        Assert.Equal(
        [
            "row 1, column 'colour': unknown column; expected columns: name, parent, description",
            "row 3, column 'name': a team needs a name",
            "row 4, column 'parent': a team cannot be its own parent",
            "row 5, column 'name': team 'engineering' already appears on row 2",
            "row 6: has 2 fields but the header has 3",
            "row 7: malformed quoting (a field with a stray or unclosed '\"')",
        ], result.Problems.OrderBy(p => p.Row).Select(p => p.ToString()));
        Assert.False(result.Succeeded);
    }
}
