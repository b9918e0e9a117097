using Fulcrum.Core.Csv;

namespace Fulcrum.Core.Estimation;

/// <summary>A story to estimate: its title, and the work item the accepted estimate is written to.</summary>
public sealed record StoryInput(string Title, string? WorkItemId = null);

/// <summary>
/// Stories as a facilitator brings them: pasted lines, or a CSV file (the work-items import format
/// works as it is). Titles are checked by the room when the stories are added, so the rules live
/// in one place; these readers only find the stories in the text.
/// </summary>
public static class StoryImport
{
    private static readonly string[] ListMarkers = ["- [ ] ", "- [x] ", "* ", "- ", "• ", "+ "];

    /// <summary>
    /// One story per line; blank lines are skipped, and list markers ("- ", "* ", "• ", "1. ",
    /// "2) ", "- [ ] ") are dropped. A line with a tab is two spreadsheet cells: work item id, then
    /// title.
    /// </summary>
    public static IReadOnlyList<StoryInput> FromLines(string text)
    {
        var stories = new List<StoryInput>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var tab = line.IndexOf('\t');
            if (tab > 0)
            {
                var id = line[..tab].Trim();
                var title = line[(tab + 1)..].Replace('\t', ' ').Trim();
                stories.Add(new StoryInput(title, id.Length == 0 ? null : id));
                continue;
            }
            stories.Add(new StoryInput(WithoutListMarker(line)));
        }
        return stories;
    }

    /// <summary>
    /// A CSV file with a header row: <c>title</c>, and optionally <c>work_item_id</c> (or <c>id</c>,
    /// so a work-items export can be used directly; its other columns are ignored).
    /// </summary>
    public static CsvReadResult<StoryInput> FromCsv(TextReader reader)
    {
        var table = CsvTable.Read(reader, ["title"],
            ["work_item_id", "id", "team", "kind", "estimate", "estimate_unit", "committed_date", "started_at", "done_at"]);
        var problems = table.Problems.ToList();
        var stories = new List<StoryInput>();
        foreach (var record in table.Records)
        {
            var title = record.Get("title");
            if (title is null)
            {
                problems.Add(new CsvProblem(record.Row, "title", "a story needs a title"));
                continue;
            }
            if (title.Length > PokerLimits.MaxTitleLength)
            {
                problems.Add(new CsvProblem(record.Row, "title", $"longer than {PokerLimits.MaxTitleLength} characters"));
                continue;
            }
            var id = record.Get("work_item_id") ?? record.Get("id");
            if (id is { Length: > PokerLimits.MaxWorkItemIdLength })
            {
                problems.Add(new CsvProblem(record.Row, "work_item_id", $"longer than {PokerLimits.MaxWorkItemIdLength} characters"));
                continue;
            }
            stories.Add(new StoryInput(title, id));
        }
        return new CsvReadResult<StoryInput>(stories, problems);
    }

    private static string WithoutListMarker(string line)
    {
        foreach (var marker in ListMarkers)
        {
            if (line.StartsWith(marker, StringComparison.OrdinalIgnoreCase))
            {
                return line[marker.Length..].Trim();
            }
        }
        var digits = 0;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }
        if (digits is > 0 and < 4 && digits + 1 < line.Length && line[digits] is '.' or ')' && line[digits + 1] == ' ')
        {
            return line[(digits + 2)..].Trim();
        }
        return line;
    }
}
