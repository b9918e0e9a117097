using Fulcrum.Core.Careers;

namespace Fulcrum.Core.Tests.Careers;

public sealed class RecognitionTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void People_not_recognised_within_the_window_are_listed_by_name_with_when_they_last_were()
    {
        var people = new[] { (1, "Zoë", (string?)"Payments"), (2, "Ana", "Payments"), (3, "Ben", "Search"), (4, "Caro", null) };
        var last = new Dictionary<int, DateTime> { [1] = Now.AddDays(-61), [2] = Now.AddDays(-59), [3] = Now.AddDays(-400) };

        var quiet = RecognitionGap.Find(people, last, Now);

        Assert.Equal(["Ben", "Caro", "Zoë"], quiet.Select(p => p.Name));
        Assert.Equal([Now.AddDays(-400), null, Now.AddDays(-61)], quiet.Select(p => p.LastRecognised));
        Assert.Equal(["Ana", "Ben", "Caro", "Zoë"], RecognitionGap.Find(people, last, Now, days: 30).Select(p => p.Name));
        Assert.Throws<ArgumentOutOfRangeException>(() => RecognitionGap.Find(people, last, Now, days: 0));
    }

    [Fact]
    public void A_brag_document_groups_entries_by_the_ladders_competencies_and_escapes_what_others_wrote()
    {
        var ladder = DefaultLadder.Load();
        var entries = new[]
        {
            new BragEntry(new DateTime(2026, 10, 2), BragEntryKind.Kudos, "Saved the *release* <b>again</b>", "https://example.com/pr/7", "Ben [lead]", ["delivery", "collaboration"]),
            new BragEntry(new DateTime(2026, 9, 1), BragEntryKind.Achievement, "Gave the\nSQLite talk", null, null, ["communication"]),
            new BragEntry(new DateTime(2026, 9, 5), BragEntryKind.Achievement, "Ran the offsite", "javascript:alert(1)", null, []),
            new BragEntry(new DateTime(2026, 9, 9), BragEntryKind.Evidence, "Mentored two juniors", null, "Caro", ["no-such-competency"]),
        };

        var sections = BragDocument.Group(entries, ladder);
        var markdown = BragDocument.ToMarkdown("Ana Lima", new DateOnly(2026, 7, 1), new DateOnly(2026, 12, 31), entries, ladder);

        Assert.Equal(["delivery", "collaboration", "communication", null], sections.Select(s => s.CompetencyId));
        Assert.Equal([1, 1, 1, 2], sections.Select(s => s.Entries.Count));
        Assert.Contains("2 achievements, 1 kudos, 1 piece of evidence.", markdown);
        Assert.Contains(@"- **2026-10-02** kudos from Ben \[lead\]: Saved the \*release\* \<b\>again\</b\> ([link](<https://example.com/pr/7>))", markdown);
        Assert.Contains("- **2026-09-01** achievement: Gave the SQLite talk\n", markdown);
        Assert.Contains("- **2026-09-05** achievement: Ran the offsite\n", markdown);
        Assert.Contains("## Not tied to a competency", markdown);
        Assert.Equal(2, markdown.Split("Saved the").Length - 1);
    }

    [Fact]
    public void An_empty_period_says_so()
    {
        var markdown = BragDocument.ToMarkdown("Ana", new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), [], DefaultLadder.Load());

        Assert.Contains("0 achievements, 0 kudos, 0 pieces of evidence.", markdown);
        Assert.Contains("Nothing recorded in this period yet.", markdown);
    }
}
