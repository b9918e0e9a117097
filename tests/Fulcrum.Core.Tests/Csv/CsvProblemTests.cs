using Fulcrum.Core.Csv;

namespace Fulcrum.Core.Tests.Csv;

public class CsvProblemTests
{
    [Fact]
    public void ToString_WithColumn_NamesRowAndColumn()
    {
        var problem = new CsvProblem(3, "email", "'ada' is not an email address");

        Assert.Equal("row 3, column 'email': 'ada' is not an email address", problem.ToString());
    }

    [Fact]
    public void ToString_WithoutColumn_NamesOnlyTheRow()
    {
        var problem = new CsvProblem(7, null, "has 3 fields but the header has 2");

        Assert.Equal("row 7: has 3 fields but the header has 2", problem.ToString());
    }

    [Fact]
    public void Succeeded_IsTrueOnlyWithoutProblems()
    {
        Assert.True(new CsvReadResult<string>(["a"], []).Succeeded);
        Assert.False(new CsvReadResult<string>(["a"], [new CsvProblem(2, null, "bad")]).Succeeded);
    }
}
