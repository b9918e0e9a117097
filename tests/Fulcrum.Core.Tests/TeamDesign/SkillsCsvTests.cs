using Fulcrum.Core.Csv;
using Fulcrum.Core.TeamDesign;

namespace Fulcrum.Core.Tests.TeamDesign;

public class SkillsCsvTests
{
    private static CsvReadResult<SkillRow> Read(string csv) => SkillsCsv.Read(new StringReader(csv));

    private static string[] Problems(string csv) => Read(csv).Problems.Select(p => p.ToString()).ToArray();

    [Fact]
    public void A_good_file_gives_every_row_with_levels_by_number_or_name()
    {
        var result = Read(
            "email,skill,level,confirmed_level,confirmed_by\r\n" +
            "ana@example.com,Machine  learning ,2,,\r\n" +
            "ana@example.com,Go,Practitioner,4,lea@example.com\r\n" +
            "ben@example.com,Go,expert,,\r\n");

        Assert.True(result.Succeeded);
        Assert.Equal(
        [
            new SkillRow(2, "ana@example.com", "Machine learning", 2, null, null),
            new SkillRow(3, "ana@example.com", "Go", 3, 4, "lea@example.com"),
            new SkillRow(4, "ben@example.com", "Go", 4, null, null),
        ], result.Rows);
    }

    [Fact]
    public void Every_problem_is_named_with_its_row_and_column()
    {
        var problems = Problems(
            "email,skill,level,confirmed_level,confirmed_by\n" +
            "ana@example.com,Go,5,,\n" +
            ",Go,2,,\n" +
            "ben@example.com,,2,,\n" +
            "cy@example.com,Rust,guru,,\n" +
            "dee@example.com,Rust,2,,lea@example.com\n" +
            "eve@example.com,Rust,2,3,not-an-email\n" +
            "fay,Rust,1,,\n");

        Assert.Equal(
        [
            "row 2, column 'level': '5' is not a level from 0 to 4 or its name (none, aware, working, practitioner, expert)",
            "row 3, column 'email': a row needs the person's email",
            "row 4, column 'skill': a row needs a skill",
            "row 5, column 'level': 'guru' is not a level from 0 to 4 or its name (none, aware, working, practitioner, expert)",
            "row 6, column 'confirmed_level': confirmed_by names a lead, but no confirmed level is given",
            "row 7, column 'confirmed_by': 'not-an-email' is not an email address (the lead who confirmed)",
            "row 8, column 'email': 'fay' is not an email address",
        ], problems);
    }

    [Fact]
    public void The_same_person_and_skill_twice_is_refused_whatever_the_spelling()
    {
        var problems = Problems("email,skill,level\nana@example.com,Machine Learning,2\nANA@example.com, machine  learning,3\n");

        Assert.Equal(["row 3, column 'skill': ANA@example.com already has 'machine  learning' on row 2"], problems);
    }

    [Fact]
    public void A_missing_required_column_is_refused()
    {
        var result = Read("email,skill\nana@example.com,Go\n");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.ToString().Contains("level", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("4", 4)]
    [InlineData("Aware", 1)]
    [InlineData(" working ", 2)]
    public void Levels_are_read_by_number_or_name(string text, int expected)
    {
        Assert.True(SkillLevels.TryParse(text, out var level));
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("5")]
    [InlineData("2.5")]
    [InlineData("")]
    [InlineData("senior")]
    public void Anything_else_is_not_a_level(string text) => Assert.False(SkillLevels.TryParse(text, out _));
}
