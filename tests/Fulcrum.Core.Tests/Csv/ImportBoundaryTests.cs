using System.Text;
using Fulcrum.Core.Csv;
using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Csv;

/// <summary>The checks every import makes at the boundary: text a column can hold, UTF-8, formulas.</summary>
public class ImportBoundaryTests
{
    [Theory]
    [InlineData("fine", null)]
    [InlineData("tab\there", "holds a control character (U+0009) at character 4; only printable text is stored")]
    [InlineData("nul\0", "holds a control character (U+0000) at character 4; only printable text is stored")]
    [InlineData("emoji 🚀 ok", null)]
    public void TextRules_name_the_first_character_a_single_line_field_cannot_hold(string value, string? problem)
    {
        Assert.Equal(problem, TextRules.Problem(value));
    }

    [Fact]
    public void TextRules_refuse_half_a_character_which_no_database_can_store()
    {
        // Built here, not in an attribute: attribute strings are stored as UTF-8, which cannot carry half a character.
        Assert.Equal("holds half a character (an unpaired surrogate, U+D800) at character 6", TextRules.Problem("half " + (char)0xD800));
        Assert.Equal("holds half a character (an unpaired surrogate, U+DC00) at character 5", TextRules.Problem("low " + (char)0xDC00 + " first"));
    }

    [Fact]
    public void TextRules_let_a_multiline_field_hold_tabs_and_line_breaks_and_check_the_length_first()
    {
        var description = new TextField(20, Multiline: true);

        Assert.Null(TextRules.Problem("one\r\n\ttwo", description));
        Assert.Equal("holds a control character (U+0007) at character 4; only text, tabs and line breaks are stored",
            TextRules.Problem("one\atwo", description));
        Assert.Equal("longer than 20 characters", TextRules.Problem(new string('\0', 21), description));
    }

    [Fact]
    public void TextRules_say_what_is_wrong_as_a_forms_sentence_or_a_field_problem()
    {
        var name = new TextField(10);
        var problems = new List<string>();

        Assert.Equal("A name has at most 10 characters.", TextRules.Sentence("A name", new string('n', 11), name));
        Assert.Equal("A name holds a control character (U+001B) at character 3; only printable text is stored.", TextRules.Sentence("A name", "Ad\u001b[2J", name));
        Assert.Null(TextRules.Sentence("A name", "Ada", name));
        Assert.False(TextRules.Check("Ada\0", "to", new TextField(), problems));
        Assert.True(TextRules.Check(null, "link", name, problems));
        Assert.Equal(["to: holds a control character (U+0000) at character 4; only printable text is stored."], problems);
        Assert.False(TextRules.Fits("pay\0ments"));
    }

    [Fact]
    public void CsvTable_refuses_a_value_its_column_cannot_hold_and_leaves_it_out_of_the_record()
    {
        var table = CsvTable.Read(new StringReader("name,title\nAda,Engineer\nGr\0ace,Admiral\nAlan,Senior engineer\n"),
            ["name"], ["title"], fields: new Dictionary<string, TextField> { ["title"] = new(10) });

        Assert.Equal(
            [
                "row 3, column 'name': holds a control character (U+0000) at character 3; only text, tabs and line breaks are stored",
                "row 4, column 'title': longer than 10 characters",
            ],
            table.Problems.Select(p => p.ToString()));
        Assert.Equal((null, true), (table.Records[1].Get("name"), table.Records[1].Refused.Contains("name")));
        Assert.Equal("Admiral", table.Records[1].Get("title"));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+44 20 7946 0000", "'+44 20 7946 0000")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tpadded", "'\tpadded")]
    [InlineData("\rreturn", "'\rreturn")]
    [InlineData("'t Hooft", "''t Hooft")]
    [InlineData("'", "''")]
    [InlineData("Ada = Countess", "Ada = Countess")]
    [InlineData("", "")]
    public void CsvFormulas_neutralise_a_cell_a_spreadsheet_would_run_and_restore_every_value_as_it_was(string value, string cell)
    {
        Assert.Equal(cell, CsvFormulas.Neutralise(value));
        Assert.Equal(value, CsvFormulas.Restore(cell));
    }

    [Theory]
    [InlineData("'hello")]
    [InlineData("'")]
    [InlineData("plain")]
    public void CsvFormulas_leave_a_cell_no_export_wrote_as_it_is(string cell)
    {
        Assert.Equal(cell, CsvFormulas.Restore(cell));
    }

    [Fact]
    public void ImportText_skips_a_byte_order_mark_and_names_the_offset_of_the_first_byte_that_is_not_utf8()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        var good = bom.Concat(Encoding.UTF8.GetBytes("name\nZoë\n")).ToArray();
        var bad = bom.Concat(Encoding.UTF8.GetBytes("name\nZo")).Append((byte)0xEB).Concat(Encoding.UTF8.GetBytes(" Smith\n")).ToArray();
        var surrogate = Encoding.UTF8.GetBytes("ok").Concat(new byte[] { 0xED, 0xA0, 0x80 }).ToArray();

        Assert.True(ImportText.TryDecode(good, out var text, out _));
        Assert.Equal("name\nZoë\n", text);
        Assert.False(ImportText.TryDecode(bad, out var before, out var at));
        Assert.Equal(("name\nZo", 10L), (before, at));
        Assert.False(ImportText.TryDecode(surrogate, out _, out var surrogateAt));
        Assert.Equal(2L, surrogateAt);
        var refusal = Assert.Throws<ProblemException>(() => ImportText.Decode(bad));
        Assert.Equal((ProblemKind.Unreadable, "row 2: not valid UTF-8 (at byte offset 10); save the file as UTF-8"), (refusal.Kind, refusal.Message));
    }

    [Fact]
    public void CsvTable_RowAt_the_start_is_the_header_row()
    {
        Assert.Equal(1, CsvTable.RowAt(""));
    }

    [Theory]
    [InlineData("name,email\nAda,ad", 2)]
    [InlineData("name,email\nAda,ada@example.com\n", 3)]
    [InlineData("name,email\n\nAda,ada@example.com\n", 4)]
    [InlineData("name,email\n\"Ada\nLovelace\",ada@example.com\nGrace,gr", 3)]
    public void CsvTable_RowAt_numbers_rows_as_its_problems_do(string textBefore, int row)
    {
        Assert.Equal(row, CsvTable.RowAt(textBefore));
        // The same row a problem found there would name: a ragged row ends the text.
        var problem = Assert.Single(CsvTable.Read(new StringReader(textBefore + "x,y,z\n"), ["name"], ["email"]).Problems);
        Assert.Equal(row, problem.Row);
    }

    [Theory]
    [InlineData("2026-03-01t09:00:00.123456789z", "2026-03-01T09:00:00.1234567Z")]
    [InlineData("2026-03-01T09:00:00.123456789+01:00", "2026-03-01T08:00:00.1234567Z")]
    [InlineData("2026-03-01t09:00:00Z", "2026-03-01T09:00:00.0000000Z")]
    public void Instants_are_read_as_rfc_3339_writers_write_them(string text, string expected)
    {
        Assert.True(DeliveryFiles.TryParseInstant(text, out var utc));
        Assert.Equal(expected, utc.ToString("O"));
    }
}
