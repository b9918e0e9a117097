using System.Text;
using Fulcrum.Core.Csv;

namespace Fulcrum.Core.Tests.Csv;

public class CsvTableTests
{
    private static readonly string[] Required = ["name", "email"];
    private static readonly string[] Optional = ["manager_email", "title"];

    private static CsvTable Read(string text) => CsvTable.Read(new StringReader(text), Required, Optional);

    private static string[] Describe(IEnumerable<CsvProblem> problems) => problems.Select(p => p.ToString()).ToArray();

    [Theory]
    [InlineData("Manager email")]
    [InlineData("manager_email")]
    [InlineData("managerEmail")]
    [InlineData("MANAGER-EMAIL")]
    [InlineData(" manager email ")]
    public void CanonicalColumn_SpellingVariants_AreOneColumn(string spelling)
    {
        Assert.Equal("manageremail", CsvTable.CanonicalColumn(spelling));
    }

    [Fact]
    public void Read_GoodFile_ReturnsRecordsWithSpreadsheetRowNumbers()
    {
        var table = Read("name,email,title\nAda,ada@example.com,Engineer\nGrace,grace@example.com,Admiral\n");

        Assert.Empty(table.Problems);
        Assert.Collection(table.Records,
            r =>
            {
                Assert.Equal(2, r.Row);
                Assert.Equal("Ada", r.Get("name"));
                Assert.Equal("ada@example.com", r.Get("email"));
                Assert.Equal("Engineer", r.Get("title"));
            },
            r =>
            {
                Assert.Equal(3, r.Row);
                Assert.Equal("Grace", r.Get("name"));
                Assert.Equal("Admiral", r.Get("title"));
            });
    }

    [Fact]
    public void Read_HeaderSpellingVariants_MapToCanonicalColumnNames()
    {
        var table = Read("Name,E-mail,Manager email\nAda,ada@example.com,boss@example.com\n");

        Assert.Empty(table.Problems);
        var record = Assert.Single(table.Records);
        Assert.Equal("boss@example.com", record.Get("manager_email"));
        Assert.Equal("ada@example.com", record.Get("email"));
    }

    [Fact]
    public void Read_ColumnsInAnyOrder_AreMatchedByName()
    {
        var table = Read("email,name\nada@example.com,Ada\n");

        var record = Assert.Single(table.Records);
        Assert.Equal("Ada", record.Get("name"));
        Assert.Equal("ada@example.com", record.Get("email"));
    }

    [Fact]
    public void Read_ByteOrderMarkBeforeHeader_IsIgnored()
    {
        var table = Read("\uFEFFname,email\nAda,ada@example.com\n");

        Assert.Empty(table.Problems);
        Assert.Equal("Ada", Assert.Single(table.Records).Get("name"));
    }

    [Fact]
    public void Read_ByteOrderMarkBeforeQuotedHeader_IsIgnored()
    {
        var table = Read("\uFEFF\"name\",\"email\"\nAda,ada@example.com\n");

        Assert.Empty(Describe(table.Problems));
        Assert.Equal("Ada", Assert.Single(table.Records).Get("name"));
    }

    [Fact]
    public void Read_Utf8FileWithByteOrderMark_ReadsThroughStreamReader()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("name,email\nZoë,zoe@example.com\n")).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes));

        var table = CsvTable.Read(reader, Required, Optional);

        Assert.Empty(table.Problems);
        Assert.Equal("Zoë", Assert.Single(table.Records).Get("name"));
    }

    [Fact]
    public void Read_CrLfLineEndings_ProduceCleanValues()
    {
        var table = Read("name,email\r\nAda,ada@example.com\r\nGrace,grace@example.com\r\n");

        Assert.Empty(table.Problems);
        Assert.Equal(["ada@example.com", "grace@example.com"], table.Records.Select(r => r.Get("email")));
        Assert.Equal([2, 3], table.Records.Select(r => r.Row));
    }

    [Fact]
    public void Read_QuotedFieldsWithCommasQuotesAndNewlines_KeepTheirContent()
    {
        var table = Read("name,email,title\n\"Lovelace, Ada\",ada@example.com,\"Writes \"\"notes\"\"\non engines\"\nGrace,grace@example.com,Admiral\n");

        Assert.Empty(table.Problems);
        Assert.Equal("Lovelace, Ada", table.Records[0].Get("name"));
        Assert.Equal("Writes \"notes\"\non engines", table.Records[0].Get("title"));
        // A field spanning two lines is still one spreadsheet row, so the next record is row 3.
        Assert.Equal(3, table.Records[1].Row);
    }

    [Fact]
    public void Read_BlankLines_AreSkippedButStillCountAsSpreadsheetRows()
    {
        var table = Read("name,email\nAda,ada@example.com\n\n   \n,\nGrace,grace@example.com\n\n");

        Assert.Empty(table.Problems);
        Assert.Equal(["Ada", "Grace"], table.Records.Select(r => r.Get("name")));
        Assert.Equal([2, 6], table.Records.Select(r => r.Row));
    }

    [Fact]
    public void Read_ValuesAreTrimmedAndEmptyValuesReadAsMissing()
    {
        var table = Read("name,email,title\n  Ada  , ada@example.com ,   \n");

        var record = Assert.Single(table.Records);
        Assert.Equal("Ada", record.Get("name"));
        Assert.Equal("ada@example.com", record.Get("email"));
        Assert.Null(record.Get("title"));
        Assert.Null(record.Get("manager_email"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n\n")]
    [InlineData("\uFEFF")]
    public void Read_EmptyFile_ReportsRowOneAndTheExpectedHeader(string text)
    {
        var table = Read(text);

        var problem = Assert.Single(table.Problems);
        Assert.Equal("row 1: the file is empty; expected a header row with: name, email", problem.ToString());
        Assert.Empty(table.Records);
    }

    [Fact]
    public void Read_UnknownColumn_IsReportedOnRowOneWithItsName()
    {
        var table = Read("name,email,shoe size\nAda,ada@example.com,5\n");

        var problem = Assert.Single(table.Problems);
        Assert.Equal(1, problem.Row);
        Assert.Equal("shoe size", problem.Column);
        Assert.Equal("unknown column; expected columns: name, email, manager_email, title", problem.Message);
        // The known columns of the row are still read.
        Assert.Equal("Ada", Assert.Single(table.Records).Get("name"));
    }

    [Fact]
    public void Read_MissingRequiredColumn_IsReportedWithTheCanonicalName()
    {
        var table = Read("name,title\nAda,Engineer\n");

        Assert.Equal(["row 1, column 'email': required column is missing from the header"], Describe(table.Problems));
    }

    [Fact]
    public void Read_DuplicatedColumn_IsReportedUnderTheSpellingUsedTheSecondTime()
    {
        var table = Read("name,email,E-Mail\nAda,ada@example.com,other@example.com\n");

        Assert.Equal(["row 1, column 'E-Mail': the column appears twice"], Describe(table.Problems));
        Assert.Equal("ada@example.com", Assert.Single(table.Records).Get("email"));
    }

    [Fact]
    public void Read_RowWithTooManyFields_IsReportedWithItsRowAndCounts()
    {
        var table = Read("name,email\nAda,ada@example.com\nGrace,grace@example.com,extra\n");

        Assert.Equal(["row 3: has 3 fields but the header has 2"], Describe(table.Problems));
        Assert.Equal(["Ada"], table.Records.Select(r => r.Get("name")));
    }

    [Fact]
    public void Read_RowWithTooFewFields_IsReported()
    {
        var table = Read("name,email,title\nAda,ada@example.com\n");

        Assert.Equal(["row 2: has 2 fields but the header has 3"], Describe(table.Problems));
        Assert.Empty(table.Records);
    }

    [Fact]
    public void Read_RaggedRowAfterMultiLineFieldAndBlankLine_UsesSpreadsheetRow()
    {
        var table = Read("name,email,title\nAda,ada@example.com,\"two\nlines\"\n\nGrace,grace@example.com\n");

        Assert.Equal(["row 4: has 2 fields but the header has 3"], Describe(table.Problems));
    }

    [Fact]
    public void Read_StrayQuoteInsideUnquotedField_IsReportedOnItsRow()
    {
        var table = Read("name,email\nAda,ada@example.com\nGr\"ace,grace@example.com\n");

        Assert.Equal(["row 3: malformed quoting (a field with a stray or unclosed '\"')"], Describe(table.Problems));
    }

    [Fact]
    public void Read_TextAfterClosingQuote_IsReportedOnItsRow()
    {
        var table = Read("name,email\n\"Ada\"x,ada@example.com\n");

        var problem = Assert.Single(table.Problems);
        Assert.Equal(2, problem.Row);
        Assert.Null(problem.Column);
        Assert.StartsWith("malformed quoting", problem.Message);
    }

    [Fact]
    public void Read_StrayQuoteAfterMultiLineField_IsReportedOnTheSpreadsheetRow()
    {
        var table = Read("name,email,title\nAda,ada@example.com,\"two\nlines\"\n\nGrace,grace@example.com,Adm\"iral\n");

        Assert.Equal(["row 4: malformed quoting (a field with a stray or unclosed '\"')"], Describe(table.Problems));
    }

    [Fact]
    public void Read_UnclosedQuote_IsReportedOnTheRowWhereTheQuoteOpens()
    {
        var table = Read("name,email\nAda,ada@example.com\n\"Grace,grace@example.com\nAlan,alan@example.com\n");

        Assert.Contains(table.Problems, p => p.Row == 3 && p.Column is null && p.Message.StartsWith("malformed quoting"));
        Assert.All(table.Problems, p => Assert.Equal(3, p.Row));
        Assert.Equal(["Ada"], table.Records.Select(r => r.Get("name")));
    }

    [Fact]
    public void Read_SeveralProblems_AreAllCollectedInOnePass()
    {
        var table = Read(
            "name,colour,name\n" +      // row 1: unknown column, duplicated column, email missing
            "Ada,blue,Ada\n" +          // row 2: fine
            "Grace,red\n" +             // row 3: ragged
            "Al\"an,green,Alan\n" +     // row 4: stray quote
            "Edsger,grey,Edsger,x\n");  // row 5: ragged

        Assert.Equal(
        [
            (1, "colour"),
            (1, "name"),
            (1, "email"),
            (3, null),
            (4, null),
            (5, null),
        ], table.Problems.OrderBy(p => p.Row).Select(p => (p.Row, p.Column)));
    }
}
