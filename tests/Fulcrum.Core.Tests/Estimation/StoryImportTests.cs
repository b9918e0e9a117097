using Fulcrum.Core.Estimation;

namespace Fulcrum.Core.Tests.Estimation;

public sealed class StoryImportTests
{
    [Fact]
    public void Pasted_lines_drop_list_markers_and_blank_lines_and_read_tabs_as_work_item_cells()
    {
        var stories = StoryImport.FromLines(
            "- Login page\r\n\r\n* Checkout\n• Receipts\n1. Refunds\n12) Invoices\n- [ ] Export\nPAY-12\tCard vault\n2026 plan review\n");

        Assert.Equal(
        [
            new("Login page"), new("Checkout"), new("Receipts"), new("Refunds"), new("Invoices"), new("Export"),
            new("Card vault", "PAY-12"), new("2026 plan review"),
        ], stories);
    }

    [Fact]
    public void A_csv_of_stories_reads_titles_and_work_item_ids()
    {
        var result = StoryImport.FromCsv(new StringReader("title,work_item_id\nLogin page,W-1\nCheckout,\n"));

        Assert.True(result.Succeeded);
        Assert.Equal([new("Login page", "W-1"), new("Checkout", null)], result.Rows);
    }

    [Fact]
    public void A_work_items_export_can_be_used_as_it_is()
    {
        var result = StoryImport.FromCsv(new StringReader(
            "id,title,team,kind,estimate,estimate_unit,committed_date,started_at,done_at\n" +
            "W-1,New checkout,Payments,initiative,,,,,\n"));

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal([new("New checkout", "W-1")], result.Rows);
    }

    [Fact]
    public void A_csv_without_titles_says_where()
    {
        var result = StoryImport.FromCsv(new StringReader("title,work_item_id\n,W-1\n" + new string('x', 201) + ",W-2\n"));

        Assert.Equal(
        [
            "row 2, column 'title': a story needs a title",
            "row 3, column 'title': longer than 200 characters",
        ], result.Problems.Select(p => p.ToString()));
        Assert.Contains("row 1, column 'title': required column is missing from the header",
            StoryImport.FromCsv(new StringReader("name\nx\n")).Problems.Select(p => p.ToString()));
    }
}
