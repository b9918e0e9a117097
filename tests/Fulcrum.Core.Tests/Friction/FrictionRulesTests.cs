using Fulcrum.Core.Friction;

namespace Fulcrum.Core.Tests.Friction;

public sealed class FrictionRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_title_and_what_it_costs_are_enough_and_blank_optional_fields_are_no_problem()
    {
        Assert.Empty(FrictionRules.Problems(new FrictionText("Flaky CI", "We re-run every build twice.", "  ", null)));
        Assert.Empty(FrictionRules.Problems(new FrictionText("Flaky CI", "Line one\nline two\ttabbed", "CI", 0)));
        Assert.Empty(FrictionRules.Problems(new FrictionText("Flaky CI", "x", null, 168)));
    }

    [Fact]
    public void Every_field_at_fault_is_named_with_its_limit()
    {
        var problems = FrictionRules.Problems(new FrictionText(new string('t', 201), new string('d', 4_001), new string('w', 201), 168.5));

        Assert.Equal(["title", "detail", "where", "hoursPerWeek"], problems.Keys);
        Assert.Equal("A title has at most 200 characters.", problems["title"].Single());
        Assert.Equal("What happens has at most 4000 characters.", problems["detail"].Single());
        Assert.Equal("Where it happens has at most 200 characters.", problems["where"].Single());
        Assert.Equal("Hours lost a week are between 0 and 168.", problems["hoursPerWeek"].Single());
    }

    [Fact]
    public void Missing_text_negative_hours_and_control_characters_are_refused()
    {
        var problems = FrictionRules.Problems(new FrictionText(" ", null, "C\u0000I", -1));

        Assert.Equal("Say what gets in the way, in a short title.", problems["title"].Single());
        Assert.StartsWith("Say what happens and what it costs", problems["detail"].Single(), StringComparison.Ordinal);
        Assert.Contains("control character (U+0000)", problems["where"].Single(), StringComparison.Ordinal);
        Assert.Contains("hoursPerWeek", problems.Keys);
        Assert.Contains("hoursPerWeek", FrictionRules.Problems(new FrictionText("t", "d", null, double.NaN)).Keys);
    }

    [Fact]
    public void A_triage_note_is_optional_and_has_at_most_2000_characters()
    {
        Assert.Null(FrictionRules.NoteProblem(null));
        Assert.Null(FrictionRules.NoteProblem("Accepted:\nMateo leads it."));
        Assert.Equal("A triage note has at most 2000 characters.", FrictionRules.NoteProblem(new string('n', 2_001)));
    }

    [Theory]
    [InlineData("open", FrictionStatus.Open)]
    [InlineData(" Accepted ", FrictionStatus.Accepted)]
    [InlineData("DECLINED", FrictionStatus.Declined)]
    [InlineData("removed", FrictionStatus.Removed)]
    public void Statuses_are_the_four_words_in_any_case(string text, FrictionStatus expected)
    {
        Assert.True(FrictionRules.TryParse(text, out var status));
        Assert.Equal(expected, status);
        Assert.Equal(expected.ToString().ToLowerInvariant(), FrictionRules.Text(status));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("done")]
    [InlineData("open,removed")]
    public void Anything_else_is_not_a_status(string? text) => Assert.False(FrictionRules.TryParse(text, out _));

    [Fact]
    public void Only_the_author_changes_the_text_and_only_while_it_is_open()
    {
        Assert.Null(FrictionRules.EditRefusal(FrictionStatus.Open, 7, 7));
        Assert.StartsWith("Only the person who added", FrictionRules.EditRefusal(FrictionStatus.Open, 7, 8), StringComparison.Ordinal);
        Assert.StartsWith("Only the person who added", FrictionRules.EditRefusal(FrictionStatus.Open, null, 0), StringComparison.Ordinal);
        Assert.Equal("The item is accepted: its text stays as it was triaged.", FrictionRules.EditRefusal(FrictionStatus.Accepted, 7, 7));
    }

    [Fact]
    public void Me_too_counts_each_person_once_never_the_author_and_not_for_removed_friction()
    {
        Assert.Null(FrictionRules.MeTooRefusal(FrictionStatus.Open, isAuthor: false, alreadySaid: false));
        Assert.Null(FrictionRules.MeTooRefusal(FrictionStatus.Declined, isAuthor: false, alreadySaid: false));
        Assert.Equal("You added this item: it counts you already.", FrictionRules.MeTooRefusal(FrictionStatus.Open, isAuthor: true, alreadySaid: false));
        Assert.Equal("You have said it hits you too already.", FrictionRules.MeTooRefusal(FrictionStatus.Open, isAuthor: false, alreadySaid: true));
        Assert.StartsWith("This friction is removed", FrictionRules.MeTooRefusal(FrictionStatus.Removed, isAuthor: false, alreadySaid: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Triage_is_overdue_for_open_items_older_than_fourteen_days()
    {
        Assert.Equal(14, FrictionRules.DaysWaiting(Now.AddDays(-14).AddHours(-1), Now));
        Assert.False(FrictionRules.TriageOverdue(FrictionStatus.Open, Now.AddDays(-14).AddHours(-1), Now));
        Assert.True(FrictionRules.TriageOverdue(FrictionStatus.Open, Now.AddDays(-15), Now));
        Assert.False(FrictionRules.TriageOverdue(FrictionStatus.Accepted, Now.AddDays(-40), Now));
        Assert.Equal(0, FrictionRules.DaysWaiting(Now.AddHours(1), Now));
    }

    [Fact]
    public void Hours_are_read_as_invariant_numbers_and_anything_else_names_the_field()
    {
        Assert.Null(FrictionRules.ParseHours(" ", "t"));
        Assert.Equal(2.5, FrictionRules.ParseHours("2.5", "t"));
        var refused = Assert.Throws<ProblemException>(() => FrictionRules.ParseHours("a lot", "Not added"));
        Assert.Equal(ProblemKind.Invalid, refused.Kind);
        Assert.Equal("Not added", refused.Title);
        Assert.Equal(["hoursPerWeek"], refused.Fields.Keys);
    }
}
