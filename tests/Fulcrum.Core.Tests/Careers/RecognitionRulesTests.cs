using Fulcrum.Core.Careers;

namespace Fulcrum.Core.Tests.Careers;

public sealed class RecognitionRulesTests
{
    private static readonly Ladder Ladder = DefaultLadder.Load();
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void A_kudos_is_for_someone_else_says_what_they_did_and_links_only_to_web_pages()
    {
        var problem = Assert.Throws<ProblemException>(() => RecognitionRules.Kudos(4, 4, "  ", "javascript:alert(1)", "PAY-9", workItemExists: false,
            ["craft", "delivery", "collaboration", "communication", "leadership", "impact"], Ladder));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Equal("The kudos was not given", problem.Title);
        Assert.Equal(
        [
            "to: kudos are for someone else; record your own work as an achievement.",
            "message: say what they did, in 1 to 2000 characters.",
            "link: an http(s) address of at most 500 characters; got 'javascript:alert(1)'.",
            "workItem: there is no work item 'PAY-9'.",
            "competencies: at most 5; got 6.",
        ], problem.Sentences);
    }

    [Fact]
    public void A_kudos_keeps_its_texts_trimmed_and_its_competencies_once_each()
    {
        var kudos = RecognitionRules.Kudos(4, 5, " Untangled the refund retries ", " https://example.com/pr/7 ", "PAY-9", workItemExists: true,
            [" delivery", "delivery", "", "craft"], Ladder);

        Assert.Equal(("Untangled the refund retries", "https://example.com/pr/7", "PAY-9"), (kudos.Message, kudos.Link, kudos.WorkItem));
        Assert.Equal(["delivery", "craft"], kudos.Competencies);
    }

    [Fact]
    public void A_kudos_names_who_it_is_for_by_an_email_of_someone_in_the_organisation()
    {
        var blank = Assert.Throws<ProblemException>(() => RecognitionRules.Receiver(" "));
        var unknown = RecognitionRules.NoSuchReceiver("nobody@example.com");

        Assert.Equal((ProblemKind.Invalid, "to: say who the kudos is for (their email)."), (blank.Kind, blank.Sentences.Single()));
        Assert.Equal((ProblemKind.NotFound, "The kudos was not given", "There is no person with the email 'nobody@example.com'."), (unknown.Kind, unknown.Title, unknown.Message));
        Assert.Equal("ethan@example.com", RecognitionRules.Receiver(" ethan@example.com "));
    }

    [Fact]
    public void An_achievement_has_a_title_and_a_day_that_is_not_in_the_future()
    {
        var problem = Assert.Throws<ProblemException>(() => RecognitionRules.Achievement("", Today.AddDays(2), new string('x', 2001), "ftp://files", ["poetry"], Ladder, Today));

        Assert.Equal("The achievement was not recorded", problem.Title);
        Assert.Equal(
        [
            "title: 1 to 300 characters.",
            "detail: at most 2000 characters.",
            "date: the day it happened, not in the future.",
            "link: an http(s) address of at most 500 characters; got 'ftp://files'.",
            "competencies: 'poetry' not in the ladder 'Fulcrum engineering ladder' (its competencies: craft, delivery, collaboration, communication, leadership, impact, learning).",
        ], problem.Sentences);
        // Tomorrow is still today somewhere east of UTC.
        Assert.Equal("Gave the SQLite talk", RecognitionRules.Achievement(" Gave the SQLite talk ", Today.AddDays(1), null, null, null, Ladder, Today).Title);
    }

    [Fact]
    public void A_brag_period_is_the_last_six_months_unless_asked_and_says_what_is_wrong_with_a_bad_day()
    {
        Assert.Equal(new BragPeriod(new DateOnly(2026, 5, 22), Today), BragPeriod.Parse(null, " ", Today));
        Assert.Equal(new BragPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30)), BragPeriod.Parse("2026-01-01", "2026-06-30", Today));
        Assert.Equal(new BragPeriod(new DateOnly(2025, 12, 30), new DateOnly(2026, 6, 30)), BragPeriod.Parse(null, "2026-06-30", Today));

        var month = Assert.Throws<ProblemException>(() => BragPeriod.Parse("2026-13-01", null, Today));
        Assert.Equal((ProblemKind.Unreadable, "Bad period", "from: '2026-13-01' is not a date like 2026-07-01."), (month.Kind, month.Title, month.Message));
        Assert.Equal("until: 'June' is not a date like 2026-12-31.", Assert.Throws<ProblemException>(() => BragPeriod.Parse(null, "June", Today)).Message);
        Assert.Equal("from (2026-06-01) is after until (2026-01-01).", Assert.Throws<ProblemException>(() => BragPeriod.Parse("2026-06-01", "2026-01-01", Today)).Message);
    }

    [Fact]
    public void Who_has_not_been_recognised_looks_back_one_day_to_ten_years()
    {
        var problem = Assert.Throws<ProblemException>(() => RecognitionGap.EnsureDays(0));

        Assert.Equal((ProblemKind.Unreadable, "days: give 1 to 3650."), (problem.Kind, problem.Message));
        RecognitionGap.EnsureDays(3650);
    }
}
