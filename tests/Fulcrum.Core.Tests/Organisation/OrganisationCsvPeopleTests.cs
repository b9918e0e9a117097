using Fulcrum.Core.Csv;
using Fulcrum.Core.Organisation;

namespace Fulcrum.Core.Tests.Organisation;

public class OrganisationCsvPeopleTests
{
    private const string Header = "name,email,team,manager_email,track,level,title";

    private static CsvReadResult<PersonRow> Read(string csv) => OrganisationCsv.ReadPeople(new StringReader(csv));

    private static string[] Problems(string csv) => Read(csv).Problems.Select(p => p.ToString()).ToArray();

    [Fact]
    public void ReadPeople_GoodFile_ReturnsEveryPersonNormalised()
    {
        var result = Read(
            Header + "\r\n" +
            "Ada Lovelace,ada@example.com,Engineering,,Engineering Manager,7,\"Director, Engineering\"\r\n" +
            "Grace Hopper,grace@example.com,Platform,ada@example.com,IC,5,Staff engineer\r\n" +
            "Alan Turing,alan@example.com,,,,,\r\n");

        Assert.True(result.Succeeded);
        Assert.Equal(
        [
            new PersonRow(2, "Ada Lovelace", "ada@example.com", "Engineering", null, "management", 7, "Director, Engineering"),
            new PersonRow(3, "Grace Hopper", "grace@example.com", "Platform", "ada@example.com", "ic", 5, "Staff engineer"),
            new PersonRow(4, "Alan Turing", "alan@example.com", null, null, null, null, null),
        ], result.Rows);
    }

    [Theory]
    [InlineData("Manager email")]
    [InlineData("manager_email")]
    [InlineData("Manager-Email")]
    [InlineData("managerEmail")]
    public void ReadPeople_ManagerEmailHeaderSpellings_AreAccepted(string header)
    {
        var result = Read($"Name,Email,{header}\nGrace,grace@example.com,ada@example.com\nAda,ada@example.com,\n");

        Assert.Empty(result.Problems);
        Assert.Equal("ada@example.com", result.Rows[0].ManagerEmail);
    }

    [Fact]
    public void ReadPeople_OnlyNameAndEmail_IsEnough()
    {
        var result = Read("\uFEFFname,email\nAda,ada@example.com\n");

        Assert.Equal([new PersonRow(2, "Ada", "ada@example.com", null, null, null, null, null)], result.Rows);
    }

    [Fact]
    public void ReadPeople_MissingRequiredColumns_AreReportedOnceOnTheHeaderNotOnEveryRow()
    {
        var result = Read("team,title\nPlatform,Engineer\nMobile,Engineer\n");

        Assert.Equal(
        [
            "row 1, column 'name': required column is missing from the header",
            "row 1, column 'email': required column is missing from the header",
        ], result.Problems.Select(p => p.ToString()));
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void ReadPeople_MissingName_IsReported()
    {
        Assert.Equal(["row 2, column 'name': a person needs a name"], Problems("name,email\n,ada@example.com\n"));
    }

    [Fact]
    public void ReadPeople_MissingEmail_IsReported()
    {
        Assert.Equal(["row 2, column 'email': a person needs an email address"], Problems("name,email\nAda, \n"));
    }

    [Theory]
    [InlineData("ada")]
    [InlineData("ada@")]
    [InlineData("@example.com")]
    [InlineData("ada@localhost")]
    [InlineData("ada at example.com")]
    [InlineData("Ada <ada@example.com>")]
    public void ReadPeople_BadEmail_IsReportedWithTheValue(string email)
    {
        var result = Read($"name,email\nAda,\"{email}\"\n");

        Assert.Equal([$"row 2, column 'email': '{email}' is not an email address"], result.Problems.Select(p => p.ToString()));
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void ReadPeople_DuplicateEmailIgnoringCase_NamesTheRowOfTheFirst()
    {
        var result = Read("name,email,title\nAda,ada@example.com,\"Lead,\nPlatform\"\n\nGrace,grace@example.com,\nAda again,ADA@example.com,\n");

        Assert.Equal(["row 5, column 'email': ADA@example.com already appears on row 2"], result.Problems.Select(p => p.ToString()));
        Assert.Equal(["Ada", "Grace"], result.Rows.Select(r => r.Name));
    }

    [Fact]
    public void ReadPeople_BadManagerEmail_IsReported()
    {
        Assert.Equal(["row 2, column 'manager_email': 'the boss' is not an email address"],
            Problems("name,email,manager email\nAda,ada@example.com,the boss\n"));
    }

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("Ada@Example.com")]
    public void ReadPeople_PersonIsTheirOwnManager_IsReported(string managerEmail)
    {
        Assert.Equal(["row 2, column 'manager_email': a person cannot be their own manager"],
            Problems($"name,email,manager_email\nAda,ada@example.com,{managerEmail}\n"));
    }

    [Theory]
    [InlineData("IC", "ic")]
    [InlineData("ic", "ic")]
    [InlineData("Individual contributor", "ic")]
    [InlineData("Engineer", "ic")]
    [InlineData("Engineering Manager", "management")]
    [InlineData("EM", "management")]
    [InlineData("Management", "management")]
    [InlineData("", null)]
    public void ReadPeople_AcceptedTrackSpellings_AreNormalised(string spelling, string? expected)
    {
        var result = Read($"name,email,track\nAda,ada@example.com,{spelling}\n");

        Assert.Empty(result.Problems);
        Assert.Equal(expected, Assert.Single(result.Rows).Track);
    }

    [Fact]
    public void ReadPeople_UnknownTrack_IsReportedWithTheAllowedValues()
    {
        Assert.Equal(["row 2, column 'track': 'wizard' is not a career track; use ic or management"],
            Problems("name,email,track\nAda,ada@example.com,wizard\n"));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("20", 20)]
    [InlineData(" 12 ", 12)]
    public void ReadPeople_LevelWithinRange_IsRead(string text, int expected)
    {
        var result = Read($"name,email,level\nAda,ada@example.com,{text}\n");

        Assert.Equal(expected, Assert.Single(result.Rows).Level);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    [InlineData("-3")]
    [InlineData("senior")]
    [InlineData("2.5")]
    [InlineData("99999999999")]
    public void ReadPeople_LevelNotANumberOrOutOfRange_IsReported(string level)
    {
        var result = Read($"name,email,level\nAda,ada@example.com,{level}\n");

        Assert.Equal([$"row 2, column 'level': '{level}' is not a level from 1 to 20"], result.Problems.Select(p => p.ToString()));
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void ReadPeople_SeveralProblemsOnOneRow_AreAllReported()
    {
        var result = Read(Header + "\n,not-an-email,Platform,also bad,wizard,0,\n");

        Assert.Equal(
        [
            "row 2, column 'name': a person needs a name",
            "row 2, column 'email': 'not-an-email' is not an email address",
            "row 2, column 'manager_email': 'also bad' is not an email address",
            "row 2, column 'track': 'wizard' is not a career track; use ic or management",
            "row 2, column 'level': '0' is not a level from 1 to 20",
        ], result.Problems.Select(p => p.ToString()));
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void ReadPeople_ProblemsOnSeveralRows_AreAllReportedAndOnlyCleanRowsReturned()
    {
        var result = Read(
            "name,email,manager_email,level,shoe size\n" +       // row 1: unknown column
            "Ada,ada@example.com,,7,5\n" +                        // row 2: fine
            "Grace,grace@example.com,grace@example.com,,6\n" +    // row 3: own manager
            "Alan,ada@example.com,,,7\n" +                        // row 4: duplicate of row 2
            "Edsger,edsger@example.com,,25,8\n" +                 // row 5: level out of range
            "Barbara,barbara@example.com,ada@example.com\n" +     // row 6: ragged
            "Ken,ken@example.com,ada@example.com,3,9\n");         // row 7: fine

        Assert.Equal(
        [
            "row 1, column 'shoe size': unknown column; expected columns: name, email, team, manager_email, track, level, title",
            "row 3, column 'manager_email': a person cannot be their own manager",
            "row 4, column 'email': ada@example.com already appears on row 2",
            "row 5, column 'level': '25' is not a level from 1 to 20",
            "row 6: has 3 fields but the header has 5",
        ], result.Problems.OrderBy(p => p.Row).Select(p => p.ToString()));
        Assert.Equal(["Ada", "Ken"], result.Rows.Select(r => r.Name));
        Assert.Equal([2, 7], result.Rows.Select(r => r.Row));
    }
}
